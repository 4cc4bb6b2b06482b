"""The duplicate search engine (issue 22 item 4): blocking in SQL, scoring with rapidfuzz.

* ``identical_groups``: ganda identik — the same NIK hash more than once in a region (SQL GROUP BY).
* ``potential_matches``: potensi ganda inside one region. The database streams the region's voters
  sorted by birth date (then again by KK), so memory stays flat whatever the region's size; each
  birth-date (KK) block is split by the ``matching.blocking_keys`` and every pair sharing a key is
  scored by ``matching.compare``; pairs at ``matching.THRESHOLD`` or above are candidates.
* Across kab/kota (Piipan's design): each kab/kota exports ``export_hashed`` — keyed hashes of its
  voters' NIK, name + birth date + sex, phonetic name + birth date + sex, and birth place, with an
  opaque row reference — and ``cross_match`` joins the exports of many regions on those hashes in
  a scratch SQLite file (on disk: 10 M tuples fit in a few hundred MB of RAM). No office receives
  another's NIK, name or birth date: a match returns to each office only its own reference and the
  other region's code.

The pure rules are in ``matching.py``; the writes (the review queue) in ``duplicates.py``.
"""

from __future__ import annotations

import datetime
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import groupby
from operator import attrgetter
from pathlib import Path
from typing import Any, TypeVar

from django.db import connections
from django.db.models import CharField
from django.db.models.functions import Cast

from pemilu.elections.models import Election
from pemilu.voters import crypto, matching
from pemilu.voters.matching import HashedMatch, HashedVoter, Person
from pemilu.voters.models import Voter

FIELDS = ("id", "nik_hash", "kk_hash", "name", "birth_date", "birth_place", "sex", "address", "village_id",
          "occupation")
CHUNK = 5000
MAX_BLOCK = 400
# A NIK with these findings (rules.py: not 16 digits, one digit repeated, a sequence) is no person's
# number: two voters sharing it are not the same person, it is left to the coklit.
NOT_A_PERSONS_NIK = ("N01", "N07", "N08")  # a key shared by more voters than this is too common to tell anyone apart


@dataclass(frozen=True, slots=True)
class Match:
    a: int  # voter ids, a < b
    b: int
    kind: str  # "identik" | "potensi"
    score: float


def _voters(election: Election, region_code: str):  # type: ignore[no-untyped-def]
    return Voter.objects.filter(election=election).in_region(region_code)


V = TypeVar("V")


class _Cache(dict[str, V]):
    """``make`` of each distinct value, computed once (a region's names, places and birth dates
    repeat); emptied when it grows past ``limit`` entries, so memory stays bounded."""

    def __init__(self, make: Callable[[str], V], limit: int = 200_000) -> None:
        super().__init__()
        self.make, self.limit = make, limit

    def __missing__(self, raw: str) -> V:
        if len(self) >= self.limit:
            self.clear()
        value = self[raw] = self.make(raw)
        return value


def _rows(election: Election, region_code: str, order: tuple[str, ...]) -> Iterator[tuple[Any, ...]]:
    """The region's voters' ``FIELDS`` (the birth date as ISO text), sorted by ``order``, streamed
    through a chunked (on PostgreSQL server-side) cursor in ``CHUNK`` rows without the ORM's per-row
    conversions."""
    query = (_voters(election, region_code).annotate(born=Cast("birth_date", CharField())).order_by(*order)
             .values_list(*("born" if f == "birth_date" else f for f in FIELDS)))
    sql, params = query.query.get_compiler(using=query.db).as_sql()
    with connections[query.db].chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(CHUNK):
            yield from chunk


def _people(election: Election, region_code: str, order: tuple[str, ...]) -> Iterator[Person]:
    names, places = _Cache(matching.normalise_name), _Cache(matching.normalise_place)
    dates = _Cache(datetime.date.fromisoformat)
    for pk, nik, kk, name, born, place, sex, address, village, work in _rows(election, region_code, order):
        yield Person(pk, nik, kk, names[name], dates[born], places[place], sex, address.strip().lower(), village,
                     work.strip().upper())


def identical_groups(election: Election, region_code: str) -> Iterator[Match]:
    """Ganda identik: every pair of voters of the region with the same NIK hash (score 1), junk NIKs
    (``NOT_A_PERSONS_NIK``) aside."""
    from django.db.models import Count

    voters = _voters(election, region_code)
    for code in NOT_A_PERSONS_NIK:
        voters = voters.exclude(findings__contains=code)
    repeated = (voters.values("nik_hash").annotate(n=Count("id")).filter(n__gt=1).values_list("nik_hash", flat=True))
    rows = voters.filter(nik_hash__in=repeated).order_by("nik_hash", "id").values_list("nik_hash", "id")
    for _nik, group in groupby(rows.iterator(chunk_size=CHUNK), key=lambda r: r[0]):
        ids = [pk for _n, pk in group]
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                yield Match(a, b, "identik", 1.0)


def _pairs_by_name(people: list[Person], keys: _Cache[tuple[str, str, str]]) -> set[tuple[int, int]]:
    """Index pairs (i < j) of one birth date's ``people`` that share the phonetic key, the first
    word or the last word of their names (``matching.blocking_keys`` 0–2)."""
    groups: tuple[dict[str, list[int]], ...] = ({}, {}, {})
    for i, p in enumerate(people):
        for key, group in zip(keys[p.name], groups, strict=True):
            group.setdefault(key, []).append(i)
    pairs: set[tuple[int, int]] = set()
    for group in groups:
        for members in group.values():
            if 1 < len(members) <= MAX_BLOCK:
                for x, i in enumerate(members):
                    pairs.update((i, j) for j in members[x + 1:])
    return pairs


def _pairs_by_initial(people: list[Person]) -> Iterator[tuple[int, int]]:
    """Index pairs (i < j) of one household's ``people`` whose names start with the same letter
    (``matching.blocking_keys`` 3)."""
    if len(people) == 2:  # most households
        if people[0].name[:1] == people[1].name[:1]:
            yield 0, 1
        return
    group: dict[str, list[int]] = {}
    for i, p in enumerate(people):
        group.setdefault(p.name[:1], []).append(i)
    for members in group.values():
        if 1 < len(members) <= MAX_BLOCK:
            for x, i in enumerate(members):
                for j in members[x + 1:]:
                    yield i, j


# The least weight of the other fields with which a pair can still reach the threshold (equal names).
_LEAST_OTHER = matching.THRESHOLD_WEIGHT - matching.NAME_WEIGHT_MAX


def _scored(people: list[Person], pairs: Iterable[tuple[int, int]], seen: set[tuple[int, int]]) -> Iterator[Match]:
    """The candidates among ``pairs``: ``matching.compare``'s score, the names compared only when
    the other fields leave the pair a chance (``matching.other_weight``)."""
    for i, j in pairs:
        a, b = people[i], people[j]
        if a.nik_hash == b.nik_hash:
            continue  # ganda identik, listed by identical_groups
        other = matching.other_weight(a, b)
        if other < _LEAST_OTHER:
            continue
        ids = (a.id, b.id) if a.id < b.id else (b.id, a.id)
        if ids in seen:
            continue
        score = matching.score_of(matching.name_weight(matching.name_similarity(a.name, b.name)) + other)
        if score >= matching.THRESHOLD:
            seen.add(ids)
            yield Match(ids[0], ids[1], "potensi", round(score, 4))


def potential_matches(election: Election, region_code: str) -> Iterator[Match]:
    """Potensi ganda inside the region: two streamed passes (by birth date, by KK)."""
    seen: set[tuple[int, int]] = set()
    keys = _Cache(matching.name_keys)
    people = _people(election, region_code, ("birth_date", "id"))
    for _born, block in groupby(people, key=attrgetter("birth_date")):
        group = list(block)
        if len(group) > 1:
            yield from _scored(group, _pairs_by_name(group, keys), seen)
    people = _people(election, region_code, ("kk_hash", "id"))
    for _kk, block in groupby(people, key=attrgetter("kk_hash")):
        group = list(block)
        if len(group) > 1:
            yield from _scored(group, _pairs_by_initial(group), seen)


def find_duplicates(election: Election, region_code: str) -> Iterator[Match]:
    """Every candidate pair of the region: the identical ones, then the potential ones."""
    yield from identical_groups(election, region_code)
    yield from potential_matches(election, region_code)


# --- across kab/kota ------------------------------------------------------------------------------

def export_hashed(election: Election, region_code: str, *, key: bytes | None = None) -> Iterator[HashedVoter]:
    """What kab/kota ``region_code`` sends to the match across kab/kota: one tuple of keyed hashes
    per voter (``matching.hashed``), under the match subkey of the voter key."""
    key = key or matching.match_key(crypto.keys().hash)
    junk = Voter.objects.none()
    for code in NOT_A_PERSONS_NIK:
        junk = junk | _voters(election, region_code).filter(findings__contains=code)
    no_number = set(junk.values_list("id", flat=True))
    for p in _people(election, region_code, ("id",)):
        v = matching.hashed(p, region=region_code, key=key)
        yield replace(v, nik="") if p.id in no_number else v  # a junk NIK is nobody's: not matched


_KEYS = ("nik", "name_birth", "phonetic_birth")


def cross_match(exports: Iterable[Iterable[HashedVoter]], *, workdir: str | Path | None = None
                ) -> Iterator[HashedMatch]:
    """The match across kab/kota: the hash tuples of many regions joined on each hashed key, pairs
    of different regions only, scored by ``matching.hashed_score``; each pair once, at the best
    key. Works in a scratch SQLite file (deleted afterwards), so it needs disk, not memory.

    This is the entry point for a national run: feed it one ``export_hashed`` (or a reader of an
    exported file) per kab/kota."""
    with tempfile.TemporaryDirectory(dir=workdir, prefix="pemilu-cross-") as tmp:
        db = sqlite3.connect(Path(tmp) / "hashes.sqlite3")
        try:
            db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA temp_store=FILE;"
                             "CREATE TABLE h (region TEXT, ref INTEGER, nik TEXT, name_birth TEXT,"
                             " phonetic_birth TEXT, place TEXT, work TEXT)")
            for export in exports:
                batch: list[tuple[str, int, str, str, str, str, str]] = []
                for v in export:
                    batch.append((v.region, v.ref, v.nik, v.name_birth, v.phonetic_birth, v.place, v.work))
                    if len(batch) >= 50_000:
                        db.executemany("INSERT INTO h VALUES (?,?,?,?,?,?,?)", batch)
                        batch.clear()
                db.executemany("INSERT INTO h VALUES (?,?,?,?,?,?,?)", batch)
            db.commit()
            seen: set[tuple[str, int, str, int]] = set()
            for column in _KEYS:
                db.execute(f"CREATE INDEX h_{column} ON h ({column}, region)")
                query = (f"SELECT a.region, a.ref, a.nik, a.name_birth, a.phonetic_birth, a.place, a.work,"  # noqa: S608
                         f" b.region, b.ref, b.nik, b.name_birth, b.phonetic_birth, b.place, b.work"
                         f" FROM h a JOIN h b ON a.{column} = b.{column} AND a.region < b.region"
                         f" WHERE a.{column} <> ''")
                for row in db.execute(query):
                    a, b = HashedVoter(*row[:7]), HashedVoter(*row[7:])
                    ident = (a.region, a.ref, b.region, b.ref)
                    if ident in seen:
                        continue
                    score = matching.hashed_score(a, b)
                    if score >= matching.THRESHOLD:
                        seen.add(ident)
                        yield HashedMatch(a, b, "identik" if a.nik == b.nik else "potensi", round(score, 4))
        finally:
            db.close()
