"""State changes of a TPS's C.Hasil: entry (first and second), verification, conflict
resolution, correction, import, plano photo. Every function is one transaction: permission
check, change, running-total update, audit row. The plenary actions are in ``plenaries.py`` (and
importable from here); what an entry is and what storing it changes, in ``entry.py``."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from pemilu.accounts.models import Role, User
from pemilu.accounts.permissions import can, covering_roles, ensure_can
from pemilu.audit.events import record_event
from pemilu.core.exceptions import ConflictError, DomainError, StageClosedError
from pemilu.core.levels import ancestor_codes
from pemilu.regions.models import Tps
from pemilu.results import checks, rollup, rules
from pemilu.results.entry import ChecksFailed as ChecksFailed  # their home is results.entry; importable here too
from pemilu.results.entry import EntryPlan, dpt_reference, ensure_tps_in_contest, plan_entry
from pemilu.results.entry import clean_figures as clean_figures
from pemilu.results.entry import evaluate as evaluate
from pemilu.results.models import (
    FORM_FIELDS,
    Contest,
    EntryMode,
    Plenary,
    PlenaryStatus,
    Result,
    ResultPhoto,
    ResultStatus,
    ResultVersion,
    VersionKind,
)
from pemilu.results.plenaries import describe_differences as describe_differences
from pemilu.results.plenaries import do_enter_recap_sheet as do_enter_recap_sheet
from pemilu.results.plenaries import do_lock_plenary as do_lock_plenary
from pemilu.results.plenaries import do_record_objection as do_record_objection
from pemilu.results.plenaries import do_reopen_plenary as do_reopen_plenary
from pemilu.results.plenaries import ensure_plenary_holder as ensure_plenary_holder
from pemilu.results.plenaries import reopen_scope as reopen_scope
from pemilu.results.reference import config_for


def _bump(result: Result, delta: dict[str, int]) -> None:
    """Fold ``delta`` into the kecamatan running totals in one statement."""
    key = (result.contest_id, result.kec_code, result.kab_code, result.prov_code)
    rollup.bump(rollup.group((key, choice, value) for choice, value in delta.items()))


def locked_result(contest: Contest, tps: Tps) -> Result:
    """The TPS's form for ``contest``, locked for this transaction (created empty when missing)."""
    row = Result.objects.select_for_update().filter(contest=contest, tps_id=tps.code).first()
    if row is not None:
        return row
    try:
        with transaction.atomic():
            row = Result.objects.create(contest=contest, tps_id=tps.code, prov_code=tps.prov_code,
                                        kab_code=tps.kab_code, kec_code=tps.kec_code, desa_code=tps.desa_code)
            row._fresh = True  # type: ignore[attr-defined]  # no versions yet: skip that query
            return row
    except IntegrityError:
        return Result.objects.select_for_update().get(contest=contest, tps_id=tps.code)


def _next_number(result: Result) -> int:
    """The number the form's next version gets (1 for a row just created: no query)."""
    fresh = getattr(result, "_fresh", False)
    result._fresh = False  # type: ignore[attr-defined]
    return 1 + (0 if fresh else (result.versions.order_by("-number").values_list("number", flat=True).first() or 0))


def _new_version(result: Result, figures: dict[str, Any], *, kind: str, actor: User, codes: list[str],
                 acknowledgements: dict[str, str] | None = None, reason: str = "",
                 photo: ResultPhoto | None = None, number: int | None = None) -> ResultVersion:
    return ResultVersion.objects.create(
        result=result, number=number or _next_number(result), kind=kind, codes=codes,
        acknowledgements=acknowledgements or {}, reason=reason, photo=photo, entered_by=actor, votes=figures["votes"],
        **{f: figures.get(f) for f in FORM_FIELDS})


def _set_status(result: Result, status: str, *, current: ResultVersion | None = None,
                counted_before: ResultVersion | None = None, corrected: bool = False) -> None:
    """Move ``result`` to ``status``; keep the running totals in step (accepted versions
    count; an accepted version replaced by another moves the totals by the difference)."""
    old_status = result.status
    old_incomplete = int(old_status == ResultStatus.ACCEPTED and result.is_incomplete)
    old_totals = rules.vote_totals(counted_before.figures()) if counted_before is not None else None
    if current is not None:
        result.current = current
        result.codes = current.codes
        result.is_incomplete = rules.is_incomplete(current.figures())
    accepted = status == ResultStatus.ACCEPTED and result.current
    new_totals = rules.vote_totals(result.current.figures()) if accepted and result.current else None
    delta = rules.rollup_delta(old_totals, new_totals)
    delta.update(rules.status_delta(old_status, status))
    incomplete = int(status == ResultStatus.ACCEPTED and result.is_incomplete) - old_incomplete
    if incomplete:
        delta["#incomplete"] = incomplete
    if corrected and result.corrections == 0:
        delta["#corrected"] = 1
    if corrected:
        result.corrections += 1
    result.status = status
    _bump(result, delta)
    result.save(update_fields=["status", "current", "codes", "is_incomplete", "corrections", "updated_at"])


def _figures(result: Result, created: ResultVersion | None = None) -> dict[str, Any]:
    """What an audit row records of the form (issue 17): its status, the version this event
    created and the digest of its figures, and the version that counts when that is another."""
    out: dict[str, Any] = {"status": result.status}
    if created is not None:
        out.update(version=created.number, digest=rules.figures_digest(created.figures()))
    current = result.current
    if current is not None and (created is None or current.pk != created.pk):
        out.update(current=current.number, current_digest=rules.figures_digest(current.figures()))
    return out


def _audit(event: str, result: Result, actor: User, *, before: object = None, after: object = None,
           reason: str = "") -> None:
    record_event(event, actor=actor, region_code=result.tps_id, target=result, object_repr=str(result.tps_id),
                 before=before, after=after, reason=reason)


@transaction.atomic
def do_submit_result(contest: Contest, tps: Tps, data: dict[str, Any], *, actor: User,
                     acknowledgements: dict[str, str] | None = None, photo: ResultPhoto | None = None,
                     photo_upload: tuple[bytes, str] | None = None) -> Result:
    """A C.Hasil typed from the paper. What happens next follows the election's entry mode:
    direct (accepted when it passes the checks), verify (waits for a PPK member), or double
    entry (counts only when a second, different user types the same figures). ``photo_upload``
    (bytes, file name): the plano photo stored with the form in this transaction (the phone page)."""
    ensure_can(actor, "results.enter", tps)
    ensure_tps_in_contest(contest, tps.code)
    if photo_upload is not None:
        photo = do_attach_photo(locked_result(contest, tps), photo_upload[0], filename=photo_upload[1], actor=actor)
    figures = clean_figures(contest, data)
    codes = evaluate(figures, acknowledgements,
                     reference=dpt_reference(contest.election_id, [tps.code]).get(tps.code))
    result = locked_result(contest, tps)
    before = {"status": result.status}
    mode = config_for(contest.election).entry_mode
    if result.status == ResultStatus.ACCEPTED:
        raise ConflictError(_("C.Hasil ini sudah diterima; perubahan hanya melalui koreksi."))
    if result.status == ResultStatus.CONFLICT:
        raise ConflictError(_("Dua entri berbeda menunggu keputusan koordinator."))
    if mode == EntryMode.DOUBLE and result.status == ResultStatus.FIRST_ENTRY:
        first = result.current
        assert first is not None
        if first.entered_by_id == actor.pk:
            raise ConflictError(_("Entri kedua harus dilakukan oleh pengguna lain."))
        version = _new_version(result, figures, kind=VersionKind.SECOND, actor=actor, codes=codes,
                               acknowledgements=acknowledgements, photo=photo or first.photo)
        diffs = rules.figure_differences(first.figures(), version.figures())
        if diffs:
            _set_status(result, ResultStatus.CONFLICT)
        else:
            _set_status(result, ResultStatus.ACCEPTED, current=version)
        _audit("results.second_entry", result, actor, before=before,
               after={**_figures(result, version), "differences": diffs})
        return result
    plan = plan_entry(figures, codes, mode, previous=result.status, number=_next_number(result))
    version = _new_version(result, figures, kind=VersionKind.ENTRY, actor=actor, codes=codes,
                           acknowledgements=acknowledgements, photo=photo, number=plan.number)
    _apply_entry(result, version, plan)
    _audit("results.entered", result, actor, before=plan.audit_before, after=plan.audit_after)
    return result


def _apply_entry(result: Result, version: ResultVersion, plan: EntryPlan) -> None:
    """Execute ``plan`` on the locked ``result`` whose new ``version`` was just stored."""
    result.current = version
    result.codes = plan.codes
    result.is_incomplete = plan.is_incomplete
    result.status = plan.status
    _bump(result, plan.totals_delta)
    result.save(update_fields=["status", "current", "codes", "is_incomplete", "updated_at"])


@transaction.atomic
def do_verify_result(result: Result, *, actor: User) -> Result:
    """A PPK member checked the typed figures against the plano: the form counts."""
    ensure_can(actor, "results.verify", result)
    result = Result.objects.select_for_update().get(pk=result.pk)
    if result.status != ResultStatus.SUBMITTED or result.current is None:
        raise ConflictError(_("Tidak ada entri yang menunggu verifikasi."))
    if result.current.entered_by_id == actor.pk:
        raise ConflictError(_("Verifikasi harus dilakukan oleh pengguna lain daripada yang mengisi."))
    _set_status(result, ResultStatus.ACCEPTED)
    _audit("results.verified", result, actor, before={"status": ResultStatus.SUBMITTED}, after=_figures(result))
    return result


@transaction.atomic
def do_resolve_conflict(result: Result, *, actor: User, keep_version: int | None, reason: str = "") -> Result:
    """The coordinator keeps one of two disagreeing entries, or (``keep_version=None``) sends
    the form back for two fresh entries."""
    ensure_can(actor, "results.resolve", result)
    result = Result.objects.select_for_update().get(pk=result.pk)
    if result.status != ResultStatus.CONFLICT:
        raise ConflictError(_("Tidak ada entri ganda yang berbeda."))
    if keep_version is None:
        _set_status(result, ResultStatus.EMPTY)
        _audit("results.sent_back", result, actor, before={"status": ResultStatus.CONFLICT}, after=_figures(result),
               reason=reason)
        return result
    version = result.versions.filter(number=keep_version).first()
    if version is None:
        raise DomainError(_("Versi tidak ditemukan."))
    _set_status(result, ResultStatus.ACCEPTED, current=version)
    _audit("results.resolved", result, actor, before={"status": ResultStatus.CONFLICT},
           after={**_figures(result), "kept_version": keep_version}, reason=reason)
    return result


def ensure_correction_window(result: Result, actor: User) -> None:
    """Who may correct at this moment (issue 8 item 5): the PPK while its kecamatan's recap
    window is open, KPU Kab/Kota (or above) once it has closed; nobody before it opens (the
    forms are still at the TPS). Without a scheduled window, roles alone decide. Off with
    ``ResultConfig.corrections_follow_schedule``."""
    from pemilu.results import queries
    from pemilu.schedule.labels import format_day
    from pemilu.schedule.queries import local_date

    contest = result.contest
    if not config_for(contest.election).corrections_follow_schedule:
        return
    start, end = queries.windows_of(contest, 3, [result.kec_code], live=True).get(result.kec_code, (None, None))
    today = local_date(contest.election, region_code=result.kec_code)   # the kecamatan's own clock
    holder = rules.correction_holder(rules.window_phase(start, end, today))
    if holder == "any":
        return
    assert start is not None and end is not None
    window = {"start": format_day(start), "end": format_day(end)}
    if holder == "none":
        raise StageClosedError(_("Koreksi dibuka pada masa rekapitulasi kecamatan ({start} s.d. {end}).")
                               .format(**window))
    if holder == "ppk" and not (actor.is_superuser or Role.PPK in covering_roles(actor, result.kec_code)):
        raise StageClosedError(_("Selama masa rekapitulasi kecamatan ({start} s.d. {end}) koreksi dilakukan "
                                 "oleh PPK.").format(**window))
    if holder == "kpu" and not can(actor, "results.correct", result.kab_code):
        raise StageClosedError(_("Masa rekapitulasi kecamatan sudah berakhir ({end}); koreksi dilakukan oleh "
                                 "KPU Kabupaten/Kota.").format(**window))


def locked_plenary_over(result: Result) -> Plenary | None:
    codes = ["", *ancestor_codes(result.kec_code).values()]
    return (Plenary.objects.filter(contest_id=result.contest_id, region_code__in=codes, status=PlenaryStatus.LOCKED)
            .order_by("-level").first())


@transaction.atomic
def do_correct_result(result: Result, data: dict[str, Any], *, actor: User, reason: str,
                      acknowledgements: dict[str, str] | None = None) -> Result:
    """Change an accepted (or imported-with-errors) form: a new version with a reason. Refused
    while a plenary over the TPS is locked (PKPU 5/2024: only the level above reopens it)."""
    ensure_can(actor, "results.correct", result)
    if not reason.strip():
        raise DomainError(_("Koreksi wajib disertai alasan."))
    result = Result.objects.select_for_update().select_related("contest").get(pk=result.pk)
    if result.status not in (ResultStatus.ACCEPTED, ResultStatus.ERROR):
        raise ConflictError(_("Hanya C.Hasil yang sudah diterima atau bermasalah yang dikoreksi."))
    locked = locked_plenary_over(result)
    if locked is not None:
        raise StageClosedError(_("Rapat pleno {region} sudah dikunci; koreksi hanya setelah dibuka kembali "
                                 "oleh tingkat di atasnya.").format(region=locked.region_code or _("nasional")))
    ensure_correction_window(result, actor)
    figures = clean_figures(result.contest, data)
    codes = evaluate(figures, acknowledgements,
                     reference=dpt_reference(result.contest.election_id, [result.tps_id]).get(result.tps_id))
    old = result.current if result.status == ResultStatus.ACCEPTED else None
    before = old.figures() if old else None
    version = _new_version(result, figures, kind=VersionKind.CORRECTION, actor=actor, codes=codes,
                           acknowledgements=acknowledgements, reason=reason, photo=old.photo if old else None)
    _set_status(result, ResultStatus.ACCEPTED, current=version, counted_before=old, corrected=True)
    _audit("results.corrected", result, actor, before=before, after={**version.figures(), **_figures(result, version)},
           reason=reason)
    return result


def record_import(result: Result, figures: dict[str, Any], *, actor: User, filename: str,
                  reference: dict[str, Any] | None = None) -> str:
    """Store an imported paper form as it is: accepted when no error check fails (warnings
    acknowledged with the file name), otherwise kept with status error and its codes.
    ``reference``: the TPS's set DPT (``entry.dpt_reference``)."""
    codes = checks.run_checks(figures, reference)
    if result.status == ResultStatus.ACCEPTED and result.current is not None:
        if result.current.figures() == figures:
            return "unchanged"
        raise ConflictError(_("sudah diterima dengan angka lain; gunakan koreksi"))
    acks = {w: _("impor {file}").format(file=filename) for w in checks.warnings_of(codes)}
    version = _new_version(result, figures, kind=VersionKind.IMPORT, actor=actor, codes=codes, acknowledgements=acks,
                           reason=_("impor {file}").format(file=filename))
    before = {"status": result.status}
    _set_status(result, ResultStatus.ERROR if checks.errors_of(codes) else ResultStatus.ACCEPTED, current=version)
    _audit("results.imported", result, actor, before=before, after={**_figures(result, version), "codes": codes})
    return result.status


@transaction.atomic
def do_attach_photo(result: Result, raw: bytes, *, filename: str, actor: User) -> ResultPhoto:
    """Store the plano photo byte for byte, with its SHA-256 and EXIF."""
    from pemilu.results.photos import store_photo

    ensure_can(actor, "results.enter", result)
    photo = store_photo(result, raw, filename=filename, actor=actor,
                        max_bytes=config_for(result.contest.election).photo_max_bytes)
    record_event("results.photo_attached", actor=actor, region_code=result.tps_id, target=photo,
                 after={"sha256": photo.sha256, "size": photo.size, "content_type": photo.content_type})
    return photo
