"""Issue 19 item 5: neutrality cases after KASN — the working-day window on the national calendar,
referrals to BKN, sanctions by the suspect's employment (PNS, PPPK, non-ASN), organiser routes,
and the temuan intake."""

import datetime
import importlib
from typing import Any

import pytest
from django.apps import apps

from pemilu.accounts.actions import get_system_user
from pemilu.asn.actions import import_employees
from pemilu.audit.models import AuditEvent
from pemilu.core.exceptions import DomainError, ImportFailed, NotFoundError, TransitionBlocked
from pemilu.elections.models import Election
from pemilu.neutrality import actions, findings, forms, holidays, rules
from pemilu.neutrality.intake import FindingIn
from pemilu.neutrality.models import Case, CaseStatus, Holiday
from pemilu.neutrality.tests.conftest import intake
from pemilu.testing.factories import Cast

D = datetime.date
REGISTER = (b"nip,nama,instansi,jabatan,jenis_kepegawaian,kode_wilayah\n"
            b"197912012005011006,Ahmad Syahputra,Kelurahan Persiakan,Lurah,PNS,12.76.01.1006\n"
            b"199502142022032009,Sri Wahyuni,Kelurahan Persiakan,Pengadministrasi Umum,PPPK,12.76.01.1006\n"
            b",Sutrisno,Kelurahan Persiakan,Petugas Kebersihan,non_asn_apbd,12.76.01.1006\n")
PNS, PPPK = "197912012005011006", "199502142022032009"


@pytest.fixture
def calendar_2024(db: None) -> None:
    """Migration 0002 loads the 2024 calendar; a transactional test run earlier in the same
    session empties every table, so load the same file again when it is gone."""
    if not Holiday.objects.filter(date__year=2024).exists():
        migration = importlib.import_module("pemilu.neutrality.migrations.0002_kasn_bkn_calendar_employment")
        migration.forwards(apps, None)


@pytest.fixture
def register(cast: Cast) -> None:
    import_employees(REGISTER, actor=cast.kpu_admin_a, filename="asn.csv")


def proven_case(election: Election, cast: Cast, *, breach: str = "n1_kampanye", **over: Any) -> Case:
    case = actions.submit_report(intake(election, **over), [], received_on=D(2024, 1, 12)).report.case
    case = actions.do_register_case(case, actor=cast.bawaslu_a, on=D(2024, 1, 12))
    case = actions.do_examine_case(case, actor=cast.bawaslu_a, on=D(2024, 1, 15))
    return actions.do_decide_case(case, "proven", actor=cast.bawaslu_a, on=D(2024, 1, 17), breach=breach)


# --- the reporting window ------------------------------------------------------------------

def test_a_report_known_thursday_1_feb_2024_and_filed_friday_9_feb_is_in_time(
        cast: Cast, election: Election, calendar_2024: None) -> None:
    config = actions.rules_for(election)
    # 8 Feb Isra Mikraj and 9 Feb cuti bersama Imlek (SKB 855/3/4 Tahun 2023), 14 Feb voting day (UU 7/2017 167(3)).
    assert {D(2024, 2, 8), D(2024, 2, 9), D(2024, 2, 14)} <= config.holidays
    case = actions.submit_report(intake(election, event_date=D(2024, 2, 1), known_on=D(2024, 2, 1)), [],
                                 received_on=D(2024, 2, 9)).report.case
    case = actions.do_register_case(case, actor=cast.bawaslu_a, on=D(2024, 2, 9))
    assert case.status == CaseStatus.REGISTERED
    # The 7th working day: 2, 5, 6, 7, 12, 13, 15 Feb.
    assert rules.report_deadline(D(2024, 2, 1), config) == D(2024, 2, 15)
    late = actions.submit_report(intake(election, event_date=D(2024, 2, 1), known_on=D(2024, 2, 1),
                                        suspect_name="Orang Lain"), [], received_on=D(2024, 2, 16)).report.case
    with pytest.raises(TransitionBlocked, match=r"2024-02-15.*Pasal 454 ayat \(6\)"):
        actions.do_register_case(late, actor=cast.bawaslu_a)


def test_cuti_bersama_can_be_counted_as_working_days(cast: Cast, election: Election, calendar_2024: None) -> None:
    actions.do_set_case_rules(election, actor=get_system_user(), joint_leave_off=False)
    config = actions.rules_for(election)
    assert D(2024, 2, 8) in config.holidays and D(2024, 2, 9) not in config.holidays
    assert rules.report_deadline(D(2024, 2, 1), config) == D(2024, 2, 13)


def test_the_holiday_calendar_is_imported_whole_or_not_at_all(cast: Cast, calendar_2024: None) -> None:
    bad = (b"tanggal,jenis,nama,dasar\n2025-01-01,libur_nasional,Tahun Baru,SKB 2024\n"
           b"2025-13-01,libur_nasional,X,SKB\n2025-01-27,libur,Isra Mikraj,SKB\n")
    with pytest.raises(ImportFailed) as info:
        holidays.import_holidays(bad, actor=get_system_user(), filename="2025.csv")
    assert "baris 3" in info.value.message and "baris 4" in info.value.message
    assert not Holiday.objects.filter(date__year=2025).exists()
    with pytest.raises(NotFoundError):  # national configuration only
        holidays.import_holidays(bad, actor=cast.kpu_admin_a)
    good = b"tanggal,jenis,nama,dasar\n2025-01-01,libur_nasional,Tahun Baru 2025,SKB 2024\n"
    assert holidays.import_holidays(good, actor=get_system_user(), filename="2025.csv") == 1
    assert Holiday.objects.filter(date__year=2025).count() == 1
    assert Holiday.objects.filter(date__year=2024).count() == 28
    assert AuditEvent.objects.filter(event_type="neutrality.holidays_imported").count() == 1


# --- referrals -------------------------------------------------------------------------------

def test_a_referral_names_bkn_and_kasn_is_refused(cast: Cast, election: Election, register: None) -> None:
    case = proven_case(election, cast, suspect_nip=PNS, suspect_name="Ahmad Syahputra")
    assert case.suspect_employment == "pns"  # taken from the ASN register
    with pytest.raises(TransitionBlocked, match="KASN telah dibubarkan.*UU 20/2023"):
        actions.do_refer_case(case, "kasn", actor=cast.bawaslu_a)
    with pytest.raises(TransitionBlocked, match="bukan ASN|tidak berlaku"):
        actions.do_refer_case(case, "employer", actor=cast.bawaslu_a)
    choices = [v for v, _label in forms.ReferForm(employment="pns").fields["referred_to"].choices]  # type: ignore[attr-defined]
    assert "bkn" in choices and "kasn" not in choices and "dkpp" not in choices
    case = actions.do_refer_case(case, "bkn", actor=cast.bawaslu_a, on=D(2024, 1, 18))
    assert case.referred_to == "bkn" and "BKN" in str(case.get_referred_to_display())
    audit = AuditEvent.objects.get(event_type="neutrality.case_referred")
    assert audit.after["referred_to"] == "bkn"  # type: ignore[index]


def test_old_kasn_referrals_keep_their_historical_name(cast: Cast, election: Election, register: None) -> None:
    case = proven_case(election, cast, suspect_nip=PNS, suspect_name="Ahmad Syahputra")
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.REFERRED, referred_to="asn_body",  # as stored before 0002
                                           referred_on=D(2024, 1, 30))
    migration = importlib.import_module("pemilu.neutrality.migrations.0002_kasn_bkn_calendar_employment")
    migration.forwards(apps, None)
    case.refresh_from_db()
    assert case.referred_to == "kasn" and str(case.get_referred_to_display()) == "KASN (sebelum UU 20/2023)"


def test_non_asn_staff_go_to_their_employer_and_get_no_asn_sanction(cast: Cast, election: Election,
                                                                     register: None) -> None:
    case = proven_case(election, cast, suspect_name="Sutrisno", suspect_employment="non_asn_apbd")
    with pytest.raises(TransitionBlocked, match="bukan ASN.*UU 20/2023 Pasal 1 angka 1"):
        actions.do_refer_case(case, "bkn", actor=cast.bawaslu_a)
    case = actions.do_refer_case(case, "employer", actor=cast.bawaslu_a)
    with pytest.raises(TransitionBlocked, match="bukan ASN"):
        actions.do_record_outcome(case, actor=cast.bawaslu_a, sanction_level="ringan",
                                  sanction_type="teguran_tertulis")
    case = actions.do_record_outcome(case, actor=cast.bawaslu_a, note="Kontrak tidak diperpanjang (Wali Kota)")
    assert case.status == CaseStatus.CLOSED and case.sanction_type == ""


def test_organisers_go_to_dkpp_and_ad_hoc_members_to_kpu(cast: Cast, election: Election) -> None:
    organiser = proven_case(election, cast, suspect_name="Anggota Bawaslu", suspect_employment="none",
                            suspect_role="organiser", breach="")
    with pytest.raises(TransitionBlocked, match="KPU menangani anggota badan adhoc"):
        actions.do_refer_case(organiser, "kpu", actor=cast.bawaslu_a)
    assert actions.do_refer_case(organiser, "dkpp", actor=cast.bawaslu_a).referred_to == "dkpp"
    adhoc = proven_case(election, cast, suspect_name="Ketua KPPS", suspect_employment="none", suspect_role="adhoc",
                        breach="", region_code="12.76.04")
    with pytest.raises(TransitionBlocked, match="DKPP hanya untuk penyelenggara"):
        actions.do_refer_case(adhoc, "dkpp", actor=cast.bawaslu_a)
    assert actions.do_refer_case(adhoc, "kpu", actor=cast.bawaslu_a).referred_to == "kpu"


# --- sanctions by employment -----------------------------------------------------------------

def test_ringan_for_a_pns_campaigning_is_refused_with_its_citation(cast: Cast, election: Election,
                                                                   register: None) -> None:
    case = proven_case(election, cast, suspect_nip=PNS, suspect_name="Ahmad Syahputra")
    case = actions.do_refer_case(case, "bkn", actor=cast.bawaslu_a)
    with pytest.raises(TransitionBlocked) as info:
        actions.do_record_outcome(case, actor=cast.bawaslu_a, sanction_level="ringan",
                                  sanction_type="teguran_tertulis")
    assert info.value.blockers[0].code == "level_not_allowed"
    assert "Hukuman ringan tidak berlaku" in info.value.message
    assert "PP 94/2021 Pasal 5 huruf n angka 1 jo. Pasal 13" in info.value.message
    with pytest.raises(TransitionBlocked, match="Pasal 13"):  # berat is not the level either
        actions.do_record_outcome(case, actor=cast.bawaslu_a, sanction_level="berat", sanction_type="pdhtaps")
    assert Case.objects.get(pk=case.pk).status == CaseStatus.REFERRED  # nothing written
    case = actions.do_record_outcome(case, actor=cast.bawaslu_a, sanction_level="sedang", sanction_type="tukin_25_9")
    assert (case.status, case.sanction_level, case.sanction_type) == (CaseStatus.CLOSED, "sedang", "tukin_25_9")


def test_a_pppk_suspect_gets_the_pppk_rules(cast: Cast, election: Election, register: None) -> None:
    case = proven_case(election, cast, suspect_nip=PPPK, suspect_name="Sri Wahyuni", breach="n6_keberpihakan")
    assert case.suspect_employment == "pppk"
    # The page and the API show the PPPK regime: PP 49/2018, with PHK instead of the PNS-only sanctions.
    types = [v for v, _label in forms.OutcomeForm(employment="pppk").fields["sanction_type"].choices]  # type: ignore[attr-defined]
    assert "phk_dhtaps" in types and "pdhtaps" not in types and "penurunan_jabatan_12" not in types
    case = actions.do_refer_case(case, "bkn", actor=cast.bawaslu_a)
    with pytest.raises(TransitionBlocked, match=r"tidak berlaku bagi terlapor ini \(Disiplin PPPK\).*PP 49/2018"):
        actions.do_record_outcome(case, actor=cast.bawaslu_a, sanction_level="berat", sanction_type="pdhtaps")
    with pytest.raises(TransitionBlocked, match="PP 42/2004 mengatur kode etik PNS"):
        actions.do_record_outcome(case, actor=cast.bawaslu_a, track="etik", breach="etik", sanction_level="moral",
                                  sanction_type="moral_terbuka")
    case = actions.do_record_outcome(case, actor=cast.bawaslu_a, sanction_level="berat", sanction_type="phk_dhtaps")
    assert case.sanction_type == "phk_dhtaps" and "perjanjian kerja" in case.sanction_label


def test_the_ethics_track_follows_pp_42_2004(cast: Cast, election: Election, register: None) -> None:
    case = proven_case(election, cast, suspect_nip=PNS, suspect_name="Ahmad Syahputra", breach="etik")
    case = actions.do_refer_case(case, "bkn", actor=cast.bawaslu_a)
    with pytest.raises(TransitionBlocked, match="tidak dikenai sanksi pada jalur disiplin"):
        actions.do_record_outcome(case, actor=cast.bawaslu_a, sanction_level="sedang", sanction_type="tukin_25_6")
    case = actions.do_record_outcome(case, actor=cast.bawaslu_a, track="etik", sanction_level="moral",
                                     sanction_type="moral_terbuka")
    assert (case.sanction_track, case.sanction_level) == ("etik", "moral")


def test_the_suspects_employment_is_recorded_and_checked_against_the_register(cast: Cast, election: Election,
                                                                              register: None) -> None:
    case = proven_case(election, cast, suspect_nip=PNS, suspect_name="Ahmad Syahputra")
    with pytest.raises(DomainError, match="Register ASN mencatat Ahmad Syahputra sebagai PNS"):
        actions.do_set_suspect(case, actor=cast.bawaslu_a, employment="pppk")
    with pytest.raises(DomainError, match="tidak dikenal"):
        actions.do_set_suspect(case, actor=cast.bawaslu_a, employment="honorer")
    other = proven_case(election, cast, suspect_name="Tanpa Register", region_code="12.76.04")
    with pytest.raises(TransitionBlocked, match="Catat dulu jenis kepegawaian"):
        actions.do_refer_case(other, "bkn", actor=cast.bawaslu_a)
    other = actions.do_set_suspect(other, actor=cast.bawaslu_a, employment="pppk", note="SK PPPK 2023")
    assert AuditEvent.objects.get(event_type="neutrality.suspect_set").after["suspect_employment"] == "pppk"  # type: ignore[index]


# --- temuan ----------------------------------------------------------------------------------

def finding(election: Election, **over: Any) -> FindingIn:
    values: dict[str, Any] = {
        "election": election.code, "region_code": "12.76.01", "category": "asn_neutrality",
        "description": "Pengawas kelurahan melihat lurah berorasi di panggung kampanye.",
        "event_date": D(2024, 1, 20), "found_on": D(2024, 1, 20), "place": "Lapangan Sri Mersing",
        "suspect_name": "Ahmad Syahputra", "suspect_nip": PNS}
    values.update(over)
    return FindingIn(**values)


def test_a_temuan_is_a_second_intake_with_its_own_7_day_limit(cast: Cast, election: Election,
                                                              register: None) -> None:
    case = findings.do_record_finding(finding(election), actor=cast.bawaslu_a, on=D(2024, 1, 27))
    assert (case.source, case.status, case.registered_on) == ("temuan", CaseStatus.REGISTERED, D(2024, 1, 27))
    assert case.suspect_employment == "pns" and case.reports.get().reporter_name.startswith("Temuan pengawas")
    assert AuditEvent.objects.filter(event_type="neutrality.finding_recorded").count() == 1
    with pytest.raises(DomainError, match=r"Temuan terlambat.*2024-01-27.*Pasal 454 ayat \(5\)"):
        findings.do_record_finding(finding(election, suspect_name="X", suspect_nip=""), actor=cast.bawaslu_a,
                                   on=D(2024, 1, 28))
    assert Case.objects.count() == 1
    with pytest.raises(NotFoundError):
        findings.do_record_finding(finding(election), actor=cast.kpu_admin_b, on=D(2024, 1, 21))
    # It then follows the same workflow as a registered report.
    case = actions.do_examine_case(case, actor=cast.bawaslu_a, on=D(2024, 1, 29))
    assert actions.deadline_of(case, actions.rules_for(election)) == D(2024, 2, 3)


def test_the_suspect_employment_types_cover_the_asn_register_types() -> None:
    from pemilu.asn.models import EmploymentType
    from pemilu.neutrality import sanctions

    assert set(EmploymentType.values) == {e.value for e in sanctions.Employment} - {"none"}


def test_the_cli_imports_a_year_of_holidays_and_names_a_bad_row(cast: Cast, tmp_path: Any,
                                                                calendar_2024: None) -> None:
    from django.core.management import CommandError, call_command

    good = tmp_path / "libur2025.csv"
    good.write_text("tanggal,jenis,nama,dasar\n2025-01-01,libur_nasional,Tahun Baru 2025 Masehi,SKB 2024\n"
                    "2025-01-28,cuti_bersama,Cuti bersama Imlek,SKB 2024\n", encoding="utf-8")
    call_command("neutrality", "holidays", str(good))
    assert Holiday.objects.filter(date__year=2025).count() == 2
    bad = tmp_path / "salah.csv"
    bad.write_text("tanggal,jenis,nama,dasar\n2025-02-30,libur_nasional,X,SKB\n", encoding="utf-8")
    with pytest.raises(CommandError, match="baris 2"):
        call_command("neutrality", "holidays", str(bad))
    assert Holiday.objects.filter(date__year=2025).count() == 2


def test_the_api_records_the_suspect_and_refuses_a_wrong_sanction_with_409(cast: Cast, election: Election) -> None:
    from pemilu.testing.ladder import client_for

    case = proven_case(election, cast, suspect_name="Pegawai Kontrak", breach="n2_atribut")
    url = f"/api/v1/neutrality/cases/{case.pk}/transition"
    client = client_for(cast, "bawaslu_a")

    def post(body: dict[str, str]) -> Any:
        return client.post(url, body, content_type="application/json")

    assert post({"action": "refer", "referred_to": "bkn"}).status_code == 409  # employment not recorded
    r = post({"action": "suspect", "employment": "pppk", "note": "SK PPPK"})
    assert r.status_code == 200 and r.json()["suspect_employment"] == "pppk"
    assert [x["regime"] for x in r.json()["sanction_rules"]] == ["pppk_disiplin"]
    assert post({"action": "refer", "referred_to": "kasn"}).status_code == 409
    r = post({"action": "refer", "referred_to": "bkn"})
    assert r.status_code == 200 and r.json()["referred_to_label"] == "BKN dan Pejabat Pembina Kepegawaian"
    r = post({"action": "outcome", "sanction_level": "ringan", "sanction_type": "teguran_lisan"})
    assert r.status_code == 409 and "Pasal 5 huruf n angka 2 jo. Pasal 13" in r.json()["detail"]
    r = post({"action": "outcome", "sanction_level": "sedang", "sanction_type": "tukin_25_6"})
    assert r.status_code == 200 and r.json()["status"] == "closed" and r.json()["sanction_track"] == "disiplin"
