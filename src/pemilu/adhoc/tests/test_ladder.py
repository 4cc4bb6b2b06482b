"""Every page, export and API endpoint of adhoc climbs the permission ladder.

URLs hold ``{rec}``, ``{area}``, ``{applicant}``, ``{doc}``, ``{mine}`` (an application owned by
``nobody``, the applicant account with no role), filled per run."""

from __future__ import annotations

import datetime

import pytest

from pemilu.adhoc import actions
from pemilu.adhoc.models import Announcement, Applicant
from pemilu.adhoc.tests.conftest import PDF, register
from pemilu.testing.factories import Cast
from pemilu.testing.ladder import Endpoint, climb, fill

# Public: the announcements (names with masked NIK) and the applicant sign-up.
# The comment form (tanggapan masyarakat) is public too: test_comments.py; comments/follow_up climb there.
UNSCOPED = {
    "/adhoc/pengumuman/": "the public announcements (names, masked NIK)",
    "/adhoc/pengumuman/{ann}.pdf": "a public announcement",
    "/adhoc/pengumuman/{ann}/status/": "a public announcement's state",
    "/adhoc/daftar/akun/": "the applicant sign-up",
    "/adhoc/pengumuman/{ann}/tanggapan/": "the public comment form (tanggapan masyarakat)",
    "/akun/aktivasi/": "a new member's account activation (username + one-time code): test_member_access.py",
}

KPU_A = ["kpu_admin_a", "kpu_staff_a"]
READERS_A = [*KPU_A, "ppk_a1", "pps_a1", "bawaslu_a"]        # all see Persiakan
NOT_KPU_A = ["ppk_a1", "pps_a1", "bawaslu_a"]                 # in scope, may not act
OUTSIDE = ["pps_a2", "kpu_admin_b", "pps_b1", "nobody"]        # Bandar Sono's PPS, Karo, no role

ENDPOINTS = [
    Endpoint("adhoc:home", "/adhoc/", allowed=[*READERS_A, "pps_a2", "kpu_admin_b"], forbidden=["kpps_a1"]),
    Endpoint("adhoc:home applicant account", "/adhoc/", allowed=["nobody"], ok_status=302),
    Endpoint("adhoc:create", "/adhoc/buat/", allowed=["kpu_staff_a"], forbidden=["bawaslu_a"],
             hidden=["ppk_a1", "pps_a1", "kpu_admin_b", "nobody"], method="post",
             data={"body": "ppk", "region": "12.76"}, ok_status=302),
    Endpoint("adhoc:create (confirm page)", "/adhoc/buat/", allowed=["kpu_staff_a"], forbidden=["bawaslu_a"],
             hidden=["ppk_a1", "pps_a1", "kpu_admin_b", "nobody"], data={"body": "ppk", "region": "12.76"}),
    Endpoint("adhoc:portal", "/adhoc/daftar/", allowed=["kpu_staff_a", "kpu_admin_b"],
             public_data="the recruitments open for registration are announced publicly"),
    Endpoint("adhoc:portal (own application)", "/adhoc/daftar/", allowed=["nobody"],
             public_data="the applicant's own application"),
    Endpoint("adhoc:portal_upload", "/adhoc/daftar/{mine}/unggah/", allowed=["nobody"],
             hidden=[*KPU_A, "pps_a1", "kpu_admin_b"], method="post", ok_status=302),
    Endpoint("adhoc:portal_profile", "/adhoc/daftar/{mine}/profil/", allowed=["nobody"],
             hidden=[*KPU_A, "pps_a1", "kpu_admin_b"], method="post", ok_status=302),
    Endpoint("adhoc:recruitment", "/adhoc/{rec}/", allowed=[*READERS_A, "pps_a2"],
             hidden=["kpu_admin_b", "pps_b1", "nobody", "kpps_a1"]),
    Endpoint("adhoc:dashboard_xlsx", "/adhoc/{rec}/pendaftar.xlsx", allowed=KPU_A, forbidden=NOT_KPU_A,
             hidden=["kpu_admin_b", "nobody"]),
    Endpoint("adhoc:transition", "/adhoc/{rec}/tahap/", allowed=KPU_A, forbidden=NOT_KPU_A,
             hidden=["kpu_admin_b", "nobody"]),
    Endpoint("adhoc:register", "/adhoc/{rec}/daftar/", allowed=KPU_A, forbidden=NOT_KPU_A,
             hidden=["kpu_admin_b", "nobody"]),
    Endpoint("adhoc:import", "/adhoc/{rec}/impor/pelamar/", allowed=KPU_A, forbidden=NOT_KPU_A,
             hidden=["kpu_admin_b", "nobody"], method="post", ok_status=302),
    Endpoint("adhoc:bulk_action", "/adhoc/{rec}/aksi/periksa-syarat/", allowed=KPU_A, forbidden=NOT_KPU_A,
             hidden=["kpu_admin_b", "nobody"], method="post", ok_status=302),
    Endpoint("adhoc:bulk_action (confirm page)", "/adhoc/{rec}/aksi/verifikasi-ms/", allowed=KPU_A,
             forbidden=NOT_KPU_A, hidden=["kpu_admin_b", "nobody"]),
    Endpoint("adhoc:area", "/adhoc/{rec}/wilayah/{area}/", allowed=READERS_A, hidden=OUTSIDE),
    # The ladder's recruitment is not inaugurated yet: a permitted user is told so (409); the slips
    # themselves are checked in test_member_access.py.
    Endpoint("adhoc:activation_slips", "/adhoc/{rec}/kode-aktivasi/", allowed=KPU_A, forbidden=NOT_KPU_A,
             hidden=["kpu_admin_b", "nobody"], method="post", ok_status=409),
    Endpoint("adhoc:extend", "/adhoc/{rec}/wilayah/{area}/perpanjang/", allowed=["kpu_staff_a"],
             forbidden=NOT_KPU_A, hidden=OUTSIDE, method="post", ok_status=302),
    Endpoint("adhoc:continue", "/adhoc/{rec}/wilayah/{area}/lanjut/", allowed=["kpu_staff_a"],
             forbidden=NOT_KPU_A, hidden=OUTSIDE, method="post", ok_status=302),
    Endpoint("adhoc:extend_work", "/adhoc/{rec}/masa-kerja/", allowed=KPU_A, forbidden=NOT_KPU_A,
             hidden=["kpu_admin_b", "pps_b1", "nobody"], method="post", ok_status=302),
    Endpoint("adhoc:extend_area_work", "/adhoc/{rec}/wilayah/{area}/masa-kerja/", allowed=KPU_A,
             forbidden=NOT_KPU_A, hidden=OUTSIDE, method="post", ok_status=302),
    Endpoint("adhoc:comments", "/adhoc/{rec}/tanggapan/", allowed=KPU_A, forbidden=NOT_KPU_A,
             hidden=["kpu_admin_b", "pps_b1", "nobody"]),
    Endpoint("adhoc:follow_up", "/adhoc/tanggapan/{comment}/tindak-lanjut/", allowed=KPU_A, forbidden=NOT_KPU_A,
             hidden=OUTSIDE, method="post", data={"follow_up": "diklarifikasi"}, ok_status=302),
    Endpoint("adhoc:applicant", "/adhoc/pelamar/{applicant}/", allowed=READERS_A, hidden=[*OUTSIDE, "kpps_a1"]),
    Endpoint("adhoc:applicant_action", "/adhoc/pelamar/{applicant}/verifikasi/", allowed=["kpu_staff_a"],
             forbidden=NOT_KPU_A, hidden=OUTSIDE, method="post", ok_status=302),
    Endpoint("adhoc:document", "/adhoc/pelamar/{applicant}/dokumen/{doc}/", allowed=KPU_A, forbidden=NOT_KPU_A,
             hidden=OUTSIDE),
    Endpoint("api:list_recruitments", "/api/v1/adhoc/recruitments", allowed=[*READERS_A, "kpu_admin_b", "nobody"],
             api=True),
    Endpoint("api:get_recruitment", "/api/v1/adhoc/recruitments/{rec}", allowed=[*READERS_A, "pps_a2"],
             hidden=["kpu_admin_b", "nobody"], api=True),
    Endpoint("api:list_areas", "/api/v1/adhoc/recruitments/{rec}/areas", allowed=[*READERS_A, "pps_a2"],
             hidden=["kpu_admin_b", "nobody"], api=True),
    Endpoint("api:list_applicants", "/api/v1/adhoc/recruitments/{rec}/applicants", allowed=READERS_A,
             hidden=["kpu_admin_b", "nobody"], api=True),
    Endpoint("api:get_applicant", "/api/v1/adhoc/applicants/{applicant}", allowed=READERS_A, hidden=OUTSIDE, api=True),
    Endpoint("api:applicant_eligibility", "/api/v1/adhoc/applicants/{applicant}/eligibility", allowed=READERS_A,
             hidden=OUTSIDE, api=True),
    # Closing with too few registrants reaches the action's rule (409): the effects in test_pages.py.
    Endpoint("api:step", "/api/v1/adhoc/recruitments/{rec}/step", api=True, method="post", data={"action": "close"},
             ok_status=409, allowed=KPU_A, forbidden=NOT_KPU_A, hidden=["kpu_admin_b", "nobody"]),
    Endpoint("api:list_work_extensions", "/api/v1/adhoc/recruitments/{rec}/work-extensions", allowed=READERS_A,
             hidden=["kpu_admin_b", "nobody"], api=True),
    Endpoint("api:list_comments", "/api/v1/adhoc/recruitments/{rec}/comments", allowed=KPU_A, forbidden=NOT_KPU_A,
             hidden=["kpu_admin_b", "nobody"], api=True),
    # A recruitment still registering has no term to extend (409): the effects in test_revote.py.
    Endpoint("api:extend_work", "/api/v1/adhoc/recruitments/{rec}/work-extensions", api=True, method="post",
             data={"kind": "psu", "new_end": "2024-05-10", "reason": "PSU TPS 003", "area_code": "12.76.01.1006"},
             ok_status=409, allowed=["kpu_staff_a"], forbidden=NOT_KPU_A, hidden=["kpu_admin_b", "nobody"]),
    Endpoint("api:follow_up_comment", "/api/v1/adhoc/comments/{comment}/follow-up", api=True, method="post",
             data={"follow_up": "Klarifikasi ke partai: bukan anggota."}, allowed=["kpu_staff_a"],
             forbidden=NOT_KPU_A, hidden=OUTSIDE),
    # The pages' actions in the API (adhoc/api_ops.py). Where the recruitment's stage does not allow
    # the action yet (registration is open), the allowed rung is the stage rule's 409: the scope
    # and the role passed; test_api_ops.py drives each through the whole pipeline with success.
    Endpoint("api:create_recruitment", "/api/v1/adhoc/recruitments", api=True, method="post", ok_status=201,
             data={"election": "pemilu-2024", "body": "kpps", "region_code": "12.76"}, allowed=["kpu_staff_a"],
             forbidden=["bawaslu_a"], hidden=["kpu_admin_b", "nobody"]),
    Endpoint("api:register_applicant", "/api/v1/adhoc/recruitments/{rec}/applicants", api=True, method="post",
             ok_status=201, data={"area_code": "12.76.01.1006", "nik": "1276010000077777", "name": "Rina Tarigan",
                                  "gender": "P", "birth_date": "1990-05-01", "domicile_code": "12.76.01.1006",
                                  "education": 3}, allowed=["kpu_staff_a"], forbidden=["bawaslu_a", "pps_a1"],
             hidden=["kpu_admin_b", "nobody"]),
    Endpoint("api:import_applicants", "/api/v1/adhoc/recruitments/{rec}/applicants/import", api=True,
             method="post", multipart=True, allowed=["kpu_staff_a"], forbidden=["bawaslu_a", "pps_a1"],
             hidden=["kpu_admin_b", "nobody"],
             data={"file": b"kode_wilayah,nik,nama,jenis_kelamin,tanggal_lahir,domisili,pendidikan\n"
                           b"1276011006,1276010101900001,Ani,P,1990-01-01,1276011006,SMA\n"}),
    Endpoint("api:import_scores", "/api/v1/adhoc/recruitments/{rec}/scores/import", api=True, method="post",
             multipart=True, data={"which": "written", "file": b"nik,nilai\n"}, ok_status=409,
             allowed=["kpu_staff_a"], forbidden=NOT_KPU_A, hidden=["kpu_admin_b", "nobody"]),
    Endpoint("api:evaluate_eligibility", "/api/v1/adhoc/recruitments/{rec}/eligibility/evaluate", api=True,
             method="post", allowed=["kpu_staff_a"], forbidden=NOT_KPU_A, hidden=["kpu_admin_b", "nobody"]),
    Endpoint("api:verify_eligible", "/api/v1/adhoc/recruitments/{rec}/verify-eligible", api=True, method="post",
             ok_status=409, allowed=["kpu_staff_a"], forbidden=NOT_KPU_A, hidden=["kpu_admin_b", "nobody"]),
    Endpoint("api:extend_registration", "/api/v1/adhoc/recruitments/{rec}/areas/{area}/registration-extensions",
             api=True, method="post", ok_status=201, data={"new_end": "2022-12-30", "reason": "kurang"},
             allowed=["kpu_staff_a"], forbidden=NOT_KPU_A, hidden=OUTSIDE),
    Endpoint("api:continue_below_minimum", "/api/v1/adhoc/recruitments/{rec}/areas/{area}/continue", api=True,
             method="post", ok_status=409, data={"reason": "lanjut"}, allowed=["kpu_staff_a"], forbidden=NOT_KPU_A,
             hidden=OUTSIDE),
    Endpoint("api:verify_applicant", "/api/v1/adhoc/applicants/{applicant}/verification", api=True,
             method="post", ok_status=409, data={"result": "ms"}, allowed=["kpu_staff_a"], forbidden=NOT_KPU_A,
             hidden=OUTSIDE),
    Endpoint("api:set_score", "/api/v1/adhoc/applicants/{applicant}/scores", api=True, method="post",
             ok_status=409, data={"which": "written", "value": "80"}, allowed=["kpu_staff_a"], forbidden=NOT_KPU_A,
             hidden=OUTSIDE),
    Endpoint("api:set_health", "/api/v1/adhoc/applicants/{applicant}/health", api=True, method="post",
             data={"health": "unfit"}, allowed=["kpu_staff_a"], forbidden=["bawaslu_a", "ppk_a1"], hidden=OUTSIDE),
    Endpoint("api:upload_document", "/api/v1/adhoc/applicants/{applicant}/documents", api=True, method="post",
             multipart=True, ok_status=201, data={"kind": "cv", "file": PDF}, allowed=["kpu_staff_a"],
             forbidden=["bawaslu_a", "ppk_a1"], hidden=OUTSIDE),
    Endpoint("api:list_documents", "/api/v1/adhoc/applicants/{applicant}/documents", api=True, allowed=KPU_A,
             forbidden=NOT_KPU_A, hidden=OUTSIDE),
    Endpoint("api:download_document", "/api/v1/adhoc/applicants/{applicant}/documents/{doc}", api=True,
             allowed=KPU_A, forbidden=NOT_KPU_A, hidden=OUTSIDE),
    Endpoint("api:issue_activation_slips", "/api/v1/adhoc/recruitments/{rec}/activation-slips", api=True,
             method="post", ok_status=409, allowed=["kpu_staff_a"], forbidden=NOT_KPU_A,
             hidden=["kpu_admin_b", "nobody"]),
    Endpoint("api:replace_member", "/api/v1/adhoc/applicants/{applicant}/replacement", api=True, method="post",
             ok_status=409, data={"reason": "resigned", "detail": "x", "decided_on": "2023-03-01"},
             allowed=["kpu_staff_a"], forbidden=NOT_KPU_A, hidden=OUTSIDE),
]

READ = "every role whose scope covers the row may read it: no role in scope is refused (403)"
OWN = "an application is its applicant's: every other user, officials included, gets 404 (no role to lack)"
NOT_APPLICABLE = {
    "/adhoc/daftar/": {"forbidden": "the applicant portal: any logged-in person may apply",
                       "out_of_scope": "it lists the recruitments open to the public and the user's own "
                                       "applications only"},
    "/adhoc/daftar/{pk}/profil/": {"forbidden": OWN},
    "/adhoc/daftar/{pk}/unggah/": {"forbidden": OWN},
    "/adhoc/{pk}/": {"forbidden": READ},
    "/adhoc/{pk}/wilayah/{area_pk}/": {"forbidden": READ},
    "/adhoc/pelamar/{pk}/": {"forbidden": READ},
    "GET /api/v1/adhoc/recruitments": {
        "forbidden": "a list: every user gets the recruitments of their scope, never 403"},
    "GET /api/v1/adhoc/recruitments/{recruitment_id}": {"forbidden": READ},
    "GET /api/v1/adhoc/recruitments/{recruitment_id}/areas": {"forbidden": READ},
    "GET /api/v1/adhoc/recruitments/{recruitment_id}/applicants": {"forbidden": READ},
    "GET /api/v1/adhoc/recruitments/{recruitment_id}/work-extensions": {"forbidden": READ},
    "GET /api/v1/adhoc/applicants/{applicant_id}": {"forbidden": READ},
    "GET /api/v1/adhoc/applicants/{applicant_id}/eligibility": {"forbidden": READ},
}


@pytest.fixture
def rows(cast: Cast, rec) -> dict[str, int]:
    a = register(rec, cast.kpu_staff_a)
    mine = register(rec, cast.kpu_staff_a, area_code="12.76.01.1007", domicile_code="12.76.01.1007", docs=False)
    Applicant.objects.filter(pk=mine.pk).update(user=cast.nobody)
    # A public comment on `a`, named in an (unrendered) administrative-results announcement.
    Applicant.objects.filter(pk=a.pk).update(admin_result="ms")
    ann = Announcement.objects.create(recruitment=rec, step="admin", number="1/ladder", file="adhoc/ladder.pdf",
                                      sha256="0" * 64, created_by=cast.kpu_staff_a)
    comment = actions.submit_comment(ann, a.pk, "Calon ini pengurus partai pada 2021.")
    # Karo's recruitment and applicant too: the leak check looks for them in Tebing Tinggi's answers.
    karo = actions.do_create_recruitment(rec.election, "pps", "12.06", actor=cast.kpu_admin_b)
    karo = actions.do_open_registration(karo, actor=cast.kpu_admin_b, start=datetime.date(2022, 12, 18),
                                        end=datetime.date(2022, 12, 27))
    register(karo, cast.kpu_admin_b, area_code="12.06.01.2001", domicile_code="12.06.01.2001",
             name="Rina Ginting", nik="1206010101900009", docs=False)
    return {"rec": rec.pk, "area": a.area_id, "applicant": a.pk, "doc": a.documents.first().pk,  # type: ignore[union-attr]
            "mine": mine.pk, "comment": comment.pk}


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_the_ladder(cast: Cast, rows: dict[str, int], endpoint: Endpoint) -> None:
    climb(fill(endpoint, rows), cast)
