#!/usr/bin/env python3
"""DPR 2024 end to end at national scale (issue 21 item 8): TPS forms → recap → locked
plenaries → seats and the elected → decree, checked against the official 2024 outcome.

    python benchmarks/dpr_elected.py [--json]          # all 84 dapil, 820,161 domestic TPS
    python benchmarks/dpr_elected.py --small [--json]  # Sumatera Utara (3 dapil, 45,875 TPS)

1. Template (cached in PostgreSQL, rebuilt when a migration, a data file or the generator below
   changes; ``--rebuild-template``): election_night.py's region/TPS tree and reference data
   (database prefix ``dprbench``), the DPR reference imported again with the seats of each
   dapil (``kursi``) and the candidate lists with the 580 elected members under their final
   names (the DCS snapshot of Aug 2023 predates the DCT), then TPS-level DPR forms for every
   dapil generated here and fed through ``results.ingest.submit_batch`` — the election-night
   path: 25 forms per batch, on PostgreSQL one statement per batch (``ingest_pg``) that also
   adds the forms into the kecamatan roll-up — as a national KPU user.
2. Every run clones it and, in this process: locks the plenaries of every DPR contest with
   ``do_lock_plenary`` (PPK → KPU Kab/Kota → KPU Provinsi → KPU), allocates the seats from the
   locked recap and sets the elected (``pemilu.seats``), publishes the decree, and checks:
   the national recap equals dpr2024_dapil_votes.csv per dapil × party, the 4 % threshold
   computed from it excludes the ten parties below it in 2024, the 580 seats per dapil × party
   equal dpr2024_dapil_seats.csv and the 580 elected equal dpr2024_elected_members.csv.
   It exits non-zero on any difference.

Generated data: per dapil and party the official valid votes; each of the party's elected
members gets their official personal votes, every other candidate of the list fewer than the
party's least-voted elected member, the rest is party-only votes. Each figure is spread over the
dapil's TPS in proportion to deterministic per-party weights (exact: cumulative rounding), so
every TPS's figures pass the checks (≤ 300 per figure, voters = ballots = sah + tidak sah).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import inspect
import io
import json
import math
import os
import random
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent

# Ballot numbers of the 18 national parties (KPU 2022; Aceh's local parties 18–23 are not in DPR).
BALLOT_NO = {"PKB": 1, "GERINDRA": 2, "PDIP": 3, "GOLKAR": 4, "NASDEM": 5, "BURUH": 6, "GELORA": 7, "PKS": 8,
             "PKN": 9, "HANURA": 10, "GARUDA": 11, "PAN": 12, "PBB": 13, "DEMOKRAT": 14, "PSI": 15, "PERINDO": 16,
             "PPP": 17, "UMMAT": 24}
PARTY_OF = {n: p for p, n in BALLOT_NO.items()}
# Below 4 % of the national valid votes in 2024 (KPU 1205/2024): no seats.
BELOW_THRESHOLD_2024 = frozenset({"BURUH", "GELORA", "PKN", "HANURA", "GARUDA", "PBB", "PSI", "PERINDO", "PPP",
                                  "UMMAT"})
SMALL_PROVINCES = ("12",)  # --small: Sumatera Utara I–III
FIELDS_ZERO = ("pengguna_dptb_l", "pengguna_dptb_p", "pengguna_dptb_j", "pengguna_dpk_l", "pengguna_dpk_p",
               "pengguna_dpk_j", "disabilitas_l", "disabilitas_p", "disabilitas_j", "ss_rusak")
W1_REASON = "data sintetis: TPS yang lebih sedikit daripada di lapangan"


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def norm(name: str) -> str:
    """A name with its whitespace collapsed (the elected list has doubled spaces and line breaks)."""
    return " ".join(name.split())


# --- the 2024 data --------------------------------------------------------------------------

@dataclass(frozen=True)
class Member:
    dapil: str
    party: str
    name: str
    ballot_no: int
    votes: int


@dataclass
class Inputs:
    votes: dict[str, dict[str, int]]  # dapil → party → valid votes (party-only + candidates)
    names: dict[str, str]  # dapil → name
    seats: dict[str, int]  # dapil → seats to fill
    won: dict[str, dict[str, int]]  # dapil → party → seats won in 2024
    members: list[Member]
    lists: dict[tuple[str, int], list[dict[str, str]]]  # (dapil, party no) → DCS rows in list order
    renamed: int = 0  # DCS names replaced by the elected member's final name
    by_party: dict[tuple[str, str], list[Member]] = field(default_factory=dict)


def _rows(source: Path | bytes) -> list[dict[str, str]]:
    text = source.decode("utf-8") if isinstance(source, bytes) else source.read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def package_files() -> dict[str, bytes]:
    """The package copies of the shared files (identical to ../shared/data's): what CI's test uses."""
    from importlib.resources import files

    return {"votes": files("pemilu.seats").joinpath("data/dpr2024_dapil_votes.csv").read_bytes(),
            "members": files("pemilu.seats").joinpath("data/dpr2024_elected_members.csv").read_bytes(),
            "candidates": files("pemilu.candidacy").joinpath("data/dcs_dpr2024_candidates.csv").read_bytes()}


def shared_files(data: Path) -> dict[str, Path]:
    return {"votes": data / "dpr2024_dapil_votes.csv", "members": data / "dpr2024_elected_members.csv",
            "candidates": data / "dcs_dpr2024_candidates.csv", "seats": data / "dpr2024_dapil_seats.csv"}


def load_inputs(sources: dict[str, Any], dapils: Iterable[str] | None = None) -> Inputs:
    """The dapil votes, the 2024 seats (the seats file, or counted from the elected list, which
    equals it in all 84 dapil), the elected and the candidate lists, for ``dapils`` (all)."""
    keep = set(dapils) if dapils is not None else None
    votes: dict[str, dict[str, int]] = {}
    names: dict[str, str] = {}
    seats: dict[str, int] = {}
    for row in _rows(sources["votes"]):
        code = row["dapil_code"]
        if keep is None or code in keep:
            votes[code] = {p: int(row[p]) for p in BALLOT_NO}
            names[code], seats[code] = row["dapil"], int(row["seats"])
    members = [Member(r["dapil_code"], r["party"], norm(r["candidate_name"]), int(r["ballot_no"]),
                      int(r["candidate_votes"])) for r in _rows(sources["members"]) if r["dapil_code"] in votes]
    won: dict[str, dict[str, int]] = {code: {} for code in votes}
    if "seats" in sources:
        for row in _rows(sources["seats"]):
            if row["dapil_code"] in votes:
                won[row["dapil_code"]] = {p: int(row[p]) for p in row if p in BALLOT_NO and int(row[p])}
    else:
        for m in members:
            won[m.dapil][m.party] = won[m.dapil].get(m.party, 0) + 1
    lists: dict[tuple[str, int], list[dict[str, str]]] = defaultdict(list)
    for row in _rows(sources["candidates"]):
        if row["kode_dapil"] in votes:
            lists[(row["kode_dapil"], int(row["party_ballot_no"]))].append(row)
    inp = Inputs(votes, names, seats, won, members, dict(lists))
    for m in members:
        inp.by_party.setdefault((m.dapil, m.party), []).append(m)
    return inp


def candidates_csv(inp: Inputs) -> bytes:
    """The DCS lists with each elected member's final name at their list number (the DCS of
    29 Aug 2023 is not the final DCT: 394 of the 580 names differ, mostly titles and spacing,
    some lists were reordered). Sets ``inp.renamed`` to the number of real changes."""
    final = {(m.dapil, BALLOT_NO[m.party], m.ballot_no): m.name for m in inp.members}
    out = io.StringIO()
    columns = ["kode_dapil", "party_ballot_no", "party_name", "nomor_urut", "nama", "jenis_kelamin", "alamat_kabko"]
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    renamed = 0
    for (dapil, party), rows in sorted(inp.lists.items()):
        for row in rows:
            name = final.get((dapil, party, int(row["nomor_urut"])))
            if name is not None and name.upper() != norm(row["nama"]).upper():
                renamed += 1
            writer.writerow({**row, "nama": name or norm(row["nama"])})
    missing = set(final) - {(d, p, int(r["nomor_urut"])) for (d, p), rows in inp.lists.items() for r in rows}
    if missing:
        raise SystemExit(f"elected members not on any candidate list: {sorted(missing)[:5]}")
    inp.renamed = renamed
    return out.getvalue().encode("utf-8")


def dapil_map_csv(source: Path | bytes, seats: dict[str, int]) -> bytes:
    """The dapil map with the DPR seats per dapil (column ``kursi``; the reference import checks
    them against UU 7/2017 Pasal 187)."""
    rows = _rows(source)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[*rows[0], "kursi"], lineterminator="\n")
    writer.writeheader()
    for row in rows:
        dpr = row["jenis_dapil"] == "DPR RI"
        writer.writerow({**row, "kursi": seats.get(row["kode_dapil"], "") if dpr else ""})
    return out.getvalue().encode("utf-8")


def split(total: int, weights: list[int]) -> list[int]:
    """``total`` in proportion to ``weights``, exactly (cumulative rounding)."""
    out, acc, prev, wsum = [], 0, 0, sum(weights)
    for w in weights:
        acc += w
        cur = total * acc // wsum
        out.append(cur - prev)
        prev = cur
    return out


def dapil_totals(inp: Inputs, code: str, seed: int) -> dict[str, int]:
    """The dapil's votes per choice key (``"3"`` party-only, ``"3.5"`` candidate 5 of party 3):
    each party's keys sum to its official votes; its elected members have their official
    personal votes and every other candidate of the list fewer than the least-voted of them."""
    rng = random.Random(f"{seed}:{code}")
    out: dict[str, int] = {}
    for party, total in inp.votes[code].items():
        no = BALLOT_NO[party]
        won = {m.ballot_no: m.votes for m in inp.by_party.get((code, party), [])}
        rest = total - sum(won.values())
        if rest < 0:
            raise ValueError(f"{code} {party}: the elected members' votes exceed the party's")
        others = [int(r["nomor_urut"]) for r in inp.lists.get((code, no), []) if int(r["nomor_urut"]) not in won]
        cap = min(won.values()) - 1 if won else rest
        share = rest * rng.randint(35, 70) // 100 if others else 0
        given = [min(cap, v) for v in split(share, [rng.randint(1, 1000) ** 2 for _ in others])]
        out[str(no)] = rest - sum(given)
        out.update({f"{no}.{n}": v for n, v in zip(others, given, strict=True)})
        out.update({f"{no}.{n}": v for n, v in won.items()})
    return out


def tps_forms(tps_codes: list[str], totals: dict[str, int], seed: str,
              target: int = 260, limit: int = 300) -> Iterator[tuple[str, dict[str, Any]]]:
    """One complete C.Hasil DPR per TPS whose votes, summed over ``tps_codes``, are exactly
    ``totals``. Per party a weight per TPS within ±s of the mean, s chosen so a TPS carries about
    ``target`` valid votes at most; DPT ≤ ``limit`` (W1). Where the mean itself is above the
    target (fewer TPS than in reality: the test), the figures pass ``limit`` and W1 carries a
    reason."""
    rng = random.Random(seed)
    n = len(tps_codes)
    mean = sum(totals.values()) / n
    s = max(0.0, min(0.25, target / mean - 1)) if mean else 0.25
    lo, hi = round(1000 * (1 - s)), round(1000 * (1 + s))
    by_party: dict[str, list[str]] = defaultdict(list)
    for key in totals:
        by_party[key.split(".")[0]].append(key)
    votes: list[dict[str, int]] = [{} for _ in range(n)]
    for keys in by_party.values():
        weights = [rng.randint(lo, hi) for _ in range(n)]
        prefix, acc = [], 0
        for w in weights:
            acc += w
            prefix.append(acc)
        for key in keys:
            c = totals[key]
            if not c:
                continue
            # A random offset per key: otherwise the keys of one party round up at the same TPS.
            r = rng.randrange(acc)
            prev = r // acc
            for t, p in enumerate(prefix):
                cur = (c * p + r) // acc
                if cur != prev:
                    votes[t][key] = cur - prev
                    prev = cur
    for code, v in zip(tps_codes, votes, strict=True):
        sah = sum(v.values())
        tidak_sah = min(max(0, limit - sah), round(sah * rng.uniform(0.02, 0.08)))
        used = sah + tidak_sah
        dpt = max(used, min(limit, math.ceil(used / rng.uniform(0.75, 0.92))))
        dpt_l = dpt // 2
        used_l = min(dpt_l, used // 2)
        received = dpt + -(-2 * dpt // 100)
        body: dict[str, Any] = {
            "dpt_l": dpt_l, "dpt_p": dpt - dpt_l, "dpt_j": dpt,
            "pengguna_dpt_l": used_l, "pengguna_dpt_p": used - used_l, "pengguna_dpt_j": used,
            "pengguna_total_l": used_l, "pengguna_total_p": used - used_l, "pengguna_total_j": used,
            "ss_diterima": received, "ss_digunakan": used, "ss_tidak_digunakan": received - used,
            "suara_sah": sah, "suara_tidak_sah": tidak_sah, "suara_total": used, "votes": v,
            **dict.fromkeys(FIELDS_ZERO, 0),
        }
        if dpt > 300 or any(x > 300 for x in v.values()):
            body["acknowledgements"] = {"W1": W1_REASON}
        yield code, body


def generator_version() -> str:
    """What the cached ingested template depends on in this file (not its timing code)."""
    parts = [inspect.getsource(f) for f in (load_inputs, candidates_csv, dapil_map_csv, split, dapil_totals,
                                            tps_forms, ingest)]
    return hashlib.sha256("".join(parts).encode()).hexdigest()[:12]


# --- the project's own paths (Django set up) ------------------------------------------------

def dapil_tps(contest: Any) -> list[str]:
    """The TPS voting in ``contest``: those of its dapil's areas that resolve to it."""
    from pemilu.regions.models import Tps
    from pemilu.results.dapil import tps_in_contest
    from pemilu.results.models import DapilArea

    codes: list[str] = []
    for area in DapilArea.objects.filter(dapil_id=contest.dapil_id, is_split=False).values_list("region_code",
                                                                                                 flat=True):
        codes += Tps.objects.in_region(area).values_list("code", flat=True)
    return sorted(c for c in set(codes) if tps_in_contest(contest.election, contest, c))


@dataclass
class IngestStats:
    forms: int = 0
    batches: int = 0
    generate_s: float = 0.0
    submit_s: float = 0.0
    refused: list[Any] = field(default_factory=list)


def ingest(inp: Inputs, user: Any, seed: int, *, batch: int = 25, target: int = 260, limit: int = 300,
           progress: Callable[[str], None] = log) -> IngestStats:
    """Generate each dapil's forms and submit them through ``results.ingest.submit_batch``."""
    from pemilu.results.ingest import submit_batch
    from pemilu.results.models import Contest

    stats = IngestStats()
    contests = {c.dapil.code: c for c in Contest.objects.filter(kind__code="dpr", dapil__code__in=list(inp.votes))
                .select_related("dapil")}
    for code in sorted(inp.votes):
        contest = contests[code]
        t0 = time.perf_counter()
        tps = dapil_tps(contest)
        forms = list(tps_forms(tps, dapil_totals(inp, code, seed), f"{seed}:{code}:tps", target, limit))
        stats.generate_s += time.perf_counter() - t0
        t0 = time.perf_counter()
        for i in range(0, len(forms), batch):
            items = [{"tps": tps_code, "contest": contest.code, "idempotency_key": f"dpr-{tps_code}", **body}
                     for tps_code, body in forms[i:i + batch]]
            answers = submit_batch(user, items)
            stats.refused += [a for a in answers if a["status"] != 200]
            stats.batches += 1
        stats.submit_s += time.perf_counter() - t0
        stats.forms += len(forms)
        progress(f"{code} {inp.names[code]}: {len(forms):,} forms ({stats.forms:,} so far, "
                 f"{stats.forms / max(stats.submit_s, 1e-9):.0f} forms/s)")
    return stats


def plenary_regions(tps: list[str], level: int) -> list[str]:
    """The regions at ``level`` holding a plenary of a contest voted at ``tps``: their ancestors."""
    return sorted({".".join(code.split(".")[:level]) for code in tps})


LEVELS = {3: "ppk", 2: "kpu_kabkota", 1: "kpu_provinsi", 0: "kpu"}


def _attendance() -> Callable[[Any, str, Any], None] | None:
    """Where the plenary minutes exist (issue 21 item 4: the lock needs a quorum), a function
    recording every member of the body present and a Bawaslu member through
    ``results.minutes.do_record_attendance``; None where they do not."""
    try:
        from pemilu.results import minutes
    except ImportError:
        return None

    def attend(contest: Any, code: str, actor: Any) -> None:
        members = minutes.quorum_of(contest, code, None).members
        rows = [{"kind": "member", "name": f"Anggota {i}", "position": "Anggota", "present": True}
                for i in range(1, members + 1)]
        rows.append({"kind": "bawaslu", "name": "Pengawas", "position": "Anggota Bawaslu", "present": True})
        minutes.do_record_attendance(contest, code, rows, actor=actor)

    return attend


def lock_level(contests: list[Any], actor: Any, level: int) -> tuple[int, float]:
    """Lock ``level``'s plenaries of ``contests`` (attendance first where the minutes exist);
    returns (plenaries, seconds spent recording attendance)."""
    from pemilu.results.plenaries import do_lock_plenary

    attend = _attendance()
    n, t_attend = 0, 0.0
    for contest in contests:
        for code in plenary_regions(dapil_tps(contest), level):
            if attend is not None:
                t1 = time.perf_counter()
                attend(contest, code, actor)
                t_attend += time.perf_counter() - t1
            do_lock_plenary(contest, code, actor=actor)
            n += 1
    return n, t_attend


def lock_all(contests: list[Any], actor: Any, progress: Callable[[str], None] = log,
             parallel: Callable[[int], tuple[int, float]] | None = None) -> dict[str, dict[str, Any]]:
    """Lock every plenary of ``contests``, level by level (PPK first), with ``do_lock_plenary``.
    ``parallel(level)``, when given, locks the PPK and KPU Kab/Kota levels in other processes
    (each PPK and each KPU Kab/Kota holds its own plenary, at the same time across the country)."""
    out: dict[str, dict[str, Any]] = {}
    for level, name in LEVELS.items():
        t0, load0 = time.perf_counter(), os.getloadavg()
        n, t_attend = parallel(level) if parallel is not None and level >= 2 else lock_level(contests, actor, level)
        out[name] = {"plenaries": n, "seconds": round(time.perf_counter() - t0, 2),
                     "attendance_s": round(t_attend, 2) if _attendance() is not None else None,
                     "load": [round(x, 2) for x in load0] + [round(x, 2) for x in os.getloadavg()]}
        progress(f"locked {n:,} {name} plenaries in {out[name]['seconds']} s")
    return out


def phase_lock(args: argparse.Namespace) -> None:
    """Child process: lock ``--level``'s plenaries of the DPR contests of ``--dapils``."""
    setup_django(args.url, Path(args.var_dir))
    from pemilu.results.models import Contest

    contests = list(Contest.objects.filter(kind__code="dpr", dapil__code__in=args.dapils.split(","))
                    .select_related("dapil").order_by("code"))
    n, t_attend = lock_level(contests, kpu_user(), args.level)
    print(json.dumps({"plenaries": n, "attendance_s": round(t_attend, 2)}))


def restrict_to(inp: Inputs) -> int:
    """--small: the election's DPR is the small scope's dapil only (the DPR threshold is taken on
    every DPR contest of the election, so the other 81 must not be there, empty and open)."""
    from pemilu.results.models import BallotCandidate, Contest, Dapil, DistrictKind

    others = Dapil.objects.filter(district=DistrictKind.DAPIL_DPR).exclude(code__in=list(inp.votes))
    n, _ = Contest.objects.filter(kind__code="dpr", dapil__in=others).delete()
    BallotCandidate.objects.filter(dapil__in=others).delete()
    others.delete()
    return n


@dataclass
class Check:
    dapils: int = 0
    votes_equal: int = 0  # dapil × party cells of the locked national recap equal to the file
    vote_cells: int = 0
    excluded: list[str] = field(default_factory=list)
    seats_equal: int = 0  # of the seats to fill (580): a party's seats counted when its count is right
    seats: int = 0
    elected_equal: int = 0
    elected: int = 0
    differences: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences


def locked_recap(contests: list[Any]) -> dict[str, dict[str, int]]:
    """Each DPR contest's national plenary as frozen at its lock: dapil → choice key → votes."""
    from pemilu.results.models import Plenary, PlenaryStatus

    frozen = {p.contest_id: p.frozen for p in Plenary.objects.filter(contest__in=contests, region_code="",
                                                                     status=PlenaryStatus.LOCKED)}
    return {c.dapil.code: {k: int(v) for k, v in frozen[c.pk]["votes"].items()} for c in contests if c.pk in frozen}


def party_votes(recap: dict[str, int]) -> dict[str, int]:
    out: dict[str, int] = {}
    for key, votes in recap.items():
        party = PARTY_OF[int(key.split(".")[0])]
        out[party] = out.get(party, 0) + votes
    return out


def compare(inp: Inputs, recap: dict[str, dict[str, int]], seats: dict[str, dict[str, int]],
            elected: dict[str, dict[str, list[str]]], excluded: Iterable[str], national: bool) -> Check:
    """The locked recap's votes, the threshold's excluded parties, the seats per dapil × party
    and the elected names per dapil × party against the 2024 files."""
    check = Check(dapils=len(inp.votes), excluded=sorted(excluded))
    if national and set(excluded) != BELOW_THRESHOLD_2024:
        check.differences.append(f"threshold excluded {sorted(excluded)}, 2024: {sorted(BELOW_THRESHOLD_2024)}")
    for code in sorted(inp.votes):
        got = party_votes(recap.get(code, {}))
        for party, n in inp.votes[code].items():
            check.vote_cells += 1
            if got.get(party, 0) == n:
                check.votes_equal += 1
            else:
                check.differences.append(f"{code} {party}: recap {got.get(party, 0)} ≠ file {n}")
        check.seats += inp.seats[code]
        for party in sorted(set(inp.won[code]) | set(seats.get(code, {}))):
            want, have = inp.won[code].get(party, 0), seats.get(code, {}).get(party, 0)
            if want == have:
                check.seats_equal += want
            else:
                check.differences.append(f"{code} {party}: {have} seats, 2024: {want}")
        for (dapil, name), members in sorted(inp.by_party.items()):
            if dapil != code:
                continue
            want_names = sorted(m.name for m in members)
            have_names = sorted(norm(n) for n in elected.get(code, {}).get(name, []))
            check.elected += len(want_names)
            check.elected_equal += len(set(want_names) & set(have_names))
            if want_names != have_names:
                check.differences.append(f"{code} {name}: elected {have_names}, 2024: {want_names}")
    return check


def allocate_from_locked_recap(inp: Inputs, contests: list[Any]) -> tuple[Any, dict[str, Any]]:
    """The cross-check: ``pemilu.seats.contest.allocate_contest`` (4 %, Sainte-Laguë, candidates
    by personal votes) on the votes of the locked national plenaries — the same numbers the
    seats module must read."""
    from pemilu.results.models import BallotCandidate
    from pemilu.seats.contest import allocate_contest
    from pemilu.seats.inputs import CandidateVotes, DapilVotes

    recap = locked_recap(contests)
    names = {(c.dapil.code, f"{c.party.ballot_no}.{c.number}"): (c.name, c.sex) for c in
             BallotCandidate.objects.filter(dapil__in=[ct.dapil for ct in contests]).select_related("dapil", "party")}
    dapils = [DapilVotes(code, inp.names[code], inp.seats[code], party_votes(recap[code])) for code in sorted(recap)]
    cands = [CandidateVotes(code, PARTY_OF[int(key.split(".")[0])], names[(code, key)][0], int(key.split(".")[1]),
                            v, names[(code, key)][1])
             for code in sorted(recap) for key, v in recap[code].items() if "." in key]
    outcome = allocate_contest(dapils, threshold=4, candidates=cands)
    return outcome, recap


def outcome_tables(outcome: Any) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, list[str]]]]:
    seats = {d.dapil.code: {p: n for p, n in d.allocation.seats.items() if n} for d in outcome.dapils}
    elected = {d.dapil.code: {p: [c.name for c in cs] for p, cs in d.elected.items()} for d in outcome.dapils}
    return seats, elected


# --- the run: templates, clone, phases, figures ---------------------------------------------

def setup_django(url: str, var_dir: Path) -> None:
    from _harness import pemilu_env

    os.environ.update(pemilu_env(url, var_dir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pemilu.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def kpu_user() -> Any:
    """election_night's national KPU staff user (results.enter and results.plenary anywhere)."""
    from pemilu.accounts.models import User

    return User.objects.get(username="night.kpu")


def dpr_contests(inp: Inputs) -> list[Any]:
    from pemilu.results.models import Contest

    return list(Contest.objects.filter(kind__code="dpr", dapil__code__in=list(inp.votes)).select_related("dapil")
                .order_by("code"))


def phase_reference(args: argparse.Namespace) -> None:
    """Child process: the DPR reference again, with seats and the final names (prints JSON)."""
    from _harness import DATA

    setup_django(args.url, Path(args.var_dir))
    from pemilu.accounts.actions import get_system_user
    from pemilu.elections.queries import current
    from pemilu.results.reference import do_import_reference

    inp = load_inputs(shared_files(DATA), dapils_of(args.small))
    t0 = time.perf_counter()
    do_import_reference(current(), dapil_file=dapil_map_csv(DATA / "dapil2024_wilayah.csv", inp.seats),
                        parties_file=DATA / "dpr2024_national_official.csv", candidates_file=candidates_csv(inp),
                        actor=get_system_user())
    print(json.dumps({"reference_s": round(time.perf_counter() - t0, 1), "renamed": inp.renamed}))


def phase_ingest(args: argparse.Namespace) -> None:
    """Child process: generate and submit the forms of ``--dapils`` (prints one JSON line)."""
    from _harness import DATA

    setup_django(args.url, Path(args.var_dir))
    inp = load_inputs(shared_files(DATA), args.dapils.split(","))
    stats = ingest(inp, kpu_user(), args.seed, batch=args.batch)
    if stats.refused:  # kept, not fatal: the run's checks name what is missing from the recap
        log(f"{len(stats.refused)} forms refused, e.g. {stats.refused[:3]}")
    print(json.dumps({"forms": stats.forms, "batches": stats.batches, "generate_s": round(stats.generate_s, 1),
                      "submit_s": round(stats.submit_s, 1), "refused": len(stats.refused)}))


def dapils_of(small: bool) -> list[str] | None:
    if not small:
        return None
    from _harness import DATA

    return [r["dapil_code"] for r in _rows(DATA / "dpr2024_dapil_votes.csv") if r["province_code"] in SMALL_PROVINCES]


def partition(inp: Inputs, jobs: int) -> list[list[str]]:
    """Dapil per ingest process, whole provinces together (their audit chains and roll-up rows
    are not shared between processes), balanced by votes."""
    by_prov: dict[str, list[str]] = defaultdict(list)
    for code in inp.votes:
        by_prov[code[:2]].append(code)
    bins: list[tuple[int, list[str]]] = [(0, []) for _ in range(max(1, jobs))]
    for prov in sorted(by_prov, key=lambda p: -sum(sum(inp.votes[c].values()) for c in by_prov[p])):
        weight, codes = min(bins, key=lambda b: b[0])
        bins.remove((weight, codes))
        bins.append((weight + sum(sum(inp.votes[c].values()) for c in by_prov[prov]), codes + by_prov[prov]))
    return [sorted(codes) for _w, codes in bins if codes]


def data_signature(*paths: Path) -> str:
    parts = [f"{p.name}:{p.stat().st_size}:{int(p.stat().st_mtime)}" for p in paths]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]


def ingested_template(args: argparse.Namespace, tmp: Path) -> tuple[str, dict[str, Any]]:
    """The cached database with the tree, the DPR reference and every form ingested. Keyed on the
    data files and the generator, not on the migrations: a clone is migrated forward instead
    (rebuilding means ingesting 820,161 forms again)."""
    import subprocess

    import election_night
    from _harness import DATA, template_database

    name = f"{args.db_prefix}_tpl_dpr" + ("_small" if args.small else "")
    files = [*election_night.SOURCES, DATA / "dpr2024_dapil_votes.csv", DATA / "dpr2024_elected_members.csv"]
    sig = f"{data_signature(*files)}-{generator_version()}-{args.seed}-{args.batch}"

    def child(phase: str, url: str, *extra: str) -> subprocess.Popen[str]:
        return subprocess.Popen([sys.executable, __file__, "--phase", phase, "--url", url, "--var-dir", str(tmp),
                                 "--seed", str(args.seed), "--batch", str(args.batch),
                                 *(["--small"] if args.small else []), *extra], stdout=subprocess.PIPE, text=True)

    def finish(proc: subprocess.Popen[str]) -> dict[str, Any]:
        out, _err = proc.communicate()
        if proc.returncode:
            raise SystemExit(f"{proc.args!r} failed ({proc.returncode})")
        return dict(json.loads(out.strip().splitlines()[-1]))

    def build(url: str) -> None:
        import psycopg

        base, built = election_night.prepared_database(args.small, tmp, args.rebuild_template, prefix=args.db_prefix)
        log(f"tree template {base}: " + (f"built in {built:.0f} s" if built else "reused"))
        dbname = url.rsplit("/", 1)[1]
        pg = ["-h", "127.0.0.1", "-U", "postgres"]
        subprocess.run(["dropdb", *pg, "--force", dbname], check=True)
        subprocess.run(["createdb", *pg, "--template", base, "--strategy", "file_copy", dbname], check=True)
        stats: dict[str, Any] = {"tree_template_s": round(built, 1), **finish(child("reference", url))}
        inp = load_inputs(shared_files(DATA), dapils_of(args.small))
        parts = partition(inp, args.jobs)
        load0, t0 = os.getloadavg(), time.perf_counter()
        log(f"ingesting {len(inp.votes)} dapil in {len(parts)} processes")
        answers = [finish(p) for p in [child("ingest", url, "--dapils", ",".join(part)) for part in parts]]
        stats.update({"forms": sum(a["forms"] for a in answers), "batches": sum(a["batches"] for a in answers),
                      "refused": sum(a["refused"] for a in answers),
                      "processes": len(parts), "ingest_wall_s": round(time.perf_counter() - t0, 1),
                      "generate_cpu_s": round(sum(a["generate_s"] for a in answers), 1),
                      "submit_s_per_process": [a["submit_s"] for a in answers],
                      "load": [round(x, 2) for x in (*load0, *os.getloadavg())],
                      "built_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())})
        stats["forms_per_s"] = round(stats["forms"] / stats["ingest_wall_s"], 1)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("CREATE TABLE bench_dpr_stats (stats jsonb)")
            conn.execute("INSERT INTO bench_dpr_stats VALUES (%s)", [json.dumps(stats)])
            conn.execute("VACUUM ANALYZE")

    seconds = template_database(name, sig, build, rebuild=args.rebuild_template)
    log(f"ingested template {name}: " + (f"built in {seconds:.0f} s" if seconds else "reused"))
    out = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", name, "-Atc",
                          "SELECT stats FROM bench_dpr_stats"], check=True, capture_output=True, text=True).stdout
    return name, {**json.loads(out), "template_built_s": round(seconds, 1)}


def counts() -> dict[str, int]:
    from pemilu.audit.models import AuditEvent
    from pemilu.regions.models import Tps
    from pemilu.results.models import KecamatanTotal, Plenary, Result, ResultVersion

    return {"tps": Tps.objects.count(), "dpr_results": Result.objects.filter(contest__kind__code="dpr").count(),
            "versions": ResultVersion.objects.count(), "kecamatan_totals": KecamatanTotal.objects.count(),
            "plenaries": Plenary.objects.count(), "audit_events": AuditEvent.objects.count()}


def decree(actor: Any, chair: Any | None = None, *, exports: bool = True) -> dict[str, Any]:
    """The DPR seats allocated from the locked national recap (``seats.from_recap``, by ``actor``)
    and the decree published from that run (``seats.decree.do_publish_decree``, by ``chair``: the
    decision is a KPU administrator's). Seats and names are read back from the published decree's
    members. Timed by the caller from the last plenary lock; the PDF and XLSX, rendered on demand
    by the public pages, are timed here separately."""
    from pemilu.elections.queries import current
    from pemilu.seats import decree_exports, from_recap
    from pemilu.seats.decree import do_publish_decree
    from pemilu.seats.models import ElectedMember

    out: dict[str, Any] = {}
    t0 = time.perf_counter()
    run, _created = from_recap.do_allocate_from_recap(current(), "dpr", actor=actor, reason="benchmark")
    out["allocate_s"] = round(time.perf_counter() - t0, 3)
    t1 = time.perf_counter()
    published = do_publish_decree(run, actor=chair or actor, number="1205/2024 (benchmark)")
    out["publish_s"] = round(time.perf_counter() - t1, 3)
    out["published_at"] = time.perf_counter()
    seats: dict[str, dict[str, int]] = defaultdict(dict)
    elected: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    members = list(ElectedMember.objects.filter(decree=published).values_list("dapil_code", "party", "name"))
    for dapil, party, name in members:
        seats[dapil][party] = seats[dapil].get(party, 0) + 1
        elected[dapil][party].append(name)
    for name, render in (("pdf", decree_exports.decree_pdf), ("xlsx", decree_exports.decree_xlsx)) if exports else ():
        t2 = time.perf_counter()
        out[f"{name}_bytes"] = len(render(published))
        out[f"{name}_s"] = round(time.perf_counter() - t2, 3)
    out.update(run=run.pk, decree=published.pk, seats=seats, elected=elected,
               excluded=run.national.get("threshold", {}).get("excluded"), status=run.status,
               threshold_percent=str(run.threshold_percent), elected_rows=len(members))
    return out


def chair_user() -> Any:
    """A national KPU administrator (the decree is theirs: ``seats.decree``)."""
    from pemilu.accounts.actions import do_grant_role, get_system_user
    from pemilu.accounts.models import User

    user, _ = User.objects.get_or_create(username="kpu.ketua", defaults={"full_name": "Ketua KPU"})
    do_grant_role(user, "kpu_admin", "", actor=get_system_user(), reason="benchmark")
    return user


def run(args: argparse.Namespace) -> dict[str, Any]:
    from _harness import fresh_database

    tmp = Path(tempfile.mkdtemp(prefix="pemilu-dpr-"))
    load_start = os.getloadavg()
    t0 = time.perf_counter()
    template, ingested = ingested_template(args, tmp)
    dbname = f"{args.db_prefix}_bench_dpr" + ("_small" if args.small else "")
    with fresh_database(dbname, keep=args.keep_db, template=template) as url:
        import subprocess

        from _harness import pemilu_env

        t_migrate = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pemilu", "migrate", "-v", "0"], env=pemilu_env(url, tmp), check=True)
        migrate_s = time.perf_counter() - t_migrate
        setup_django(url, tmp)
        from pemilu.results import queries  # noqa: F401 (Django is set up)

        setup_s = time.perf_counter() - t0
        inp = load_inputs(shared_files(__import__("_harness").DATA), dapils_of(args.small))
        if args.small:
            restrict_to(inp)
        contests = dpr_contests(inp)
        actor = kpu_user()
        parts = partition(inp, args.jobs)

        def parallel(level: int) -> tuple[int, float]:
            procs = [subprocess.Popen([sys.executable, __file__, "--phase", "lock", "--url", url, "--var-dir", str(tmp),
                                       "--level", str(level), "--dapils", ",".join(part)], stdout=subprocess.PIPE,
                                      text=True) for part in parts]
            answers = []
            for proc in procs:
                out, _err = proc.communicate()
                if proc.returncode:
                    raise SystemExit(f"locking level {level} failed ({proc.returncode})")
                answers.append(json.loads(out.strip().splitlines()[-1]))
            return sum(a["plenaries"] for a in answers), sum(a["attendance_s"] for a in answers)

        locks = lock_all(contests, actor, parallel=parallel if args.jobs > 1 else None)
        chair = chair_user()
        last_lock = time.perf_counter()
        published = decree(actor, chair, exports=args.exports)
        decree_s = published.pop("published_at") - last_lock
        t1 = time.perf_counter()
        outcome, recap = allocate_from_locked_recap(inp, contests)
        cross_s = time.perf_counter() - t1
        seats, elected = outcome_tables(outcome)
        check = compare(inp, recap, seats, elected, outcome.threshold.excluded, national=not args.small)
        checks = {"cross_check": check}
        checks["decree_check"] = compare(inp, recap, published["seats"], published["elected"], published["excluded"] or (),
                                   national=not args.small)
        rows = counts()
        from django.db import connections

        connections.close_all()
    result = {
        "scope": "sumut" if args.small else "national", "dapils": len(inp.votes), "seats": sum(inp.seats.values()),
        "ingest": ingested, "setup_s": round(setup_s, 1), "migrate_clone_s": round(migrate_s, 1), "locks": locks,
        "lock_s": round(sum(v["seconds"] for v in locks.values()), 1),
        "lock_to_decree_s": round(decree_s, 3),
        "lock_to_decree_with_pdf_xlsx_s": round(decree_s + published["pdf_s"] + published["xlsx_s"], 3)
        if args.exports else None,
        "decree": {k: v for k, v in published.items() if k not in ("seats", "elected")},
        "cross_check_s": round(cross_s, 3), "rows": rows,
        "threshold": {"total_valid": outcome.threshold.total, "qualifying": list(outcome.threshold.qualifying),
                      "excluded": list(outcome.threshold.excluded)},
        "national_seats": dict(sorted(outcome.national_seats().items(), key=lambda kv: -kv[1])),
        "load_average_start": [round(x, 2) for x in load_start],
        "load_average_end": [round(x, 2) for x in os.getloadavg()],
    }
    for name, c in checks.items():
        result[name] = {"seats": f"{c.seats_equal}/{c.seats}", "elected": f"{c.elected_equal}/{c.elected}",
                        "vote_cells": f"{c.votes_equal}/{c.vote_cells}", "ok": c.ok, "differences": c.differences[:20]}
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", action="store_true", help="Sumatera Utara only (3 dapil, 30 seats)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--batch", type=int, default=25, help="forms per submit_batch (its maximum: 25)")
    parser.add_argument("--exports", action="store_true",
                        help="also render the decree's PDF and XLSX (timed apart; the XLSX took 215 s for 30 seats)")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--rebuild-template", action="store_true")
    parser.add_argument("--db-prefix", default="dprbench")
    parser.add_argument("--jobs", type=int, default=2,
                        help="processes ingesting (template build) and locking the PPK and KPU Kab/Kota plenaries")
    parser.add_argument("--phase", choices=["reference", "ingest", "lock"], help=argparse.SUPPRESS)
    parser.add_argument("--level", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--dapils", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--var-dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(BENCH))
    if args.phase:
        {"reference": phase_reference, "ingest": phase_ingest, "lock": phase_lock}[args.phase](args)
        return 0
    result = run(args)
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>18}: {value}")
    ok = result["cross_check"]["ok"] and result["decree_check"]["ok"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
