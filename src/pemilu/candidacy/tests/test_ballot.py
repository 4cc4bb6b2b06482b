"""The ballot specimen of a dapil (issue 23 items 7 and 8): parties in ballot-number order,
candidates in nomor urut order, only once the dapil's lists are all set in the DCT; the KPU's
page, the public PDF and the API."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from pemilu.candidacy import actions, ballot
from pemilu.candidacy.models import Candidate, CandidateList, ListStatus
from pemilu.candidacy.tests.world import World, candidate, slate
from pemilu.core.exceptions import TransitionBlocked
from pemilu.results.models import Dapil, Party
from pemilu.testing.factories import PASSWORD, Cast

NAMES = {4: ["Budi Santoso", "Sri Wahyuni", "Ahmad Lubis"], 3: ["Rina Siregar", "Joko Harahap"],
         12: ["Dewi Nasution", "Hendra Tarigan", "Yusuf Daulay", "Maya Sinaga"]}


def _as(status: str, world: World, party: Party, names: list[str], serial: int, dapil: Dapil | None = None,
        ) -> CandidateList:
    """A list in ``status`` as the workflow leaves it (the workflow's own tests climb it)."""
    lst = CandidateList(election=world.election, dapil=dapil or world.dapil, party=party, level="dprd-kabkota",
                        status=status)
    lst.set_scope_columns("12.76")
    lst.save()
    rows = [candidate(i, woman=i % 3 == 2, serial=serial + i, name=n) for i, n in enumerate(names, start=1)]
    built, errors = actions.build_candidates(rows)
    assert not errors
    for c in built:
        c.candidate_list = lst
    Candidate.objects.bulk_create(built)
    return lst


def _party(world: World, no: int) -> Party:
    return Party.objects.get(election=world.election, ballot_no=no)


@pytest.fixture
def dct(world: World) -> World:
    """Dapil 2: Golkar (4), PDIP (3) and PAN (12) set in the DCT; the other parties have no list."""
    for no, names in NAMES.items():
        _as(ListStatus.DCT, world, _party(world, no), names, serial=no * 10)
    return world


def test_the_columns_follow_the_ballot_and_nomor_urut(dct: World) -> None:
    cols = ballot.specimen(dct.dapil).columns
    assert [c.party.ballot_no for c in cols] == sorted(p.ballot_no for p in Party.objects.filter(
        election=dct.election, only_prov_code=""))  # Aceh's local parties are on Aceh's ballots only
    by_no = {c.party.ballot_no: [(x.number, x.name) for x in c.candidates] for c in cols}
    assert by_no[4] == [(1, "Budi Santoso"), (2, "Sri Wahyuni"), (3, "Ahmad Lubis")]
    assert by_no[12] == list(enumerate(NAMES[12], start=1)) and by_no[1] == []


def test_a_list_not_yet_in_the_dct_holds_the_specimen_and_is_named_only_when_public(world: World) -> None:
    with pytest.raises(TransitionBlocked) as none:
        ballot.specimen(world.dapil)
    assert [b.code for b in none.value.blockers] == ["no_dct"]
    _as(ListStatus.DCT, world, world.golkar, NAMES[4], 40)
    _as(ListStatus.DCS, world, world.pdip, NAMES[3], 30)
    _as(ListStatus.BCS, world, _party(world, 12), NAMES[12], 120)
    with pytest.raises(TransitionBlocked) as held:
        ballot.specimen(world.dapil)
    messages = [b.message for b in held.value.blockers]
    assert messages == ["Daftar calon PDIP di dapil KOTA TEBING TINGGI 2 belum ditetapkan dalam DCT (DCS)",
                        "1 daftar calon lain di dapil KOTA TEBING TINGGI 2 belum diumumkan"]
    assert "PAN" not in " ".join(messages)  # a list not yet announced is not public


def _pdftotext(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "s.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")
def test_the_pdf_prints_the_parties_in_order_and_the_names_in_nomor_urut(dct: World, tmp_path: Path) -> None:
    pdf = ballot.specimen_pdf(dct.dapil)
    assert pdf.startswith(b"%PDF")
    text = _pdftotext(pdf, tmp_path)
    assert "SURAT SUARA" in text and "KOTA TEBING TINGGI 2" in text and "KABUPATEN/KOTA" in text
    abbrs = [p.abbr for p in Party.objects.filter(election=dct.election, only_prov_code="").order_by("ballot_no")]
    at = [text.index(f"\n{a}\n") for a in abbrs]
    assert at == sorted(at), "parties out of ballot order"
    for names in NAMES.values():
        where = [text.index(n.upper()) for n in names]
        assert where == sorted(where), f"names out of nomor urut: {names}"
    assert text.index(abbrs[2]) < text.index("BUDI SANTOSO") < text.index(abbrs[4])  # Golkar's names in its column


def _client(user: object | None = None) -> Client:
    c = Client()
    if user is not None:
        assert c.login(username=user.username, password=PASSWORD)  # type: ignore[attr-defined]
    return c


def test_the_kpu_page_lists_its_dapil_and_links_the_ready_specimen(dct: World, cast: Cast) -> None:
    _as(ListStatus.DCS, dct, _party(dct, 1), ["Ani Purba"], 200)  # dapil 2 now waits for PKB
    _as(ListStatus.DCT, dct, dct.pdip, NAMES[3], 300, dapil=dct.other_dapil)  # dapil 1: PDIP only, ready
    r = _client(cast.kpu_staff_a).get("/pencalonan/surat-suara/")
    assert r.status_code == 200
    page = r.content.decode()
    assert page.count('<tr id="ballot-') == 3  # Tebing Tinggi's three DPRD Kota dapil; not the province's
    ready = f"/pencalonan/publik/dapil/{dct.other_dapil.pk}/surat-suara.pdf"
    assert ready in page and f"/pencalonan/publik/dapil/{dct.dapil.pk}/surat-suara.pdf" not in page
    assert "menunggu daftar yang belum DCT" in page
    assert _client(cast.kpu_admin_b).get("/pencalonan/surat-suara/").content.decode().count('<tr id="ballot-') == 0


def test_the_public_pdf_and_its_link_from_the_public_dct(dct: World) -> None:
    c = _client()
    page = c.get(f"/pencalonan/publik/dapil/{dct.dapil.pk}/").content.decode()
    assert f"/pencalonan/publik/dapil/{dct.dapil.pk}/surat-suara.pdf" in page
    r = c.get(f"/pencalonan/publik/dapil/{dct.dapil.pk}/surat-suara.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")
    assert "spesimen-surat-suara-dprd_kab-127602.pdf" in r["Content-Disposition"]
    blocked = c.get(f"/pencalonan/publik/dapil/{dct.other_dapil.pk}/surat-suara.pdf")
    assert blocked.status_code == 409
    assert "Belum ada daftar calon dapil KOTA TEBING TINGGI 1 yang ditetapkan dalam DCT" in blocked.content.decode()
    assert "surat-suara.pdf" not in c.get(f"/pencalonan/publik/dapil/{dct.other_dapil.pk}/").content.decode()


def test_the_api_answers_the_columns_the_pdf_and_why_not(dct: World) -> None:
    c = _client()
    r = c.get("/api/v1/candidacy/public/ballots/dprd-kabkota/127602")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["contest_code"] == "dprd_kab-127602" and body["seats"] == 10
    golkar = next(col for col in body["columns"] if col["party_ballot_no"] == 4)
    assert golkar["candidates"] == [{"number": i, "name": n} for i, n in enumerate(NAMES[4], start=1)]
    assert [col["party_ballot_no"] for col in body["columns"]] == sorted(col["party_ballot_no"]
                                                                           for col in body["columns"])
    pdf = c.get("/api/v1/candidacy/public/ballots/dprd-kabkota/127602/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    held = c.get("/api/v1/candidacy/public/ballots/dprd-kabkota/127601")
    assert held.status_code == 409 and held.json()["errors"][0]["code"] == "no_dct"
    assert c.get("/api/v1/candidacy/public/ballots/dprd-kabkota/999999").status_code == 404


def test_a_dct_set_by_the_workflow_is_the_specimen_and_the_count_ballot(world: World, cast: Cast) -> None:
    """Through the actions: the DCT decree rewrites the count's ballot and the specimen prints it."""
    from pemilu.results.models import Contest

    lst = actions.do_submit_list(world.golkar, world.dapil, slate("LPL", start=500), actor=world.liaison_golkar)
    actions.do_verify_documents(lst, actor=cast.kpu_staff_a, verified=True)
    actions.do_announce_dcs(lst, actor=cast.kpu_admin_a)
    from pemilu.core import clock

    actions.do_set_dct(lst, actor=cast.kpu_admin_a, decree_no="1/PL.01.4-Kpt/1276/2023", decree_date=clock.today())
    cols = {c.party.ballot_no: [x.name for x in c.candidates] for c in ballot.specimen(world.dapil).columns}
    choices = Contest.objects.get(election=world.election, code="dprd_kab-127602").choices
    assert cols[4] == [c["label"] for c in choices if str(c["key"]).startswith("4.")] == [
        "Calon 500", "Calon 501", "Calon 502"]
