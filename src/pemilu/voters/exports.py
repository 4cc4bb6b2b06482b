"""Printed and exported voter lists (issue 22 item 6): NIK and KK masked, the recipient on every
page, every export audited.

* ``do_export_model_a``: Model A-Daftar Pemilih of one TPS, as PDF (WeasyPrint) or XLSX — the
  voters of the TPS on the latest compiled list of its desa (the DPT once set).
* ``do_export_party_copy``: the soft copy for the parties (salinan untuk partai politik) of one
  kab/kota, as XLSX or CSV — every desa's latest compiled list.

NIK and KK appear only as ``crypto.mask`` gives them (``127604********20``). The recipient — the
person downloading and the party or organisation they type — with the time and a random copy code
(``kode salinan``) is the watermark: on every PDF page (header, footer and a diagonal mark), in
the XLSX's printed header, first rows and document properties, and in the CSV's first rows. The
audit row (``voters.list_exported``) names who, what (TPS or kab/kota, format, list, rows),
the recipient, the copy code and the SHA-256 of the file, so a leaked copy can be traced.

The file is rendered outside any transaction (a kab/kota's list takes seconds); the audit row
is then written in its own short one, so no audit-chain head waits on the rendering.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.accounts.permissions import ensure_can
from pemilu.audit.events import record_event
from pemilu.core.bounds import NAME_MAX, check_text
from pemilu.core.exceptions import DomainError
from pemilu.core.exports import Workbook, csv_bytes
from pemilu.core.levels import Level
from pemilu.elections.models import Election
from pemilu.regions.models import Region, Tps
from pemilu.voters import crypto
from pemilu.voters.models import ListStage, VoterList, VoterListEntry

PDF = "pdf"
XLSX = "xlsx"
CSV = "csv"
CONTENT_TYPES = {PDF: "application/pdf", XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 CSV: "text/csv; charset=utf-8"}
MODEL_A_FORMATS = (PDF, XLSX)
PARTY_FORMATS = (XLSX, CSV)
CHUNK = 2000


@dataclass(frozen=True)
class Export:
    content: bytes
    filename: str
    content_type: str
    code: str  # the copy code printed in the watermark and kept in the audit row


@dataclass(frozen=True)
class Mark:
    """Who a copy is for: the watermark's words."""

    organisation: str
    downloaded_by: str
    at: str
    code: str

    def text(self) -> str:
        return _("Salinan untuk {org} · diunduh oleh {who} · {at} · kode salinan {code}").format(
            org=self.organisation, who=self.downloaded_by, at=self.at, code=self.code)


def css_string(text: str) -> str:
    """``text`` for the inside of a CSS string (the page header): every character but letters, digits
    and spaces as a CSS hex escape, so a typed name can never close the string or reach ``url()``."""
    return "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text)


def _mark(actor: User, organisation: str) -> Mark:
    organisation = check_text(organisation.strip(), field=_("penerima (partai/lembaga)"), max_length=NAME_MAX)
    if not organisation:
        raise DomainError(_("penerima (partai/lembaga) wajib diisi"))
    who = (actor.get_full_name() or actor.get_username()).strip()
    return Mark(organisation, who, date_format(timezone.localtime(), "DATETIME_FORMAT"), secrets.token_hex(4).upper())


def _latest_lists(election: Election, **scope: str) -> list[VoterList]:
    """The latest compiled list of each desa in ``scope`` (the DPT once it is set)."""
    latest: dict[str, VoterList] = {}
    for voter_list in VoterList.objects.filter(election=election, **scope).order_by("village_id", "compiled_at", "pk"):
        latest[voter_list.village_id] = voter_list
    return list(latest.values())


COLUMNS = ("no", "no_kk", "nik", "nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "status_kawin", "alamat",
           "rt", "rw", "disabilitas")


def _headers(extra: bool) -> list[str]:
    base = [_("No"), _("No. KK"), _("NIK"), _("Nama"), _("Tempat lahir"), _("Tanggal lahir"), _("L/P"),
            _("Status kawin"), _("Alamat"), _("RT"), _("RW"), _("Disabilitas")]
    return base + ([_("Desa/Kelurahan"), _("Kecamatan"), _("TPS"), _("Daftar")] if extra else [])


def _rows(entries: QuerySet[VoterListEntry], k: crypto.Keys, *, extra: bool, names: dict[str, str] | None = None
          ) -> Iterator[list[object]]:
    """One row per list entry, NIK and KK masked (opened one at a time, never kept)."""
    for n, entry in enumerate(entries.iterator(chunk_size=CHUNK), start=1):
        v = entry.voter
        row: list[object] = [n, crypto.mask(crypto.open_sealed(v.kk_sealed, k)),
                             crypto.mask(crypto.open_sealed(v.nik_sealed, k)), v.name, v.birth_place,
                             v.birth_date, v.sex, v.get_marital_display(), v.address, v.rt, v.rw, v.disability]
        if extra and names is not None:
            row += [names.get(v.village_id, v.village_id), names.get(v.kec_code, v.kec_code),
                    entry.tps.number if entry.tps else "", str(ListStage(entry.voter_list.stage).label)]
        yield row


def _entries(lists: list[VoterList], **filters: object) -> QuerySet[VoterListEntry]:
    return (VoterListEntry.objects.filter(voter_list__in=lists, **filters)
            .select_related("voter", "voter_list", "tps")
            .order_by("voter__village_id", "tps__number", "voter__rw", "voter__rt", "voter__kk_hash", "voter_id"))


def _audit_fields(actor: User, *, kind: str, fmt: str, mark: Mark, rows: int, lists: list[VoterList],
                  content: bytes) -> dict[str, object]:
    """The audit row's ``after`` and ``reason``: who, what, for whom, which copy (its code and digest)."""
    return {"after": {"kind": kind, "format": fmt, "rows": rows, "recipient": mark.organisation,
                      "downloaded_by": actor.get_username(), "code": mark.code,
                      "lists": sorted({vl.stage for vl in lists}), "sha256": hashlib.sha256(content).hexdigest()},
            "reason": _("salinan untuk {org}").format(org=mark.organisation)[:500]}


def do_export_model_a(tps: Tps, *, election: Election, actor: User, organisation: str, fmt: str) -> Export:
    """Model A-Daftar Pemilih of ``tps`` for ``organisation`` as ``fmt`` (pdf/xlsx), audited."""
    ensure_can(actor, "voters.export", tps)
    if fmt not in MODEL_A_FORMATS:
        raise DomainError(_("format harus pdf atau xlsx"))
    mark = _mark(actor, organisation)
    lists = _latest_lists(election, village_id=tps.village_id)
    if not lists:
        raise DomainError(_("Daftar pemilih desa ini belum disusun."))
    stage = ListStage(lists[0].stage)
    k = crypto.keys()
    rows = list(_rows(_entries(lists, tps=tps), k, extra=False))
    names = dict(Region.objects.filter(code__in=[tps.village_id, tps.kec_code, tps.kab_code])
                 .values_list("code", "name"))
    place = {"tps": tps.number, "village": names.get(tps.village_id, ""), "district": names.get(tps.kec_code, ""),
             "regency": names.get(tps.kab_code, ""),
             "address": " — ".join(x for x in (tps.address, tps.location_note) if x)}
    title = _("Model A-Daftar Pemilih: {stage}").format(stage=stage.label)
    if fmt == PDF:
        from weasyprint import HTML

        html = render_to_string("voters/pdf/model_a.html", {
            "title": title, "election": election, "place": place, "headers": _headers(False), "rows": rows,
            "mark": mark.text(), "mark_css": css_string(mark.text()), "male": sum(1 for r in rows if r[6] == "L"),
            "female": sum(1 for r in rows if r[6] == "P")})
        content: bytes = HTML(string=html).write_pdf()
    else:
        book = Workbook()
        sheet = book.sheet(f"TPS {tps.number:03d}")
        sheet.append([title])
        sheet.append([election.name, _("TPS {n}").format(n=f"{tps.number:03d}"), place["village"],
                      place["district"], place["regency"], place["address"]])
        sheet.append([mark.text()])
        sheet.append(_headers(False))
        for row in rows:
            sheet.append(row)
        sheet.print_header(mark.text())
        sheet.freeze("A5")
        book.describe(title=title, subject=f"{election.name} · TPS {tps.number:03d} {place['village']}",
                      description=mark.text(), keywords=mark.code)
        content = book.to_bytes()
    with transaction.atomic():
        record_event("voters.list_exported", actor=actor, region_code=tps.village_id, target=tps,
                     **_audit_fields(actor, kind="model_a", fmt=fmt, mark=mark, rows=len(rows), lists=lists,
                                     content=content))  # type: ignore[arg-type]
    return Export(content, f"model-a-{tps.code}.{fmt}", CONTENT_TYPES[fmt], mark.code)


def do_export_party_copy(region: Region, *, election: Election, actor: User, organisation: str,
                         fmt: str) -> Export:
    """The soft copy of a kab/kota's latest lists for ``organisation`` (a party) as xlsx/csv, audited."""
    ensure_can(actor, "voters.export_party_copy", region)
    if region.level != Level.KABKOTA:
        raise DomainError(_("salinan untuk partai disusun per kabupaten/kota"))
    if fmt not in PARTY_FORMATS:
        raise DomainError(_("format harus xlsx atau csv"))
    mark = _mark(actor, organisation)
    lists = _latest_lists(election, kab_code=region.code)
    if not lists:
        raise DomainError(_("Belum ada daftar pemilih yang disusun di wilayah ini."))
    names = dict(Region.objects.filter(kab_code=region.code, level__in=(Level.KECAMATAN, Level.DESA))
                 .values_list("code", "name"))
    k = crypto.keys()
    title = _("Salinan daftar pemilih {region}").format(region=region.name)
    preamble: list[list[object]] = [[title], [election.name], [mark.text()]]
    rows = _rows(_entries(lists), k, extra=True, names=names)
    count = 0

    def counted() -> Iterator[list[object]]:
        nonlocal count
        for row in rows:
            count += 1
            yield row

    if fmt == CSV:
        content = csv_bytes(preamble[0], [*preamble[1:], _headers(True), *counted()])
    else:
        book = Workbook()
        sheet = book.sheet(region.name)
        for line in preamble:
            sheet.append(line)
        sheet.append(_headers(True))
        for row in counted():
            sheet.append(row)
        sheet.print_header(mark.text())
        sheet.freeze("A5")
        book.describe(title=title, subject=election.name, description=mark.text(), keywords=mark.code)
        content = book.to_bytes()
    with transaction.atomic():
        record_event("voters.list_exported", actor=actor, region_code=region.code, target=region,
                     **_audit_fields(actor, kind="party_copy", fmt=fmt, mark=mark, rows=count, lists=lists,
                                     content=content))  # type: ignore[arg-type]
    return Export(content, f"salinan-pemilih-{region.code}.{fmt}", CONTENT_TYPES[fmt], mark.code)
