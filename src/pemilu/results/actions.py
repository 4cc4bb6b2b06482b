"""State changes of C.Hasil forms and plenaries. Every function is one transaction: permission
check, change, running-total update, audit row."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pemilu.accounts.models import Role
from pemilu.accounts.permissions import can, covering_roles, ensure_can
from pemilu.audit.events import record_event
from pemilu.core.exceptions import (
    Blocker,
    ConflictError,
    DomainError,
    ImportFailed,
    PermissionDeniedError,
    RowError,
    StageClosedError,
    TransitionBlocked,
)
from pemilu.core.levels import ancestor_codes, level_of, parent_code
from pemilu.regions.models import Tps
from pemilu.results import checks, rollup, rules
from pemilu.results.entry import ChecksFailed as ChecksFailed  # their home is results.entry; importable here too
from pemilu.results.entry import EntryPlan, ensure_tps_in_contest, plan_entry
from pemilu.results.entry import clean_figures as clean_figures
from pemilu.results.entry import evaluate as evaluate
from pemilu.results.models import (
    FORM_FIELDS,
    Contest,
    DifferencePolicy,
    EntryMode,
    Plenary,
    PlenaryRecord,
    PlenaryStatus,
    RecapSheet,
    RecordKind,
    Result,
    ResultPhoto,
    ResultStatus,
    ResultVersion,
    VersionKind,
)
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


def _new_version(result: Result, figures: dict[str, Any], *, kind: str, actor: Any, codes: list[str],
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


def _audit(event: str, result: Result, actor: Any, *, before: Any = None, after: Any = None, reason: str = "") -> None:
    record_event(event, actor=actor, region_code=result.tps_id, target=result, object_repr=str(result.tps_id),
                 before=before, after=after, reason=reason)


@transaction.atomic
def do_submit_result(contest: Contest, tps: Tps, data: dict[str, Any], *, actor: Any,
                     acknowledgements: dict[str, str] | None = None, photo: ResultPhoto | None = None) -> Result:
    """A C.Hasil typed from the paper. What happens next follows the election's entry mode:
    direct (accepted when it passes the checks), verify (waits for a PPK member), or double
    entry (counts only when a second, different user types the same figures)."""
    ensure_can(actor, "results.enter", tps)
    ensure_tps_in_contest(contest, tps.code)
    figures = clean_figures(contest, data)
    codes = evaluate(figures, acknowledgements)
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
def do_submit_result_with_photo(contest: Contest, tps: Tps, data: dict[str, Any], *, photo_raw: bytes,
                                photo_name: str, actor: Any,
                                acknowledgements: dict[str, str] | None = None) -> Result:
    """The phone page's submission: the plano photo and the typed form stored together, or
    neither (a form refused by its checks keeps no photo)."""
    ensure_can(actor, "results.enter", tps)
    ensure_tps_in_contest(contest, tps.code)
    photo = do_attach_photo(locked_result(contest, tps), photo_raw, filename=photo_name, actor=actor)
    return do_submit_result(contest, tps, data, actor=actor, acknowledgements=acknowledgements, photo=photo)


@transaction.atomic
def do_verify_result(result: Result, *, actor: Any) -> Result:
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
def do_resolve_conflict(result: Result, *, actor: Any, keep_version: int | None, reason: str = "") -> Result:
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


def ensure_correction_window(result: Result, actor: Any) -> None:
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
def do_correct_result(result: Result, data: dict[str, Any], *, actor: Any, reason: str,
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
    codes = evaluate(figures, acknowledgements)
    old = result.current if result.status == ResultStatus.ACCEPTED else None
    before = old.figures() if old else None
    version = _new_version(result, figures, kind=VersionKind.CORRECTION, actor=actor, codes=codes,
                           acknowledgements=acknowledgements, reason=reason, photo=old.photo if old else None)
    _set_status(result, ResultStatus.ACCEPTED, current=version, counted_before=old, corrected=True)
    _audit("results.corrected", result, actor, before=before, after={**version.figures(), **_figures(result, version)},
           reason=reason)
    return result


def record_import(result: Result, figures: dict[str, Any], *, actor: Any, filename: str) -> str:
    """Store an imported paper form as it is: accepted when no error check fails (warnings
    acknowledged with the file name), otherwise kept with status error and its codes."""
    codes = checks.run_checks(figures)
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
def do_attach_photo(result: Result, raw: bytes, *, filename: str, actor: Any) -> ResultPhoto:
    """Store the plano photo byte for byte, with its SHA-256 and EXIF."""
    from pemilu.results.photos import store_photo

    ensure_can(actor, "results.enter", result)
    photo = store_photo(result, raw, filename=filename, actor=actor,
                        max_bytes=config_for(result.contest.election).photo_max_bytes)
    record_event("results.photo_attached", actor=actor, region_code=result.tps_id, target=photo,
                 after={"sha256": photo.sha256, "size": photo.size, "content_type": photo.content_type})
    return photo


# --- plenaries -----------------------------------------------------------------------------

def ensure_plenary_holder(contest: Contest, region_code: str, actor: Any) -> None:
    """The actor holds ``region_code``'s plenary, and it is a recap level of its chain. Region 99
    (Luar Negeri) has no KPU of its own: KPU recaps the PPLN results as one unit at the national
    level (PKPU 5/2024), so its plenary needs a national role."""
    from pemilu.results import queries

    ensure_can(actor, "results.plenary", region_code)
    if not queries.is_recap_region(contest, region_code):
        raise DomainError(_("Tingkat ini bukan tingkat rekapitulasi."))
    holder = rules.holder_scope(region_code)
    if holder != region_code and not can(actor, "results.plenary", holder):
        raise PermissionDeniedError(_("Rapat pleno {region} diselenggarakan oleh KPU di tingkat nasional.")
                                    .format(region=region_code))


def reopen_scope(plenary: Plenary) -> str:
    """Where the level above a plenary sits, the only one that may reopen it: the recap region
    above it in its chain (a PPLN: region 99), held by its holder (region 99: KPU, national)."""
    from pemilu.results import queries

    above = rules.recap_region_above(plenary.region_code, queries.chain_of(plenary.contest, plenary.region_code))
    return rules.holder_scope(above)


def _plenary(contest: Contest, region_code: str) -> Plenary:
    codes = ancestor_codes(region_code)
    plenary, _c = Plenary.objects.select_for_update().get_or_create(
        contest=contest, region_code=region_code,
        defaults={"level": level_of(region_code), "prov_code": codes.get(1, ""), "kab_code": codes.get(2, ""),
                  "kec_code": codes.get(3, ""), "desa_code": codes.get(4, "")})
    return plenary


@transaction.atomic
def do_lock_plenary(contest: Contest, region_code: str, *, actor: Any) -> Plenary:
    """Close the rapat pleno: every TPS below counted, every plenary of the level below
    locked; the figures are frozen and feed the level above."""
    from pemilu.results import queries

    ensure_plenary_holder(contest, region_code, actor)
    level = level_of(region_code)
    config = config_for(contest.election)
    chain = queries.chain_of(contest, region_code, config)
    plenary = _plenary(contest, region_code)
    if plenary.status == PlenaryStatus.LOCKED:
        raise ConflictError(_("Rapat pleno sudah dikunci."))
    progress = queries.progress(contest, region_code)
    blockers: list[Blocker] = []
    open_forms = progress["expected"] - progress["accepted"]
    if open_forms > 0:
        blockers.append(Blocker("open_forms", _("{n} TPS belum diterima.").format(n=open_forms)))
    incomplete = progress["incomplete"]
    if incomplete > 0 and not plenary.records.filter(kind=RecordKind.SPECIAL).exists():
        # An incomplete C.Hasil must not be frozen unnoticed: the plano read out at the plenary
        # completes it (a correction), or a special event (D.Kejadian Khusus) records why the
        # plenary goes on without it (PKPU 5/2024; the lock then notes the count).
        blockers.append(Blocker("incomplete_forms", _(
            "{n} C.Hasil tidak lengkap; lengkapi dari plano atau catat kejadian khusus dengan alasannya.")
            .format(n=incomplete)))
    below = [lvl for lvl in chain if lvl > level]
    if below:
        children = queries.child_codes(region_code, min(below))
        locked = set(Plenary.objects.filter(contest=contest, region_code__in=children, status=PlenaryStatus.LOCKED)
                     .values_list("region_code", flat=True))
        if set(children) - locked:
            blockers.append(Blocker("children_open", _("{n} rapat pleno tingkat bawah belum dikunci.")
                                    .format(n=len(set(children) - locked))))
    differences = queries.sheet_comparison(contest, region_code) or []
    policy = config.difference_policy
    if differences and policy == DifferencePolicy.BLOCK:
        blockers.append(Blocker("recap_differences", _(
            "{n} selisih antara D.Hasil yang diketik dan jumlah wilayah di bawahnya: {fields}").format(
            n=len(differences), fields=describe_differences(differences))))
    if blockers:
        raise TransitionBlocked(blockers)
    deadline = queries.deadline_of(contest, region_code, live=True)  # goes on the record
    plenary.status = PlenaryStatus.LOCKED
    plenary.frozen = queries.totals(contest, region_code)
    plenary.locked_at = timezone.now()
    plenary.locked_by = actor
    plenary.save()
    if differences:  # policy "warn": locked, and the differences go on the record
        PlenaryRecord.objects.create(plenary=plenary, kind=RecordKind.SPECIAL, by=actor, text=_(
            "Dikunci dengan {n} selisih antara D.Hasil yang diketik dan jumlah wilayah di bawahnya: {fields}")
            .format(n=len(differences), fields=describe_differences(differences)))
    if incomplete:
        PlenaryRecord.objects.create(plenary=plenary, kind=RecordKind.SPECIAL, by=actor, text=_(
            "Dikunci dengan {n} C.Hasil tidak lengkap yang tidak dijumlahkan.").format(n=incomplete))
    late = deadline is not None and deadline["end"] is not None and deadline["state"] == rules.OVERDUE
    record_event("results.plenary_locked", actor=actor, region_code=region_code, target=plenary,
                 after={"totals": plenary.frozen, "differences": differences, "late": late, "incomplete": incomplete,
                        "deadline": deadline["end"].isoformat() if deadline and deadline["end"] else None})
    return plenary


def describe_differences(differences: list[dict[str, Any]], limit: int = 5) -> str:
    parts = [f"{d['code']} {d['field']}: {d['computed']} ≠ {'-' if d['typed'] is None else d['typed']}"
             for d in differences[:limit]]
    return "; ".join(parts) + (" …" if len(differences) > limit else "")


@transaction.atomic
def do_enter_recap_sheet(contest: Contest, region_code: str, rows: dict[str, dict[str, Any]], *, actor: Any,
                         reason: str = "") -> RecapSheet:
    """A level's D.Hasil typed from paper: one row per child region, every field of the totals
    (each choice, suara sah, tidak sah). All rows are checked before anything is written; a bad
    row is named and nothing is stored. A retyped sheet is a new version. Refused once the
    plenary is locked (its figures are frozen)."""
    from pemilu.results import queries

    ensure_plenary_holder(contest, region_code, actor)
    level = level_of(region_code)
    plenary = Plenary.objects.filter(contest=contest, region_code=region_code).first()
    if plenary is not None and plenary.status == PlenaryStatus.LOCKED:
        raise ConflictError(_("Rapat pleno sudah dikunci; D.Hasil hanya diubah setelah dibuka kembali."))
    children = [r["code"] for r in queries.recap_children(contest, region_code)]
    keys = queries.sheet_keys(contest)
    errors: list[RowError] = []
    clean: dict[str, dict[str, int]] = {}
    for line, code in enumerate(children, start=1):
        row = rows.get(code)
        if row is None:
            errors.append(RowError(line, _("baris {code} belum diisi").format(code=code)))
            continue
        unknown = sorted(set(row) - set(keys))
        if unknown:
            errors.append(RowError(line, _("isian tidak dikenal: {f}").format(f=", ".join(unknown))))
        values: dict[str, int] = {}
        for key in keys:
            value = row.get(key)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                errors.append(RowError(line, _("{code}: isian {key} harus bilangan bulat tidak negatif")
                                       .format(code=code, key=key), key))
            else:
                values[key] = value
        clean[code] = values
    extra = sorted(set(rows) - set(children))
    if extra:
        errors.append(RowError(len(children) + 1, _("wilayah bukan bagian dari {region}: {codes}")
                               .format(region=region_code or _("nasional"), codes=", ".join(extra))))
    if errors:
        raise ImportFailed(errors)
    last = (RecapSheet.objects.filter(contest=contest, region_code=region_code).order_by("-number")
            .values_list("number", flat=True).first() or 0)
    codes = ancestor_codes(region_code)
    sheet = RecapSheet.objects.create(
        contest=contest, region_code=region_code, level=level, prov_code=codes.get(1, ""), kab_code=codes.get(2, ""),
        kec_code=codes.get(3, ""), desa_code=codes.get(4, ""), number=last + 1, rows=clean, reason=reason,
        entered_by=actor)
    differences = queries.sheet_comparison(contest, region_code, sheet) or []
    record_event("results.recap_sheet_entered", actor=actor, region_code=region_code, target=sheet,
                 after={"version": sheet.number, "rows": clean, "differences": len(differences)}, reason=reason)
    return sheet


@transaction.atomic
def do_reopen_plenary(plenary: Plenary, *, actor: Any, reason: str) -> Plenary:
    """Only the level above reopens a locked plenary, with a reason, recorded as a special
    event (D.Kejadian Khusus dan/atau Keberatan)."""
    ensure_can(actor, "results.view", plenary)
    if plenary.region_code == "" or not can(actor, "results.reopen", reopen_scope(plenary)):
        raise PermissionDeniedError(_("Hanya tingkat di atasnya yang dapat membuka kembali rapat pleno ini."))
    if not reason.strip():
        raise DomainError(_("Pembukaan kembali wajib disertai alasan."))
    plenary = Plenary.objects.select_for_update().get(pk=plenary.pk)
    if plenary.status != PlenaryStatus.LOCKED:
        raise ConflictError(_("Rapat pleno tidak terkunci."))
    above = Plenary.objects.filter(contest_id=plenary.contest_id, status=PlenaryStatus.LOCKED,
                                   region_code__in=["", *ancestor_codes(parent_code(plenary.region_code)).values()])
    if above.exists():
        raise StageClosedError(_("Rapat pleno tingkat di atasnya juga terkunci; buka dari atas lebih dulu."))
    plenary.status = PlenaryStatus.OPEN
    plenary.save(update_fields=["status"])
    PlenaryRecord.objects.create(plenary=plenary, kind=RecordKind.REOPEN, text=reason, by=actor)
    record_event("results.plenary_reopened", actor=actor, region_code=plenary.region_code, target=plenary,
                 before={"status": PlenaryStatus.LOCKED, "totals": plenary.frozen},
                 after={"status": PlenaryStatus.OPEN}, reason=reason)
    return plenary


@transaction.atomic
def do_record_objection(contest: Contest, region_code: str, *, actor: Any, kind: str, text: str,
                        resolution: str = "") -> PlenaryRecord:
    """An objection (keberatan) or special event at a plenary, with its resolution."""
    ensure_can(actor, "results.plenary", region_code)
    if kind not in RecordKind.values or not text.strip():
        raise DomainError(_("Jenis dan uraian catatan wajib diisi."))
    plenary = _plenary(contest, region_code)
    record = PlenaryRecord.objects.create(plenary=plenary, kind=kind, text=text, resolution=resolution, by=actor)
    record_event("results.plenary_record", actor=actor, region_code=region_code, target=record,
                 after={"kind": kind, "text": text, "resolution": resolution})
    return record
