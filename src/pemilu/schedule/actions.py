"""Every change to a schedule: permission check, the change, and its audit row, in one transaction."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.accounts.permissions import ensure_can
from pemilu.audit.events import record_event, snapshot
from pemilu.core.exceptions import ConflictError, NotFoundError
from pemilu.elections.models import Election
from pemilu.schedule.builtin import BUILTIN, StageSpec
from pemilu.schedule.models import Stage

STAGE_FIELDS = ["code", "number", "name_id", "name_en", "start", "end", "depends_on", "source", "parent_id"]


@dataclass(kw_only=True)
class StageChanges:
    """The national stages a load or an import created, updated (codes) and left as they were."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0


@dataclass
class LoadResult(StageChanges):
    election: Election


def put_stage(existing: Mapping[str, Stage], election: Election, code: str, values: Mapping[str, Any],
              changes: StageChanges, *, source: str = "") -> Stage:
    """Create the election's national stage ``code`` with ``values`` (and the ``source`` it came from,
    unless ``values`` names one), or bring the existing one to ``values``; noted in ``changes`` as
    created, updated or unchanged. The built-in load and the file import write their stages through it."""
    stage = existing.get(code)
    if stage is None:
        stage = Stage.objects.create(election=election, code=code, region_code="", **{"source": source, **values})
        changes.created.append(code)
    elif any(getattr(stage, k) != v for k, v in values.items()):
        for k, v in values.items():
            setattr(stage, k, v)
        stage.save()
        changes.updated.append(code)
    else:
        changes.unchanged += 1
    return stage


def _election_for_builtin(name: str) -> Election:
    if name == "pemilu-2024":
        from pemilu.elections.demo import get_or_create_pemilu_2024

        return get_or_create_pemilu_2024()
    spec = BUILTIN[name]
    election, _created = Election.objects.get_or_create(
        code=spec.code, defaults={"name": spec.name, "voting_day": spec.voting_day})
    return election


@transaction.atomic
def do_load_builtin_schedule(name: str, *, actor: User, reason: str = "") -> LoadResult:
    """Create or update the election and its national stages from a built-in schedule.
    Idempotent: a second load changes nothing and writes no audit row."""
    ensure_can(actor, "schedule.load", "")
    if name not in BUILTIN:
        raise NotFoundError(_("Jadwal bawaan tidak dikenal: {name} (tersedia: {names})")
                            .format(name=name, names=", ".join(sorted(BUILTIN))))
    election = _election_for_builtin(name)
    result = LoadResult(election)
    existing = {s.code: s for s in Stage.objects.filter(election=election, region_code="")}

    def upsert(spec: StageSpec, number: int, parent: Stage | None) -> None:
        values: dict[str, Any] = {
            "number": number, "name_id": spec.name_id, "name_en": spec.name_en, "start": spec.start,
            "end": spec.end, "depends_on": spec.depends_on, "source": spec.source,
            "parent_id": parent.pk if parent else None,
        }
        stage = put_stage(existing, election, spec.code, values, result)
        for i, child in enumerate(spec.children, start=1):
            upsert(child, i, stage)

    for i, spec in enumerate(BUILTIN[name].stages, start=1):
        upsert(spec, i, None)
    if result.created or result.updated:
        record_event("schedule.loaded", actor=actor, region_code="", target=election,
                     after={"schedule": name, "created": result.created, "updated": result.updated},
                     reason=reason or _("jadwal bawaan {name}").format(name=name))
    return result


def stage_window_problem(start: datetime.date | None, end: datetime.date | None) -> str:
    if (start is None) != (end is None):
        return _("tanggal mulai dan selesai harus diisi keduanya atau dikosongkan keduanya")
    if start is not None and end is not None and end < start:
        return _("tanggal selesai {end} sebelum tanggal mulai {start}").format(end=end, start=start)
    return ""


@transaction.atomic
def do_update_stage(stage: Stage, *, actor: User, start: datetime.date | None, end: datetime.date | None,
                    name_id: str | None = None, name_en: str | None = None, depends_on: str | None = None,
                    reason: str = "") -> Stage:
    """Edit one stage's window (and names). A sub-stage must stay inside its parent's window."""
    ensure_can(actor, "schedule.edit", stage.region_code)
    stage = Stage.objects.select_for_update().get(pk=stage.pk)
    before = snapshot(stage, STAGE_FIELDS)
    if problem := stage_window_problem(start, end):
        raise ConflictError(problem)
    bound = bounding_window(stage)
    if bound is not None and start is not None and end is not None and not (bound[0] <= start and end <= bound[1]):
        raise ConflictError(_("jadwal harus berada di dalam {window}").format(window=_window_text(bound)))
    _ensure_recap_deadline(stage, end)
    stage.start, stage.end = start, end
    if name_id is not None:
        stage.name_id = name_id
    if name_en is not None:
        stage.name_en = name_en
    if depends_on is not None:
        stage.depends_on = depends_on
    stage.full_clean()
    stage.save()
    record_event("schedule.stage_updated", actor=actor, region_code=stage.region_code, target=stage,
                 before=before, after=snapshot(stage, STAGE_FIELDS), reason=reason)
    return stage


def _ensure_recap_deadline(stage: Stage, end: datetime.date | None) -> None:
    """A recap level's window ends by its statutory deadline (UU 7/2017 Pasal 413)."""
    from pemilu.schedule.importers import check_config
    from pemilu.schedule.rules import recap_deadline_problem

    if problem := recap_deadline_problem(stage.code, end, stage.election.voting_day, check_config()):
        raise ConflictError(problem)


def _window_text(bound: tuple[datetime.date, datetime.date]) -> str:
    return f"{bound[0].isoformat()} – {bound[1].isoformat()}"


def bounding_window(stage: Stage) -> tuple[datetime.date, datetime.date] | None:
    """The window a stage must lie in: its parent's; for a local row without a parent, the
    window of the less specific row with the same code (the national stage it refines)."""
    from pemilu.core.levels import parent_code
    from pemilu.schedule.queries import get_stage

    parent = stage.parent
    if parent is not None and parent.start is not None and parent.end is not None:
        return (parent.start, parent.end)
    if stage.region_code:
        wider = get_stage(stage.election, stage.code, region_code=parent_code(stage.region_code))
        if wider is not None and wider.pk != stage.pk and wider.start is not None and wider.end is not None:
            return (wider.start, wider.end)
    return None


@transaction.atomic
def do_set_local_window(election: Election, stage_code: str, region_code: str, *, actor: User,
                        start: datetime.date, end: datetime.date, reason: str = "") -> Stage:
    """A region's own window for a national stage (e.g. a kabupaten's PPS registration), applying
    to the region's subtree. It must lie inside the window it refines: the national stage's parent
    for a sub-stage, the national stage itself for a top-level stage."""
    from pemilu.core.levels import is_valid_code, level_of
    from pemilu.regions.models import Region

    ensure_can(actor, "schedule.edit", region_code)
    if not region_code or not is_valid_code(region_code) or level_of(region_code) > 4:
        raise ConflictError(_("kode wilayah tidak sah untuk jadwal lokal: {code}").format(code=region_code))
    if not Region.objects.filter(code=region_code).exists():
        raise NotFoundError(_("Tidak ditemukan."))
    national = Stage.objects.filter(election=election, code=stage_code, region_code="").first()
    if national is None:
        raise NotFoundError(_("Tahapan tidak dikenal: {code}").format(code=stage_code))
    if problem := stage_window_problem(start, end):
        raise ConflictError(problem)
    local = Stage.objects.select_for_update().filter(
        election=election, code=stage_code, region_code=region_code).first()
    before = snapshot(local, STAGE_FIELDS) if local else None
    if local is None:
        local = Stage(election=election, code=stage_code, region_code=region_code, number=national.number,
                      name_id=national.name_id, name_en=national.name_en, parent=national.parent,
                      source=national.source)
    local.start, local.end = start, end
    bound = bounding_window(local)
    if bound is None or not (bound[0] <= start and end <= bound[1]):
        raise ConflictError(
            _("Jadwal lokal {start} – {end} harus berada di dalam jadwal nasional {window}.").format(
                start=start.isoformat(), end=end.isoformat(),
                window=_window_text(bound) if bound else _("(tanpa tanggal)")))
    _ensure_recap_deadline(local, end)
    local.full_clean()
    local.save()
    record_event("schedule.local_window_set", actor=actor, region_code=region_code, target=local,
                 before=before, after=snapshot(local, STAGE_FIELDS), reason=reason)
    return local


@transaction.atomic
def do_delete_local_window(stage: Stage, *, actor: User, reason: str = "") -> None:
    """Remove a region's own window; the national one applies again."""
    if not stage.region_code:
        raise ConflictError(_("Tahapan nasional tidak dapat dihapus di sini."))
    ensure_can(actor, "schedule.edit", stage.region_code)
    before = snapshot(stage, STAGE_FIELDS)
    record_event("schedule.local_window_deleted", actor=actor, region_code=stage.region_code, target=stage,
                 before=before, reason=reason)
    stage.delete()
