import datetime

import pytest

from pemilu.asn.models import AsnEmployee
from pemilu.audit.models import AuditEvent
from pemilu.core.exceptions import ConflictError, DomainError, NotFoundError, PermissionDeniedError
from pemilu.core.files import UploadRejected
from pemilu.elections.models import Election
from pemilu.neutrality.outreach import do_record_pledge
from pemilu.secretariats import actions, queries
from pemilu.secretariats.models import (
    Assignment,
    CandidateStatus,
    DecisionKind,
    Document,
    Position,
    Secretariat,
    StaffCandidate,
)
from pemilu.testing.factories import Cast, make_user

D = datetime.date


def events(after: int = 0) -> list[str]:
    return list(AuditEvent.objects.filter(event_type__startswith="secretariats.", pk__gt=after)
                .order_by("id").values_list("event_type", flat=True))


def last_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_formation_creates_one_per_kecamatan_and_kelurahan_and_is_idempotent(
        cast: Cast, election: Election) -> None:
    r = actions.do_form_secretariats(election, "12.76", actor=cast.kpu_staff_a)
    assert (r.created, r.existing, r.positions) == (5, 0, 15)
    secs = Secretariat.objects.filter(election=election, kab_code="12.76")
    assert sorted((s.region_id, s.body_kind) for s in secs) == [
        ("12.76.01", "ppk"), ("12.76.01.1006", "pps"), ("12.76.01.1007", "pps"), ("12.76.04", "ppk"),
        ("12.76.04.1002", "pps")]
    assert secs.get(region_id="12.76.01").office_name == "Kantor Camat Padang Hulu"
    assert secs.get(region_id="12.76.04.1002").office_name == "Kantor Lurah Pelita"
    assert list(Position.objects.filter(secretariat__region_id="12.76.01").values_list("kind", "order")) == [
        ("sekretaris", 1), ("staf", 2), ("staf", 3)]
    again = actions.do_form_secretariats(election, "12.76", actor=cast.kpu_staff_a)
    assert (again.created, again.existing) == (0, 5)
    assert secs.count() == 5 and Position.objects.count() == 15
    rows = AuditEvent.objects.filter(event_type="secretariats.formed").order_by("id")
    assert [((e.after or {})["created"], (e.after or {})["existing"], e.region_code) for e in rows] == [
        (5, 0, "12.76"), (0, 5, "12.76")]


def test_formation_is_the_kpu_offices_own(cast: Cast, election: Election) -> None:
    with pytest.raises(NotFoundError):
        actions.do_form_secretariats(election, "12.76", actor=cast.kpu_admin_b)   # another kab/kota
    with pytest.raises(PermissionDeniedError):
        actions.do_form_secretariats(election, "12.76", actor=cast.bawaslu_a)    # in scope, reads only
    with pytest.raises(DomainError):
        actions.do_form_secretariats(election, "12.76.01", actor=cast.kpu_staff_a)  # not a kab/kota
    assert not Secretariat.objects.exists() and not events()


def test_ppk_mechanism_end_to_end_with_its_exact_audit_sequence(
        cast: Cast, election: Election, formed: dict[str, Secretariat], register: dict[str, AsnEmployee]) -> None:
    ppk = formed["12.76.01"]
    start = last_id()
    staff = cast.kpu_staff_a
    secretaries = [actions.do_propose(ppk, "sekretaris", register[n], actor=staff, letter_number="270/PPK-PH/2022")
                   for n in ("nurhayati", "rudi", "hasan")]
    staffs = [actions.do_propose(ppk, "staf", register[n], actor=staff) for n in ("maya", "agus", "rina")]
    decision = actions.do_pick(ppk, [secretaries[0].pk, staffs[0].pk, staffs[2].pk], actor=staff,
                               number="100.3.3/01/2023", date=D(2023, 1, 6), issued_by="Wali Kota Tebing Tinggi")
    assert decision.kind == DecisionKind.KEPUTUSAN and decision.issued_by == "Wali Kota Tebing Tinggi"
    active = list(Assignment.objects.active().filter(secretariat=ppk).order_by("position__order"))
    assert [(a.position.kind, a.employee.name) for a in active] == [
        ("sekretaris", "Nurhayati Siregar"), ("staf", "Maya Lubis"), ("staf", "Rina Damanik")]
    statuses = dict(StaffCandidate.objects.filter(secretariat=ppk).values_list("employee__name", "status"))
    assert statuses == {"Nurhayati Siregar": "picked", "Rudi Hartono Nasution": "not_picked",
                        "Hasan Basri Lubis": "not_picked", "Maya Lubis": "picked", "Agus Pohan": "not_picked",
                        "Rina Damanik": "picked"}
    pen = actions.do_set_penetapan(ppk, actor=staff, number="01/PP.04-Kpt/1276/2023", date=D(2023, 1, 10))
    assert pen.issued_by == "KPU Kota Tebing Tinggi"
    assert Assignment.objects.filter(penetapan=pen).count() == 3
    pakta = actions.do_record_pakta(active[0], actor=staff, signed_on=D(2023, 1, 10),
                                    document=("pakta.pdf", b"%PDF-1.4\nisi\n%%EOF\n"))
    assert pakta.pakta_document is not None and len(pakta.pakta_document.sha256) == 64
    removed = actions.do_remove(active[2], actor=staff, reason="ppk_evaluation", on=D(2023, 6, 1),
                                note="Tidak melaksanakan tugas dua bulan berturut-turut")
    assert removed.ended_on == D(2023, 6, 1)
    assert Assignment.objects.filter(secretariat=ppk).count() == 3          # history kept
    assert queries.gap_rows(Secretariat.objects.filter(pk=ppk.pk))[0].gap.missing == 1
    # The vacancy opens a fresh proposal, and the new pick fills exactly that seat.
    replacement = actions.do_propose(ppk, "staf", register["agus"], actor=staff)
    actions.do_pick(ppk, [replacement.pk], actor=staff, number="100.3.3/07/2023", date=D(2023, 6, 5))
    assert (Assignment.objects.active().get(secretariat=ppk, employee=register["agus"]).position.order
            == active[2].position.order)
    assert events(start) == [
        "secretariats.candidate_proposed", "secretariats.candidate_proposed", "secretariats.candidate_proposed",
        "secretariats.candidate_proposed", "secretariats.candidate_proposed", "secretariats.candidate_proposed",
        "secretariats.picked", "secretariats.penetapan_set", "secretariats.pakta_recorded", "secretariats.removed",
        "secretariats.candidate_proposed", "secretariats.picked"]
    picked = AuditEvent.objects.filter(event_type="secretariats.picked").order_by("id").first()
    assert picked is not None and picked.actor == staff and picked.region_code == "12.76.01"
    assert picked.after and picked.after["number"] == "100.3.3/01/2023" and picked.after["not_picked"] == 3
    removal = AuditEvent.objects.get(event_type="secretariats.removed")
    assert removal.reason == "ppk_evaluation"


def test_proposal_limits_are_enforced_with_clear_errors(
        cast: Cast, election: Election, formed: dict[str, Secretariat], register: dict[str, AsnEmployee]) -> None:
    ppk = formed["12.76.01"]
    for n in ("nurhayati", "rudi", "maya"):
        actions.do_propose(ppk, "sekretaris", register[n], actor=cast.kpu_staff_a)
    start = last_id()
    with pytest.raises(ConflictError, match="Sudah 3 calon sekretaris diusulkan; paling banyak 3"):
        actions.do_propose(ppk, "sekretaris", register["agus"], actor=cast.kpu_staff_a)
    for n in ("agus", "rina", "hasan", "ahmad"):
        actions.do_propose(ppk, "staf", register[n], actor=cast.kpu_staff_a)
    with pytest.raises(ConflictError, match="Sudah 4 calon staf diusulkan; paling banyak 4"):
        actions.do_propose(ppk, "staf", register["sri"], actor=cast.kpu_staff_a)
    with pytest.raises(ConflictError, match="sudah diusulkan"):
        actions.do_propose(ppk, "staf", register["nurhayati"], actor=cast.kpu_staff_a)
    # A withdrawn name frees its place.
    withdrawn = StaffCandidate.objects.get(secretariat=ppk, employee=register["maya"])
    actions.do_withdraw(withdrawn, actor=cast.kpu_staff_a, reason="Mengundurkan diri sebelum keputusan")
    actions.do_propose(ppk, "sekretaris", register["sri"], actor=cast.kpu_staff_a)
    # The keputusan may fill only the vacant seats: 1 sekretaris.
    two = list(StaffCandidate.objects.filter(secretariat=ppk, kind="sekretaris", status="proposed")[:2])
    with pytest.raises(ConflictError, match="2 sekretaris dipilih, tetapi hanya 1 kursi kosong"):
        actions.do_pick(ppk, [c.pk for c in two], actor=cast.kpu_staff_a, number="1", date=D(2023, 1, 6))
    with pytest.raises(DomainError, match="Nomor keputusan wajib"):
        actions.do_pick(ppk, [two[0].pk], actor=cast.kpu_staff_a, number=" ", date=D(2023, 1, 6))
    assert events(start) == ["secretariats.candidate_proposed"] * 4 + [
        "secretariats.candidate_withdrawn", "secretariats.candidate_proposed"]
    assert not Assignment.objects.exists()


def test_limits_follow_the_elections_configuration(
        cast: Cast, election: Election, register: dict[str, AsnEmployee]) -> None:
    national = make_user("kpu_ri", "kpu_admin", "")
    actions.do_set_composition(election, "ppk", actor=national, secretary_seats=1,
                               staff_duties=["Teknis", "Tata usaha", "Logistik"], max_secretary_candidates=2,
                               max_staff_candidates=5)
    actions.do_form_secretariats(election, "12.76", actor=cast.kpu_staff_a)
    ppk = Secretariat.objects.get(region_id="12.76.01")
    assert ppk.positions.count() == 4
    assert Secretariat.objects.get(region_id="12.76.01.1006").positions.count() == 3  # PPS keeps the default
    actions.do_propose(ppk, "sekretaris", register["nurhayati"], actor=cast.kpu_staff_a)
    actions.do_propose(ppk, "sekretaris", register["rudi"], actor=cast.kpu_staff_a)
    with pytest.raises(ConflictError, match="paling banyak 2"):
        actions.do_propose(ppk, "sekretaris", register["maya"], actor=cast.kpu_staff_a)
    with pytest.raises(NotFoundError):  # a kab/kota administrator does not set national rules
        actions.do_set_composition(election, "ppk", actor=cast.kpu_admin_a, secretary_seats=1, staff_duties=["x"],
                                   max_secretary_candidates=3, max_staff_candidates=4)


def test_workplace_and_one_secretariat_rules_explain_themselves(
        cast: Cast, election: Election, formed: dict[str, Secretariat], register: dict[str, AsnEmployee]) -> None:
    persiakan, bandar_sono, ppk = formed["12.76.01.1006"], formed["12.76.01.1007"], formed["12.76.01"]
    with pytest.raises(DomainError, match="harus bekerja di kantor kelurahan/desa 12.76.01.1006"):
        actions.do_propose(persiakan, "staf", register["nurhayati"], actor=cast.kpu_staff_a)  # kantor camat
    with pytest.raises(DomainError, match="lingkungan pemerintah kabupaten/kota 12.76"):
        actions.do_propose(ppk, "staf", register["kacaribu"], actor=cast.kpu_staff_a)  # works in Karo
    # A kantor lurah worker may serve the PPK (kab/kota government) — but not two secretariats at once.
    c = actions.do_propose(persiakan, "sekretaris", register["ahmad"], actor=cast.kpu_staff_a)
    actions.do_forward(persiakan, actor=cast.kpu_staff_a, on=D(2023, 1, 19))
    actions.do_pick(persiakan, [c.pk], actor=cast.kpu_staff_a, number="800/1006/2023", date=D(2023, 1, 20))
    with pytest.raises(DomainError, match="Sudah bertugas di Sekretariat PPS Persiakan sejak 20-01-2023"):
        actions.do_propose(ppk, "staf", register["ahmad"], actor=cast.kpu_staff_a)
    checks = actions.checks_for(bandar_sono, register["ahmad"])
    assert [(ch.code, ch.ok) for ch in checks] == [("workplace", False), ("one_secretariat", False)]


def test_pps_proposal_goes_through_the_lurah(
        cast: Cast, election: Election, formed: dict[str, Secretariat], register: dict[str, AsnEmployee]) -> None:
    persiakan = formed["12.76.01.1006"]
    c = actions.do_propose(persiakan, "sekretaris", register["ahmad"], actor=cast.kpu_staff_a)
    with pytest.raises(ConflictError, match="diteruskan ke lurah/kepala desa"):
        actions.do_pick(persiakan, [c.pk], actor=cast.kpu_staff_a, number="800/1", date=D(2023, 1, 20))
    assert actions.do_forward(persiakan, actor=cast.kpu_staff_a, on=D(2023, 1, 19)) == 1
    with pytest.raises(ConflictError):
        actions.do_forward(persiakan, actor=cast.kpu_staff_a)  # nothing left to forward
    with pytest.raises(DomainError, match="tidak diteruskan"):
        actions.do_forward(formed["12.76.01"], actor=cast.kpu_staff_a)
    d = actions.do_pick(persiakan, [c.pk], actor=cast.kpu_staff_a, number="800/1", date=D(2023, 1, 20))
    assert d.issued_by == "Lurah Persiakan"
    assert StaffCandidate.objects.get(pk=c.pk).status == CandidateStatus.PICKED


def test_ppk_and_pps_members_read_but_do_not_act(
        cast: Cast, election: Election, formed: dict[str, Secretariat], register: dict[str, AsnEmployee]) -> None:
    assert {s.region_id for s in queries.visible(cast.ppk_a1, election)} == {
        "12.76.01", "12.76.01.1006", "12.76.01.1007"}
    assert {s.region_id for s in queries.visible(cast.pps_a1, election)} == {"12.76.01.1006"}
    assert not queries.visible(cast.kpps_a1, election).exists()
    assert not queries.visible(cast.kpu_admin_b, election).filter(kab_code="12.76").exists()
    with pytest.raises(PermissionDeniedError):
        actions.do_propose(formed["12.76.01.1006"], "staf", register["sri"], actor=cast.pps_a1)
    with pytest.raises(NotFoundError):
        actions.do_propose(formed["12.76.01.1006"], "staf", register["sri"], actor=cast.kpu_admin_b)


def test_pakta_needs_penetapan_and_uploads_are_checked_by_content(
        cast: Cast, election: Election, formed: dict[str, Secretariat], register: dict[str, AsnEmployee]) -> None:
    ppk = formed["12.76.01"]
    c = actions.do_propose(ppk, "sekretaris", register["nurhayati"], actor=cast.kpu_staff_a)
    actions.do_pick(ppk, [c.pk], actor=cast.kpu_staff_a, number="1/2023", date=D(2023, 1, 6))
    a = Assignment.objects.get()
    with pytest.raises(ConflictError, match="setelah penetapan"):
        actions.do_record_pakta(a, actor=cast.kpu_staff_a, signed_on=D(2023, 1, 10))
    actions.do_set_penetapan(ppk, actor=cast.kpu_staff_a, number="01/2023", date=D(2023, 1, 10))
    start = last_id()
    with pytest.raises(UploadRejected, match="jenis berkas tidak diizinkan"):
        actions.do_record_pakta(a, actor=cast.kpu_staff_a, signed_on=D(2023, 1, 10),
                                document=("pakta.pdf", b"<html>not a pdf</html>"))
    with pytest.raises(UploadRejected):  # PNG is a neutrality evidence type, not a signed-letter type here
        actions.do_upload_document(ppk, "keputusan", ("sk.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20),
                                   actor=cast.kpu_staff_a)
    assert events(start) == [] and not Assignment.objects.get().pakta_signed_on
    doc = actions.do_upload_document(ppk, "keputusan", ("SK Wali Kota.pdf", b"%PDF-1.7\n%%EOF\n"),
                                     actor=cast.kpu_staff_a)
    assert doc.content_type == "application/pdf" and doc.size == 15 and doc.file.read() == b"%PDF-1.7\n%%EOF\n"
    assert events(start) == ["secretariats.document_uploaded"]


def test_removal_needs_a_known_reason_and_keeps_history(
        cast: Cast, election: Election, formed: dict[str, Secretariat], register: dict[str, AsnEmployee]) -> None:
    ppk = formed["12.76.01"]
    c = actions.do_propose(ppk, "sekretaris", register["nurhayati"], actor=cast.kpu_staff_a)
    actions.do_pick(ppk, [c.pk], actor=cast.kpu_staff_a, number="1/2023", date=D(2023, 1, 6))
    a = Assignment.objects.get()
    with pytest.raises(DomainError, match="meninggal dunia, berhalangan tetap"):
        actions.do_remove(a, actor=cast.kpu_staff_a, reason="resigned", on=D(2023, 5, 1))
    with pytest.raises(DomainError, match="sebutkan dasar evaluasinya"):
        actions.do_remove(a, actor=cast.kpu_staff_a, reason="ppk_evaluation", on=D(2023, 5, 1))
    with pytest.raises(DomainError, match="sebelum tanggal mulai"):
        actions.do_remove(a, actor=cast.kpu_staff_a, reason="death", on=D(2022, 12, 1))
    actions.do_remove(a, actor=cast.kpu_staff_a, reason="death", on=D(2023, 5, 1))
    with pytest.raises(ConflictError):
        actions.do_remove(a, actor=cast.kpu_staff_a, reason="death", on=D(2023, 5, 2))
    # After removal the person is free again (e.g. for another secretariat).
    assert actions.other_assignment(election, register["nurhayati"]) is None
    assert Assignment.objects.get().end_reason == "death"


def test_pledge_status_is_read_from_neutrality(
        cast: Cast, election: Election, register: dict[str, AsnEmployee]) -> None:
    pledge = do_record_pledge(election, register["ahmad"], D(2023, 11, 30), actor=cast.kpu_staff_a)
    found = queries.pledges_of(election, [register["ahmad"], register["sri"]])
    assert found == {register["ahmad"].pk: pledge}


def test_upload_size_limit_is_its_own(cast: Cast, election: Election, formed: dict[str, Secretariat],
                                      settings: object) -> None:
    # Issue 18 item 4: secretariats have their own limit; neutrality's setting no longer caps them.
    settings.PEMILU_SECRETARIATS_MAX_UPLOAD_BYTES = 64  # type: ignore[attr-defined]
    with pytest.raises(UploadRejected, match="terlalu besar"):
        actions.do_upload_document(formed["12.76.01"], "other", ("besar.pdf", b"%PDF-1.4\n" + b"x" * 100),
                                   actor=cast.kpu_staff_a)
    assert "secretariats.document_uploaded" not in events() and not Document.objects.exists()
