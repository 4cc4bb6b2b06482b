"""Benchmark: the duplicate search across kab/kota on keyed hashes (issue 22 item 8, national design
in docs/scaling.md "The national voter list"), measured on 10,000,000 voters.

    PYTHONPATH=src .venv/bin/python benchmarks/voters_national.py [--regions 10] [--per-region 1000000]
                                                                  [--cross 10000] [--workdir DIR] [--json]

Each of ``--regions`` synthetic kab/kota gets ``--per-region`` voters from the generator (its own seed;
no database: the export is what a kab/kota computes from its list). ``--cross`` exact duplicates (the
same NIK) and ``--cross`` new-NIK duplicates (the same person, another NIK, a varied name) of each are
moved to the next kab/kota, so the ground truth is pairs across kab/kota. Each voter is exported as
``matching.hashed`` (HMAC of NIK, of name + birth date + sex, of phonetic name + birth date + sex, of
birth place — what leaves an office) and all exports go through ``dupsearch.cross_match``, the entry
point a national run uses. Prints, separately, the CPU of making the voters (the generator: not part of
the pipeline), of hashing them (each office's export, done in parallel nationally), and of the central
match (loading the hashes, indexing, joining, scoring), with wall time, peak RSS, the scratch file's
size, load average, and recall/precision of the matches against the moved pairs.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import hmac
import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pemilu.settings")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--regions", type=int, default=10)
    parser.add_argument("--per-region", type=int, default=1_000_000)
    parser.add_argument("--cross", type=int, default=10_000, help="exact and new-NIK duplicates moved per region")
    parser.add_argument("--workdir", default="", help="folder for the match's scratch file (default: temporary)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--export", default="", help="only write the exports (hash tuples) and the truth to FILE(.truth)")
    parser.add_argument("--first", type=int, default=0, help="number of the first region (seeds and labels)")
    parser.add_argument("--match", default="", help="only run the central match on the exports written by --export")
    args = parser.parse_args(argv)
    import django

    django.setup()
    if args.export:
        report = export(args.regions, args.per_region, args.cross, Path(args.export), first=args.first)
    elif args.match:
        report = match(Path(args.match), workdir=args.workdir or None)
    else:
        report = run(args.regions, args.per_region, args.cross, workdir=args.workdir or None)
    if args.json:
        print(json.dumps(report))
    return 0


def run(regions: int, per_region: int, cross: int, *, workdir: str | None = None,
        out: Any = print) -> dict[str, Any]:
    """Generate, export and match in one process (the exports are consumed as they are made)."""
    spent = {"generate": 0.0, "hash": 0.0}
    truth: set[Any] = set()
    sizes: list[int] = []
    return _timed_match([_exports(regions, per_region, cross, truth, spent, sizes)], truth, spent, sizes,
                        workdir=workdir, out=out)


def _label(i: int) -> str:
    return f"{11 + i // 99:02d}.{1 + i % 99:02d}"  # kab/kota-shaped labels, one per region


def _exports(regions: int, per_region: int, cross: int, truth: set[Any], spent: dict[str, float],
             sizes: list[int], *, first: int = 0) -> Iterator[Any]:
    """The hash tuples of regions ``first`` … ``first + regions - 1``; the seeded copies of each region
    are moved to the next one (the last one's to the first)."""
    from pemilu.voters import matching
    from pemilu.voters.generator import generate

    key = matching.match_key(hashlib.sha256(b"benchmark-only voter key").digest())
    nik_key = hashlib.sha256(b"benchmark-only nik key").digest()
    carried: list[tuple[int, dict[str, str]]] = []  # rows moved into the next region
    last = first + regions - 1
    for i in range(first, first + regions):
        t0 = time.process_time()
        rows, seeded = generate(per_region, seed=1000 + i, junk_per_code=0, exact_duplicates=cross,
                                new_nik_duplicates=cross)
        moved = {b for _a, b in seeded.exact_duplicates + seeded.new_nik_duplicates}
        here, there = _label(i), _label(first if i == last else i + 1)
        for a, b in seeded.exact_duplicates + seeded.new_nik_duplicates:
            truth.add(tuple(sorted(((here, i * 10**7 + a), (there, i * 10**7 + b)))))
        t1 = time.process_time()
        spent["generate"] += t1 - t0
        mine = [(i * 10**7 + n, row) for n, row in enumerate(rows) if n not in moved]
        incoming, carried = carried, [(i * 10**7 + n, rows[n]) for n in sorted(moved)]
        if i == last:  # the last region's copies go to the first one
            incoming += carried
        del rows
        batch = [_hashed(ref, row, here, key, nik_key) for ref, row in mine]
        batch += [_hashed(ref, row, there if i == last and ref // 10**7 == i else here, key, nik_key)
                  for ref, row in incoming]
        sizes.append(len(batch))
        spent["hash"] += time.process_time() - t1
        yield from batch


def _timed_match(exports: list[Iterator[Any]], truth: set[Any], spent: dict[str, float], sizes: list[int], *,
                 workdir: str | None, out: Any) -> dict[str, Any]:
    from pemilu.voters import dupsearch

    load_before = os.getloadavg()[0]
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    scratch = Path(workdir or tempfile.gettempdir())
    found: set[Any] = set()
    biggest = 0
    for m in dupsearch.cross_match(exports, workdir=scratch):
        found.add(tuple(sorted(((m.a.region, m.a.ref), (m.b.region, m.b.ref)))))
        if not biggest:
            biggest = sum(f.stat().st_size for f in scratch.glob("pemilu-cross-*/*"))
    wall = time.perf_counter() - start
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu = cpu1.ru_utime - cpu0.ru_utime + cpu1.ru_stime - cpu0.ru_stime
    hits = len(found & truth)
    voters = sum(sizes) or None
    report = {
        "date": datetime.datetime.now(datetime.UTC).date().isoformat(), "voters": voters, "seeded_pairs": len(truth),
        "found_pairs": len(found), "recall": round(hits / max(1, len(truth)), 4),
        "precision": round(hits / max(1, len(found)), 4), "wall_s": round(wall, 1), "cpu_s": round(cpu, 1),
        "generate_cpu_s": round(spent["generate"], 1), "hash_cpu_s": round(spent["hash"], 1),
        "match_cpu_s": round(cpu - spent["generate"] - spent["hash"], 1),
        "peak_rss_mb": round(cpu1.ru_maxrss / 1024), "scratch_mb": round(biggest / 1e6),
        "load_before": round(load_before, 2), "load_after": round(os.getloadavg()[0], 2)}
    out(f"{voters or 'exported'} voters; {len(truth):,} seeded pairs across kab/kota")
    out(f"wall {wall:.0f} s, CPU {cpu:.0f} s = generate {report['generate_cpu_s']} s + hash (the exports) "
        f"{report['hash_cpu_s']} s + central match {report['match_cpu_s']} s; peak RSS {report['peak_rss_mb']:,} MB; "
        f"scratch {report['scratch_mb']:,} MB; load {load_before:.1f} → {report['load_after']:.1f}")
    out(f"pairs found {len(found):,}: recall {report['recall']:.4f}, precision {report['precision']:.4f}")
    return report


def export(regions: int, per_region: int, cross: int, path: Path, *, first: int = 0,
           out: Any = print) -> dict[str, Any]:
    """What every kab/kota sends (``--export`` can run in several processes with ``--first``, one file
    each; ``--match`` takes the files comma-separated), written to ``path`` (one CSV line per voter: region, ref and the four
    hashes) and the seeded pairs to ``path.truth``; the match is then timed alone (``match``)."""
    import csv

    truth: set[Any] = set()
    started = time.process_time()
    with open(path, "w", newline="") as fh:
        writer = csv.writer(fh)
        for v in _exports(regions, per_region, cross, truth, {"generate": 0.0, "hash": 0.0}, [], first=first):
            writer.writerow((v.region, v.ref, v.nik, v.name_birth, v.phonetic_birth, v.place))
    Path(f"{path}.truth").write_text("\n".join(f"{a[0]},{a[1]},{b[0]},{b[1]}" for a, b in sorted(truth)))
    out(f"exports written: {path} ({path.stat().st_size / 1e6:,.0f} MB), {len(truth):,} seeded pairs; "
        f"{time.process_time() - started:.0f} s CPU")
    return {"file": str(path), "seeded_pairs": len(truth)}


def match(path: Path, *, workdir: str | None = None, out: Any = print) -> dict[str, Any]:
    """The central match alone on exports written by ``export``: read, load, index, join, score."""
    import csv

    from pemilu.voters.matching import HashedVoter

    truth = set()
    paths = [Path(p) for p in str(path).split(",")]
    for one in paths:
        for line in Path(f"{one}.truth").read_text().splitlines():
            ra, a, rb, b = line.split(",")
            truth.add(((ra, int(a)), (rb, int(b))))

    def read(one: Path) -> Iterator[Any]:
        with open(one, newline="") as fh:
            for region, ref, nik, name_birth, phonetic_birth, place in csv.reader(fh):
                yield HashedVoter(region, int(ref), nik, name_birth, phonetic_birth, place)

    return _timed_match([read(one) for one in paths], truth, {"generate": 0.0, "hash": 0.0}, [], workdir=workdir, out=out)


def _hashed(ref: int, row: dict[str, str], region: str, key: bytes, nik_key: bytes) -> Any:
    """The export tuple of one generated voter. The generator writes Kota Tebing Tinggi's NIKs (1276…)
    for every region; the NIK's province + kab/kota digits become those of the region that generated
    the row (a moved copy keeps its origin's), so unrelated people of two regions never share a NIK."""
    from pemilu.voters import matching

    origin = ref // 10**7
    nik = f"{11 + origin // 99:02d}{1 + origin % 99:02d}" + row["nik"][4:]
    person = matching.Person(
        ref, hmac.new(nik_key, nik.encode(), hashlib.sha256).hexdigest(), "",
        matching.normalise_name(row["nama"]), datetime.date.fromisoformat(row["tanggal_lahir"]),
        matching.normalise_place(row["tempat_lahir"]), row["jenis_kelamin"], row["alamat"], row["kode_desa"])
    return matching.hashed(person, region=region, key=key)


if __name__ == "__main__":
    sys.exit(main())
