"""The ballot specimen of a dapil (issue 23 item 7): parties in ballot-number order, candidates in
nomor urut order, only lists set in the DCT."""

from __future__ import annotations

import datetime
import shutil
import subprocess
from pathlib import Path

import pytest

from pemilu.candidacy import ballot
from pemilu.candidacy.models import CandidateList, ListStatus
from pemilu.candidacy.tests.test_documents_registers import KEY, make_list
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.results.models import Party
from pemilu.voters.rules import compose_nik


@pytest.fixture(autouse=True)
def voter_key(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("PEMILU_VOTER_KEY", KEY)
    return KEY


def dct_and_bcs(db: None) -> CandidateList:
    election = get_or_create_pemilu_2024()
    lst = make_list(election, [compose_nik("127601", datetime.date(1980, 1, 1), False, n)
                               for n in (1, 2, 3)])
    CandidateList.objects.filter(pk=lst.pk).update(status=ListStatus.DCT)
    other = Party.objects.create(election=election, ballot_no=2, abbr="PB", name="Partai B")
    first = Party.objects.create(election=election, ballot_no=0, abbr="P0", name="Partai Nol")  # before PA
    CandidateList.objects.create(election=election, dapil=lst.dapil, party=other, level=lst.level,
                                 status=ListStatus.DCS, prov_code="12", kab_code="12.76")
    assert first.pk
    return lst


def test_the_columns_follow_the_ballot_and_nomor_urut(db: None) -> None:
    lst = dct_and_bcs(db)
    cols = ballot.specimen_columns(lst.dapil)
    assert [(c.party.abbr, [x.number for x in c.candidates]) for c in cols] == [
        ("P0", []), ("PA", [1, 2, 3]), ("PB", [])]  # PB's list is only a DCS: not on the specimen yet


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")
def test_the_pdf_prints_them(db: None, tmp_path: Path) -> None:
    lst = dct_and_bcs(db)
    pdf = ballot.specimen_pdf(lst.dapil)
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "s.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Tebing Tinggi 1" in text and "1. PA" in text and "Calon 3" in text
    assert text.index("0. P0") < text.index("1. PA") < text.index("2. PB")
