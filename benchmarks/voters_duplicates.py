"""Benchmark: the duplicate search on the generator's seeded voters, two matchers (issue 22 items 4, 8).

    PYTHONPATH=src .venv/bin/python benchmarks/voters_duplicates.py prepare --dir DIR [--rows 1000000]
    PYTHONPATH=src .venv/bin/python benchmarks/voters_duplicates.py match --dir DIR --matcher rapidfuzz|splink
    PYTHONPATH=src .venv/bin/python benchmarks/voters_duplicates.py cross --dir DIR

``prepare`` writes the file with the real CLI (`pemilu voters generate`: 0.01 % junk rows per check code,
1 % exact and 1 % new-NIK duplicates, with the ground truth) and imports it with `import_dp4` into a fresh
SQLite database in DIR (Kota Tebing Tinggi's regions, Pemilu 2024). ``match`` runs in a fresh process
on that database and prints, for the matcher, the wall time, CPU (user + system), peak RSS of the
process (ru_maxrss, read before the scoring against the truth) and the load average, then recall and
precision against the generator's truth, for the identical pairs (same NIK) and the potential ones.

* ``rapidfuzz``: the project's matcher, ``voters/dupsearch.find_duplicates`` — the database streams the
  voters sorted by birth date, then by KK (blocking in SQL), pairs sharing a ``matching.blocking_keys``
  key are scored by ``matching.compare`` (rapidfuzz Jaro–Winkler).
* ``splink``: splink 5 on DuckDB (in memory) over the same voters (names normalised the same way), the
  same blocking keys as splink blocking rules, comparisons of name (Jaro–Winkler 0.93/0.87), birth date
  (exact, within 2 edits), birth place, sex, household (KK, else address: one comparison, two would
  count it twice), occupation; u by random sampling, m by EM on blocks where duplicates are common
  (birth date + last word, name + birth place); pairs at match probability ≥ 0.9. The identical pairs come from the same SQL GROUP BY as the other matcher.
A benchmark-only PEMILU_VOTER_KEY is set when none is given.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pemilu.settings")
os.environ.setdefault("PEMILU_VOTER_KEY", "benchmark-only-key-" + "x" * 32)
ROOT = Path(__file__).resolve().parents[1]


def _setup(folder: Path) -> None:
    os.environ["PEMILU_VAR_DIR"] = str(folder)
    import django

    django.setup()


def prepare(folder: Path, rows: int, seed: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    data, truth = folder / "voters.csv", folder / "truth.csv"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    dups = rows // 100
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pemilu", "voters", "generate", str(data), "--count", str(rows),
                    "--seed", str(seed), "--junk-per-code", str(max(1, rows // 10000)), "--exact-duplicates",
                    str(dups), "--new-nik-duplicates", str(dups), "--truth", str(truth)], env=env, check=True)
    print(f"generated {rows:,} rows in {time.perf_counter() - start:.1f} s")
    (folder / "pemilu.sqlite3").unlink(missing_ok=True)
    _setup(folder)
    from django.core.management import call_command

    from pemilu.accounts.actions import get_system_user
    from pemilu.core.demo import load_regions
    from pemilu.elections.demo import get_or_create_pemilu_2024
    from pemilu.voters.importer import import_dp4

    call_command("migrate", verbosity=0)
    actor = get_system_user()
    election = get_or_create_pemilu_2024()
    load_regions(actor, lambda *_a: None)
    start = time.perf_counter()
    outcome = import_dp4(data, election=election, region_code="12.76", actor=actor, filename=data.name)
    print(f"imported {outcome.created:,} voters in {time.perf_counter() - start:.1f} s")


def _truth(folder: Path) -> dict[str, set[tuple[int, int]]]:
    pairs: dict[str, set[tuple[int, int]]] = {"identik": set(), "potensi": set()}
    with open(folder / "truth.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["kind"] in ("ganda_identik", "potensi_ganda"):
                a, b = int(row["line"]), int(row["other_line"])
                pairs["identik" if row["kind"] == "ganda_identik" else "potensi"].add((min(a, b), max(a, b)))
    return pairs


def _splink(election_id: int) -> list[tuple[int, int, str, float]]:
    import duckdb
    import pyarrow as pa
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on
    from splink import comparison_level_library as cll
    from splink import comparison_library as cl

    from pemilu.elections.models import Election
    from pemilu.voters import dupsearch, matching

    election = Election.objects.get(pk=election_id)
    columns: dict[str, list[object]] = {c: [] for c in ("unique_id", "nik_hash", "kk_hash", "name", "phonetic",
                                                        "first", "last", "initial", "birth_date", "birth_place",
                                                        "sex", "address", "occupation")}
    for p in dupsearch._people(election, "12.76", ("id",)):
        words = p.name.split() or [""]
        for key, value in (("unique_id", p.id), ("nik_hash", p.nik_hash), ("kk_hash", p.kk_hash), ("name", p.name),
                           ("phonetic", matching.phonetic(p.name)), ("first", words[0]), ("last", words[-1]),
                           ("initial", p.name[:1]), ("birth_date", p.birth_date.isoformat()),
                           ("birth_place", p.birth_place), ("sex", p.sex), ("address", f"{p.village}|{p.address}"),
                           ("occupation", p.occupation)):
            columns[key].append(value)
    con = duckdb.connect()
    con.register("people_arrow", pa.table(columns))
    con.execute("CREATE TABLE people AS SELECT * FROM people_arrow")
    con.unregister("people_arrow")
    del columns
    db_api = DuckDBAPI(con)
    people = db_api.register("people")
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("name", [0.93, 0.87]),
            cl.DamerauLevenshteinAtThresholds("birth_date", [2]),
            cl.ExactMatch("birth_place"),
            cl.ExactMatch("sex"),
            # One comparison for the household (KK, else the address): two would count it twice.
            cl.CustomComparison(comparison_levels=[
                cll.NullLevel("kk_hash"), cll.ExactMatchLevel("kk_hash"), cll.ExactMatchLevel("address"),
                cll.ElseLevel()], output_column_name="household"),
            cl.ExactMatch("occupation"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("birth_date", "phonetic"), block_on("birth_date", "first"), block_on("birth_date", "last"),
            block_on("kk_hash", "initial"),
        ],
        retain_matching_columns=False,
        additional_columns_to_retain=["nik_hash"],
    )
    linker = Linker(people, settings, log_level="WARNING")
    linker.training.estimate_probability_two_random_records_match(
        [block_on("birth_date", "name")], recall=0.8)
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6)
    # EM on blocks where duplicates are common (a block on the KK alone learns "same household").
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("birth_date", "last"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("name", "birth_place"))
    predicted = linker.inference.predict(threshold_match_probability=0.9)
    rows = con.execute(
        f"SELECT unique_id_l, unique_id_r, match_probability FROM {predicted.physical_name} "  # noqa: S608
        "WHERE nik_hash_l <> nik_hash_r").fetchall()
    return [(min(a, b), max(a, b), "potensi", p) for a, b, p in rows]


def match(folder: Path, matcher: str, explain: int = 0) -> int:
    _setup(folder)
    from pemilu.elections.models import Election
    from pemilu.voters import dupsearch
    from pemilu.voters.models import Voter

    election = Election.objects.get()
    load_before = os.getloadavg()
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    found: list[tuple[int, int, str, float]] = [(m.a, m.b, m.kind, m.score)
                                                for m in dupsearch.identical_groups(election, "12.76")]
    identical_wall = time.perf_counter() - start
    if matcher == "rapidfuzz":
        found += [(m.a, m.b, m.kind, m.score) for m in dupsearch.potential_matches(election, "12.76")]
    else:
        found += _splink(election.pk)
    wall = time.perf_counter() - start
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    peak = cpu1.ru_maxrss / 1024
    load_after = os.getloadavg()
    cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    ids = {i for a, b, _k, _s in found for i in (a, b)}
    lines: dict[int, int] = {}
    id_list = sorted(ids)
    for i in range(0, len(id_list), 5000):
        lines.update(Voter.objects.filter(id__in=id_list[i:i + 5000]).values_list("id", "source_line"))
    truth = _truth(folder)
    voters = Voter.objects.count()
    print(f"matcher {matcher}: {voters:,} voters; {wall:.1f} s wall (identical {identical_wall:.1f} s), "
          f"{cpu:.1f} s CPU, peak RSS {peak:,.0f} MB; load average {load_before[0]:.1f} before, "
          f"{load_after[0]:.1f} after")
    ok = True
    for kind in ("identik", "potensi"):
        got = {(min(lines[a], lines[b]), max(lines[a], lines[b])) for a, b, k, _s in found if k == kind}
        hit = len(got & truth[kind])
        recall = hit / len(truth[kind]) if truth[kind] else 1.0
        precision = hit / len(got) if got else 1.0
        ok = ok and recall >= 0.95 and precision >= 0.99
        print(f"  {kind}: seeded {len(truth[kind]):,}, found {len(got):,}, true {hit:,}: recall {recall:.4f}, "
              f"precision {precision:.4f}")
        if explain:
            by_lines = {(min(lines[a], lines[b]), max(lines[a], lines[b])): (a, b, s) for a, b, k, s in found
                        if k == kind}
            for a_line, b_line in sorted(got - truth[kind])[:explain]:
                a, b, score = by_lines[(a_line, b_line)]
                x, y = Voter.objects.get(pk=a), Voter.objects.get(pk=b)
                print(f"    false {score:.3f}: {x.name!r}/{y.name!r} {x.birth_date}/{y.birth_date} "
                      f"{x.birth_place}/{y.birth_place} kk {'=' if x.kk_hash == y.kk_hash else '≠'} "
                      f"desa {x.village_id}/{y.village_id} {x.address}/{y.address} findings {x.findings}/{y.findings}")
    return 0 if ok else 1


def cross(folder: Path) -> int:
    """The match across kab/kota on keyed hashes only, with each kecamatan of the file standing for a
    kab/kota: ``export_hashed`` per kecamatan, ``cross_match`` over the five exports; recall and
    precision against the seeded pairs whose two records lie in different kecamatan."""
    _setup(folder)
    from pemilu.elections.models import Election
    from pemilu.regions.models import Region
    from pemilu.voters import dupsearch
    from pemilu.voters.models import Voter

    election = Election.objects.get()
    kecamatan = list(Region.objects.filter(code__startswith="12.76.", level=3).values_list("code", flat=True))
    load_before = os.getloadavg()
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    matches = list(dupsearch.cross_match(dupsearch.export_hashed(election, code) for code in kecamatan))
    wall = time.perf_counter() - start
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    ids = sorted({v.ref for m in matches for v in (m.a, m.b)})
    lines: dict[int, int] = {}
    for i in range(0, len(ids), 5000):
        lines.update(Voter.objects.filter(id__in=ids[i:i + 5000]).values_list("id", "source_line"))
    kec_of_line: dict[int, str] = {}
    truth = _truth(folder)
    wanted = {line for pair in truth["potensi"] | truth["identik"] for line in pair}
    for line, desa in Voter.objects.filter(source_line__in=wanted).values_list("source_line", "village_id"):
        kec_of_line[line] = str(desa)[:8]
    across = {p for p in truth["potensi"] | truth["identik"] if kec_of_line[p[0]] != kec_of_line[p[1]]}
    got = {(min(lines[m.a.ref], lines[m.b.ref]), max(lines[m.a.ref], lines[m.b.ref])) for m in matches}
    hit = len(got & across)
    print(f"across {len(kecamatan)} regions on hashes: {wall:.1f} s wall, {cpu:.1f} s CPU, peak RSS "
          f"{cpu1.ru_maxrss / 1024:,.0f} MB; load average {load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after")
    print(f"  seeded pairs across regions {len(across):,}, found {len(got):,}, true {hit:,}: recall "
          f"{hit / max(1, len(across)):.4f}, precision {hit / max(1, len(got)):.4f}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=["prepare", "match", "cross"])
    parser.add_argument("--dir", required=True)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=22)
    parser.add_argument("--matcher", choices=["rapidfuzz", "splink"], default="rapidfuzz")
    parser.add_argument("--explain", type=int, default=0, help="print this many false pairs of each kind")
    args = parser.parse_args()
    folder = Path(args.dir).resolve()
    if args.step == "prepare":
        prepare(folder, args.rows, args.seed)
        return 0
    if args.step == "cross":
        return cross(folder)
    return match(folder, args.matcher, args.explain)


if __name__ == "__main__":
    sys.exit(main())
