"""The pipeline through the actions: registration to PAW, with the exact audit sequence."""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal

import pytest

from pemilu.adhoc import actions, queries, rules
from pemilu.adhoc.models import Applicant, ApplicantDocument, RecruitmentStatus, Replacement
from pemilu.adhoc.tests.conftest import PDF, data, register
from pemilu.audit.models import AuditEvent
from pemilu.core.exceptions import ConflictError, DomainError, ImportFailed, TransitionBlocked
from pemilu.core.files import UploadRejected
from pemilu.testing.factories import Cast

PERSIAKAN, BANDAR_SONO, PELITA = "12.76.01.1006", "12.76.01.1007", "12.76.04.1002"


def events_since(n: int) -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("event_type", flat=True)[n:])


def test_whole_pipeline_with_exact_audit_sequence(cast: Cast, rec) -> None:
    staff = cast.kpu_staff_a
    start = AuditEvent.objects.count()
    # Persiakan 7, Bandar Sono 6, Pelita 2 → Pelita flagged (2 of 6).
    people = {code: [register(rec, staff, area_code=code, domicile_code=code,
                              gender="P" if i % 2 else "L") for i in range(n)]
              for code, n in ((PERSIAKAN, 7), (BANDAR_SONO, 6), (PELITA, 2))}
    rows = queries.area_rows(rec)
    assert (rows[0].area.code, rows[0].registrants, rows[0].required, rows[0].seats) == (PELITA, 2, 6, 3)
    with pytest.raises(TransitionBlocked) as blocked:
        actions.do_close_registration(rec, actor=staff)
    assert "Pelita: 2 pendaftar dari minimal 6" in blocked.value.message
    pelita = rec.areas.get(code=PELITA)
    actions.do_extend(pelita, actor=staff, new_end=datetime.date(2022, 12, 30), reason="pendaftar kurang dari 2×")
    people[PELITA].append(register(rec, staff, area_code=PELITA, domicile_code=PELITA))
    # Point c: after one extension 3 ≥ 1× seats → the office may continue.
    actions.do_continue_below_minimum(pelita, actor=staff, reason="KPT 534/2022 huruf c")
    actions.do_close_registration(rec, actor=staff)
    rec.refresh_from_db()
    assert rec.status == RecruitmentStatus.VERIFICATION

    # One applicant lacks evidence: cannot be MS; TMS needs a reason; blocker names the count.
    tms = people[PERSIAKAN][6]
    with pytest.raises(DomainError):
        actions.do_verify(tms, actor=staff, result="tms")
    actions.do_verify(tms, actor=staff, result="tms", reason="ijazah tidak sah")
    assert actions.do_verify_eligible(rec, actor=staff) == 15
    verified = AuditEvent.objects.get(event_type="adhoc.applicants_verified")
    ms_ids = sorted(queries.active(rec).filter(admin_result="ms").values_list("pk", flat=True))
    assert verified.after is not None and verified.after["applicants"] == ms_ids and verified.after["count"] == 15
    actions.do_announce_admin(rec, actor=staff)

    ms = list(queries.active(rec).filter(admin_result="ms").order_by("id"))
    with pytest.raises(TransitionBlocked) as blocked:
        actions.do_announce_written(rec, actor=staff)
    assert blocked.value.blockers[0].message == "15 pelamar MS belum memiliki nilai tes tertulis"
    cat = "nik,nilai\n" + "".join(f"{a.nik},{70 + i}\n" for i, a in enumerate(ms))
    assert actions.do_import_scores(rec, cat.encode(), actor=staff, which="written", filename="cat.csv") == 15
    actions.do_announce_written(rec, actor=staff)
    interview = "nik,nilai\n" + "".join(f"{a.nik},{80 - (i % 3)}\n" for i, a in enumerate(ms))
    actions.do_import_scores(rec, interview.encode(), actor=staff, which="interview", filename="w.csv")
    actions.do_announce_final(rec, actor=staff)
    persiakan = list(Applicant.objects.filter(area__code=PERSIAKAN, outcome__final_rank__isnull=False)
                     .order_by("outcome__final_rank"))
    assert [a.selection for a in persiakan] == ["member"] * 3 + ["reserve"] * 3
    actions.do_appoint(rec, actor=staff, sk_number="12/PP.04.2-Kpt/1276/2023", sk_date=datetime.date(2023, 1, 16))
    actions.do_inaugurate(rec, actor=staff, on=datetime.date(2023, 1, 17), place="Aula KPU Kota Tebing Tinggi")
    leaving = persiakan[1]
    rep = actions.do_replace(leaving, actor=staff, reason="resigned", detail="surat pengunduran diri",
                             decided_on=datetime.date(2023, 3, 1), sk_number="PAW-1")
    assert rep.incoming == persiakan[3]
    leaving.refresh_from_db()
    assert leaving.status == "left" and Replacement.objects.get().outgoing == leaving

    trail = events_since(start)
    # 15 registrations (7 + 6 + 2) with their 4 documents each, then Pelita's extension.
    assert trail[:75] == (["adhoc.applicant_registered"] + ["adhoc.document_uploaded"] * 4) * 15
    assert trail[75:] == [
        "adhoc.registration_extended",
        "adhoc.applicant_registered", *["adhoc.document_uploaded"] * 4,
        "adhoc.continue_below_minimum",
        "adhoc.registration_closed",
        "adhoc.applicant_verified",  # the TMS (the failed attempt without a reason wrote nothing)
        "adhoc.applicants_verified",  # the 15 eligible ones, in one act
        "adhoc.stage_advanced", "adhoc.announced",
        "adhoc.written_scores_imported",
        "adhoc.stage_advanced", "adhoc.announced",
        "adhoc.interview_scores_imported",
        "adhoc.stage_advanced", "adhoc.announced",
        "adhoc.appointed", "adhoc.announced",
        "adhoc.inaugurated",
        "adhoc.member_access_granted",  # 9 members: accounts + the PPS role of their kelurahan (issue 20 item 2)
        # The PAW: the leaving member's role is revoked, the incoming reserve gets an account and the role.
        "accounts.role_revoked", "accounts.user_created", "accounts.role_granted",
        "adhoc.member_replaced", "adhoc.announced",  # the PAW announcement (PDF)
    ]
    # Audit rows carry masked NIKs only.
    assert not AuditEvent.objects.filter(after__icontains=people[PELITA][0].nik).exists()


def test_nik_is_the_identity_across_bodies(cast: Cast, rec, election, kpu_ri) -> None:
    a = register(rec, cast.kpu_staff_a)
    ppk = actions.do_create_recruitment(election, "ppk", "12.76", actor=cast.kpu_staff_a)
    ppk = actions.do_open_registration(ppk, actor=cast.kpu_staff_a, start=datetime.date(2022, 11, 20),
                                       end=datetime.date(2022, 11, 29))
    with pytest.raises(ConflictError, match="satu orang hanya boleh mendaftar pada satu badan"):
        actions.do_register(ppk, data(area_code="12.76.01", nik=a.nik, domicile_code=PERSIAKAN), actor=cast.kpu_staff_a)
    actions.do_withdraw(a, actor=cast.kpu_staff_a, reason="pindah ke PPK")
    again = actions.do_register(ppk, data(area_code="12.76.01", nik=a.nik, domicile_code=PERSIAKAN),
                                actor=cast.kpu_staff_a)
    assert again.body == "ppk"


def test_bulk_import_with_one_bad_row_is_rejected_whole(cast: Cast, rec) -> None:
    head = "kode_wilayah,nik,nama,jenis_kelamin,tanggal_lahir,domisili,pendidikan\n"
    good = "1276011006,1276010101900001,Ani,P,1990-01-01,1276011006,SMA\n"
    bad = "1276011006,12760101019000,Budi,L,1990-13-01,1276011006,SMA\n"
    with pytest.raises(ImportFailed) as exc:
        actions.do_import_applicants(rec, (head + good + bad + good.replace("0001,Ani", "0002,Cici")).encode(),
                                     actor=cast.kpu_staff_a, filename="kertas.csv")
    messages = [str(e) for e in exc.value.errors]
    assert messages == ["baris 3, kolom tanggal_lahir: tanggal lahir harus TTTT-BB-HH",
                        "baris 3, kolom nik: NIK harus 16 angka"]
    assert Applicant.objects.count() == 0
    # Duplicate NIK inside the file names both rows.
    with pytest.raises(ImportFailed, match="baris 3, kolom nik: NIK sama dengan baris 2"):
        actions.do_import_applicants(rec, (head + good + good).encode(), actor=cast.kpu_staff_a)
    assert actions.do_import_applicants(rec, (head + good).encode(), actor=cast.kpu_staff_a) == 1
    a = Applicant.objects.get()
    assert a.source == "import" and a.elig_outcome == "needs_evidence"


def test_uploads_by_content_size_limited_stored_byte_for_byte(cast: Cast, rec, election, kpu_ri) -> None:
    a = register(rec, cast.kpu_staff_a, docs=False)
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    with pytest.raises(UploadRejected):
        actions.do_upload_document(a, "ktp", "ktp.pdf", png, actor=cast.kpu_staff_a)  # PNG named .pdf
    with pytest.raises(UploadRejected):
        actions.do_upload_document(a, "ktp", "ktp.pdf", b"not a pdf at all", actor=cast.kpu_staff_a)
    actions.do_set_body_rules(election, "pps", actor=kpu_ri, max_upload_bytes=len(PDF) - 1)
    with pytest.raises(UploadRejected, match="terlalu besar"):
        actions.do_upload_document(a, "ktp", "ktp.pdf", PDF, actor=cast.kpu_staff_a)
    actions.do_set_body_rules(election, "pps", actor=kpu_ri, max_upload_bytes=1024 * 1024)
    doc = actions.do_upload_document(a, "ktp", "scan KTP.jpg", PDF, actor=cast.kpu_staff_a)  # name lies: it is a PDF
    assert doc.content_type == "application/pdf" and doc.sha256 == hashlib.sha256(PDF).hexdigest()
    assert doc.file.read() == PDF and ApplicantDocument.objects.count() == 1


def test_age_limit_and_two_times_rule_changed_by_configuration(cast: Cast, rec, election, kpu_ri) -> None:
    young = register(rec, cast.kpu_staff_a, birth_date=datetime.date(2004, 1, 1))  # 18 on 27-12-2022
    assert young.elig_outcome == "met"
    actions.do_set_eligibility_rule(election, "pps", "age_min", actor=kpu_ri, params={"years": 21},
                                    citation="amandemen (uji)")
    actions.do_evaluate(rec, actor=cast.kpu_staff_a)
    young.refresh_from_db()
    assert young.elig_outcome == "not_met" and young.elig_not_met == rules.BITS[rules.Kind.AGE_MIN]
    _summary, rows = queries.explained(young)
    age = next(e for e in rows if e.rule.kind == "age_min")
    assert age.verdict.reason == "usia 18 tahun pada 27-12-2022; batas paling rendah 21 tahun"
    assert age.rule.citation == "amandemen (uji)"

    for _ in range(2):
        register(rec, cast.kpu_staff_a)  # Persiakan: 3 with young
    row = next(r for r in queries.area_rows(rec) if r.area.code == PERSIAKAN)
    assert (row.registrants, row.required, row.state) == (3, 6, rules.Shortfall.EXTEND)
    actions.do_set_body_rules(election, "pps", actor=kpu_ri, min_registrants_factor=1)
    row = next(r for r in queries.area_rows(rec) if r.area.code == PERSIAKAN)
    assert (row.registrants, row.required, row.state) == (3, 3, rules.Shortfall.OK)


def test_tie_break_chain_is_configuration(cast: Cast, rec, election, kpu_ri) -> None:
    with pytest.raises(DomainError, match="diawali nilai wawancara"):
        actions.do_set_body_rules(election, "pps", actor=kpu_ri, tie_breaks="written_desc")
    config = actions.do_set_body_rules(election, "pps", actor=kpu_ri,
                                       tie_breaks="interview_desc,female_first,older_first")
    assert config.chain == ("interview_desc", "female_first", "older_first")


def test_registration_window_and_stage_checks(cast: Cast, rec) -> None:
    with pytest.raises(ConflictError, match="rekrutmen sedang pada tahap"):
        actions.do_announce_admin(rec, actor=cast.kpu_staff_a)
    with pytest.raises(ConflictError, match="sudah ditutup"):  # the portal checks the area's window (2022)
        actions.do_register(rec, data(), actor=cast.nobody, portal=True)
    a = register(rec, cast.kpu_staff_a)
    with pytest.raises(ConflictError):
        actions.do_set_score(a, actor=cast.kpu_staff_a, which="written", value=Decimal("80"))


def test_second_extension_is_at_most_three_days(cast: Cast, rec) -> None:
    pelita = rec.areas.get(code=PELITA)
    actions.do_extend(pelita, actor=cast.kpu_staff_a, new_end=datetime.date(2023, 1, 10), reason="pertama")
    with pytest.raises(DomainError, match="paling lama 3 hari"):
        actions.do_extend(pelita, actor=cast.kpu_staff_a, new_end=datetime.date(2030, 1, 20), reason="kedua")
    today = queries.today(rec.election)
    actions.do_extend(pelita, actor=cast.kpu_staff_a, new_end=today + datetime.timedelta(days=3), reason="kedua")
    with pytest.raises(ConflictError, match="sudah diperpanjang 2 kali"):
        actions.do_extend(pelita, actor=cast.kpu_staff_a, new_end=today + datetime.timedelta(days=4), reason="ketiga")


def test_kpps_without_written_test_or_interview_goes_from_verification_to_the_ranking(cast: Cast, election) -> None:
    rec = actions.do_create_recruitment(election, "kpps", "12.76", actor=cast.kpu_staff_a)
    assert rec.areas.count() == 7 and rec.areas.first().seats == 7  # type: ignore[union-attr]
    rec = actions.do_open_registration(rec, actor=cast.kpu_staff_a, start=datetime.date(2023, 12, 11),
                                       end=datetime.date(2023, 12, 20))
    people = [register(rec, cast.kpu_staff_a, area_code=area.code, domicile_code=area.desa_code)
              for area in rec.areas.all() for _ in range(14)]
    actions.do_close_registration(rec, actor=cast.kpu_staff_a)
    actions.do_verify_eligible(rec, actor=cast.kpu_staff_a)
    actions.do_announce_admin(rec, actor=cast.kpu_staff_a)
    rec.refresh_from_db()
    assert rec.status == RecruitmentStatus.SELECTION  # KPT 1669/2023: no CAT, no interview
    assert Applicant.objects.filter(outcome__passed_written=True).count() == len(people)
