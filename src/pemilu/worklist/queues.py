""""Tugas saya" (issue 20 item 5): the work of one person today, from the stage schedule and the
state of their records — one small query set per role, each item a count and one link to the
page that does the work.

``QUEUES`` maps a role name to the function that builds that role's items in one of its scopes;
a role without an entry (``pemantau``: read-only) gets the day's stages only. Every function reads
a fixed number of queries whatever the number of rows (``tests/test_worklist.py`` counts them).
The words people read are in ``labels.py``.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django_stubs_ext import StrOrPromise

from pemilu.accounts.types import Viewer
from pemilu.core.levels import level_of
from pemilu.elections.models import Election
from pemilu.worklist import labels, voter_items

DEADLINE_DAYS = 7          # "deadlines within 7 days" (KPU Kab/Kota)
CASES_LISTED = 10          # Bawaslu: the cases nearest their deadline, by name


@dataclass(frozen=True)
class Item:
    """One thing to do: what, how many, where (one click), and a note (a state or a date)."""

    key: str                     # stable: "kpps.not_started", "ppk.verify" — tests and styling
    label: StrOrPromise
    count: int | None
    url: str
    note: str = ""
    urgent: bool = False


@dataclass
class Section:
    """One role in one region: its items, and a summary of counts (label → n)."""

    role: str
    scope: str
    title: str
    items: list[Item] = field(default_factory=list)
    summary: list[tuple[str, StrOrPromise, int]] = field(default_factory=list)   # (key, label, n)

    def count_of(self, key: str) -> int | None:
        for item in self.items:
            if item.key == key:
                return item.count
        for k, _label, n in self.summary:
            if k == key:
                return n
        return None


@dataclass
class Context:
    """What every queue of one page shares, read once."""

    user: Viewer
    election: Election
    today: datetime.date
    contests: dict[str, Any]                 # code → Contest of the election

    def url(self, name: str, *args: object, **query: object) -> str:
        base = reverse(name, args=args)
        query = {k: v for k, v in query.items() if v not in ("", None)}
        return f"{base}?{urlencode(query)}" if query else base


Queue = Callable[[Context, str], Section]


# --- KPPS: my TPS's C.Hasil ------------------------------------------------------------------

RESULT_BUCKET = {"empty": "not_started", "first_entry": "waiting", "submitted": "waiting",
                 "accepted": "accepted", "error": "to_correct", "conflict": "to_correct"}


def kpps(ctx: Context, tps_code: str) -> Section:
    from pemilu.regions.models import Tps
    from pemilu.results.dapil import contest_codes_for_tps
    from pemilu.results.models import Result

    tps = Tps.objects.select_related("village").filter(code=tps_code).first()
    section = Section("kpps", tps_code, labels.tps_title(tps, tps_code))
    codes = [c for c in contest_codes_for_tps(ctx.election, tps_code) if c in ctx.contests]
    found = {contest_id: (status, photos) for contest_id, status, photos in
             Result.objects.filter(tps_id=tps_code, contest__election=ctx.election)
             .annotate(n_photos=Count("photos")).values_list("contest_id", "status", "n_photos")}
    buckets: Counter[str] = Counter()
    no_photo: list[str] = []
    for code in codes:
        contest = ctx.contests[code]
        status, photos = found.get(contest.pk, ("empty", 0))
        bucket = RESULT_BUCKET.get(status, "waiting")
        buckets[bucket] += 1
        to_form = bucket in ("not_started", "to_correct")
        section.items.append(Item(
            f"kpps.{bucket}", labels.form_label(contest), None,
            ctx.url("results:enter" if to_form else "results:detail", tps_code, code),
            note=labels.result_note(status), urgent=bucket == "to_correct"))
        if status != "empty" and not photos:
            no_photo.append(code)
    # What the KPPS still has to type comes first (issue 20 item 6: "Isi C.Hasil" first).
    section.items.sort(key=lambda item: item.key not in ("kpps.not_started", "kpps.to_correct"))
    if no_photo:
        section.items.append(Item("kpps.photo_missing", labels.PHOTO_MISSING, len(no_photo),
                                  ctx.url("results:enter", tps_code, no_photo[0]), urgent=True))
    section.summary = [(f"kpps.{b}", labels.BUCKETS[b], buckets[b]) for b in labels.BUCKETS]
    return section


# --- Pantarlih: the coklit of my TPS area ------------------------------------------------------

def pantarlih(ctx: Context, tps_code: str) -> Section:
    from pemilu.regions.models import Tps
    from pemilu.voters import coklit

    tps = Tps.objects.select_related("village").filter(code=tps_code).first()
    section = Section("pantarlih", tps_code, labels.pantarlih_title(tps, tps_code))
    if tps is None:
        return section
    counts = coklit.counts(ctx.election, tps)
    url = ctx.url("voters:coklit_area", tps_code)
    if not coklit.is_open(ctx.election, tps.desa_code):
        section.items.append(Item("pantarlih.closed", labels.COKLIT_CLOSED, None, url))
    elif counts["belum"]:
        section.items.append(Item("pantarlih.pending", labels.COKLIT_PENDING, counts["belum"],
                                  ctx.url("voters:coklit_area", tps_code, status="belum")))
    else:  # nothing left to visit (or no list yet): the page itself, for a new voter
        section.items.append(Item("pantarlih.area", labels.COKLIT_AREA, None, url))
    section.summary = [(f"pantarlih.{k}", label, counts[k]) for k, label in labels.COKLIT.items()]
    return section


# --- PPS: the kelurahan's registrants, its KPPS recruitment, its C.Hasil -----------------------

def pps(ctx: Context, desa_code: str) -> Section:
    from pemilu.regions.models import Region

    region = Region.objects.filter(code=desa_code).first()
    section = Section("pps", desa_code, labels.region_title("pps", region, desa_code))
    section.items += _recruitment_items(ctx, desa_code, "pps")
    section.items += _coklit_items(ctx, desa_code)
    section.items += voter_items.pps_items(ctx, desa_code)
    section.items += _entry_items(ctx, desa_code)
    return section


def _coklit_items(ctx: Context, desa_code: str) -> list[Item]:
    """While the desa's coklit is open and voters wait: the progress per Pantarlih, with the count."""
    from pemilu.voters import coklit
    from pemilu.voters.models import Voter

    pending = Voter.objects.filter(election=ctx.election, desa_code=desa_code, coklit="belum").count()
    if not pending or not coklit.is_open(ctx.election, desa_code):
        return []
    return [Item("pps.coklit", labels.COKLIT_PROGRESS, pending, ctx.url("voters:coklit_progress", desa_code),
                 note=str(labels.COKLIT_PENDING))]


def _recruitment_items(ctx: Context, code: str, prefix: str) -> list[Item]:
    """Areas under ``code`` short of the minimum registrants while registration is open (not
    before it opens, issue 20 item 9), and the KPPS recruitment steps still to take."""
    from pemilu.adhoc import queries as adhoc
    from pemilu.adhoc import rules as adhoc_rules
    from pemilu.adhoc.models import ApplicantStatus, Area, Recruitment, RecruitmentStatus

    items: list[Item] = []
    active = ~Q(applicants__status=ApplicantStatus.WITHDRAWN)
    areas = list(Area.objects.in_region(code).filter(recruitment__election=ctx.election,
                                                     recruitment__status=RecruitmentStatus.REGISTRATION)
                 .select_related("recruitment").annotate(n=Count("applicants", filter=active)).order_by("code"))
    factors = {body: adhoc.body_rules(ctx.election, body).min_registrants_factor
               for body in {a.recruitment.body for a in areas}}
    short: list[Area] = []
    closed_short: list[Area] = []
    for a in areas:
        rec = a.recruitment
        if rec.registration_start is None or rec.registration_start > ctx.today or a.continue_below_minimum:
            continue
        if adhoc_rules.shortfall(a.n, a.seats, factors[rec.body], a.extensions) == adhoc_rules.Shortfall.OK:
            continue
        end = a.registration_end or rec.registration_end
        (closed_short if end is not None and end < ctx.today else short).append(a)
    for key, found, label in ((f"{prefix}.below_minimum", short, labels.BELOW_MINIMUM),
                              (f"{prefix}.below_minimum_closed", closed_short, labels.BELOW_MINIMUM_CLOSED)):
        if found:
            first = found[0]
            url = (ctx.url("adhoc:area", first.recruitment_id, first.pk) if len(found) == 1
                   else ctx.url("adhoc:recruitment", first.recruitment_id))
            items.append(Item(key, label, len(found), url, note=labels.names(a.name for a in found),
                              urgent=key.endswith("closed")))
    kpps_recs = (Recruitment.objects.filter(election=ctx.election, body=adhoc_rules.Body.KPPS)
                 .exclude(status=RecruitmentStatus.INAUGURATED)
                 .annotate(n=Count("areas", filter=Q(**_area_filter(code)))).filter(n__gt=0))
    window = adhoc.stage_window(ctx.election, "pembentukan-kpps", code)
    for rec in kpps_recs:
        step = adhoc.TRANSITIONS.get(rec.status)
        items.append(Item(f"{prefix}.kpps_step", labels.kpps_step(step[1] if step else ""), rec.n,
                          ctx.url("adhoc:recruitment", rec.pk), note=labels.window_note(rec, window, ctx.today),
                          urgent=window[1] is not None and window[1] < ctx.today))
    return items


def _area_filter(code: str) -> dict[str, str]:
    from pemilu.core.levels import SCOPE_COLUMNS

    column = SCOPE_COLUMNS.get(level_of(code))
    return {f"areas__{column}": code} if column else {}


def _entry_items(ctx: Context, code: str) -> list[Item]:
    """C.Hasil of the TPS under ``code`` not entered yet (the PPS types what its KPPS could not)."""
    from pemilu.regions.models import Tps
    from pemilu.results.models import Result

    contest = ctx.contests.get("ppwp")
    if contest is None:
        return []
    tps = Tps.objects.in_region(code).count()
    entered = Result.objects.filter(contest=contest).in_region(code).exclude(status="empty").count()
    if tps - entered <= 0:
        return []
    return [Item("pps.not_entered", labels.NOT_ENTERED, tps - entered,
                 ctx.url("results:home", kontes=contest.code, status="empty", kelurahan=code))]


# --- PPK: verification, errors, the recap window and its plenary --------------------------------

def ppk(ctx: Context, kec_code: str) -> Section:
    from pemilu.regions.models import Region

    region = Region.objects.filter(code=kec_code).first()
    section = Section("ppk", kec_code, labels.region_title("ppk", region, kec_code))
    section.items += _form_items(ctx, kec_code, "ppk")
    section.items += _recap_items(ctx, kec_code, "ppk")
    return section


def _form_items(ctx: Context, code: str, prefix: str) -> list[Item]:
    """Forms waiting for verification and TPS with errors, per contest (one grouped query)."""
    from pemilu.results.models import Result

    by_id = {c.pk: c for c in ctx.contests.values()}
    rows = (Result.objects.filter(contest__election=ctx.election, status__in=["submitted", "error", "conflict"])
            .in_region(code).values("contest_id", "status").annotate(n=Count("id")).order_by("contest_id"))
    verify: Counter[int] = Counter()
    errors: Counter[int] = Counter()
    for row in rows:
        (verify if row["status"] == "submitted" else errors)[row["contest_id"]] += row["n"]
    items = []
    for contest_id, n in sorted(verify.items()):
        c = by_id[contest_id]
        items.append(Item(f"{prefix}.verify", labels.verify_label(c), n,
                          ctx.url("results:home", kontes=c.code, status="submitted")))
    for contest_id, n in sorted(errors.items()):
        c = by_id[contest_id]
        items.append(Item(f"{prefix}.errors", labels.errors_label(c), n,
                          ctx.url("results:home", kontes=c.code, status="error"), urgent=True))
    return items


def _recap_items(ctx: Context, code: str, prefix: str) -> list[Item]:
    """The recap window of ``code``'s own level and its plenary, per contest with forms there."""
    from pemilu.results import queries as results

    items = []
    for contest in _recap_contests(ctx, code):
        standing = results.deadline_of(contest, code, ctx.today)
        if standing is None:
            continue
        items.append(Item(f"{prefix}.recap", labels.recap_label(contest), None,
                          ctx.url("results:recap", contest.code, code or "nasional"),
                          note=labels.recap_note(standing, ctx.today), urgent=standing["overdue"]))
    return items


def _recap_contests(ctx: Context, code: str) -> list[Any]:
    """PPWP everywhere; a DPD contest in its province (as the results home lists them)."""
    from pemilu.core.levels import ancestor_codes

    prov = ancestor_codes(code).get(1) if code else None
    found = [c for c in ctx.contests.values() if c.code == "ppwp" or (prov and c.code == f"dpd-{prov}")]
    return sorted(found, key=lambda c: (c.code != "ppwp", c.code))


# --- KPU Kab/Kota: the day's stages, deadlines, overdue items of every module, cases, gaps ----

def kpu(ctx: Context, code: str) -> Section:
    from pemilu.regions.models import Region

    region = Region.objects.filter(code=code).first() if code else None
    section = Section("kpu", code, labels.region_title("kpu", region, code))
    section.items += _stage_items(ctx, code)
    section.items += _overdue_recaps(ctx, code)
    section.items += _form_items(ctx, code, "kpu")
    section.items += _recruitment_items(ctx, code, "kpu")
    section.items += _case_items(ctx, code, "kpu")
    section.items += voter_items.kpu_items(ctx, code)
    section.items += _gap_items(ctx, code)
    return section


def _stage_items(ctx: Context, code: str) -> list[Item]:
    from pemilu.schedule import queries as schedule
    from pemilu.schedule.labels import format_day, stage_name

    stages = schedule.effective_stages(ctx.election, region_code=code)
    open_today = [s for s in stages if s.start and s.end and s.start <= ctx.today <= s.end]
    soon = [s for s in open_today if s.end and (s.end - ctx.today).days <= DEADLINE_DAYS]
    url = ctx.url("schedule:timeline", ctx.election.code)
    items = [Item("kpu.stages_open", labels.STAGES_OPEN, len(open_today), url,
                  note=labels.names(stage_name(s) for s in open_today))]
    if soon:
        items.append(Item("kpu.deadlines", labels.DEADLINES_SOON, len(soon), url, note=labels.names(
            f"{stage_name(s)} ({format_day(s.end)})" for s in sorted(soon, key=lambda s: s.end or ctx.today)
            if s.end), urgent=True))
    return items


def _overdue_recaps(ctx: Context, code: str) -> list[Item]:
    """Recap levels under ``code`` (kecamatan and its own level) whose window closed unlocked."""
    from pemilu.regions.models import Region
    from pemilu.results import queries as results

    kecamatan = list(Region.objects.filter(level=3).in_region(code).values_list("code", flat=True))
    items = []
    for contest in _recap_contests(ctx, code):
        late = [c for c, d in results.deadlines_of(contest, 3, kecamatan, ctx.today).items() if d["overdue"]]
        own = results.deadline_of(contest, code, ctx.today) if level_of(code) in (1, 2) else None
        if own is not None:
            items.append(Item("kpu.recap", labels.recap_label(contest), None,
                              ctx.url("results:recap", contest.code, code), note=labels.recap_note(own, ctx.today),
                              urgent=own["overdue"]))
        if late:
            items.append(Item("kpu.recap_overdue", labels.recap_overdue(contest), len(late),
                              ctx.url("results:recap", contest.code, code or "nasional"), urgent=True))
    return items


def _case_items(ctx: Context, code: str, prefix: str) -> list[Item]:
    from pemilu.neutrality import queries as neutrality

    rows = [r for r in neutrality.case_rows(ctx.user, ctx.election, region=code) if r.due is not None]
    if not rows:
        return []
    overdue = [r for r in rows if r.overdue]
    url = ctx.url("neutrality:dashboard")
    items = [Item(f"{prefix}.cases_open", labels.CASES_OPEN, len(rows), url)]
    if overdue:
        items.append(Item(f"{prefix}.cases_overdue", labels.CASES_OVERDUE, len(overdue),
                          ctx.url("neutrality:dashboard", status="overdue"), urgent=True))
    return items


def _gap_items(ctx: Context, code: str) -> list[Item]:
    from pemilu.secretariats import queries as secretariats

    qs = secretariats.visible(ctx.user, ctx.election).in_region(code)
    total = secretariats.totals(secretariats.gap_rows(qs))
    missing = total.required - total.filled
    if missing <= 0:
        return []
    return [Item("kpu.staff_gaps", labels.STAFF_GAPS, missing, ctx.url("secretariats:index"),
                 note=labels.filled_note(total.filled, total.required))]


# --- Bawaslu: cases by deadline -------------------------------------------------------------------

def bawaslu(ctx: Context, code: str) -> Section:
    from pemilu.neutrality import queries as neutrality
    from pemilu.regions.models import Region
    from pemilu.schedule.labels import format_day

    region = Region.objects.filter(code=code).first() if code else None
    section = Section("bawaslu", code, labels.region_title("bawaslu", region, code))
    rows = sorted((r for r in neutrality.case_rows(ctx.user, ctx.election, region=code) if r.due is not None),
                  key=lambda r: (r.due, r.case.pk))
    overdue = sum(1 for r in rows if r.overdue)
    soon = sum(1 for r in rows if not r.overdue and r.due and (r.due - ctx.today).days <= 3)
    section.summary = [("bawaslu.cases_open", labels.CASES_OPEN, len(rows)),
                       ("bawaslu.cases_overdue", labels.CASES_OVERDUE, overdue),
                       ("bawaslu.cases_soon", labels.CASES_SOON, soon)]
    for r in rows[:CASES_LISTED]:
        assert r.due is not None
        section.items.append(Item("bawaslu.case", labels.case_label(r.case), None,
                                  ctx.url("neutrality:case", r.case.pk),
                                  note=labels.due_note(format_day(r.due), r.overdue), urgent=r.overdue))
    return section


# Role name → queue. Bawaslu's cases are decided by Bawaslu (issue 20 item 4); pemantau (read-only)
# and secretariat staff have none.
QUEUES: dict[str, Queue] = {
    "kpps": kpps,
    "pantarlih": pantarlih,
    "pps": pps,
    "ppk": ppk,
    "kpu_admin": kpu,
    "kpu_staff": kpu,
    "bawaslu": bawaslu,
}
ORDER = ["kpps", "pantarlih", "pps", "ppk", "kpu_admin", "kpu_staff", "bawaslu"]


def sections_for(user: Viewer, election: Election, today: datetime.date) -> list[Section]:
    """One section per (role, scope) the user holds a queue for; KPU admin and staff in the
    same region read one section."""
    from pemilu.accounts.permissions import user_scopes
    from pemilu.results.models import Contest

    scopes = sorted({(s.role, s.code) for s in user_scopes(user) if s.role in QUEUES},
                    key=lambda rc: (ORDER.index(rc[0]), rc[1]))
    if user.is_superuser and not scopes:
        scopes = [("kpu_admin", "")]
    ctx = Context(user, election, today, {c.code: c for c in Contest.objects.filter(election=election)
                                           .select_related("kind").order_by("code")})
    done: set[tuple[Queue, str]] = set()
    out = []
    for role, code in scopes:
        queue = QUEUES[role]
        if (queue, code) in done:
            continue
        done.add((queue, code))
        out.append(queue(ctx, code))
    return out
