"""Rapat pleno actions: locking a level's recap (its figures frozen for the level above),
reopening it from above, objections and special events, and the typed D.Hasil. Each function is
one transaction: permission, rules, change, audit row."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.accounts.permissions import can, ensure_can
from pemilu.audit.events import record_event
from pemilu.core import clock
from pemilu.core.bounds import LONG_TEXT_MAX, NAME_MAX, check_text
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
from pemilu.results import areas, minutes, rules
from pemilu.results.entry import ChecksFailed as ChecksFailed  # their home is results.entry; importable here too
from pemilu.results.entry import clean_figures as clean_figures
from pemilu.results.entry import evaluate as evaluate
from pemilu.results.models import (
    Contest,
    DifferencePolicy,
    Plenary,
    PlenaryRecord,
    PlenaryStatus,
    RecapSheet,
    RecordKind,
)
from pemilu.results.reference import config_for


def ensure_plenary_holder(contest: Contest, region_code: str, actor: User) -> None:
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


def plenary_row(contest: Contest, region_code: str) -> Plenary:
    codes = ancestor_codes(region_code)
    plenary, _c = Plenary.objects.select_for_update().get_or_create(
        contest=contest, region_code=region_code,
        defaults={"level": level_of(region_code), "prov_code": codes.get(1, ""), "kab_code": codes.get(2, ""),
                  "kec_code": codes.get(3, ""), "desa_code": codes.get(4, "")})
    return plenary


@transaction.atomic
def do_lock_plenary(contest: Contest, region_code: str, *, actor: User) -> Plenary:
    """Close the rapat pleno: every TPS below counted, every plenary of the level below
    locked; the figures are frozen and feed the level above."""
    from pemilu.results import queries

    ensure_plenary_holder(contest, region_code, actor)
    level = level_of(region_code)
    config = config_for(contest.election)
    chain = queries.chain_of(contest, region_code, config)
    plenary = plenary_row(contest, region_code)
    if plenary.status == PlenaryStatus.LOCKED:
        raise ConflictError(_("Rapat pleno sudah dikunci."))
    progress = queries.progress(contest, region_code)
    blockers: list[Blocker] = []
    open_forms = progress["expected"] - progress["accepted"]
    if open_forms > 0:
        blockers.append(Blocker("open_forms", _("{n} TPS belum diterima.").format(n=open_forms)))
    # The berita acara: the quorum of members present, and every incomplete C.Hasil covered by a
    # special event with its reason (minutes.py; issue 21 items 1 and 4).
    minute_blockers, incomplete_codes = minutes.lock_blockers(contest, region_code, plenary)
    blockers += minute_blockers
    incomplete = len(incomplete_codes)
    below = [lvl for lvl in chain if lvl > level]
    if below:
        children = areas.voting_children(contest, queries.child_codes(region_code, min(below)))
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
    plenary.locked_at = clock.now()   # dated on PEMILU_TODAY's day in the demo
    plenary.locked_by = actor
    plenary.save()
    if differences:  # policy "warn": locked, and the differences go on the record
        PlenaryRecord.objects.create(plenary=plenary, kind=RecordKind.SPECIAL, by=actor, text=_(
            "Dikunci dengan {n} selisih antara D.Hasil yang diketik dan jumlah wilayah di bawahnya: {fields}")
            .format(n=len(differences), fields=describe_differences(differences)))
    if incomplete:
        PlenaryRecord.objects.create(plenary=plenary, kind=RecordKind.SPECIAL, by=actor, tps_codes=incomplete_codes,
                                     text=_("Dikunci dengan {n} C.Hasil tidak lengkap yang tidak dijumlahkan.")
                                     .format(n=incomplete))
    quorum = minutes.quorum_of(contest, region_code, plenary)
    late = deadline is not None and deadline["end"] is not None and deadline["state"] == rules.OVERDUE
    record_event("results.plenary_locked", actor=actor, region_code=region_code, target=plenary,
                 after={"totals": plenary.frozen, "differences": differences, "late": late, "incomplete": incomplete,
                        "quorum": {"members": quorum.members, "present": quorum.present, "needed": quorum.needed},
                        "deadline": deadline["end"].isoformat() if deadline and deadline["end"] else None})
    return plenary


def describe_differences(differences: list[dict[str, Any]], limit: int = 5) -> str:
    parts = [f"{d['code']} {d['field']}: {d['computed']} ≠ {'-' if d['typed'] is None else d['typed']}"
             for d in differences[:limit]]
    return "; ".join(parts) + (" …" if len(differences) > limit else "")


@transaction.atomic
def do_enter_recap_sheet(contest: Contest, region_code: str, rows: dict[str, dict[str, Any]], *, actor: User,
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
def do_reopen_plenary(plenary: Plenary, *, actor: User, reason: str) -> Plenary:
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
def do_record_objection(contest: Contest, region_code: str, *, actor: User, kind: str, text: str,
                        resolution: str = "", raised_by: str = "", reason: str = "",
                        tps_codes: Sequence[str] = ()) -> PlenaryRecord:
    """A line of the D.Kejadian Khusus dan/atau Keberatan. An objection (keberatan): who raised it
    (``raised_by``), about what (``text``), the plenary's answer (``resolution``). A special event
    (kejadian khusus): what happened (``text``), why the plenary goes on (``reason``) and the TPS
    it covers (``tps_codes``): an incomplete C.Hasil lets the plenary lock only once a special
    event with a reason names its TPS. Refused once the plenary is locked."""
    ensure_plenary_holder(contest, region_code, actor)
    if kind not in (RecordKind.OBJECTION, RecordKind.SPECIAL) or not text.strip():
        raise DomainError(_("Jenis dan uraian catatan wajib diisi."))
    for value, field, limit in ((text, _("uraian"), LONG_TEXT_MAX), (resolution, _("penyelesaian"), LONG_TEXT_MAX),
                                (reason, _("alasan"), LONG_TEXT_MAX), (raised_by, _("diajukan oleh"), NAME_MAX)):
        check_text(value, field=str(field), max_length=limit, multiline=limit == LONG_TEXT_MAX)
    codes = sorted({c.strip() for c in tps_codes if c.strip()})
    if codes and kind != RecordKind.SPECIAL:
        raise DomainError(_("Hanya kejadian khusus yang meliputi TPS."))
    if codes and not reason.strip():
        raise DomainError(_("Kejadian khusus yang meliputi TPS wajib disertai alasan."))
    if len(codes) > minutes.MAX_COVERED_TPS:
        raise DomainError(_("Paling banyak {n} TPS per kejadian khusus.").format(n=minutes.MAX_COVERED_TPS))
    known = set(Tps.objects.in_region(region_code).filter(code__in=codes).values_list("code", flat=True))
    if set(codes) - known:
        # Said the same whether the code exists elsewhere or not at all: nothing leaks.
        raise DomainError(_("Bukan TPS wilayah ini: {codes}").format(codes=", ".join(sorted(set(codes) - known)[:10])))
    plenary = plenary_row(contest, region_code)
    if plenary.status == PlenaryStatus.LOCKED:
        raise ConflictError(_("Rapat pleno sudah dikunci; catatan hanya ditambah setelah dibuka kembali."))
    record = PlenaryRecord.objects.create(plenary=plenary, kind=kind, text=text, resolution=resolution, by=actor,
                                          raised_by=raised_by.strip(), reason=reason.strip(), tps_codes=codes)
    record_event("results.plenary_record", actor=actor, region_code=region_code, target=record,
                 after={"kind": kind, "text": text, "resolution": resolution, "raised_by": record.raised_by,
                        "reason": record.reason, "tps": codes})
    return record
