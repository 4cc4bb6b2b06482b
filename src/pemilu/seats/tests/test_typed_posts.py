"""The seats pages read their posts through forms (issue 18 item 9): a bad value is named on the
page, in Indonesian, and nothing is written (before, a bad date silently became today)."""

from __future__ import annotations

from typing import Any

from django.test import Client

from pemilu.seats import decree as decrees
from pemilu.seats.models import AllocationRun, Decree, ElectedMember, MemberStatus
from pemilu.seats.tests.test_decree import run  # noqa: F401  (the locked-recap run fixture)
from pemilu.testing.factories import Cast


def test_it_names_a_bad_date_or_note_on_the_page_and_writes_nothing(run: Any, cast: Cast) -> None:  # noqa: F811
    # One world for the three pages (it takes seconds to build).
    client = Client()
    client.force_login(cast.kpu_admin_a)
    answer = client.post(f"/kursi/{run.pk}/tetapkan/", {"number": "1/PL/2024", "decided_on": "15-15-2024"})
    assert answer.status_code == 400
    assert "Tanggal keputusan: Masukkan tanggal yang valid." in answer.content.decode()
    assert not Decree.objects.exists()

    decree = decrees.do_publish_decree(run, actor=cast.kpu_admin_a, number="9/2024")
    member = decree.members.get(name="Calon 1-1-2")
    answer = client.post(f"/kursi/penetapan/{decree.pk}/anggota/{member.pk}/ganti/",
                         {"cause": "death", "ended_on": "kemarin", "reason": "surat 1/2025"})
    assert answer.status_code == 400
    assert "Tanggal berhenti: Masukkan tanggal yang valid." in answer.content.decode()
    assert ElectedMember.objects.get(pk=member.pk).status == MemberStatus.SEATED

    runs = AllocationRun.objects.count()
    answer = client.post("/kursi/rekap/", {"jenis": "dprd-kabkota", "wilayah": "12.76", "reason": "x" * 501})
    assert answer.status_code == 400
    assert "Keterangan: Pastikan nilai ini mengandung paling banyak 500 karakter" in answer.content.decode()
    assert AllocationRun.objects.count() == runs
