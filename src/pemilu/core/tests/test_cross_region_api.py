"""No writes across regions through the API (issue 17 item 1): every POST/PUT/PATCH/DELETE operation of
the OpenAPI schema, run by KPU of Kota Binjai (12.75) against a record of Kota Tebing Tinggi (12.76),
answers an error, changes nothing and names nothing of the record. Each operation has a case here or a
justified entry in the exclusion list; the world is ``cross_region_world``."""

from __future__ import annotations

import datetime
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.test import Client

from pemilu.core.tests.cross_region_world import (
    APPLICANT_COLUMNS,
    ASN_HIJACK,
    ASSIGNMENT_BINJAI_WITH_TT_NIP,
    ASSIGNMENT_TT,
    HASAN,
    World,
    _client,
    assert_silent,
    changed,
    csv_file,
    snapshot,
)


@dataclass
class ApiCase:
    body: Callable[[World], Any]
    path: Callable[[World], str] | None = None  # default: the schema path as is
    multipart: bool = False
    batch: bool = False  # the answer is 200 with one status per item
    status: int = 404  # the scope check's answer: 404, exactly as for a record that does not exist
    method: str = "post"


def _good_form() -> dict[str, Any]:
    from pemilu.results.tests.conftest import good_form

    return {**good_form(), "acknowledgements": {}}


FORM_TT = "/api/v1/results/12.76.01.1006.001/ppwp"  # a submitted C.Hasil of Tebing Tinggi (world)
API_CASES: dict[str, ApiCase] = {
    "POST /api/v1/voters/{voter_id}/reveal-nik": ApiCase(
        lambda w: {"reason": "uji"}, lambda w: f"/api/v1/voters/{w.ids['voter_tt'].pk}/reveal-nik"),
    "POST /api/v1/voters/tps/{tps_code}/model-a": ApiCase(
        lambda w: {"recipient": "Partai Contoh", "format": "xlsx"},
        lambda w: "/api/v1/voters/tps/12.76.01.1006.001/model-a"),
    "POST /api/v1/voters/regions/{region_code}/party-copy": ApiCase(
        lambda w: {"recipient": "Partai Contoh", "format": "csv"}, lambda w: "/api/v1/voters/regions/12.76/party-copy"),
    # The coklit of Tebing Tinggi's TPS 001 Persiakan (issue 22 item 1): the area is out of scope (404).
    "POST /api/v1/coklit/areas/{tps_code}/voters/{voter_id}/outcome": ApiCase(
        lambda w: {"outcome": "sesuai"}, lambda w: "/api/v1/coklit/areas/12.76.01.1006.001/voters/1/outcome"),
    "POST /api/v1/coklit/areas/{tps_code}/batch": ApiCase(
        lambda w: {"items": [{"voter_id": 1, "outcome": "sesuai"}]},
        lambda w: "/api/v1/coklit/areas/12.76.01.1006.001/batch"),
    "POST /api/v1/coklit/areas/{tps_code}/voters": ApiCase(lambda w: {
        "nik": "1276016502010003", "no_kk": "1276010101200011", "nama": "Sari Lubis", "tempat_lahir": "Medan",
        "tanggal_lahir": "2001-02-25", "jenis_kelamin": "P", "status_kawin": "B", "alamat": "Jl. Melati 3"},
        lambda w: "/api/v1/coklit/areas/12.76.01.1006.001/voters"),
    # The voter list's DPS → DPT flow: Tebing Tinggi's desa and kab/kota (none has a list in the world).
    "POST /api/v1/voters/villages/{region_code}/lists": ApiCase(
        lambda w: {"stage": "dphp"}, lambda w: "/api/v1/voters/villages/12.76.01.1006/lists"),
    "POST /api/v1/voters/villages/{region_code}/announcement": ApiCase(
        lambda w: {"place": "Kantor Lurah"}, lambda w: "/api/v1/voters/villages/12.76.01.1006/announcement"),
    "POST /api/v1/voters/announcements/{announcement_id}/responses": ApiCase(
        lambda w: {"kind": "tms", "reason": "meninggal", "voter_id": 1, "details": "meninggal dunia",
                   "sender_name": "X"}, lambda w: "/api/v1/voters/announcements/1/responses"),
    "POST /api/v1/voters/responses/{response_id}/resolve": ApiCase(
        lambda w: {"accept": True, "resolution": "uji"}, lambda w: "/api/v1/voters/responses/1/resolve"),
    "PUT /api/v1/voters/dpt-plenary/{region_code}/attendance": ApiCase(
        lambda w: {"attendees": [{"kind": "member", "name": "Anggota"}]},
        lambda w: "/api/v1/voters/dpt-plenary/12.76/attendance", method="put"),
    "POST /api/v1/voters/dpt-plenary/{region_code}/lock": ApiCase(
        lambda w: {}, lambda w: "/api/v1/voters/dpt-plenary/12.76/lock"),
    "POST /api/v1/users": ApiCase(lambda w: {
        "username": "orang_baru", "full_name": "Orang Baru", "role": "kpu_staff", "scope_code": "12.76",
        "reason": "uji"}),
    "POST /api/v1/users/{user_id}/roles": ApiCase(
        lambda w: {"role": "kpu_staff", "scope_code": "12.75", "reason": "uji"},
        lambda w: f"/api/v1/users/{w.cast.kpu_staff_a.pk}/roles"),
    "POST /api/v1/roles/{role_id}/revoke": ApiCase(
        lambda w: {"reason": "uji"}, lambda w: f"/api/v1/roles/{w.ids['role_tt'].pk}/revoke"),
    "POST /api/v1/tokens/{token_id}/revoke": ApiCase(
        lambda w: {"reason": "uji"}, lambda w: f"/api/v1/tokens/{w.ids['token'].pk}/revoke"),
    "POST /api/v1/asn/import": ApiCase(lambda w: {"file": csv_file(ASN_HIJACK)}, multipart=True, status=400),
    "POST /api/v1/neutrality/findings": ApiCase(lambda w: {
        "election": w.ids["election"].code, "region_code": "12.76.01", "category": "asn_neutrality",
        "description": "Lurah ikut kampanye.", "event_date": "2024-01-10", "found_on": "2024-01-10",
        "place": "Lapangan", "suspect_nip": HASAN}),
    "POST /api/v1/seats/runs": ApiCase(lambda w: {
        "election": w.ids["election"].code, "contest_kind": "DPRD_KABKOTA", "region_code": "12.76",
        "dapils": [{"code": "TT-1", "seats": 3, "votes": {"A": 10, "B": 5}}]}),
    "POST /api/v1/seats/from-recap": ApiCase(lambda w: {"contest": "dprd-kabkota", "region": "12.76"}),
    "POST /api/v1/seats/runs/{run_id}/decree": ApiCase(
        lambda w: {"number": "9/2024"}, lambda w: f"/api/v1/seats/runs/{w.ids['seat_run'].pk}/decree"),
    "POST /api/v1/seats/members/{member_id}/replace": ApiCase(
        lambda w: {"cause": "death", "ended_on": "2025-01-01", "reason": "uji"},
        lambda w: f"/api/v1/seats/members/{w.ids['member'].pk}/replace"),
    "POST /api/v1/neutrality/cases/{case_id}/transition": ApiCase(
        lambda w: {"action": "register", "note": "x"},
        lambda w: f"/api/v1/neutrality/cases/{w.ids['case'].pk}/transition"),
    "POST /api/v1/results/{tps_code}/{contest_code}": ApiCase(
        lambda w: _good_form(), lambda w: "/api/v1/results/12.76.01.1006.001/ppwp"),
    "POST /api/v1/results/{tps_code}/{contest_code}/verify": ApiCase(
        lambda w: {}, lambda w: f"{FORM_TT}/verify"),
    "POST /api/v1/results/{tps_code}/{contest_code}/resolve": ApiCase(
        lambda w: {"decision": "send_back", "reason": "uji"}, lambda w: f"{FORM_TT}/resolve"),
    "POST /api/v1/results/{tps_code}/{contest_code}/correct": ApiCase(
        lambda w: {**_good_form(), "reason": "uji"}, lambda w: f"{FORM_TT}/correct"),
    "POST /api/v1/results/{tps_code}/{contest_code}/photos": ApiCase(
        lambda w: {"file": io.BytesIO(b"%PDF-1.4\n%%EOF\n")}, lambda w: f"{FORM_TT}/photos", multipart=True),
    "POST /api/v1/recap/{contest_code}/plenary/lock": ApiCase(
        lambda w: {"region": "12.76.01"}, lambda w: "/api/v1/recap/ppwp/plenary/lock"),
    "POST /api/v1/recap/{contest_code}/plenary/reopen": ApiCase(
        lambda w: {"region": "12.76.01", "reason": "uji"}, lambda w: "/api/v1/recap/ppwp/plenary/reopen"),
    "POST /api/v1/recap/{contest_code}/plenary/records": ApiCase(
        lambda w: {"region": "12.76.01", "kind": "objection", "text": "uji"},
        lambda w: "/api/v1/recap/ppwp/plenary/records"),
    "POST /api/v1/recap/{contest_code}/plenary/attendance": ApiCase(
        lambda w: {"region": "12.76.01", "attendees": [{"kind": "member", "name": "Orang Binjai"}]},
        lambda w: "/api/v1/recap/ppwp/plenary/attendance"),
    "POST /api/v1/recap/{contest_code}/sheet": ApiCase(
        lambda w: {"region": "12.76.01", "rows": {"12.76.01.1006": {"1": 1}}}, lambda w: "/api/v1/recap/ppwp/sheet"),
    "POST /api/v1/neutrality/pledges": ApiCase(
        lambda w: {"nip": HASAN, "signed_on": "2023-11-30"}, multipart=True),
    "POST /api/v1/neutrality/events": ApiCase(lambda w: {
        "region_code": "12.76.01", "held_on": "2024-01-05", "place": "Aula", "organiser": "KPU", "audience": "ASN"}),
    "POST /api/v1/neutrality/events/{event_id}/attendance": ApiCase(
        lambda w: {"file": csv_file(f"nama,nip\nOrang,{HASAN}\n")},
        lambda w: f"/api/v1/neutrality/events/{w.ids['event_tt'].pk}/attendance", multipart=True),
    "POST /api/v1/results/batch": ApiCase(lambda w: {"submissions": [
        {"tps": "12.76.01.1006.001", "contest": "ppwp", "idempotency_key": "k-1", **_good_form()}]}, batch=True),
    "POST /api/v1/secretariats/form": ApiCase(lambda w: {"election": w.ids["election"].code, "kab_code": "12.76"}),
    "POST /api/v1/secretariats/{secretariat_id}/candidates": ApiCase(
        lambda w: {"kind": "sekretaris", "employee_id": w.ids["hasan"].pk},
        lambda w: f"/api/v1/secretariats/{w.ids['sec_tt'].pk}/candidates"),
    "POST /api/v1/secretariats/{secretariat_id}/keputusan": ApiCase(
        lambda w: {"number": "KEP-1", "date": "2023-01-10", "candidate_ids": []},
        lambda w: f"/api/v1/secretariats/{w.ids['sec_tt'].pk}/keputusan"),
    "POST /api/v1/secretariats/{secretariat_id}/penetapan": ApiCase(
        lambda w: {"number": "PEN-1", "date": "2023-01-10"},
        lambda w: f"/api/v1/secretariats/{w.ids['sec_tt'].pk}/penetapan"),
    "POST /api/v1/secretariats/{secretariat_id}/office": ApiCase(
        lambda w: {"office_name": "Kantor Binjai"}, lambda w: f"/api/v1/secretariats/{w.ids['sec_tt'].pk}/office"),
    "POST /api/v1/secretariats/{secretariat_id}/candidates/{candidate_id}/withdraw": ApiCase(
        lambda w: {"reason": "uji"}, lambda w: f"/api/v1/secretariats/{w.ids['sec_tt'].pk}/candidates/1/withdraw"),
    "POST /api/v1/secretariats/{secretariat_id}/activation-slips": ApiCase(
        lambda w: {}, lambda w: f"/api/v1/secretariats/{w.ids['sec_tt'].pk}/activation-slips"),
    "POST /api/v1/secretariats/{secretariat_id}/forward": ApiCase(
        lambda w: {}, lambda w: f"/api/v1/secretariats/{w.ids['sec_tt'].pk}/forward"),
    "POST /api/v1/secretariats/{secretariat_id}/documents": ApiCase(
        lambda w: {"kind": "keputusan", "file": io.BytesIO(b"%PDF-1.4\n%%EOF\n")},
        lambda w: f"/api/v1/secretariats/{w.ids['sec_tt'].pk}/documents", multipart=True),
    "POST /api/v1/secretariats/{secretariat_id}/assignments/{assignment_id}/pakta": ApiCase(
        lambda w: {"signed_on": "2023-01-26"},
        lambda w: f"/api/v1/secretariats/{w.ids['sec_tt'].pk}/assignments/1/pakta",
        multipart=True),
    "POST /api/v1/secretariats/{secretariat_id}/assignments/{assignment_id}/remove": ApiCase(
        lambda w: {"reason": "death", "on": "2023-06-01"},
        lambda w: f"/api/v1/secretariats/{w.ids['sec_tt'].pk}/assignments/1/remove"),
    "POST /api/v1/secretariats/import": ApiCase(lambda w: {"file": csv_file(ASSIGNMENT_TT)}, multipart=True,
                                             status=400),  # an import names its rows: 400 with row errors
    "POST /api/v1/adhoc/recruitments/{recruitment_id}/step": ApiCase(
        lambda w: {"action": "close"}, lambda w: f"/api/v1/adhoc/recruitments/{w.ids['rec'].pk}/step"),
    "POST /api/v1/adhoc/recruitments/{recruitment_id}/work-extensions": ApiCase(
        lambda w: {"kind": "psu", "new_end": "2024-03-30", "reason": "PSU"},
        lambda w: f"/api/v1/adhoc/recruitments/{w.ids['rec'].pk}/work-extensions"),
    "POST /api/v1/adhoc/recruitments": ApiCase(
        lambda w: {"election": w.ids["election"].code, "body": "kpps", "region_code": "12.76"}),
    "POST /api/v1/adhoc/recruitments/{recruitment_id}/applicants": ApiCase(
        lambda w: {"area_code": "12.76.01.1006", "nik": "1276010000009999", "name": "Orang Lain", "gender": "L",
                   "birth_date": "1990-01-01", "domicile_code": "12.76.01.1006", "education": 3},
        lambda w: f"/api/v1/adhoc/recruitments/{w.ids['rec'].pk}/applicants"),
    "POST /api/v1/adhoc/recruitments/{recruitment_id}/applicants/import": ApiCase(
        lambda w: {"file": csv_file(APPLICANT_COLUMNS + "1276011006,1276010000009999,Orang Lain,L,1990-01-01,"
                                                        "1276011006,SMA\n")},
        lambda w: f"/api/v1/adhoc/recruitments/{w.ids['rec'].pk}/applicants/import", multipart=True),
    "POST /api/v1/adhoc/recruitments/{recruitment_id}/scores/import": ApiCase(
        lambda w: {"which": "written", "file": csv_file("nik,nilai\n1276010000000000,99\n")},
        lambda w: f"/api/v1/adhoc/recruitments/{w.ids['rec'].pk}/scores/import", multipart=True),
    "POST /api/v1/adhoc/recruitments/{recruitment_id}/eligibility/evaluate": ApiCase(
        lambda w: {}, lambda w: f"/api/v1/adhoc/recruitments/{w.ids['rec'].pk}/eligibility/evaluate"),
    "POST /api/v1/adhoc/recruitments/{recruitment_id}/verify-eligible": ApiCase(
        lambda w: {}, lambda w: f"/api/v1/adhoc/recruitments/{w.ids['rec'].pk}/verify-eligible"),
    "POST /api/v1/adhoc/recruitments/{recruitment_id}/areas/{area_id}/registration-extensions": ApiCase(
        lambda w: {"new_end": "2022-12-30", "reason": "uji"},
        lambda w: f"/api/v1/adhoc/recruitments/{w.ids['rec'].pk}/areas/{w.ids['area_tt'].pk}/registration-extensions"),
    "POST /api/v1/adhoc/recruitments/{recruitment_id}/areas/{area_id}/continue": ApiCase(
        lambda w: {"reason": "uji"},
        lambda w: f"/api/v1/adhoc/recruitments/{w.ids['rec'].pk}/areas/{w.ids['area_tt'].pk}/continue"),
    "POST /api/v1/adhoc/applicants/{applicant_id}/verification": ApiCase(
        lambda w: {"result": "tms", "reason": "uji"},
        lambda w: f"/api/v1/adhoc/applicants/{w.ids['applicant_tt'].pk}/verification"),
    "POST /api/v1/adhoc/applicants/{applicant_id}/scores": ApiCase(
        lambda w: {"which": "written", "value": "99"},
        lambda w: f"/api/v1/adhoc/applicants/{w.ids['applicant_tt'].pk}/scores"),
    "POST /api/v1/adhoc/applicants/{applicant_id}/health": ApiCase(
        lambda w: {"health": "unfit"}, lambda w: f"/api/v1/adhoc/applicants/{w.ids['applicant_tt'].pk}/health"),
    "POST /api/v1/adhoc/applicants/{applicant_id}/documents": ApiCase(
        lambda w: {"kind": "ktp", "file": csv_file("bukan pdf")},
        lambda w: f"/api/v1/adhoc/applicants/{w.ids['applicant_tt'].pk}/documents", multipart=True),
    "POST /api/v1/adhoc/recruitments/{recruitment_id}/activation-slips": ApiCase(
        lambda w: {}, lambda w: f"/api/v1/adhoc/recruitments/{w.ids['rec'].pk}/activation-slips"),
    "POST /api/v1/adhoc/applicants/{applicant_id}/replacement": ApiCase(
        lambda w: {"reason": "resigned", "detail": "uji", "decided_on": "2023-03-01"},
        lambda w: f"/api/v1/adhoc/applicants/{w.ids['applicant_tt'].pk}/replacement"),
    "PUT /api/v1/schedule/{election_code}/stages/{stage_id}": ApiCase(
        lambda w: {"start": "2023-12-02", "end": "2024-02-01", "reason": "uji"},
        lambda w: f"/api/v1/schedule/pemilu-2024/stages/{w.ids['local_tt'].pk}", method="put"),
    "POST /api/v1/schedule/{election_code}/local-windows": ApiCase(
        lambda w: {"stage_code": "kampanye", "region_code": "12.76", "start": "2023-12-02", "end": "2024-02-01"},
        lambda w: "/api/v1/schedule/pemilu-2024/local-windows", status=404),
    "DELETE /api/v1/schedule/{election_code}/local-windows/{stage_id}": ApiCase(
        lambda w: {}, lambda w: f"/api/v1/schedule/pemilu-2024/local-windows/{w.ids['local_tt'].pk}",
        method="delete"),
    "PUT /api/v1/candidacy/dpd/provinces/{region_code}": ApiCase(
        lambda w: {"dpt": 1, "dpt_source": "uji"}, lambda w: "/api/v1/candidacy/dpd/provinces/12", method="put"),
    "POST /api/v1/candidacy/dpd/provinces/{region_code}/candidates": ApiCase(
        lambda w: {"name": "Orang Lain", "nik": "1276010101700002", "sex": "L", "birth_date": "1970-01-01"},
        lambda w: "/api/v1/candidacy/dpd/provinces/12/candidates"),
    "POST /api/v1/candidacy/dpd/provinces/{region_code}/check": ApiCase(
        lambda w: {}, lambda w: "/api/v1/candidacy/dpd/provinces/12/check"),
    "POST /api/v1/candidacy/dpd/provinces/{region_code}/register-check": ApiCase(
        lambda w: {}, lambda w: "/api/v1/candidacy/dpd/provinces/12/register-check"),
    "POST /api/v1/candidacy/dpd/candidates/{candidate_id}/resignation-decree": ApiCase(
        lambda w: {"number": "800/1/2023", "decided_on": "2023-05-02"},
        lambda w: f"/api/v1/candidacy/dpd/candidates/{w.ids['dpd_candidate'].pk}/resignation-decree"),
    "POST /api/v1/candidacy/dpd/candidates/{candidate_id}/supporters": ApiCase(
        lambda w: {"file": csv_file("nik,nama,kode_wilayah,tanggal_lahir,jenis_kelamin,status_perkawinan\n"
                                    "1275010101800001,Orang Binjai,12.75.01.1001,1980-01-01,L,S\n")},
        lambda w: f"/api/v1/candidacy/dpd/candidates/{w.ids['dpd_candidate'].pk}/supporters", multipart=True),
    "POST /api/v1/candidacy/dpd/candidates/{candidate_id}/sample": ApiCase(
        lambda w: {"seed": 2}, lambda w: f"/api/v1/candidacy/dpd/candidates/{w.ids['dpd_candidate'].pk}/sample"),
    "POST /api/v1/candidacy/dpd/supporters/{supporter_id}/verification": ApiCase(
        lambda w: {"outcome": "tms", "note": "uji"},
        lambda w: f"/api/v1/candidacy/dpd/supporters/{w.ids['dpd_supporter'].pk}/verification"),
    "POST /api/v1/adhoc/comments/{comment_id}/follow-up": ApiCase(
        lambda w: {"follow_up": "diperiksa"}, lambda w: f"/api/v1/adhoc/comments/{w.ids['comment'].pk}/follow-up"),
    "POST /api/v1/candidacy/dpd/contests/{contest_id}/resolution": ApiCase(
        lambda w: {"upheld": True, "reason": "uji"},
        lambda w: f"/api/v1/candidacy/dpd/contests/{w.ids['dpd_contest'].pk}/resolution"),
    # A province outside the actor's scope is a row error (400) that names nothing more.
    "POST /api/v1/candidacy/dpd/imports": ApiCase(lambda w: {"file": csv_file(
        "kode_provinsi,nama,nik,jenis_kelamin,tanggal_lahir\n12,Calon Lain,1276010101700009,L,1970-01-01\n")},
        multipart=True, status=400),
    "POST /api/v1/candidacy/lists": ApiCase(lambda w: {
        "level": "dprd-kabkota", "dapil_code": "127602", "party_ballot_no": 4, "candidates": [
            {"number": 1, "name": "Calon Lain", "sex": "L", "nik": "1276010101800001", "birth_date": "1980-01-01"}]}),
    "POST /api/v1/candidacy/lists/{list_id}/transition": ApiCase(
        lambda w: {"action": "verify"}, lambda w: f"/api/v1/candidacy/lists/{w.ids['list_tt'].pk}/transition"),
    "POST /api/v1/candidacy/responses/{response_id}/transition": ApiCase(
        lambda w: {"action": "dismiss", "text": "tidak terbukti"},
        lambda w: f"/api/v1/candidacy/responses/{w.ids['response_tt'].pk}/transition"),
    "POST /api/v1/candidacy/imports": ApiCase(lambda w: {"level": "dprd-kabkota", "file": csv_file(
        "kode_dapil,party_ballot_no,nomor_urut,nama,jenis_kelamin,nik,tanggal_lahir\n"
        "127602,4,1,Calon Lain,L,1276010101800001,1980-01-01\n")}, multipart=True, status=400),
    "POST /api/v1/candidacy/liaisons": ApiCase(lambda w: {
        "username": "kpu_staff_binjai", "party_ballot_no": 4, "scope_code": "12.76", "reason": "uji"}),
    # The documents desk (issue 23 items 3, 4): Golkar's list of Tebing Tinggi and its first candidate's KTP.
    "POST /api/v1/candidacy/lists/{list_id}/checklist": ApiCase(
        lambda w: {"due": "2099-01-02"}, lambda w: f"/api/v1/candidacy/lists/{w.ids['list_tt'].pk}/checklist"),
    "POST /api/v1/candidacy/lists/{list_id}/register-check": ApiCase(
        lambda w: {}, lambda w: f"/api/v1/candidacy/lists/{w.ids['list_tt'].pk}/register-check"),
    "POST /api/v1/candidacy/documents/{document_id}/submission": ApiCase(
        lambda w: {"file": csv_file("%PDF-1.4\n%%EOF\n", "ktp.pdf")},
        lambda w: f"/api/v1/candidacy/documents/{w.ids['doc_tt'].pk}/submission", multipart=True),
    "POST /api/v1/candidacy/documents/{document_id}/outcome": ApiCase(
        lambda w: {"outcome": "tms", "note": "uji"},
        lambda w: f"/api/v1/candidacy/documents/{w.ids['doc_tt'].pk}/outcome"),
    "POST /api/v1/candidacy/candidates/{candidate_id}/cv-consent": ApiCase(
        lambda w: {"choice": "given", "stated_on": "2023-05-10"},
        lambda w: f"/api/v1/candidacy/candidates/{w.ids['doc_tt'].candidate_id}/cv-consent"),
    "POST /api/v1/candidacy/candidates/{candidate_id}/resignation-decree": ApiCase(
        lambda w: {"number": "800/1/2023", "decided_on": "2023-05-02", "file": csv_file("%PDF-1.4\n%%EOF\n", "sk.pdf")},
        lambda w: f"/api/v1/candidacy/candidates/{w.ids['doc_tt'].candidate_id}/resignation-decree", multipart=True),
    "POST /api/v1/voters/duplicates/{duplicate_id}/decision": ApiCase(
        lambda w: {"decision": "bukan_ganda", "reason": "uji"},
        lambda w: f"/api/v1/voters/duplicates/{w.ids['dup_tt'].pk}/decision"),
    "POST /api/v1/voters/duplicate-searches": ApiCase(lambda w: {"region": "12.76"}),
    "POST /api/v1/voters/tps-mapping/{region_code}": ApiCase(
        lambda w: {"dry_run": False}, lambda w: "/api/v1/voters/tps-mapping/12.76"),
    "POST /api/v1/voters/{voter_id}/transfers": ApiCase(
        lambda w: {"destination": "12.76.01.1006.002", "reason": "tugas"},
        lambda w: f"/api/v1/voters/{w.ids['voter_tt'].pk}/transfers"),
    "POST /api/v1/voters/dpk/{tps_code}": ApiCase(lambda w: {
        "nik": "1276015502990001", "name": "Pemilih DPK", "sex": "P", "birth_date": "1999-02-15", "marital": "B",
        "village": "12.76.01.1006", "rt": "001", "rw": "001", "ballots_left": 10},
        lambda w: "/api/v1/voters/dpk/12.76.01.1006.001"),
    "PUT /api/v1/tps/{tps_code}/address": ApiCase(
        lambda w: {"address": "Jl. Binjai 1", "location_note": "halaman sekolah"},
        lambda w: "/api/v1/tps/12.76.01.1006.001/address", method="put"),
}
# Second requests aimed at Binjai's own objects carrying Tebing Tinggi's record inside.
CANDIDATES = "POST /api/v1/secretariats/{secretariat_id}/candidates"
EXTEND = "POST /api/v1/adhoc/recruitments/{recruitment_id}/work-extensions"
API_VARIANTS: dict[str, tuple[str, ApiCase]] = {
    "users: own region, Tebing Tinggi's username": ("POST /api/v1/users", ApiCase(lambda w: {
        "username": "kpu_staff_a", "full_name": "Orang Baru", "role": "kpu_staff", "scope_code": "12.75",
        "reason": "uji"}, status=409)),  # the name is taken (usernames are global); nothing else is said
    "candidates: own secretariat, Tebing Tinggi's employee": (CANDIDATES, ApiCase(
        lambda w: {"kind": "sekretaris", "employee_id": w.ids["hasan"].pk},
        lambda w: f"/api/v1/secretariats/{w.ids['sec_binjai'].pk}/candidates", status=400)),
    "secretariat import: own secretariat, Tebing Tinggi's NIP": ("POST /api/v1/secretariats/import", ApiCase(
        lambda w: {"file": csv_file(ASSIGNMENT_BINJAI_WITH_TT_NIP)}, multipart=True, status=400)),
    "work extension: own recruitment, Tebing Tinggi's area": (EXTEND, ApiCase(
        lambda w: {"kind": "psu", "new_end": "2024-03-30", "reason": "PSU", "area_code": "12.76.01.1006"},
        lambda w: f"/api/v1/adhoc/recruitments/{w.ids['rec_binjai'].pk}/work-extensions")),
}
# API writes that touch no existing scoped record (a reason is required for each).
API_EXCLUDED: dict[str, str] = {
    "POST /api/v1/candidacy/public/lists/{list_id}/responses": "the public response on an announced DCS (anonymous, "
                                                               "as /pencalonan/publik/): anyone may respond, and the "
                                                               "answer is its id and reply deadline only",
    "POST /api/v1/voters/cek-dpt": "Cek DPT, the public lookup (anonymous, as /pemilih/cek-dpt/): it writes nothing "
                                   "and answers for an exact NIK only, with the name masked",
    "POST /api/v1/neutrality/reports": "the public intake (anonymous, as the page /netralitas/lapor/): anyone may "
                                    "report about any region, and the answer is a tracking code only",
    "POST /api/v1/candidacy/dpd/support-lookup": "the public cek dukungan (anonymous, as /cek-dukungan/): writes "
                                                 "nothing; the answer is masked",
    "POST /api/v1/candidacy/dpd/support-contests": "a person contests their own listing (anonymous, as "
                                                   "/cek-dukungan/sanggah/): it needs the person's NIK on that "
                                                   "candidate's list, and the answer is only 'received'",
    "POST /api/v1/voters/announcements/{announcement_id}/public-responses": "the public's response to an "
        "announced DPS (anonymous, as /pemilih/dps/): anyone may respond to any announced DPS; the answer is a "
        "receipt number",
}


def _api_writes() -> set[str]:
    from pemilu.api import api

    schema = api.get_openapi_schema()
    return {f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops
            if method in ("post", "put", "patch", "delete")}


def test_every_api_write_has_a_cross_region_case() -> None:
    writes = _api_writes()
    assert len(writes) >= 13, writes
    missing = writes - set(API_CASES) - set(API_EXCLUDED)
    assert not missing, f"API writes without a cross-region case (add one to API_CASES): {sorted(missing)}"
    assert not (set(API_CASES) - writes), "cases for operations the API no longer has"


def _post(client: Client, operation: str, case: ApiCase, w: World) -> Any:
    path = case.path(w) if case.path else operation.split(" ", 1)[1]
    body = case.body(w)
    if case.multipart:
        return client.post(path, body)
    return getattr(client, case.method)(path, json.dumps(body, default=str), content_type="application/json",
                                        HTTP_IDEMPOTENCY_KEY="cross-region-1")


ALL_API = [(op, op, case) for op, case in API_CASES.items()] + [
    (name, op, case) for name, (op, case) in API_VARIANTS.items()]


@pytest.mark.parametrize(("name", "operation", "case"), ALL_API, ids=[n for n, _o, _c in ALL_API])
def test_an_api_write_by_another_kabkota_changes_nothing_and_says_nothing(
        world: World, name: str, operation: str, case: ApiCase) -> None:
    client = _client(world.admin)
    before = snapshot()
    r = _post(client, operation, case, world)
    text = r.content.decode()
    if case.batch:
        assert r.status_code == 200, text
        assert [item["status"] for item in r.json()["results"]] == [case.status], text
    else:
        assert r.status_code == case.status, f"{name}: {r.status_code} {text}"
    assert changed(before, snapshot()) == [], f"{name}: changed the database: {text}"
    assert_silent(name, text)


# --- single actions matching by NIK ----------------------------------------------------------------

def test_registering_a_nik_of_another_kabkota_says_only_that_it_is_taken(world: World) -> None:
    """An officer of Binjai (or a member of the public on the portal) registering the NIK of a
    Tebing Tinggi applicant learns that it is taken, not where or for which body."""
    from pemilu.adhoc import actions as adhoc
    from pemilu.core.exceptions import ConflictError

    def data() -> Any:
        return adhoc.ApplicantData(
            area_code="12.75.01.1001", nik="1276010000000000", name="Orang Lain", gender="L",
            birth_date=datetime.date(1990, 5, 1), domicile_code="12.75.01.1001", education=3, sentence_years=0,
            health="fit", phone="081200002222", address="Jl. Binjai 1")

    for actor, portal in ((world.admin, False), (world.cast.nobody, True)):
        before = snapshot()
        with time_machine.travel(datetime.datetime(2022, 12, 20, 3, 0, tzinfo=datetime.UTC)), \
                pytest.raises(ConflictError) as caught:  # the portal is open during registration only
            adhoc.do_register(world.ids["rec_binjai"], data(), actor=actor, portal=portal)
        assert caught.value.message == "NIK ini sudah terdaftar"
        assert changed(before, snapshot()) == []
    # Tebing Tinggi's own office is told where (it may see that application).
    with pytest.raises(ConflictError) as own:
        adhoc.do_register(world.ids["rec"], adhoc.ApplicantData(**{
            **data().__dict__, "area_code": "12.76.01.1007", "domicile_code": "12.76.01.1007"}),
            actor=world.cast.kpu_staff_a)
    assert "Persiakan" in own.value.message


