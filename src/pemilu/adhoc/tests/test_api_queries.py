"""The adhoc, ASN and people lists of the API read a page in a fixed number of queries: n rows,
then 2n, the same count (issue 18 item 7; pemilu.testing.queries)."""

from __future__ import annotations

from pemilu.adhoc import actions
from pemilu.adhoc.models import Announcement, Applicant, Recruitment
from pemilu.adhoc.tests.conftest import PDF, register
from pemilu.testing.factories import Cast
from pemilu.testing.ladder import client_for
from pemilu.testing.queries import assert_constant_queries

PERSIAKAN = "12.76.01.1006"


def test_applicants_documents_and_comments_lists(cast: Cast, rec: Recruitment) -> None:
    staff = client_for(cast, "kpu_staff_a")
    people = [register(rec, cast.kpu_staff_a, docs=False) for _ in range(2)]
    assert_constant_queries(staff, f"/api/v1/adhoc/recruitments/{rec.pk}/applicants",
                            lambda: people.extend(register(rec, cast.kpu_staff_a, docs=False) for _ in range(2)))
    a = people[0]
    actions.do_upload_document(a, "ktp", "ktp.pdf", PDF, actor=cast.kpu_staff_a)
    _q, n = assert_constant_queries(staff, f"/api/v1/adhoc/applicants/{a.pk}/documents",
                                    lambda: actions.do_upload_document(a, "ijazah", "i.pdf", PDF,
                                                                       actor=cast.kpu_staff_a))
    assert n == 2
    Applicant.objects.filter(pk__in=[p.pk for p in people]).update(admin_result="ms")
    ann = Announcement.objects.create(recruitment=rec, step="admin", number="1/q", file="adhoc/q.pdf",
                                      sha256="0" * 64, created_by=cast.kpu_staff_a)
    actions.submit_comment(ann, people[0].pk, "Calon ini pengurus partai.")
    assert_constant_queries(staff, f"/api/v1/adhoc/recruitments/{rec.pk}/comments",
                            lambda: [actions.submit_comment(ann, p.pk, "Tanggapan lain.") for p in people[1:3]])


def test_recruitments_list(cast: Cast, rec: Recruitment) -> None:
    staff = client_for(cast, "kpu_staff_a")
    assert_constant_queries(staff, "/api/v1/adhoc/recruitments",
                            lambda: actions.do_create_recruitment(rec.election, "kpps", "12.76",
                                                                  actor=cast.kpu_staff_a))


def test_asn_list(cast: Cast) -> None:
    from pemilu.asn.actions import import_employees

    head = "nip,nama,instansi,jabatan,jenis_kepegawaian,kode_wilayah\n"

    def rows(start: int, n: int) -> bytes:
        return (head + "".join(f"19800101200501{i:04d},Pegawai {i},Kelurahan Persiakan,Staf,PNS,{PERSIAKAN}\n"
                               for i in range(start, start + n))).encode()

    import_employees(rows(0, 3), actor=cast.kpu_admin_a)
    assert_constant_queries(client_for(cast, "kpu_admin_a"), "/api/v1/asn",
                            lambda: import_employees(rows(3, 3), actor=cast.kpu_admin_a))


def test_people_list(cast: Cast) -> None:
    from pemilu.testing.factories import make_user

    admin = client_for(cast, "kpu_admin_a")
    assert_constant_queries(admin, "/api/v1/users",
                            lambda: [make_user(f"petugas{i}", "pps", PERSIAKAN) for i in range(6)])


def test_schedule_stages_list(cast: Cast) -> None:
    """The stages of an election, with a region's local windows applied: constant in the windows."""
    import datetime

    from django.test import Client

    from pemilu.accounts.actions import get_system_user
    from pemilu.schedule.actions import do_load_builtin_schedule, do_set_local_window

    election = do_load_builtin_schedule("pemilu-2024", actor=get_system_user()).election
    url = "/api/v1/schedule/pemilu-2024/stages?region=12.76.01.1006"
    do_set_local_window(election, "kampanye", "12.76", actor=cast.kpu_admin_a, start=datetime.date(2023, 12, 1),
                        end=datetime.date(2024, 2, 1))
    from pemilu.testing.queries import query_count

    before, n = query_count(Client(), url)
    do_set_local_window(election, "pendaftaran-pps", "12.76", actor=cast.kpu_admin_a,
                        start=datetime.date(2022, 12, 20), end=datetime.date(2023, 1, 5))
    assert query_count(Client(), url) == (before, n)
