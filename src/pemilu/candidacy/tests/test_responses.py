"""Public responses on the DCS (issue 23 item 5) and the liaison officer's appointment."""

from __future__ import annotations

import pytest

from pemilu.accounts.models import Role, RoleAssignment
from pemilu.audit.models import AuditEvent
from pemilu.candidacy import actions, responses
from pemilu.candidacy.models import DcsResponseStatus, ListStatus, PublicResponse, ResponseOutcome
from pemilu.candidacy.tests.test_lists import set_dct, to_dcs
from pemilu.candidacy.tests.world import World, slate
from pemilu.core.exceptions import ConflictError, DomainError, NotFoundError, TransitionBlocked
from pemilu.core.files import EXTENSIONS
from pemilu.testing.factories import Cast

PDF = b"%PDF-1.4\n% bukti\n%%EOF\n"


def respond(lst: object, **extra: object) -> PublicResponse:
    values: dict[str, object] = {"candidate_number": 2, "respondent_name": "Warga Persiakan",
                                 "respondent_nik": "1276014101900001", "respondent_contact": "081234567890",
                                 "content": "Calon nomor 2 masih berstatus kepala desa."}
    values.update(extra)
    return responses.do_record_response(lst, **values)  # type: ignore[arg-type]


def test_a_response_is_forwarded_to_the_party_replied_and_resolved(world: World, cast: Cast) -> None:
    lst = to_dcs(world, cast, slate("LPL"))
    evidence = [responses.EVIDENCE.check("surat.pdf", PDF)]
    response = respond(lst, evidence=evidence)
    assert response.status == DcsResponseStatus.FORWARDED and response.reply_due is not None
    assert response.respondent_nik_hash and "1276014101900001" not in response.respondent_nik_sealed
    assert response.evidence.get().content_type in EXTENSIONS
    with pytest.raises(TransitionBlocked, match="tanggapan masyarakat belum diselesaikan"):
        set_dct(lst, cast)
    with pytest.raises(NotFoundError):  # another party's officer
        responses.do_reply_response(response, actor=world.liaison_pdip, reply="-")
    responses.do_reply_response(response, actor=world.liaison_golkar, reply="SK berhenti terlampir.")
    response = responses.do_resolve_response(response, actor=cast.kpu_staff_a, upheld=False,
                                             reason="SK pemberhentian kepala desa sah sebelum pendaftaran.")
    assert (response.status, response.outcome) == (DcsResponseStatus.RESOLVED, ResponseOutcome.DISMISSED)
    assert set_dct(lst, cast).status == ListStatus.DCT
    assert list(AuditEvent.objects.filter(event_type__startswith="candidacy.response").order_by("id")
                .values_list("event_type", flat=True)) == [
        "candidacy.response_received", "candidacy.response_replied", "candidacy.response_resolved"]


def test_an_upheld_response_returns_the_list_for_correction(world: World, cast: Cast) -> None:
    lst = to_dcs(world, cast, slate("LPL"))
    response = respond(lst)
    with pytest.raises(DomainError, match="Alasan"):
        responses.do_resolve_response(response, actor=cast.kpu_staff_a, upheld=True, reason=" ")
    responses.do_resolve_response(response, actor=cast.kpu_staff_a, upheld=True, reason="Masih kepala desa aktif.")
    lst.refresh_from_db()
    assert lst.status == ListStatus.CORRECTION
    with pytest.raises(ConflictError):
        responses.do_resolve_response(response, actor=cast.kpu_staff_a, upheld=False, reason="lagi")


def test_responses_need_an_announced_list_and_a_real_identity(world: World, cast: Cast) -> None:
    lst = actions.do_submit_list(world.golkar, world.dapil, slate("LPL"), actor=world.liaison_golkar)
    with pytest.raises(ConflictError):
        respond(lst)
    lst = to_dcs(world, cast, slate("LPL"), party="pdip")
    with pytest.raises(DomainError, match="NIK"):
        respond(lst, respondent_nik="123")
    with pytest.raises(DomainError, match="nomor urut 9"):
        respond(lst, candidate_number=9)
    assert not PublicResponse.objects.exists()


def test_a_liaison_officer_holds_the_penghubung_role_and_a_party(world: World, cast: Cast) -> None:
    grant = RoleAssignment.objects.get(user=world.liaison_golkar)
    assert (grant.role, grant.scope_code) == (Role.PENGHUBUNG, "12.76")
    assert AuditEvent.objects.filter(event_type="candidacy.liaison_appointed").count() == 2
    with pytest.raises(NotFoundError):  # KPU Karo cannot appoint in Tebing Tinggi
        actions.do_appoint_liaison(world.liaison_pdip, world.golkar, "12.76", actor=cast.kpu_admin_b, reason="x")
