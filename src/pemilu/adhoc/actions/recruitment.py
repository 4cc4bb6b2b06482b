"""A recruitment's life up to verification: creation with its areas, opening and closing
registration, extensions below the minimum of registrants (KPT 534/2022), re-evaluation."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.accounts.permissions import ensure_can
from pemilu.adhoc import queries, rules
from pemilu.adhoc.actions.base import fresh, lock, transition
from pemilu.adhoc.models import (
    Area,
    AreaExtension,
    ExtensionKind,
    Recruitment,
    RecruitmentStatus,
)
from pemilu.audit.events import record_event, snapshot
from pemilu.core.bounds import (
    SHORT_TEXT_MAX,
    check_text,
)
from pemilu.core.exceptions import (
    Blocker,
    ConflictError,
    DomainError,
    NotFoundError,
)
from pemilu.core.levels import level_of
from pemilu.elections.models import Election
from pemilu.regions.models import Region, Tps

# --- formation plan and recruitment ------------------------------------------------------

@transaction.atomic
def do_create_recruitment(election: Election, body: str, region_code: str, *, actor: User) -> Recruitment:
    """Create the recruitment of one body in one kab/kota with one Area per body to form; or the
    KPPS recruitment of one kelurahan/desa, which its PPS runs (PKPU 8/2022: the PPS forms the KPPS;
    issue 20 item 3) with one Area per TPS. A kab/kota's KPPS are formed one way or the other: a
    kab/kota-wide KPPS recruitment and a kelurahan's exclude each other."""
    per_village = body in rules.FORMED_BY_PPS and level_of(region_code) == 4
    region = Region.objects.filter(code=region_code, level=4 if per_village else 2).first()
    if region is None:
        raise NotFoundError((_("kelurahan/desa tidak dikenal: {code}") if per_village else
                             _("kabupaten/kota tidak dikenal: {code}")).format(code=region_code))
    ensure_can(actor, "adhoc.form_kpps" if per_village else "adhoc.manage", region_code)
    if Recruitment.objects.filter(election=election, body=body, region=region).exists():
        raise ConflictError(_("rekrutmen {body} untuk {region} sudah ada").format(body=rules.Body(body).label,
                                                                                  region=region))
    if body in rules.FORMED_BY_PPS:
        kab = region_code[:5]
        other = Recruitment.objects.filter(election=election, body=body).filter(
            region_id=kab) if per_village else Recruitment.objects.filter(election=election, body=body,
                                                                           kab_code=kab, desa_code__gt="")
        if other.exists():
            raise ConflictError(_("{body} di {region} sudah dibentuk melalui rekrutmen lain ({other})").format(
                body=rules.Body(body).label, region=region,
                other=", ".join(str(r.region) for r in other.select_related("region")[:3])))
    config = queries.body_rules(election, body)
    rec = Recruitment(election=election, body=body, region=region)
    rec.set_scope_columns(region_code)
    work = queries.stage_window(election, rules.WORK_STAGE[rules.Body(body)], region_code)
    rec.work_start, rec.work_end = work
    rec.save()
    areas: list[Area] = []
    if body in rules.PER_TPS:
        tps = Tps.objects.filter(desa_code=region_code) if per_village else Tps.objects.filter(kab_code=region_code)
        for t in tps.select_related("village").order_by("code"):
            a = Area(recruitment=rec, code=t.code, name=f"TPS {t.number:03d} {t.village.name}", seats=config.seats)
            a.set_scope_columns(t.desa_code)
            areas.append(a)
    else:
        level = rules.AREA_LEVEL[rules.Body(body)]
        for r in Region.objects.filter(kab_code=region_code, level=level).order_by("code"):
            a = Area(recruitment=rec, code=r.code, name=r.name, seats=config.seats)
            a.set_scope_columns(r.code)
            areas.append(a)
    Area.objects.bulk_create(areas, batch_size=2000)
    record_event("adhoc.recruitment_created", actor=actor, region_code=region_code, target=rec,
                 after={**snapshot(rec), "areas": len(areas), "seats": config.seats})
    return rec


@transaction.atomic
def do_open_registration(rec: Recruitment, *, actor: User, start: datetime.date | None = None,
                         end: datetime.date | None = None) -> Recruitment:
    """Open registration; the window defaults to the schedule's pendaftaran-<body> stage."""
    ensure_can(actor, "adhoc.manage", rec)
    rec = lock(rec)
    stage = queries.stage_window(rec.election, rules.REGISTRATION_STAGE[rules.Body(rec.body)], rec.region_id)
    start, end = start or stage[0], end or stage[1]
    blockers = queries.blockers(rec, RecruitmentStatus.REGISTRATION)
    if start is None or end is None:
        blockers.append(Blocker("no_window", _("jadwal pendaftaran belum ditetapkan")))
    elif end < start:
        blockers.append(Blocker("window", _("tanggal selesai sebelum tanggal mulai")))
    before = snapshot(rec)
    transition(rec, RecruitmentStatus.DRAFT, RecruitmentStatus.REGISTRATION, blockers)
    rec.registration_start, rec.registration_end = start, end
    rec.save()
    rec.areas.update(registration_end=end)
    record_event("adhoc.registration_opened", actor=actor, region_code=rec.region_id, target=rec, before=before,
                 after={**snapshot(rec), "schedule_window": [str(d) if d else None for d in stage]})
    return rec


# --- minimum registrants (KPT 534/2022) ----------------------------------------------------

@transaction.atomic
def do_extend(area: Area, *, actor: User, new_end: datetime.date, reason: str,
              kind: str = ExtensionKind.EXTEND) -> AreaExtension:
    """Extend an area's registration (or re-open it after closing) to ``new_end``, with a reason."""
    ensure_can(actor, "adhoc.manage", area)
    rec = lock(area.recruitment)
    area = Area.objects.select_for_update().get(pk=area.pk)
    config = queries.body_rules(rec.election, rec.body)
    if not reason.strip():
        raise DomainError(_("alasan wajib diisi"))
    if kind not in (ExtensionKind.EXTEND, ExtensionKind.REOPEN):
        raise DomainError(_("jenis perpanjangan tidak dikenal"))
    if kind == ExtensionKind.EXTEND and rec.status != RecruitmentStatus.REGISTRATION:
        raise ConflictError(_("perpanjangan hanya selama pendaftaran; gunakan buka kembali"))
    if kind == ExtensionKind.REOPEN and rec.status not in (RecruitmentStatus.REGISTRATION,
                                                           RecruitmentStatus.VERIFICATION):
        raise ConflictError(_("pendaftaran hanya dapat dibuka kembali sebelum pengumuman hasil administrasi"))
    if area.extensions >= config.max_extensions:
        raise ConflictError(_("{area} sudah diperpanjang {n} kali (batas {max})").format(
            area=area.name, n=area.extensions, max=config.max_extensions))
    if area.registration_end and new_end <= area.registration_end:
        raise DomainError(_("batas baru harus setelah {day}").format(day=area.registration_end.strftime("%d-%m-%Y")))
    # KPT 534/2022 point d: a further extension after the first lasts ``extension_days`` (3).
    if area.extensions >= 1 and area.registration_end and \
            (new_end - max(area.registration_end, queries.today(rec.election, area.code))).days > config.extension_days:
        raise DomainError(_("perpanjangan berikutnya paling lama {n} hari (KPT 534/2022 huruf d)").format(
            n=config.extension_days))
    count = queries.registrant_count(area)
    ext = AreaExtension.objects.create(area=area, kind=kind, previous_end=area.registration_end, new_end=new_end,
                                       reason=reason, registrants=count, actor=actor)
    area.registration_end, area.extensions = new_end, area.extensions + 1
    area.continue_below_minimum = False
    area.save(update_fields=["registration_end", "extensions", "continue_below_minimum"])
    if kind == ExtensionKind.REOPEN and rec.status == RecruitmentStatus.VERIFICATION:
        rec.status = RecruitmentStatus.REGISTRATION
        rec.save(update_fields=["status"])
    record_event(f"adhoc.registration_{'extended' if kind == ExtensionKind.EXTEND else 'reopened'}", actor=actor,
                 region_code=area.scope_code, target=area, reason=reason,
                 before={"registration_end": str(ext.previous_end), "registrants": count},
                 after={"registration_end": str(new_end), "extensions": area.extensions})
    return ext


@transaction.atomic
def do_continue_below_minimum(area: Area, *, actor: User, reason: str) -> AreaExtension:
    """KPT 534/2022 point c: after an extension, ≥ 1× seats registered → the office may continue."""
    ensure_can(actor, "adhoc.manage", area)
    area = Area.objects.select_for_update().select_related("recruitment").get(pk=area.pk)
    rec = area.recruitment
    config = queries.body_rules(rec.election, rec.body)
    count = queries.registrant_count(area)
    state = rules.shortfall(count, area.seats, config.min_registrants_factor, area.extensions)
    if state != rules.Shortfall.MAY_CONTINUE:
        raise ConflictError(_("{area}: {n} pendaftar; melanjutkan hanya boleh setelah perpanjangan dengan "
                              "pendaftar paling sedikit {seats} (KPT 534/2022 huruf c)").format(
            area=area.name, n=count, seats=area.seats))
    if not reason.strip():
        raise DomainError(_("alasan wajib diisi"))
    area.continue_below_minimum = True
    area.save(update_fields=["continue_below_minimum"])
    ext = AreaExtension.objects.create(area=area, kind=ExtensionKind.CONTINUE, previous_end=area.registration_end,
                                       new_end=area.registration_end, reason=reason, registrants=count, actor=actor)
    record_event("adhoc.continue_below_minimum", actor=actor, region_code=area.scope_code, target=area,
                 reason=reason, after={"registrants": count, "seats": area.seats})
    return ext


# --- the pipeline ------------------------------------------------------------------------

@transaction.atomic
def do_close_registration(rec: Recruitment, *, actor: User, early_reason: str = "") -> Recruitment:
    """Close registration. Before the last area's deadline this cuts applicants off: it is refused
    unless a reason is given (kept in the audit row)."""
    ensure_can(actor, "adhoc.manage", rec)
    rec = lock(rec)
    before = snapshot(rec)
    blockers = queries.blockers(rec, RecruitmentStatus.VERIFICATION)
    deadline = max((d for d in rec.areas.values_list("registration_end", flat=True) if d is not None),
                   default=rec.registration_end)
    early = deadline is not None and queries.today(rec.election) <= deadline
    if deadline is not None and early and not early_reason.strip():
        blockers.append(Blocker("deadline", _("pendaftaran masih berjalan sampai {day}; menutup lebih awal "
                                              "memerlukan alasan").format(day=deadline.strftime("%d-%m-%Y"))))
    check_text(early_reason, field=_("alasan"), max_length=SHORT_TEXT_MAX)
    transition(rec, RecruitmentStatus.REGISTRATION, RecruitmentStatus.VERIFICATION, blockers)
    rec.save(update_fields=["status"])
    from pemilu.adhoc import bulk

    bulk.evaluate_eligibility(rec)
    record_event("adhoc.registration_closed", actor=actor, region_code=rec.region_id, target=rec, before=before,
                 after={**snapshot(rec), "registrants": queries.active(rec).count(), "early": early},
                 reason=early_reason.strip())
    return rec


@transaction.atomic
def do_evaluate(rec: Recruitment, *, actor: User) -> dict[str, int]:
    """Re-run every applicant's eligibility (set-based) after a rule or list change."""
    ensure_can(actor, "adhoc.manage", rec)
    rec = fresh(rec)
    from pemilu.adhoc import bulk

    bulk.evaluate_eligibility(rec)
    counts = dict(queries.active(rec).values_list("outcome__elig_outcome").annotate(n=Count("id")).order_by())
    record_event("adhoc.eligibility_evaluated", actor=actor, region_code=rec.region_id, target=rec, after=counts)
    return counts


def area_counts(rec: Recruitment) -> dict[int, int]:
    return dict(queries.active(rec).values_list("area_id").annotate(n=Count("id")).order_by())
