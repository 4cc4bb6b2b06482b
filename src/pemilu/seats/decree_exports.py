"""A decree as the public page, PDF (WeasyPrint, A4, Indonesian) and XLSX (core/exports.py) show
it: seats per party and dapil, each dapil's divisor table (which quotient won which seat), the
elected members with their votes, and each member's votes per kecamatan."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from pemilu.core.exports import Workbook
from pemilu.seats import queries
from pemilu.seats.decree import member_votes
from pemilu.seats.models import DapilResult, Decree, ElectedMember, SeatContestKind

# The body that decides, by the decree's level (PKPU 5/2024; UU 7/2017 Pasal 411–415).
BODY_TITLE = {0: "KOMISI PEMILIHAN UMUM", 1: "KOMISI PEMILIHAN UMUM PROVINSI", 2: "KOMISI PEMILIHAN UMUM"}
KIND_TITLE = {SeatContestKind.DPR: "ANGGOTA DEWAN PERWAKILAN RAKYAT",
              SeatContestKind.DPD: "ANGGOTA DEWAN PERWAKILAN DAERAH",
              SeatContestKind.DPRD_PROV: "ANGGOTA DEWAN PERWAKILAN RAKYAT DAERAH PROVINSI",
              SeatContestKind.DPRD_KABKOTA: "ANGGOTA DEWAN PERWAKILAN RAKYAT DAERAH"}


@dataclass
class DapilView:
    result: DapilResult
    table: list[queries.QuotientRow]
    divisors: list[int]
    members: list[ElectedMember]


def body_name(decree: Decree) -> str:
    """"KOMISI PEMILIHAN UMUM KOTA TEBING TINGGI" (the region's own title, never "KOTA KOTA")."""
    from pemilu.regions.models import Region

    region = Region.objects.filter(code=decree.region_code).first() if decree.region_code else None
    if region is None:
        return "KOMISI PEMILIHAN UMUM"
    if region.level == 1:
        return f"KOMISI PEMILIHAN UMUM PROVINSI {region.name.upper()}"
    return f"KOMISI PEMILIHAN UMUM {region.titled_name.upper()}"


def region_title(decree: Decree) -> str:
    from pemilu.regions.models import Region

    region = Region.objects.filter(code=decree.region_code).first() if decree.region_code else None
    if region is None:
        return "REPUBLIK INDONESIA" if decree.contest_kind == SeatContestKind.DPR else ""
    return region.titled_name.upper() if region.level == 2 else f"PROVINSI {region.name.upper()}"


def dapil_views(decree: Decree) -> list[DapilView]:
    members: dict[str, list[ElectedMember]] = {}
    for m in decree.members.select_related("decree__run", "replaces").order_by("dapil_code", "seat_number", "id"):
        members.setdefault(m.dapil_code, []).append(m)
    views = []
    dpd = decree.contest_kind == SeatContestKind.DPD
    for d in decree.run.dapils.all().order_by("position"):
        table = [] if dpd else queries.quotient_table(d, decree.run.divisor)
        views.append(DapilView(d, table, [c.divisor for c in table[0].cells] if table else [],
                               members.get(d.code, [])))
    return views


def party_totals(decree: Decree) -> list[tuple[str, int, int]]:
    return queries.national_rows(decree.run)


def context(decree: Decree) -> dict[str, Any]:
    return {"decree": decree, "run": decree.run, "body": body_name(decree), "region_title": region_title(decree),
            "kind_title": KIND_TITLE[SeatContestKind(decree.contest_kind)], "dapils": dapil_views(decree),
            "parties": party_totals(decree), "dpd": decree.contest_kind == SeatContestKind.DPD,
            "printed_at": timezone.localtime()}


def decree_pdf(decree: Decree) -> bytes:
    from weasyprint import HTML

    html = render_to_string("seats/pdf/decree.html", context(decree))
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]


def decree_xlsx(decree: Decree) -> bytes:
    book = Workbook()
    head = book.sheet("Keputusan")
    head.append([body_name(decree)])
    head.append(["Nomor", decree.number])
    head.append(["Tanggal", decree.decided_on])
    head.append(["Kontestasi", decree.get_contest_kind_display(), decree.region_code or "nasional"])
    head.append(["Hash masukan", decree.run.input_hash])
    views = dapil_views(decree)
    seats = book.sheet("Kursi")
    seats.append(["dapil_code", "dapil", "party", "votes", "seats_won"])
    for v in views:
        for party in v.result.eligible:
            seats.append([v.result.code, v.result.name, party, int(v.result.votes.get(party, 0)),
                          int(v.result.seats_won.get(party, 0))])
    table = book.sheet("Bilangan pembagi")
    table.append(["dapil_code", "party", "votes", "divisor", "quotient", "seat"])
    for v in views:
        for row in v.table:
            for c in row.cells:
                table.append([v.result.code, row.party, row.votes, c.divisor, float(c.quotient), c.seat])
    members = [m for v in views for m in v.members]
    elected = book.sheet("Calon terpilih")
    elected.append(["dapil_code", "dapil", "seat", "party", "rank", "ballot_no", "name", "sex", "votes", "status",
                    "replaces"])
    for m in members:
        elected.append([m.dapil_code, m.dapil_name, m.seat_number, m.party, m.rank, m.ballot_no, m.name, m.sex,
                        m.votes, m.get_status_display(), m.replaces.name if m.replaces_id and m.replaces else ""])
    by_kec = book.sheet("Suara per kecamatan")
    by_kec.append(["dapil_code", "party", "ballot_no", "name", "kecamatan_code", "kecamatan", "votes"])
    votes = member_votes(members)
    for m in members:
        for kec, name, n in votes.get(m.pk, []):
            by_kec.append([m.dapil_code, m.party, m.ballot_no, m.name, kec, name, n])
    return book.to_bytes()
