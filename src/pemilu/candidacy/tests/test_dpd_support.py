"""DPD support through the actions (issue 23 item 6): the atomic import, duplicates across candidates,
the spread, the seeded sample recorded and reproducible, the factual verification, the audit rows."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from pemilu.accounts.models import User
from pemilu.audit.models import AuditEvent
from pemilu.candidacy import dpd_actions
from pemilu.candidacy.dpd_rules import Code
from pemilu.candidacy.models import DpdCandidate, DpdProvince, DpdStatus, Supporter
from pemilu.core.exceptions import ConflictError, DomainError, ImportFailed, NotFoundError, PermissionDeniedError
from pemilu.regions.models import Region
from pemilu.testing.factories import Cast, make_user
from pemilu.voters import crypto
from pemilu.voters.rules import compose_nik

KEY = "candidacy-test-key-0123456789abcdefghijkl"
HEADER = "nik,nama,kode_wilayah,tanggal_lahir,jenis_kelamin,status_perkawinan,pekerjaan\n"
DESA = {"12.76": "12.76.01.1006", "12.06": "12.06.01.2001"}


@pytest.fixture(autouse=True)
def voter_key(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("PEMILU_VOTER_KEY", KEY)
    return KEY


def person(n: int, kab: str = "12.76", *, born: datetime.date = datetime.date(1980, 1, 1), sex: str = "L",
           marital: str = "S", occupation: str = "") -> str:
    nik = compose_nik("127601", born, sex == "P", n)
    return f"{nik},Pendukung {n},{DESA[kab]},{born.isoformat()},{sex},{marital},{occupation}\n"


def file_of(*rows: str) -> bytes:
    return (HEADER + "".join(rows)).encode()


def candidate(province: DpdProvince, actor: User, n: int) -> DpdCandidate:
    return dpd_actions.do_register_dpd_candidate(province, name=f"Calon {n}", nik=compose_nik(
        "127601", datetime.date(1970, 1, n), False, 9000 + n), sex="L", birth_date=datetime.date(1970, 1, n),
        actor=actor)


def test_the_import_is_atomic_and_names_each_bad_row(cast: Cast, kpu_prov: User, province: DpdProvince) -> None:
    a = candidate(province, kpu_prov, 1)
    bad = file_of(person(1), "123,X,12.76.01.1006,1980-01-01,L,S,\n", person(3).replace(",S,", ",Q,"),
                  person(4).replace("12.76.01.1006", "99.99"), person(5).replace(",S,\n", ",S,bupati\n"))
    with pytest.raises(ImportFailed) as exc:
        dpd_actions.do_import_supporters(a, bad, actor=kpu_prov, filename="dukungan.csv")
    assert [(e.row, e.column) for e in exc.value.errors] == [
        (3, "nik"), (4, "status_perkawinan"), (5, "kode_wilayah"), (6, "pekerjaan")]
    assert not Supporter.objects.exists()
    assert not AuditEvent.objects.filter(event_type="candidacy.dpd_supporters_imported").exists()


def test_duplicates_are_found_by_nik_and_a_repeat_costs_the_penalty(cast: Cast, kpu_prov: User,
                                                                           province: DpdProvince) -> None:
    a, b = candidate(province, kpu_prov, 1), candidate(province, kpu_prov, 2)
    dpd_actions.do_import_supporters(a, file_of(*(person(n) for n in range(1, 1061))), actor=kpu_prov)
    assert DpdCandidate.objects.get(pk=a.pk).status == DpdStatus.SUPPORT_MET
    # B's list carries two of A's supporters, under other names (the match is the NIK, not the name).
    rows = [person(n, "12.06") for n in range(2001, 2100)]
    rows += [person(5).replace("Pendukung 5", "Nama Lain"), person(6).replace("Pendukung 6", "Orang Lain")]
    rows += [person(2001, "12.06")]  # and one of its own rows twice (ganda identik): 50 off (UU 7/2017 Pasal 260(3))
    summary = dpd_actions.do_import_supporters(b, file_of(*rows), actor=kpu_prov)
    assert summary.check["duplicates_across"] == 2 and summary.check["penalty"] == 50
    assert summary.check["counted"] == 99 - 50
    a.refresh_from_db()
    # On two lists: counts for neither (not penalised by the rule in force; configurable).
    assert a.support["duplicates_across"] == 2 and a.support["counted"] == 1058
    assert a.status == DpdStatus.SUPPORT_MET
    dup = Supporter.objects.filter(code=Code.DUPLICATE_ACROSS)
    assert dup.count() == 4 and {s.candidate_id for s in dup} == {a.pk, b.pk}
    # No NIK in clear anywhere: the hash and the sealed copy open to the same number.
    s = Supporter.objects.filter(candidate=b).order_by("line").first()
    assert s is not None and s.nik_hash == crypto.number_hash(crypto.open_sealed(s.nik_sealed))
    event = AuditEvent.objects.filter(event_type="candidacy.dpd_supporters_imported").order_by("pk").last()
    after: Any = event.after if event is not None else None
    assert event is not None and event.actor == kpu_prov and after["duplicates_across"] == 2
    # Checking again (after a register or the DPT changed) finds the same and is audited.
    again = dpd_actions.do_check_dpd_support(province, actor=kpu_prov)
    assert again[a.pk]["counted"] == 1058 and again[b.pk]["duplicates_across"] == 2
    checked: Any = AuditEvent.objects.get(event_type="candidacy.dpd_support_checked").after
    assert checked[str(a.pk)] == {"counted": 1058, "required": 1000}


def test_the_spread_and_ineligible_rows(cast: Cast, kpu_prov: User, province: DpdProvince) -> None:
    a = candidate(province, kpu_prov, 1)
    young = person(1, born=datetime.date(2008, 1, 1), marital="B")
    polri = person(2, occupation="polri")
    rows = [young, polri, person(3), person(3)] + [person(n) for n in range(10, 1010)]
    summary = dpd_actions.do_import_supporters(a, file_of(*rows), actor=kpu_prov)
    # Province 12 has 2 kab/kota in the test regions: 50 % is one, so Tebing Tinggi alone spreads it.
    assert (summary.check["kabkota_total"], summary.check["kabkota_needed"],
            summary.check["kabkota_with_support"], summary.check["meets_spread"]) == (2, 1, 1, True)
    codes = dict(Supporter.objects.filter(candidate=a).values_list("line", "code"))
    assert (codes[2], codes[3], codes[4], codes[5]) == (Code.TOO_YOUNG, Code.EXCLUDED_OCCUPATION, "",
                                                        Code.DUPLICATE_WITHIN)
    assert summary.check["valid"] == 1001


def test_the_sample_is_recorded_with_its_seed_and_drawn_again_identically(cast: Cast, kpu_prov: User,
                                                                          province: DpdProvince) -> None:
    a = candidate(province, kpu_prov, 1)
    rows = [person(n) for n in range(1, 700)] + [person(n, "12.06") for n in range(700, 1100)]
    dpd_actions.do_import_supporters(a, file_of(*rows), actor=kpu_prov)
    sizes = dpd_actions.do_draw_sample(a, actor=kpu_prov, seed=20230204)
    assert sizes == {"12.06": 196, "12.76": 248}  # Krejcie & Morgan's table: 400 → 196, 700 → 248
    a.refresh_from_db()
    assert (a.sample_seed, a.sample_rule) == (20230204, "dpd_sample_krejcie_morgan_2022")
    stored = set(Supporter.objects.filter(candidate=a, in_sample=True).values_list("pk", flat=True))
    again = {s.pk for picked in dpd_actions.draw(a, 20230204).values() for s in picked}
    assert stored == again and len(stored) == 444
    assert {s.pk for p in dpd_actions.draw(a, 1).values() for s in p} != stored
    drawn: Any = AuditEvent.objects.get(event_type="candidacy.dpd_sample_drawn").after
    assert drawn["seed"] == 20230204 and drawn["total"] == 444
    with pytest.raises(ConflictError):
        dpd_actions.do_draw_sample(a, actor=kpu_prov)
    with pytest.raises(ConflictError):  # the list is frozen once sampled
        dpd_actions.do_import_supporters(a, file_of(person(5000)), actor=kpu_prov)


def test_the_kab_kota_verifies_its_own_sampled_supporters(cast: Cast, kpu_prov: User, province: DpdProvince) -> None:
    a = candidate(province, kpu_prov, 1)
    dpd_actions.do_import_supporters(a, file_of(*(person(n) for n in range(1, 40)), person(99, "12.06")),
                                     actor=kpu_prov)
    dpd_actions.do_draw_sample(a, actor=kpu_prov, seed=7)
    mine = Supporter.objects.filter(candidate=a, in_sample=True, kab_code="12.76").first()
    karo = Supporter.objects.get(candidate=a, kab_code="12.06")
    assert mine is not None and karo.in_sample  # one support in a kab/kota is sampled too
    dpd_actions.do_record_verification(mine, outcome="tms", note="tidak mengenal calon", actor=cast.kpu_staff_a)
    with pytest.raises(NotFoundError):
        dpd_actions.do_record_verification(karo, outcome="ms", actor=cast.kpu_staff_a)
    with pytest.raises(PermissionDeniedError):
        dpd_actions.do_record_verification(mine, outcome="ms", actor=cast.bawaslu_a)
    with pytest.raises(DomainError):
        dpd_actions.do_record_verification(karo, outcome="tms", actor=cast.kpu_admin_b)  # no reason given
    summary = dpd_actions.sample_summary(a)
    assert summary["12.76"]["tms"] == 1 and summary["12.06"] == {"sampled": 1, "ms": 0, "tms": 0, "pending": 1}
    event = AuditEvent.objects.get(event_type="candidacy.dpd_supporter_verified")
    verified: Any = event.after
    assert event.actor == cast.kpu_staff_a and verified["outcome"] == "tms"


def test_only_the_province_kpu_manages_dpd_support(cast: Cast, kpu_prov: User, province: DpdProvince) -> None:
    with pytest.raises(NotFoundError):  # a KPU Kab/Kota does not cover the province
        candidate(province, cast.kpu_admin_a, 1)
    make_user("bawaslu_12", "bawaslu", "12")
    with pytest.raises(PermissionDeniedError):
        candidate(province, User.objects.get(username="bawaslu_12"), 1)
    with pytest.raises(DomainError):
        dpd_actions.do_set_dpd_province(province.election, Region.objects.get(code="12.76"), dpt=1, dpt_source="x",
                                        actor=kpu_prov)
    ev: Any = AuditEvent.objects.filter(event_type="candidacy.dpd_province_set").get()
    assert ev.after == {"dpt": 900_000, "dpt_source": "uji"}
    assert AuditEvent.objects.filter(event_type="candidacy.dpd_candidate_registered").count() == 0


def test_the_cli_uploads_and_draws_through_the_actions(cast: Cast, kpu_prov: User, province: DpdProvince,
                                                       tmp_path: Any) -> None:
    import io
    import json

    from django.core.management import call_command

    a = candidate(province, kpu_prov, 1)
    path = tmp_path / "dukungan.csv"
    path.write_bytes(file_of(*(person(n) for n in range(1, 30))))
    out = io.StringIO()
    call_command("candidates", "dpd-support", str(path), "--candidate", str(a.pk), as_user="kpu_prov_12",
                 stdout=out)
    assert json.loads(out.getvalue())["valid"] == 29
    out = io.StringIO()
    call_command("candidates", "dpd-sample", "--candidate", str(a.pk), "--seed", "99", as_user="kpu_prov_12",
                 stdout=out)
    assert json.loads(out.getvalue()) == {"seed": 99, "rule": "dpd_sample_krejcie_morgan_2022",
                                          "per_kabkota": {"12.76": 27}}  # K&M: 27.03 for 29
    shown = io.StringIO()
    call_command("candidates", "dpd-sample", "--candidate", str(a.pk), "--show", stdout=shown)
    lines = sorted(int(x) for x in shown.getvalue().split("\t")[2].split())
    stored = sorted(Supporter.objects.filter(candidate=a, in_sample=True).values_list("line", flat=True))
    assert lines == stored and len(stored) == 27
    assert AuditEvent.objects.get(event_type="candidacy.dpd_sample_drawn").actor == kpu_prov
