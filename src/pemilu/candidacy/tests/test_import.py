"""``pemilu candidates import FILE --contest …``: atomic, every bad row named (issue 23 item 8)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.management import call_command

from pemilu.audit.models import AuditEvent
from pemilu.candidacy.models import Candidate, CandidateList, ListStatus
from pemilu.candidacy.tests.world import World, candidate
from pemilu.testing.factories import Cast

HEAD = "kode_dapil,party_ballot_no,nomor_urut,nama,jenis_kelamin,nik,tanggal_lahir,jabatan,nomor_sk_berhenti," \
       "tanggal_sk_berhenti\n"


def line(dapil: str, party: int, number: int, *, woman: bool, serial: int, extra: str = ",,") -> str:
    c = candidate(number, woman=woman, serial=serial)
    return f"{dapil},{party},{number},{c.name},{c.sex},{c.nik},{c.birth_date},{extra}\n"


def test_the_import_writes_every_list_as_submitted(world: World, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "dprd.csv"
    path.write_text(HEAD + line("127602", 4, 1, woman=False, serial=1) + line("127602", 4, 2, woman=True, serial=2)
                    + line("127601", 3, 1, woman=True, serial=3, extra="asn,800/12/2023,2023-05-01"))
    call_command("candidates", "import", str(path), "--contest", "dprd-kabkota")
    assert "2 daftar, 3 calon" in capsys.readouterr().out
    assert set(CandidateList.objects.values_list("dapil__code", "party__abbr", "status")) == {
        ("127602", "GOLKAR", ListStatus.BCS), ("127601", "PDIP", ListStatus.BCS)}
    asn = Candidate.objects.get(candidate_list__party__abbr="PDIP")
    assert (asn.office, asn.resignation_decree_date) == ("asn", datetime.date(2023, 5, 1))
    assert (AuditEvent.objects.get(event_type="candidacy.lists_imported").after or {})["candidates"] == 3


def test_one_bad_row_names_itself_and_nothing_is_written(world: World, cast: Cast, tmp_path: Path) -> None:
    path = tmp_path / "dprd.csv"
    path.write_text(HEAD + line("127602", 4, 1, woman=False, serial=1)
                    + line("999999", 4, 2, woman=True, serial=2)          # line 3: unknown dapil
                    + line("127602", 4, 2, woman=False, serial=1)         # line 4: the NIK of line 2
                    + line("127601", 3, 1, woman=True, serial=5, extra="tni,,")  # line 5: no resignation decree
                    + "127601,3,2,Nama,X,1276010101800001,1980-01-01,,,\n")    # line 6: sex
    with pytest.raises(Exception) as exc:
        call_command("candidates", "import", str(path), "--contest", "dprd-kabkota")
    text = str(exc.value)
    for where in ("baris 3, kolom kode_dapil", "baris 4, kolom nik", "baris 5, kolom nomor_sk_berhenti",
                  "baris 6, kolom jenis_kelamin"):
        assert where in text
    assert not CandidateList.objects.exists() and not Candidate.objects.exists()
