"""The berita acara on the pages, in the API and in the D.Hasil PDF (issue 21 item 4)."""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from pemilu.audit.models import AuditEvent
from pemilu.regions.models import Tps
from pemilu.results.actions import do_lock_plenary, do_record_objection, do_submit_result, locked_result, record_import
from pemilu.results.exports import d_hasil_pdf
from pemilu.results.minutes import suggested_attendees
from pemilu.results.models import ADMIN_FIELDS, Contest, EntryMode, Plenary, PlenaryAttendee, PlenaryStatus
from pemilu.results.tests.conftest import good_form, set_mode
from pemilu.testing.factories import PASSWORD, Cast, attend_plenary

KEC = "12.76.01"
PAGE = f"/hasil/rekap/ppwp/{KEC}/pleno/kehadiran/"


def _client(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _fill(contest: Contest, actor: Any, incomplete: str = "") -> None:
    set_mode(contest, EntryMode.DIRECT)
    for tps in Tps.objects.filter(kec_code=KEC).order_by("code"):
        if tps.code == incomplete:  # a votes-only form (the administration page not read): accepted, incomplete
            record_import(locked_result(contest, tps), {**good_form(), **dict.fromkeys(ADMIN_FIELDS)},
                          actor=actor, filename="t")
        else:
            do_submit_result(contest, tps, good_form(), actor=actor)


def _rows(*rows: tuple[str, str, str, str, bool]) -> dict[str, str]:
    post = {"rows": str(len(rows) + 2)}  # two blank lines, as the page sends them
    for i, (kind, name, position, represents, present) in enumerate(rows):
        post.update({f"a:{i}:kind": kind, f"a:{i}:name": name, f"a:{i}:position": position,
                     f"a:{i}:represents": represents})
        if present:
            post[f"a:{i}:present"] = "on"
    return post


MEMBERS = [("member", f"Anggota PPK {n}", "Ketua PPK" if n == 1 else "Anggota PPK", "", n != 5) for n in range(1, 6)]
WITNESSES = [("witness", "Budi Saksi", "", "Pasangan Calon 01", True),
             ("witness", "Rina Saksi", "", "Pasangan Calon 02", False),
             ("bawaslu", "Ketua Panwaslu Kecamatan", "Panwaslu Kecamatan Padang Hulu", "", True)]


def test_the_attendance_page_records_the_list_and_the_recap_page_shows_the_quorum(cast: Cast, ppwp: Contest) -> None:
    client = _client(cast.ppk_a1)
    page = client.get(PAGE).content.decode()
    assert 'data-quorum="0/5:below"' in page and page.count("data-attendee=") == 6  # blank lines
    r = client.post(PAGE, _rows(*MEMBERS, *WITNESSES))
    assert r.status_code == 302 and r["Location"] == f"/hasil/rekap/ppwp/{KEC}/"
    assert list(PlenaryAttendee.objects.values_list("name", flat=True)) == [m[1] for m in MEMBERS + WITNESSES]
    assert AuditEvent.objects.filter(event_type="results.plenary_attendance", actor=cast.ppk_a1).count() == 1
    recap = client.get(f"/hasil/rekap/ppwp/{KEC}/").content.decode()
    assert 'data-quorum="4/5:ok"' in recap and "Budi Saksi" in recap and "Pasangan Calon 01" in recap
    again = client.get(PAGE).content.decode()  # the recorded list, then blank lines
    assert again.count("data-attendee=") == 8 + 6 and 'value="Rina Saksi"' in again


def test_a_bad_row_is_named_on_the_page_and_more_lines_save_nothing(cast: Cast, ppwp: Contest) -> None:
    client = _client(cast.ppk_a1)
    bad = client.post(PAGE, _rows(("witness", "Saksi Tanpa Partai", "", "", True)))
    assert bad.status_code == 422 and "baris 1, kolom represents" in bad.content.decode()
    more = client.post(PAGE, {**_rows(*MEMBERS), "more": "1"})
    assert more.status_code == 200 and more.content.decode().count("data-attendee=") == 5 + 6
    assert not PlenaryAttendee.objects.exists()
    assert client.post(PAGE, _rows(*MEMBERS)).status_code == 302
    client.post(f"/hasil/rekap/ppwp/{KEC}/pleno/", {"action": "lock"})  # the forms are not entered: blocked
    assert not Plenary.objects.filter(status=PlenaryStatus.LOCKED).exists()


def test_out_of_region_the_pages_and_the_api_answer_404(cast: Cast, ppwp: Contest) -> None:
    attend_plenary(ppwp, KEC, cast.ppk_a1, witnesses=1)
    for who in (cast.kpu_admin_b, cast.pps_a1):
        client = _client(who)
        for r in (client.get(PAGE), client.post(PAGE, _rows(*MEMBERS)),
                  client.get(f"/api/v1/recap/ppwp/plenary/attendance?region={KEC}"),
                  client.get(f"/api/v1/recap/ppwp/plenary/records?region={KEC}"),
                  client.get(f"/api/v1/recap/ppwp/plenary?region={KEC}"),
                  client.get(f"/hasil/rekap/ppwp/{KEC}/d-hasil.pdf"),
                  client.post("/api/v1/recap/ppwp/plenary/attendance", json.dumps(
                      {"region": KEC, "attendees": [{"kind": "member", "name": "X"}]}),
                      content_type="application/json")):
            assert r.status_code == 404, (who, r.request["PATH_INFO"])
            assert b"Anggota 1" not in r.content and b"Padang Hulu" not in r.content
    assert PlenaryAttendee.objects.count() == 6


def test_the_api_records_and_reads_the_minutes(cast: Cast, ppwp: Contest) -> None:
    _fill(ppwp, cast.ppk_a1)
    client = _client(cast.ppk_a1)
    body: dict[str, Any] = {"region": KEC, "attendees": [
        *({"kind": "member", "name": f"Anggota {n}", "present": n <= 3} for n in range(1, 6)),
        {"kind": "witness", "name": "Saksi 01", "represents": "Pasangan Calon 01"}]}
    r = client.post("/api/v1/recap/ppwp/plenary/attendance", json.dumps(body), content_type="application/json")
    assert r.status_code == 200 and r.json() == {"members": 5, "present": 3, "needed": 4, "fraction": "2/3",
                                                 "reached": False}
    bad = client.post("/api/v1/recap/ppwp/plenary/attendance", json.dumps(
        {"region": KEC, "attendees": [{"kind": "witness", "name": "Saksi"}]}), content_type="application/json")
    assert bad.status_code == 400 and bad.json()["errors"][0]["column"] == "represents"
    page = client.get(f"/api/v1/recap/ppwp/plenary/attendance?region={KEC}&limit=4").json()
    assert page["count"] == 6 and [a["name"] for a in page["items"]] == ["Anggota 1", "Anggota 2", "Anggota 3",
                                                                         "Anggota 4"]
    locked = client.post("/api/v1/recap/ppwp/plenary/lock", json.dumps({"region": KEC}),
                         content_type="application/json")
    assert locked.status_code == 409 and "Kuorum tidak tercapai: 3 dari 5" in locked.json()["detail"]
    r = client.post("/api/v1/recap/ppwp/plenary/records", json.dumps(
        {"region": KEC, "kind": "objection", "raised_by": "Saksi 01", "text": "Suara sah TPS 001",
         "resolution": "Dibacakan ulang; sesuai"}), content_type="application/json")
    assert r.status_code == 201 and r.json()["raised_by"] == "Saksi 01"
    body["attendees"][3]["present"] = True
    client.post("/api/v1/recap/ppwp/plenary/attendance", json.dumps(body), content_type="application/json")
    plenary = client.get(f"/api/v1/recap/ppwp/plenary?region={KEC}").json()
    assert plenary["status"] == "open" and plenary["quorum"]["reached"] is True
    assert client.post("/api/v1/recap/ppwp/plenary/lock", json.dumps({"region": KEC}),
                       content_type="application/json").status_code == 200
    records = client.get(f"/api/v1/recap/ppwp/plenary/records?region={KEC}").json()
    assert [(i["kind"], i["raised_by"]) for i in records["items"]] == [("objection", "Saksi 01")]


def test_a_special_event_on_the_page_covers_the_incomplete_forms(cast: Cast, ppwp: Contest) -> None:
    incomplete = "12.76.01.1007.002"
    _fill(ppwp, cast.ppk_a1, incomplete=incomplete)
    attend_plenary(ppwp, KEC, cast.ppk_a1)
    client = _client(cast.ppk_a1)
    recap = client.get(f"/hasil/rekap/ppwp/{KEC}/").content.decode()
    assert 'name="cover_incomplete"' in recap and incomplete in recap
    page = client.post(f"/hasil/rekap/ppwp/{KEC}/pleno/", {"action": "lock"}, follow=True).content.decode()
    assert "1 C.Hasil tidak lengkap" in page and incomplete in page
    client.post(f"/hasil/rekap/ppwp/{KEC}/pleno/", {"action": "record", "kind": "special", "cover_incomplete": "on",
                                                    "text": "Plano basah", "reason": "Diputuskan pleno"})
    client.post(f"/hasil/rekap/ppwp/{KEC}/pleno/", {"action": "lock"})
    plenary = Plenary.objects.get(region_code=KEC)
    assert plenary.status == PlenaryStatus.LOCKED
    assert plenary.records.filter(kind="special", tps_codes=[incomplete], reason="Diputuskan pleno").exists()


def test_the_ppk_list_starts_from_the_members_appointed_in_the_adhoc_app(cast: Cast, ppwp: Contest, settings: Any,
                                                                          tmp_path: Path) -> None:
    import time_machine

    from pemilu.adhoc import actions
    from pemilu.adhoc.actions.access import members
    from pemilu.adhoc.tests.conftest import register, select_and_appoint

    settings.MEDIA_ROOT = tmp_path / "media"
    staff = cast.kpu_staff_a
    with time_machine.travel(datetime.datetime(2022, 12, 20, 9, tzinfo=datetime.UTC), tick=False):
        rec = actions.do_create_recruitment(ppwp.election, "ppk", "12.76", actor=staff)
        rec = actions.do_open_registration(rec, actor=staff, start=datetime.date(2022, 11, 20),
                                           end=datetime.date(2022, 12, 29))
        for i in range(10):  # every kecamatan of the recruitment needs its 2 × 5 registrants
            register(rec, staff, area_code=KEC, domicile_code="12.76.01.1006", name=f"Calon PPK {i}",
                     gender="P" if i % 2 else "L")
            register(rec, staff, area_code="12.76.04", domicile_code="12.76.04.1002", name=f"Calon Bajenis {i}",
                     gender="P" if i % 2 else "L")
    with time_machine.travel(datetime.datetime(2022, 12, 30, 9, tzinfo=datetime.UTC), tick=False):
        select_and_appoint(rec, staff, datetime.date(2022, 12, 30))
    appointed = [m.name for m in members(rec) if m.area.code == KEC]
    assert len(appointed) == 5 and [a["name"] for a in suggested_attendees(ppwp, KEC)] == appointed
    page = _client(cast.ppk_a1).get(PAGE).content.decode()
    assert "data-suggested" in page and all(f'value="{name}"' in page for name in appointed)
    assert page.count('value="Calon PPK') == 5 and "Calon Bajenis" not in page


# --- the D.Hasil with its berita acara ---------------------------------------------------------

@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")
def test_the_d_hasil_pdf_carries_the_berita_acara_with_a_signature_line_per_member_present(
        cast: Cast, ppwp: Contest, tmp_path: Path) -> None:
    _fill(ppwp, cast.ppk_a1)
    client = _client(cast.ppk_a1)
    client.post(PAGE, _rows(*MEMBERS, *WITNESSES))
    do_record_objection(ppwp, KEC, actor=cast.ppk_a1, kind="objection", raised_by="Budi Saksi",
                        text="Suara tidak sah TPS 002 Persiakan", resolution="Dibacakan ulang; keberatan ditolak")
    do_record_objection(ppwp, KEC, actor=cast.ppk_a1, kind="special", text="Listrik padam 30 menit",
                        reason="Pleno diskors lalu dilanjutkan", tps_codes=["12.76.01.1006.003"])
    do_lock_plenary(ppwp, KEC, actor=cast.ppk_a1)
    pdf = tmp_path / "d-hasil.pdf"
    pdf.write_bytes(d_hasil_pdf(ppwp, KEC))
    # Without -layout a cell's wrapped lines stay together: whitespace normalised, names read whole.
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "BERITA ACARA RAPAT PLENO REKAPITULASI" in text
    for name in ("Anggota PPK 1", "Anggota PPK 5", "Budi Saksi", "Rina Saksi", "Ketua Panwaslu Kecamatan"):
        assert name in text, name
    assert "Kuorum: 4 dari 5 anggota hadir" in text and "kuorum tercapai" in text and "PKPU 8/2022" in text
    assert "Dibacakan ulang; keberatan ditolak" in text and "Pleno diskors lalu dilanjutkan" in text
    # Signatures: the four members present and the one witness present, each with a line; the absent
    # member and the absent witness sign nothing.
    html = _signers(ppwp)
    assert html == ["Anggota PPK 1", "Anggota PPK 2", "Anggota PPK 3", "Anggota PPK 4", "Budi Saksi"]
    signatures = text.split("Demikian berita acara")[1]
    for name in ("Ketua PPK", "Anggota PPK 1", "Anggota PPK 4", "Saksi Pasangan Calon 01", "Budi Saksi"):
        assert name in signatures, name
    for name in ("Anggota PPK 5", "Pasangan Calon 02", "Rina Saksi", "Panwaslu"):
        assert name not in signatures, name
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "595.276 x 841.89 pts (A4)" in pages


def _signers(contest: Contest) -> list[str]:
    import re

    from django.template.loader import render_to_string

    from pemilu.results.exports import d_hasil_context

    html = render_to_string("results/pdf/d_hasil.html", d_hasil_context(contest, KEC))
    return re.findall(r'data-signer><div class="role">[^<]*</div><div class="line"></div><div class="name">([^<]*)<',
                      html)
