"""The berita acara of a rapat pleno (issue 21 item 4): who attended, the quorum the lock
requires, which incomplete C.Hasil a special event covers, and the names the PPK's list starts
from. The lock itself (``plenaries.do_lock_plenary``) asks ``lock_blockers`` here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.audit.events import record_event
from pemilu.core.bounds import NAME_MAX, text_problem
from pemilu.core.exceptions import Blocker, ConflictError, ImportFailed, RowError
from pemilu.results import rules
from pemilu.results.models import (
    AttendeeKind,
    Contest,
    Plenary,
    PlenaryAttendee,
    PlenaryRecord,
    PlenaryStatus,
    RecordKind,
    Result,
    ResultStatus,
)
from pemilu.results.models.contests import DEFAULT_PLENARY_MEMBERS
from pemilu.results.reference import config_for

MAX_ATTENDEES = 200  # members, one witness per participant (18 parties + DPD candidates), Bawaslu, guests
MAX_COVERED_TPS = 1000  # one special event may name every incomplete TPS of a kecamatan
ATTENDEE_FIELDS = ("kind", "name", "position", "represents", "present")


def quorum_of(contest: Contest, region_code: str, plenary: Plenary | None) -> rules.Quorum:
    """The quorum of a plenary: the body's size from the election's config, the members present
    on its attendance list, the configured fraction (default 2/3)."""
    config = config_for(contest.election)
    members = rules.body_size(region_code, config.plenary_members or DEFAULT_PLENARY_MEMBERS,
                              config.plenary_members_by_region or {})
    present = 0 if plenary is None else plenary.attendees.filter(kind=AttendeeKind.MEMBER, present=True).count()
    return rules.Quorum(members, present, config.quorum_numerator, config.quorum_denominator)


def quorum_message(q: rules.Quorum) -> str:
    return _("Kuorum tidak tercapai: {present} dari {members} anggota hadir; rapat pleno sah bila paling sedikit "
             "{needed} anggota ({fraction}) hadir.").format(present=q.present, members=q.members, needed=q.needed,
                                                            fraction=q.fraction)


def incomplete_tps(contest: Contest, region_code: str) -> list[str]:
    """Accepted C.Hasil below ``region_code`` that are incomplete (not summed whole)."""
    return sorted(str(code) for code in Result.objects.in_region(region_code)
                  .filter(contest=contest, status=ResultStatus.ACCEPTED, is_incomplete=True)
                  .values_list("tps_id", flat=True))


def covered_tps(contest: Contest, region_code: str) -> set[str]:
    """TPS named by a special event with a reason, at this plenary or a plenary below it."""
    covered: set[str] = set()
    for codes in (PlenaryRecord.objects.filter(plenary__in=Plenary.objects.in_region(region_code).filter(
            contest=contest), kind=RecordKind.SPECIAL).exclude(reason="").values_list("tps_codes", flat=True)):
        covered.update(codes or [])
    return covered


def lock_blockers(contest: Contest, region_code: str, plenary: Plenary) -> tuple[list[Blocker], list[str]]:
    """What the berita acara holds against a lock: the quorum, and incomplete forms no special
    event covers (PKPU 5/2024: the plenary goes on without a form only with the reason on record).
    Also returns the incomplete TPS, which the lock notes."""
    blockers: list[Blocker] = []
    q = quorum_of(contest, region_code, plenary)
    if not q.reached:
        blockers.append(Blocker("quorum", quorum_message(q)))
    incomplete = incomplete_tps(contest, region_code)
    uncovered = sorted(set(incomplete) - covered_tps(contest, region_code)) if incomplete else []
    if uncovered:
        # The plano read out at the plenary completes the form (a correction), or a special event
        # (D.Kejadian Khusus) names the TPS and says why the plenary goes on without it.
        blockers.append(Blocker("incomplete_forms", _(
            "{n} C.Hasil tidak lengkap; lengkapi dari plano atau catat kejadian khusus dengan alasannya yang "
            "menyebut TPS-nya: {codes}").format(n=len(uncovered), codes=", ".join(uncovered[:10])
                                                + (" …" if len(uncovered) > 10 else ""))))
    return blockers, incomplete


def clean_attendance(rows: Sequence[Mapping[str, Any]], members: int) -> tuple[list[dict[str, Any]], list[RowError]]:
    """An attendance list's rows checked, for a body of ``members`` (the DPT plenary's too:
    ``voters/plenary.py``): the clean rows, or each bad row named."""
    errors: list[RowError] = []
    clean: list[dict[str, Any]] = []
    if len(rows) > MAX_ATTENDEES:
        errors.append(RowError(MAX_ATTENDEES + 1, _("paling banyak {n} baris").format(n=MAX_ATTENDEES)))
        return clean, errors
    for line, row in enumerate(rows, start=1):
        kind = str(row.get("kind") or "")
        if kind not in AttendeeKind.values:
            errors.append(RowError(line, _("unsur harus salah satu dari: {kinds}").format(
                kinds=", ".join(AttendeeKind.values)), "kind"))
        values = {f: str(row.get(f) or "").strip() for f in ("name", "position", "represents")}
        for field, label in (("name", _("nama")), ("position", _("jabatan")), ("represents", _("mewakili"))):
            problem = text_problem(values[field], field=str(label), max_length=NAME_MAX)
            if problem:
                errors.append(RowError(line, problem, field))
        if not values["name"]:
            errors.append(RowError(line, _("nama wajib diisi"), "name"))
        if kind == AttendeeKind.WITNESS and not values["represents"]:
            errors.append(RowError(line, _("saksi: partai politik atau pasangan calon yang diwakili wajib diisi"),
                                   "represents"))
        present = row.get("present", True)
        if not isinstance(present, bool):
            errors.append(RowError(line, _("hadir harus ya atau tidak"), "present"))
        clean.append({**values, "kind": kind, "present": bool(present)})
    listed = sum(r["kind"] == AttendeeKind.MEMBER for r in clean)
    if listed > members:
        errors.append(RowError(len(rows), _("{n} anggota tercantum, badan ini beranggota {members}").format(
            n=listed, members=members), "kind"))
    return clean, errors


@transaction.atomic
def do_record_attendance(contest: Contest, region_code: str, rows: Sequence[Mapping[str, Any]], *,
                         actor: User) -> list[PlenaryAttendee]:
    """The attendance list (daftar hadir) of a plenary, replaced as a whole: every row is checked
    before anything is written (a bad row is named, nothing stored); refused once locked."""
    from pemilu.results.plenaries import ensure_plenary_holder, plenary_row

    ensure_plenary_holder(contest, region_code, actor)
    plenary = plenary_row(contest, region_code)
    if plenary.status == PlenaryStatus.LOCKED:
        raise ConflictError(_("Rapat pleno sudah dikunci; daftar hadir hanya diubah setelah dibuka kembali."))
    members = quorum_of(contest, region_code, None).members
    clean, errors = clean_attendance(rows, members)
    if errors:
        raise ImportFailed(errors)
    before = [{f: getattr(a, f) for f in ATTENDEE_FIELDS} for a in plenary.attendees.all()]
    plenary.attendees.all().delete()
    attendees = PlenaryAttendee.objects.bulk_create(
        [PlenaryAttendee(plenary=plenary, number=n, **row) for n, row in enumerate(clean, start=1)])
    q = quorum_of(contest, region_code, plenary)
    record_event("results.plenary_attendance", actor=actor, region_code=region_code, target=plenary,
                 before={"attendees": before},
                 after={"attendees": clean, "members": q.members, "present": q.present, "needed": q.needed,
                        "quorum": q.reached})
    return attendees


def suggested_attendees(contest: Contest, region_code: str) -> list[dict[str, Any]]:
    """Where an attendance list starts when none is recorded: for a PPK, the members the adhoc
    app appointed for the kecamatan (PAW replacements included, those who left excluded); KPU
    commissioners are typed."""
    from pemilu.adhoc.models import Applicant, ApplicantStatus, Selection
    from pemilu.adhoc.rules import Body
    from pemilu.core.levels import level_of

    if level_of(region_code) != 3 or rules.is_overseas(region_code):
        return []
    members = (Applicant.objects.filter(election=contest.election, body=Body.PPK, area__code=region_code,
                                        status=ApplicantStatus.ACTIVE, outcome__selection=Selection.MEMBER)
               .order_by("outcome__final_rank", "pk").values_list("name", flat=True))
    return [{"kind": AttendeeKind.MEMBER, "name": name, "position": _("Anggota PPK"), "represents": "",
             "present": True} for name in members]
