"""The decree (penetapan) of a contest's seats and elected candidates, its public pages, PDF and
XLSX, and the replacement of an elected member (PAW) — issue 21 item 7."""

from __future__ import annotations

import datetime
import io
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.test import Client

from pemilu.audit.models import AuditEvent
from pemilu.core.exceptions import ConflictError, PermissionDeniedError, TransitionBlocked
from pemilu.results.actions import do_reopen_plenary
from pemilu.results.models import Plenary
from pemilu.seats import decree as decrees
from pemilu.seats import from_recap
from pemilu.seats.models import Decree, ElectedMember, MemberStatus
from pemilu.seats.tests import recap_world as world
from pemilu.seats.tests.factories import make_run
from pemilu.seats.tests.test_from_recap import DAPIL1, DAPIL2
from pemilu.testing.factories import Cast


@pytest.fixture
def run(cast: Cast) -> Any:
    election = world.build()
    for dapil, votes in (("127601", DAPIL1), ("127602", DAPIL2)):
        world.lock(world.enter(election, dapil, votes, actor=cast.kpu_admin_a), kpu=cast.kpu_admin_a)
    return from_recap.do_allocate_from_recap(election, "dprd-kabkota", region_code="12.76",
                                             actor=cast.kpu_admin_a)[0]


def test_kpu_kota_publishes_its_decree_with_the_elected_tied_to_the_ballot(run: Any, cast: Cast) -> None:
    with pytest.raises(PermissionDeniedError):  # staff prepare, the body (its administrator) decides
        decrees.do_publish_decree(run, actor=cast.kpu_staff_a, number="1/2024")
    anon = Client()
    assert anon.get(f"/kursi/{run.pk}/").status_code == 404  # computed, not yet announced
    decree = decrees.do_publish_decree(run, actor=cast.kpu_admin_a, number="123/PL.01.9-Kpt/1276/2024",
                                       decided_on=datetime.date(2024, 3, 15), reason="pleno penetapan")
    members = list(decree.members.order_by("dapil_code", "seat_number"))
    assert [(m.dapil_code, m.seat_number, m.party, m.name, m.votes) for m in members] == [
        ("127601", 1, "PKB", "Calon 1-1-2", 200), ("127601", 2, "GERINDRA", "Calon 1-2-1", 150),
        ("127601", 3, "PKB", "Calon 1-1-1", 50), ("127602", 1, "GERINDRA", "Calon 2-2-1", 0),
        ("127602", 2, "PDIP", "Calon 2-3-2", 150), ("127602", 3, "GERINDRA", "Calon 2-2-2", 0)]
    assert all(m.candidate is not None and m.candidate.name == m.name for m in members)
    event = AuditEvent.objects.get(event_type="seats.decree_published")
    assert event.actor_id == cast.kpu_admin_a.pk and event.after is not None and event.after["members"] == 6
    with pytest.raises(ConflictError):
        decrees.do_publish_decree(run, actor=cast.kpu_admin_a, number="again")
    # Public: the decree page (seats, members, each dapil's divisor table), its permalinks.
    page = anon.get(decree.get_absolute_url()).content.decode()
    assert "123/PL.01.9-Kpt/1276/2024" in page and 'id="divisors-127601"' in page and "Calon 1-1-2" in page
    assert "KOMISI PEMILIHAN UMUM KOTA TEBING TINGGI" in page.upper() and "KOTA KOTA" not in page.upper()
    assert f'href="/kursi/{run.pk}/dapil/127601/#kursi-3"' in page
    assert anon.get(f"/kursi/{run.pk}/").status_code == 200
    member = anon.get(members[0].get_absolute_url()).content.decode()
    assert 'id="votes-by-kecamatan"' in member and "Padang Hulu" in member and "200" in member
    assert "/kursi/" in anon.get("/kursi/").content.decode() and decree.get_absolute_url() in \
        anon.get("/kursi/").content.decode()


def test_the_decree_as_pdf_and_xlsx(run: Any, cast: Cast, tmp_path: Path) -> None:
    decree = decrees.do_publish_decree(run, actor=cast.kpu_admin_a, number="7/2024")
    anon = Client()
    pdf = anon.get(f"/kursi/penetapan/{decree.pk}/keputusan.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content[:4] == b"%PDF"
    (tmp_path / "k.pdf").write_bytes(pdf.content)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "k.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "KEPUTUSAN KOMISI PEMILIHAN UMUM KOTA TEBING TINGGI" in text and "NOMOR 7/2024" in text
    assert "TABEL BILANGAN PEMBAGI" in text and "Calon 2-3-2" in text
    xlsx = anon.get(f"/kursi/penetapan/{decree.pk}/keputusan.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["Keputusan", "Kursi", "Bilangan pembagi", "Calon terpilih", "Suara per kecamatan"]
    seats = [r for r in book["Kursi"].iter_rows(values_only=True)]
    assert seats[0] == ("dapil_code", "dapil", "party", "votes", "seats_won") and ("127601", "KOTA TEBING TINGGI 1",
                                                                                  "PKB", 600, 2) in seats
    kec = [r for r in book["Suara per kecamatan"].iter_rows(values_only=True)]
    assert ("127601", "PKB", 2, "Calon 1-1-2", "12.76.01", "Padang Hulu", 200) in kec
    assert anon.get(f"/kursi/penetapan/{decree.pk}/keputusan.doc").status_code == 404


def test_a_reopened_recap_or_a_file_run_cannot_be_decreed(run: Any, cast: Cast) -> None:
    plenary = Plenary.objects.get(contest__code="dprd_kab-127601", region_code="12.76")
    from pemilu.accounts.actions import get_system_user

    do_reopen_plenary(plenary, actor=get_system_user(), reason="keberatan saksi")
    with pytest.raises(TransitionBlocked, match="dibuka kembali"):
        decrees.do_publish_decree(run, actor=cast.kpu_admin_a, number="1/2024")
    with pytest.raises(TransitionBlocked, match="berkas"):
        decrees.do_publish_decree(make_run(cast.kpu_admin_a), actor=cast.kpu_admin_a, number="2/2024")
    assert not Decree.objects.exists()


def test_paw_takes_the_next_candidate_of_the_same_list_and_dapil(run: Any, cast: Cast) -> None:
    decree = decrees.do_publish_decree(run, actor=cast.kpu_admin_a, number="9/2024")
    first = decree.members.get(name="Calon 1-1-2")  # PKB dapil 1: 1.2 (200), 1.1 (50) elected; 1.3 (50) next
    with pytest.raises(PermissionDeniedError):
        decrees.do_replace_member(first, actor=cast.kpu_staff_a, cause="death", ended_on=datetime.date(2025, 1, 2),
                                  reason="surat 1")
    new = decrees.do_replace_member(first, actor=cast.kpu_admin_a, cause="death",
                                    ended_on=datetime.date(2025, 1, 2), reason="surat DPC 1/2025")
    assert (new.name, new.party, new.dapil_code, new.seat_number, new.replaces_id) == (
        "Calon 1-1-3", "PKB", "127601", first.seat_number, first.pk)
    assert new.candidate is not None and new.candidate.number == 3
    first.refresh_from_db()
    assert first.status == MemberStatus.REPLACED and first.end_cause == "death"
    event = AuditEvent.objects.get(event_type="seats.member_replaced")
    assert event.before == {"member": "Calon 1-1-2", "ballot_no": 2, "party": "PKB", "dapil": "127601"}
    with pytest.raises(ConflictError, match="sudah diganti"):
        decrees.do_replace_member(first, actor=cast.kpu_admin_a, cause="death", ended_on=datetime.date(2025, 1, 2),
                                  reason="lagi")
    # The list runs out: PKB dapil 1 has three candidates, all have now held a seat.
    with pytest.raises(ConflictError, match="Tidak ada calon berikutnya"):
        decrees.do_replace_member(new, actor=cast.kpu_admin_a, cause="resignation",
                                  ended_on=datetime.date(2025, 6, 1), reason="surat 2")
    page = Client().get(decree.get_absolute_url()).content.decode()
    assert "Calon 1-1-3" in page and "PAW" in page
    assert ElectedMember.objects.filter(decree=decree, status=MemberStatus.SEATED).count() == 6
