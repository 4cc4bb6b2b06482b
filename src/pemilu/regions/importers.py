"""Atomic imports of the region list and of TPS counts per village.

Both validate every row first and write nothing if any row is wrong; the error names the
line. Writing is set-based (bulk inserts) so the whole country loads in well under two
minutes on SQLite and PostgreSQL (docs/benchmarks.md).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.accounts.permissions import ensure_can
from pemilu.audit.events import record_event
from pemilu.core.bounds import NAME_MAX, is_ascii_digits, text_problem
from pemilu.core.exceptions import ImportFailed, RowError
from pemilu.core.levels import (
    SCOPE_COLUMNS,
    ancestor_codes,
    common_ancestor,
    dotted_from_flat,
    is_valid_code,
    level_of,
    parent_code,
)
from pemilu.core.tabular import parse_int, read_table
from pemilu.regions.models import Region, RegionKind, Tps
from pemilu.regions.signals import regions_changed

LEVEL_NAMES = {"provinsi": 1, "kabkota": 2, "kecamatan": 3, "desa_kelurahan": 4, "desa": 4, "kelurahan": 4}
OVERSEAS = "99"
BATCH = 5000


@dataclass
class RegionImportResult:
    created: int = 0
    updated: int = 0
    per_level: dict[int, int] = field(default_factory=dict)


def _kind_for(code: str, level: int, jenis: str, name: str) -> str:
    jenis = jenis.strip().lower()
    if level == 1:
        return RegionKind.PROVINSI
    if level == 2:
        if jenis in ("kabupaten", "kota"):
            return jenis
        return RegionKind.KOTA if name.lower().startswith("kota") else RegionKind.KABUPATEN
    if level == 3:
        return RegionKind.KECAMATAN
    if jenis in ("desa", "kelurahan"):
        return jenis
    # Kemendagri convention: village codes starting with 1 are kelurahan, 2 are desa.
    return RegionKind.KELURAHAN if code.rsplit(".", 1)[-1].startswith("1") else RegionKind.DESA


def _codes_columns(code: str) -> dict[str, str]:
    anc = ancestor_codes(code)
    return {SCOPE_COLUMNS[lvl]: anc.get(lvl, "") for lvl in SCOPE_COLUMNS}


def import_regions(source: str | Path | bytes, *, actor: User, filename: str = "") -> RegionImportResult:
    table = read_table(source, filename=filename, required=["kode", "nama"])
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    parsed: list[dict[str, Any]] = []
    for line, row in table:
        code = row.get("kode", "").strip()
        if not code and row.get("kode_flat"):
            try:
                code = dotted_from_flat(row["kode_flat"].strip())
            except ValueError:
                code = row["kode_flat"].strip()
        name = row.get("nama", "").strip()
        level = level_of(code) if code else 0
        if not is_valid_code(code) or level > 4:
            errors.append(RowError(line, _("kode wilayah tidak sah: {code!r}").format(code=code), "kode"))
            continue
        declared = row.get("level", "").strip().lower()
        if declared and LEVEL_NAMES.get(declared) != level:
            errors.append(RowError(line, _("tingkat {lvl!r} tidak cocok dengan kode {code}")
                                   .format(lvl=declared, code=code), "level"))
            continue
        if not name:
            errors.append(RowError(line, _("nama kosong"), "nama"))
            continue
        if (problem := text_problem(name, field="nama", max_length=NAME_MAX)) is not None:
            errors.append(RowError(line, problem, "nama"))
            continue
        if code in seen:
            errors.append(RowError(line, _("kode {code} duplikat (juga di baris {other})")
                                   .format(code=code, other=seen[code]), "kode"))
            continue
        declared_parent = row.get("parent_kode", "").strip()
        if declared_parent and declared_parent != parent_code(code):
            errors.append(RowError(line, _("induk {p} tidak cocok dengan kode {code}")
                                   .format(p=declared_parent, code=code), "parent_kode"))
            continue
        seen[code] = line
        parsed.append({"line": line, "code": code, "name": name, "level": level,
                       "kind": _kind_for(code, level, row.get("jenis", ""), name)})
    existing = set(Region.objects.filter(code__in=[parent_code(p["code"]) for p in parsed if p["level"] > 1])
                   .values_list("code", flat=True))
    for p in parsed:
        parent = parent_code(p["code"])
        if p["level"] > 1 and parent not in seen and parent not in existing:
            errors.append(RowError(p["line"], _("induk {p} tidak dikenal").format(p=parent), "kode"))
    if errors:
        errors.sort(key=lambda e: e.row)
        raise ImportFailed(errors)

    ensure_can(actor, "regions.import", common_ancestor([p["code"] for p in parsed]))
    result = RegionImportResult()
    with transaction.atomic():
        already = set(Region.objects.filter(code__in=list(seen)).values_list("code", flat=True))
        parsed.sort(key=lambda p: (p["level"], p["code"]))
        objs = [
            Region(code=p["code"], name=p["name"], level=p["level"], kind=p["kind"],
                   parent_id=parent_code(p["code"]) or None, source="kemendagri", **_codes_columns(p["code"]))
            for p in parsed
        ]
        for i in range(0, len(objs), BATCH):
            Region.objects.bulk_create(objs[i:i + BATCH], update_conflicts=True, unique_fields=["code"],
                                       update_fields=["name", "kind", "level"])
        regions_changed.send(sender=Region)
        for p in parsed:
            result.per_level[p["level"]] = result.per_level.get(p["level"], 0) + 1
        result.updated = len(already)
        result.created = len(parsed) - len(already)
        record_event("regions.imported", actor=actor, region_code=common_ancestor(list(seen)),
                     target_type="regions.region", object_repr=filename or str(source)[:200],
                     after={"created": result.created, "updated": result.updated,
                            "per_level": {str(k): v for k, v in sorted(result.per_level.items())}})
    return result


# ---------------------------------------------------------------- TPS


@dataclass
class TpsImportResult:
    villages: int = 0
    tps_created: int = 0
    tps_existing: int = 0
    domestic_tps: int = 0
    overseas_tps: int = 0
    created_regions: int = 0
    renamed_aliases: int = 0


def _norm_name(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]", "", text)


def _title(name: str) -> str:
    return " ".join(w.capitalize() for w in name.strip().split())


@dataclass
class _TpsRow:
    line: int
    village: str
    numbers: list[int]
    names: dict[int, str]
    kind: str


def _parse_tps_row(line: int, row: dict[str, str]) -> _TpsRow:
    flat = row.get("kode_desa", "").strip()
    if not is_ascii_digits(flat, 10):
        raise ValueError(_("kode desa harus 10 digit, bukan {v!r}").format(v=flat))
    village = dotted_from_flat(flat)
    count = parse_int(row.get("tps_count", ""))
    if count > MAX_TPS_NUMBER:  # TPS numbers have three digits (tps_code)
        raise ValueError(_("tps_count paling banyak {max}, bukan {v}").format(
            max=MAX_TPS_NUMBER, v=count if count < 10**15 else _("angka terlalu besar")))
    overseas = village.startswith(OVERSEAS + ".")
    names = {1: row.get("provinsi", ""), 2: row.get("kabkota", ""), 3: row.get("kecamatan", ""),
             4: row.get("desa_kelurahan", "")}
    for column in ("provinsi", "kabkota", "kecamatan", "desa_kelurahan"):
        if (problem := text_problem(row.get(column, ""), field=column, max_length=NAME_MAX)) is not None:
            raise ValueError(problem)
    if overseas:
        # Overseas rows: the "desa" column holds the kind of point (TPS, POS or KSK) and the
        # max number is not meaningful (negative for POS); points are numbered 1..count.
        return _TpsRow(line, village, list(range(1, count + 1)), names, names[4].strip().upper() or "TPS")
    max_no = parse_int(row["tps_max_no"]) if row.get("tps_max_no", "").strip() else count
    if max_no > MAX_TPS_NUMBER:
        raise ValueError(_("tps_max_no paling banyak {max}").format(max=MAX_TPS_NUMBER))
    numbers = list(range(1, max_no + 1))
    ext_from, ext_to = row.get("ext_tps_from", "").strip(), row.get("ext_tps_to", "").strip()
    if ext_from or ext_to:
        lo, hi = parse_int(ext_from, minimum=900), parse_int(ext_to, minimum=900)
        if hi < lo or hi > 999:
            raise ValueError(_("rentang TPS tambahan tidak sah: {a}–{b}").format(a=lo, b=hi))
        numbers += list(range(lo, hi + 1))
    if len(numbers) != count:
        raise ValueError(_("tps_count {c} tidak cocok dengan penomoran ({n} TPS)").format(c=count, n=len(numbers)))
    return _TpsRow(line, village, numbers, names, "TPS")


MAX_TPS_NUMBER = 999  # a TPS number has three digits (``12.76.01.1001.001``)


def import_tps(source: str | Path | bytes, *, actor: User, filename: str = "",
               create_missing: bool = False, missing_source: str = "tps2024") -> TpsImportResult:
    table = read_table(source, filename=filename, required=["kode_desa", "tps_count"])
    errors: list[RowError] = []
    rows: list[_TpsRow] = []
    seen: dict[str, int] = {}
    for line, raw in table:
        try:
            parsed = _parse_tps_row(line, raw)
        except ValueError as exc:
            errors.append(RowError(line, str(exc)))
            continue
        if parsed.village in seen:
            errors.append(RowError(line, _("desa {code} duplikat (juga di baris {other})")
                                   .format(code=parsed.village, other=seen[parsed.village]), "kode_desa"))
            continue
        seen[parsed.village] = line
        rows.append(parsed)
    if errors:
        raise ImportFailed(errors)

    known = {
        code: (name, alt)
        for code, name, alt in Region.objects.filter(
            code__in={c for r in rows for c in ancestor_codes(r.village).values()}
        ).values_list("code", "name", "alt_name")
    }
    # Overseas points too: a code starting 99 creates a country/PPLN tree only with --create-missing.
    missing_rows = [r for r in rows if r.village not in known]
    if missing_rows and not create_missing:
        first = missing_rows[0]
        raise ImportFailed(
            [RowError(first.line, _("desa/kelurahan {code} tidak ada dalam daftar wilayah").format(code=first.village),
                      "kode_desa")],
            _("{n} desa/kelurahan tidak dikenal (baris {line} dan {others} lainnya); tidak ada data yang disimpan. "
              "Impor daftar wilayah dulu, atau pakai --create-missing untuk membuatnya dari nama di berkas.")
            .format(n=len(missing_rows), line=first.line, others=len(missing_rows) - 1),
        )
    # Regions to create: overseas pseudo-tree always; missing domestic ones with --create-missing.
    new_regions: dict[str, Region] = {}
    for r in rows:
        overseas = r.village.startswith(OVERSEAS + ".")
        if r.village in known and not overseas:
            continue
        for lvl, code in ancestor_codes(r.village).items():
            if code in known or code in new_regions:
                continue
            if lvl == 1 and not overseas:
                errors.append(RowError(r.line, _("provinsi {code} tidak ada dalam daftar wilayah").format(code=code)))
                break
            name = _title(r.names.get(lvl, "")) or code
            kind = {1: RegionKind.LUAR_NEGERI, 2: RegionKind.NEGARA, 3: RegionKind.PPLN, 4: RegionKind.TITIK_LN}[lvl] \
                if overseas else _kind_for(code, lvl, "", name)
            if overseas and lvl == 1:
                name = "Luar Negeri"
            if overseas and lvl == 4:
                name = f"{r.kind} {_title(r.names.get(3, ''))}".strip()
            new_regions[code] = Region(
                code=code, name=name, level=lvl, kind=kind, parent_id=parent_code(code) or None,
                source=missing_source if not overseas else f"{missing_source}-ln", **_codes_columns(code))
    if errors:
        raise ImportFailed(errors)

    ensure_can(actor, "regions.import", common_ancestor([r.village for r in rows]))
    result = TpsImportResult(villages=len(rows), created_regions=len(new_regions))
    with transaction.atomic():
        ordered = sorted(new_regions.values(), key=lambda reg: (reg.level, reg.code))
        for i in range(0, len(ordered), BATCH):
            Region.objects.bulk_create(ordered[i:i + BATCH], ignore_conflicts=True)
        # Keep the TPS file's spelling as an alias when it differs from the region list's name.
        aliases = []
        for r in rows:
            if r.village in known:
                name, alt = known[r.village]
                file_name = r.names.get(4, "").strip()
                if file_name and _norm_name(file_name) != _norm_name(name) and alt != file_name:
                    aliases.append(Region(code=r.village, alt_name=file_name))
        for i in range(0, len(aliases), BATCH):
            chunk = aliases[i:i + BATCH]
            existing_ids = dict(Region.objects.filter(code__in=[a.code for a in chunk]).values_list("code", "id"))
            for a in chunk:
                a.pk = existing_ids[a.code]
            Region.objects.bulk_update(chunk, ["alt_name"])
        result.renamed_aliases = len(aliases)
        before = Tps.objects.filter(desa_code__in=list(seen)).count() if len(seen) < 1000 else Tps.objects.count()
        tuples: list[tuple[str | int | bool, ...]] = []
        for r in rows:
            cols = _codes_columns(r.village)
            overseas = r.village.startswith(OVERSEAS + ".")
            for n in r.numbers:
                tuples.append((f"{r.village}.{n:03d}", r.village, n, cols["prov_code"], cols["kab_code"],
                               cols["kec_code"], cols["desa_code"], n >= 900, r.kind, missing_source))
            if overseas:
                result.overseas_tps += len(r.numbers)
            else:
                result.domestic_tps += len(r.numbers)
        _insert_tps(tuples)
        after = Tps.objects.filter(desa_code__in=list(seen)).count() if len(seen) < 1000 else Tps.objects.count()
        result.tps_created = after - before
        result.tps_existing = result.domestic_tps + result.overseas_tps - result.tps_created
        refresh_tps_counts()
        record_event("regions.tps_imported", actor=actor, region_code=common_ancestor(list(seen)),
                     target_type="regions.tps", object_repr=filename or str(source)[:200],
                     after={"villages": result.villages, "tps_created": result.tps_created,
                            "tps_existing": result.tps_existing, "created_regions": result.created_regions,
                            "aliases": result.renamed_aliases})
    return result


TPS_COLUMNS = ("code", "village_code", "number", "prov_code", "kab_code", "kec_code", "desa_code",
               "is_special", "kind", "source")


def _insert_tps(rows: list[tuple[str | int | bool, ...]]) -> None:
    """Insert TPS rows, skipping codes that already exist.

    Set-based on purpose: building 820k model instances costs more than the database work, so
    PostgreSQL gets COPY into a temporary table + one INSERT … SELECT, SQLite a plain executemany.
    """
    table = Tps._meta.db_table
    cols = ", ".join(TPS_COLUMNS)
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(
                "CREATE TEMP TABLE pemilu_tps_import (code varchar(20), village_code varchar(20), number integer, "
                "prov_code varchar(2), kab_code varchar(5), kec_code varchar(8), desa_code varchar(13), "
                "is_special boolean, kind varchar(10), source varchar(40)) ON COMMIT DROP")
            with cur.cursor.copy(f"COPY pemilu_tps_import ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cur.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM pemilu_tps_import "  # noqa: S608 (fixed names)
                        "ORDER BY code ON CONFLICT (code) DO NOTHING")
            cur.execute("DROP TABLE pemilu_tps_import")
        else:
            placeholders = ", ".join(["%s"] * len(TPS_COLUMNS))
            for i in range(0, len(rows), 50_000):
                cur.executemany(f"INSERT OR IGNORE INTO {table} ({cols}) VALUES ({placeholders})",  # noqa: S608
                                rows[i:i + 50_000])


def refresh_tps_counts() -> None:
    """Recompute the denormalised TPS count of every region in one statement per level."""
    for level, column in SCOPE_COLUMNS.items():
        counts = (Tps.objects.filter(**{column: OuterRef("code")}).order_by().values(column)
                  .annotate(c=Count("id")).values("c"))
        Region.objects.filter(level=level).update(
            tps_count=Coalesce(Subquery(counts, output_field=IntegerField()), Value(0)))
    regions_changed.send(sender=Region)
