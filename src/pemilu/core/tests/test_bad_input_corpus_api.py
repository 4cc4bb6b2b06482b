"""The bad-input corpus, API writes and forms (issue 17 items 4 and 8): each bad input gets a 4xx or a
domain error naming the field, and nothing is written (see test_bad_input_corpus.py for the rules)."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from pemilu.core.exceptions import DomainError
from pemilu.core.tests import bad_input_world
from pemilu.core.tests import test_bad_input_corpus as corpus
from pemilu.core.tests.bad_input_world import (
    ARABIC_INDIC,
    FULLWIDTH,
    FUTURE,
    HUGE,
    World,
    counts,
)
from pemilu.testing.ladder import client_for

pytestmark = pytest.mark.django_db

world = bad_input_world.world  # the fixture, shared by both corpus modules
IMPORTERS, _csv = corpus.IMPORTERS, corpus._csv


# --- API writes ----------------------------------------------------------------------------------

def _run_body(**over: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"election": "pemilu-2024", "contest_kind": "DPRD_KABKOTA", "region_code": "12.76",
                            "dapils": [{"code": "X", "seats": 3, "votes": {"A": 10, "B": 7}}]}
    body.update(over)
    return body


def _dapil(**over: Any) -> dict[str, Any]:
    return _run_body(dapils=[{"code": "X", "seats": 3, "votes": {"A": 10, "B": 7}, **over}])


FORM = {"dpt_l": 118, "dpt_p": 115, "dpt_j": 233, "suara_sah": 172, "votes": {"1": 47, "2": 85, "3": 40}}
RESULT_URL = "/api/v1/results/12.76.01.1006.001/ppwp"
MB = "x" * 1_000_000
COKLIT = "/api/v1/coklit/areas/12.76.01.1006.001"
ONE_OF = "harus salah satu dari"  # ninja's 422 for a value outside an enum, in Indonesian (core/api.py)

# (id, method, url (may use {sec}/{rec}/{emp}), JSON body, expected status, strings the answer names)
API_CASES: list[tuple[str, str, dict[str, Any] | list[Any], int, tuple[str, ...]]] = [
    ("seats-zero", "/api/v1/seats/runs", _dapil(seats=0), 422, ("seats",)),
    ("seats-huge", "/api/v1/seats/runs", _dapil(seats=int(HUGE)), 422, ("seats",)),
    ("seats-below-statute", "/api/v1/seats/runs", _dapil(seats=2), 400, ("seats",)),
    ("seats-above-statute", "/api/v1/seats/runs", _dapil(seats=13), 400, ("seats",)),
    ("seats-string", "/api/v1/seats/runs", _dapil(seats="tiga"), 422, ("seats",)),
    ("threshold-150", "/api/v1/seats/runs", _run_body(threshold=150), 422, ("threshold",)),
    ("threshold-negative", "/api/v1/seats/runs", _run_body(threshold=-1), 422, ("threshold",)),
    ("threshold-huge", "/api/v1/seats/runs", _run_body(threshold=HUGE), 422, ("threshold",)),
    ("threshold-nan", "/api/v1/seats/runs", _run_body(threshold="NaN"), 422, ("threshold",)),
    ("votes-negative", "/api/v1/seats/runs", _dapil(votes={"A": -1, "B": 7}), 422, ("votes",)),
    ("votes-huge", "/api/v1/seats/runs", _dapil(votes={"A": int(HUGE), "B": 7}), 422, ("votes",)),
    ("votes-too-many-parties", "/api/v1/seats/runs", _dapil(votes={f"P{i}": 1 for i in range(101)}), 422, ("votes",)),
    ("national-votes-huge", "/api/v1/seats/runs", _run_body(national_votes={"A": int(HUGE), "B": 1}), 422,
     ("national_votes",)),
    ("dapils-empty", "/api/v1/seats/runs", _run_body(dapils=[]), 422, ("dapils",)),
    ("dapil-code-empty", "/api/v1/seats/runs", _dapil(code=""), 422, ("code",)),
    ("dapil-name-long", "/api/v1/seats/runs", _dapil(name="N" * 201), 422, ("name",)),
    ("reason-1mb", "/api/v1/seats/runs", _run_body(reason=MB), 422, ("reason",)),
    ("candidate-ballot-zero", "/api/v1/seats/runs",
     _run_body(candidates=[{"dapil": "X", "party": "A", "name": "C", "ballot_no": 0, "votes": 1}]), 422,
     ("ballot_no",)),
    ("resolution-seat-huge", "/api/v1/seats/runs",
     _run_body(resolutions=[{"dapil": "X", "seat": int(HUGE), "order": ["A"]}]), 422, ("seat",)),
    ("chasil-dpt-1e19", RESULT_URL, {**FORM, "dpt_l": 10**19}, 422, ("dpt_l",)),
    ("chasil-sah-1001", RESULT_URL, {**FORM, "suara_sah": 1001}, 422, ("suara_sah",)),
    ("chasil-negative", RESULT_URL, {**FORM, "ss_rusak": -1}, 422, ("ss_rusak",)),
    ("chasil-votes-1e19", RESULT_URL, {**FORM, "votes": {"1": 47 * 10**19, "2": 85, "3": 40}}, 422, ("votes",)),
    ("chasil-votes-negative", RESULT_URL, {**FORM, "votes": {"1": -47, "2": 85, "3": 40}}, 422, ("votes",)),
    ("chasil-votes-string", RESULT_URL, {**FORM, "votes": {"1": "empat", "2": 85, "3": 40}}, 422, ("votes",)),
    ("chasil-ack-1mb", RESULT_URL, {**FORM, "acknowledgements": {"W1": MB}}, 422, ("acknowledgements",)),
    ("chasil-unknown-choice", RESULT_URL, {**FORM, "votes": {"1": 47, "2": 85, "3": 40, "9": 1}}, 400, ("9",)),
    ("batch-figure-1e19", "/api/v1/results/batch",
     {"submissions": [{"tps": "12.76.01.1006.001", "contest": "ppwp", "idempotency_key": "k1",
                       **FORM, "dpt_l": 10**19}]}, 200, ("dpt_l",)),
    ("batch-figure-1001", "/api/v1/results/batch",
     {"submissions": [{"tps": "12.76.01.1006.001", "contest": "ppwp", "idempotency_key": "k2",
                       **FORM, "suara_sah": 1001}]}, 200, ("suara_sah",)),
    ("keputusan-id-overflow", "/api/v1/secretariats/{sec}/keputusan",
     {"number": "1/2023", "date": "2023-01-05", "candidate_ids": [int(HUGE)]}, 422, ("candidate_ids",)),
    ("keputusan-number-long", "/api/v1/secretariats/{sec}/keputusan",
     {"number": "N" * 101, "date": "2023-01-05", "candidate_ids": []}, 422, ("number",)),
    ("keputusan-date-invalid", "/api/v1/secretariats/{sec}/keputusan",
     {"number": "1/2023", "date": "2023-02-30", "candidate_ids": []}, 422, ("date",)),
    ("candidate-employee-overflow", "/api/v1/secretariats/{sec}/candidates",
     {"kind": "sekretaris", "employee_id": int(HUGE)}, 422, ("employee_id",)),
    ("candidate-employee-zero", "/api/v1/secretariats/{sec}/candidates",
     {"kind": "sekretaris", "employee_id": 0}, 422, ("employee_id",)),
    ("candidate-letter-long", "/api/v1/secretariats/{sec}/candidates",
     {"kind": "sekretaris", "employee_id": 1, "letter_number": "L" * 101}, 422, ("letter_number",)),
    ("form-kab-code-long", "/api/v1/secretariats/form", {"kab_code": "1" * 21}, 422, ("kab_code",)),
    ("step-action-long", "/api/v1/adhoc/recruitments/{rec}/step", {"action": "a" * 31}, 422, ("action",)),
    ("step-sk-number-long", "/api/v1/adhoc/recruitments/{rec}/step",
     {"action": "appoint", "sk_number": "S" * 101, "sk_date": "2023-01-01"}, 422, ("sk_number",)),
    ("step-close-reason-1mb", "/api/v1/adhoc/recruitments/{rec}/step", {"action": "close", "reason": MB}, 422,
     ("reason",)),
    ("step-date-invalid", "/api/v1/adhoc/recruitments/{rec}/step", {"action": "open", "start": "2023-13-01"}, 422,
     ("start",)),
    ("work-extension-reason-long", "/api/v1/adhoc/recruitments/{rec}/work-extensions",
     {"kind": "psu", "new_end": "2024-03-01", "reason": "r" * 2001}, 422, ("reason",)),
    ("follow-up-1mb", "/api/v1/adhoc/comments/1/follow-up", {"follow_up": MB}, 422, ("follow_up",)),
    ("neutrality-note-1mb", "/api/v1/neutrality/cases/1/transition", {"action": "register", "note": MB}, 422,
     ("note",)),
    ("neutrality-action-long", "/api/v1/neutrality/cases/1/transition", {"action": "x" * 21}, 422, ("action",)),
    # A value outside its value set (issue 18 item 7; test_api_enums lists the sets in the document).
    *[(f"enum-neutrality-{field}", "/api/v1/neutrality/cases/1/transition", {"action": action, field: "menari"}, 422,
       (field, ONE_OF)) for action, field in (("decide", "decision"), ("decide", "breach"), ("suspect", "employment"),
                                              ("suspect", "role"), ("refer", "referred_to"), ("outcome", "track"),
                                              ("outcome", "sanction_level"))],
    ("enum-neutrality-empty-decision", "/api/v1/neutrality/cases/1/transition", {"action": "decide", "decision": ""},
     422, ("decision", ONE_OF)),
    ("enum-work-extension-kind", "/api/v1/adhoc/recruitments/{rec}/work-extensions",
     {"kind": "pilkada", "new_end": "2024-03-01", "reason": "PSU di TPS 001"}, 422, ("kind", ONE_OF)),
    ("enum-coklit-reason", f"{COKLIT}/voters/1/outcome", {"outcome": "tms", "reason": "pindah", "evidence": "e"}, 422,
     ("reason", ONE_OF)),
    ("enum-coklit-batch-reason", f"{COKLIT}/batch", {"items": [{"voter_id": 1, "outcome": "tms", "reason": "pindah"}]},
     422, ("items.0.reason", ONE_OF)),
    ("enum-dps-response-reason", "/api/v1/voters/announcements/1/responses",
     {"kind": "tms", "details": "Sudah pindah ke Medan.", "sender_name": "Budi", "voter_id": 1, "reason": "pindah"},
     422, ("reason", ONE_OF)),
    ("enum-dps-public-response-sex", "/api/v1/voters/announcements/1/public-responses",
     {"kind": "belum_terdaftar", "details": "Belum terdaftar di DPS.", "sender_name": "Budi", "person_name": "Ani",
      "person_sex": "W"}, 422, ("person_sex", ONE_OF)),
    ("enum-dpk-sex-marital", "/api/v1/voters/dpk/12.76.01.1006.001",
     {"nik": "1276014101900001", "name": "Ani", "sex": "W", "birth_date": "1990-01-01", "marital": "X",
      "village": "12.76.01.1006", "rt": "1", "rw": "2", "ballots_left": 5}, 422, ("sex", "marital", ONE_OF)),
    ("enum-seats-contest-kind", "/api/v1/seats/runs", _run_body(contest_kind="DPRD"), 422, ("contest_kind", ONE_OF)),
    ("enum-seats-candidate-sex", "/api/v1/seats/runs",
     _run_body(candidates=[{"dapil": "X", "party": "A", "name": "C", "ballot_no": 1, "votes": 1, "sex": "W"}]), 422,
     ("candidates.0.sex", ONE_OF)),
    ("enum-secretariat-candidate-kind", "/api/v1/secretariats/{sec}/candidates",
     {"kind": "bendahara", "employee_id": 1}, 422, ("kind", ONE_OF)),
    ("enum-dpd-candidate-sex", "/api/v1/candidacy/dpd/provinces/12/candidates",
     {"name": "Calon DPD", "nik": "1276010101900001", "sex": "W", "birth_date": "1970-01-01"}, 422, ("sex", ONE_OF)),
    ("enum-dpd-verification-outcome", "/api/v1/candidacy/dpd/supporters/1/verification", {"outcome": ""}, 422,
     ("outcome", ONE_OF)),
    ("enum-coklit-new-voter-sex", f"{COKLIT}/voters",
     {"nik": "1276014101900001", "no_kk": "1276010101900001", "nama": "Ani", "tempat_lahir": "Medan",
      "tanggal_lahir": "1990-01-01", "jenis_kelamin": "W", "status_kawin": "B", "alamat": "Jl. Sudirman 1"}, 422,
     ("jenis_kelamin", ONE_OF)),
]


@pytest.mark.parametrize(("url", "body", "status", "names"),
                         [pytest.param(*case[1:], id=f"api-{case[0]}") for case in API_CASES])
def test_a_bad_api_write_is_a_4xx_naming_the_field(world: World, url: str, body: Any, status: int,
                                                   names: tuple[str, ...]) -> None:
    before = counts()
    target = url.format(sec=world.ids["sec"], rec=world.ids["rec"])
    response = world.api().post(target, json.dumps(body), content_type="application/json",
                                headers={"Idempotency-Key": "corpus-1"})
    assert response.status_code == status, response.content[:500]
    text = response.content.decode()
    for name in names:
        assert name in text, text[:500]
    if target.endswith("/results/batch"):  # one answer per item: the item is refused, naming the field
        assert json.loads(text)["results"][0]["status"] in (400, 422)
    assert counts() == before


@pytest.mark.parametrize(("url", "query", "body", "names"), [
    pytest.param("/api/v1/asn", {"region": "12\x0076"}, None, ("region", "NUL"), id="api-query-nul"),
    pytest.param("/api/v1/regions", {"\x00": "x"}, None, ("NUL",), id="api-query-key-nul"),
    pytest.param("/api/v1/secretariats/", {"election": "pemilu\x002024"}, None, ("election", "NUL"),
                 id="api-query-election-nul"),
    pytest.param("/api/v1/secretariats/form", {}, {"kab_code": "12\x0076"}, ("body", "NUL"), id="api-json-nul"),
    pytest.param("/api/v1/seats/runs", {}, _dapil(code="X\x00"), ("body", "NUL"), id="api-json-dapil-nul"),
])
def test_a_nul_anywhere_in_a_request_is_a_400_naming_where(world: World, url: str, query: dict[str, str],
                                                            body: Any, names: tuple[str, ...]) -> None:
    before = counts()
    client = world.api()
    if body is None:
        response = client.get(url, query)
    else:
        response = client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 400, response.content[:300]
    for name in names:
        assert name in response.json()["detail"]
    assert counts() == before


def test_an_api_import_with_a_bad_row_names_it(world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = counts()
    raw = _csv(IMPORTERS["asn"].header, [["19900101201503100３", "Maya", "Kec", "Staf", "PNS", "12.76.01"]])
    response = world.api().post("/api/v1/asn/import", {"file": SimpleUploadedFile("asn.csv", raw)})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors[0]["row"] == 2 and errors[0]["column"] == "nip"
    assert counts() == before


# --- pages (forms) and the actions behind them ---------------------------------------------------

def _office(w: World, **over: str) -> Any:
    data = {"office_name": "Sekretariat PPK Padang Hulu", "address": "Jl. Sudirman 1", "phone": "0621 21000",
            "email": "ppk@example.id", **over}
    return client_for(w.cast, "kpu_admin_a").post(f"/sekretariat/{w.ids['sec']}/aksi/office/", data, follow=True)


def _report(w: World, **over: str) -> Any:
    from django.core.cache import cache

    cache.clear()
    data = {"election": "pemilu-2024", "region_code": "12.76.01", "category": "asn_neutrality",
            "description": "Lurah ikut kampanye terbuka.", "event_date": "2024-01-10", "known_on": "2024-01-11",
            "place": "Lapangan Merdeka", "is_anonymous": "on", **over}
    return Client().post("/netralitas/lapor/", data)


def _register(w: World, **over: Any) -> Any:
    from pemilu.adhoc import actions
    from pemilu.adhoc.models import Recruitment

    values: dict[str, Any] = dict(area_code="12.76.01.1006", nik="1276010101900001", name="Siti Lubis", gender="P",
                                  birth_date=datetime.date(1990, 5, 1), domicile_code="12.76.01.1006", education=3,
                                  sentence_years=0, phone="081200001111", address="Jl. Sudirman 1")
    values.update(over)
    return actions.do_register(Recruitment.objects.get(pk=w.ids["rec"]), actions.ApplicantData(**values),
                               actor=w.cast.kpu_staff_a)


# (id, callable → response or raises, expected: HTTP status or exception type, strings named)
FORM_CASES: list[tuple[str, Callable[[World], Any], int | type[Exception], tuple[str, ...]]] = [
    ("office-email-a@b.c", lambda w: _office(w, email="a@b.c"), 400, ("email",)),
    ("office-email-no-at", lambda w: _office(w, email="ppk.example.id"), 400, ("email",)),
    ("office-phone-fullwidth", lambda w: _office(w, phone="０６２１ ２１０００"), 400, ("phone",)),
    ("office-phone-letters", lambda w: _office(w, phone="call me"), 400, ("phone",)),
    ("office-name-5000", lambda w: _office(w, office_name="S" * 5000), 400, ("office_name",)),
    ("office-name-nul", lambda w: _office(w, office_name="Sekretariat\x00PPK"), 400, ("office_name", "NUL")),
    ("office-address-1mb", lambda w: _office(w, address=MB), 400, ("address",)),
    ("report-description-1mb", lambda w: _report(w, description=MB), 400, ("5000",)),
    ("report-place-nul", lambda w: _report(w, place="Lapangan\x00Merdeka"), 400, ("place", "NUL")),
    ("report-description-nul", lambda w: _report(w, description="Lurah ikut\x00kampanye terbuka."), 400,
     ("description", "NUL")),
    ("report-nip-fullwidth", lambda w: _report(w, suspect_nip="１９８１０４２３２００６０４２０１１"), 400, ("NIP",)),
    ("report-nip-arabic", lambda w: _report(w, suspect_nip="198104232006042011".translate(ARABIC_INDIC)), 400,
     ("NIP",)),
    ("report-future-date", lambda w: _report(w, event_date=FUTURE, known_on=FUTURE), 400, ("tanggal",)),
    ("report-links-too-many", lambda w: _report(w, links="\n".join(f"https://e.id/{i}" for i in range(21))), 400,
     ("tautan",)),
    ("register-birth-2030", lambda w: _register(w, birth_date=datetime.date(2030, 1, 1)), DomainError,
     ("tanggal lahir",)),
    ("register-sentence-1e20", lambda w: _register(w, sentence_years=int(HUGE)), DomainError, ("pidana_tahun",)),
    ("register-nik-fullwidth", lambda w: _register(w, nik="1276010101900001".translate(FULLWIDTH)), DomainError,
     ("NIK",)),
    ("register-nik-arabic", lambda w: _register(w, nik="1276010101900001".translate(ARABIC_INDIC)), DomainError,
     ("NIK",)),
    ("register-spouse-nik-fullwidth",
     lambda w: _register(w, spouse_nik="1276010101900002".translate(FULLWIDTH)), DomainError, ("NIK pasangan",)),
    ("register-phone-arabic", lambda w: _register(w, phone="081200001111".translate(ARABIC_INDIC)), DomainError,
     ("telepon",)),
    ("register-email-invalid", lambda w: _register(w, email="a@b.c"), DomainError, ("surel",)),
    ("register-name-nul", lambda w: _register(w, name="Siti\x00Lubis"), DomainError, ("nama",)),
    ("register-domicile-fullwidth", lambda w: _register(w, domicile_code="１２.76.01.1006"), DomainError,
     ("domisili",)),
]


def _form_valid(form_cls: Any, data: dict[str, Any]) -> Any:
    form = form_cls(data)
    assert not form.is_valid()
    raise DomainError(str(dict(form.errors)))


def _forms_cases() -> list[tuple[str, Callable[[World], Any], int | type[Exception], tuple[str, ...]]]:
    from pemilu.adhoc import forms

    base = {"area": "12.76.01.1006", "nik": "1276010101900001", "name": "Siti", "gender": "P",
            "birth_date": "1990-05-01", "domicile_code": "12.76.01.1006", "education": "3"}
    return [
        ("form-score-150", lambda w: _form_valid(forms.ScoreForm, {"which": "written", "value": "150"}), DomainError,
         ("value",)),
        ("form-score-negative", lambda w: _form_valid(forms.ScoreForm, {"which": "written", "value": "-1"}),
         DomainError, ("value",)),
        ("form-sentence-1e20", lambda w: _form_valid(forms.ApplicantForm, {**base, "sentence_years": HUGE}),
         DomainError, ("sentence_years",)),
        ("form-profile-sentence-101", lambda w: _form_valid(forms.ProfileForm, {"education": "3",
                                                                                 "sentence_years": "101"}),
         DomainError, ("sentence_years",)),
        ("form-close-reason-long", lambda w: _form_valid(forms.CloseForm, {"early_reason": "r" * 501}), DomainError,
         ("early_reason",)),
    ]


@pytest.mark.parametrize(("run", "expect", "names"), [
    pytest.param(*case[1:], id=f"form-{case[0]}") for case in FORM_CASES + _forms_cases()])
def test_a_bad_form_or_action_input_names_the_field_and_writes_nothing(
        world: World, run: Callable[[World], Any], expect: Any, names: tuple[str, ...]) -> None:
    before = counts()
    if isinstance(expect, int):
        response = run(world)
        assert response.status_code == expect
        text = response.content.decode()
        if response.status_code == 200:  # a page that redirects back with the error as a message
            assert "Tersimpan" not in text
    else:
        with pytest.raises(expect) as exc:
            run(world)
        assert exc.value.status < 500
        text = str(exc.value)
    for name in names:
        assert name in text, text[:800]
    assert counts() == before


def test_a_png_header_followed_by_garbage_is_not_a_plano_photo(world: World) -> None:
    from pemilu.core.files import UploadRejected
    from pemilu.neutrality.uploads import EVIDENCE
    from pemilu.results.photos import store_photo

    garbage = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 200
    before = counts()
    with pytest.raises(DomainError, match="rusak"):
        store_photo(None, garbage, filename="plano.png", actor=world.cast.kpps_a1, max_bytes=10**7)  # type: ignore[arg-type]
    with pytest.raises(UploadRejected, match="rusak"):
        EVIDENCE.check("bukti.png", garbage)
    assert counts() == before
