"""D.Hasil per level and C.Hasil salinan as PDF (WeasyPrint, A4, Indonesian, totals also in
words as the official forms write them) and XLSX."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from pemilu.core.exports import Workbook
from pemilu.core.levels import level_of
from pemilu.regions.models import Region
from pemilu.results import queries
from pemilu.results.models import Contest, Result
from pemilu.results.rules import terbilang

LEVEL_TITLES = {0: "NASIONAL", 1: "PROVINSI", 2: "KABUPATEN/KOTA", 3: "KECAMATAN"}


def _level_title(region_code: str) -> str:
    """The level's name on the D.Hasil; overseas: the PPLN's, and "LUAR NEGERI" for the unit 99."""
    from pemilu.results.rules import OVERSEAS, is_overseas

    if region_code == OVERSEAS:
        return "LUAR NEGERI"
    if is_overseas(region_code) and level_of(region_code) == 3:
        return "PPLN"
    return LEVEL_TITLES.get(level_of(region_code), "")


def d_hasil_context(contest: Contest, region_code: str) -> dict[str, Any]:
    rows = queries.recap_children(contest, region_code)
    total = queries.totals(contest, region_code)
    region = Region.objects.filter(code=region_code).first()
    return {
        "title": f"D.HASIL {_level_title(region_code)}-{contest.kind.code.upper()}",
        "contest": contest, "region": region, "region_code": region_code, "rows": rows, "total": total,
        "choices": [{**c, "total": total["votes"][c["key"]], "words": terbilang(total["votes"][c["key"]])}
                    for c in contest.choices],
        "sah_words": terbilang(total["suara_sah"]), "tidak_sah_words": terbilang(total["suara_tidak_sah"]),
        "printed_at": timezone.localtime(), **minutes_context(contest, region_code),
    }


def minutes_context(contest: Contest, region_code: str) -> dict[str, Any]:
    """The berita acara of the level's plenary (issue 21 item 4): attendance, the quorum with its
    legal basis, objections, special events, and who signs — every member present, then every
    witness present."""
    from pemilu.results import minutes
    from pemilu.results.models import AttendeeKind, Plenary, RecordKind
    from pemilu.results.reference import config_for

    plenary = Plenary.objects.filter(contest=contest, region_code=region_code).select_related("locked_by").first()
    attendees = list(plenary.attendees.all()) if plenary else []
    records = list(plenary.records.all()) if plenary else []
    present = [a for a in attendees if a.present]
    return {
        "plenary": plenary, "attendees": attendees, "quorum": minutes.quorum_of(contest, region_code, plenary),
        "quorum_basis": config_for(contest.election).quorum_basis,
        "objections": [r for r in records if r.kind == RecordKind.OBJECTION],
        "specials": [r for r in records if r.kind in (RecordKind.SPECIAL, RecordKind.REOPEN)],
        "signers": [a for a in present if a.kind == AttendeeKind.MEMBER]
        + [a for a in present if a.kind == AttendeeKind.WITNESS],
    }


def d_hasil_pdf(contest: Contest, region_code: str) -> bytes:
    from weasyprint import HTML

    html = render_to_string("results/pdf/d_hasil.html", d_hasil_context(contest, region_code))
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]


def c_hasil_pdf(result: Result) -> bytes:
    from weasyprint import HTML

    figures = result.current.figures() if result.current else {"votes": {}}
    votes = [{"key": c["key"], "label": c["label"], "votes": figures["votes"].get(c["key"]),
              "words": terbilang(figures["votes"][c["key"]]) if figures["votes"].get(c["key"]) is not None else ""}
             for c in result.contest.choices]
    html = render_to_string("results/pdf/c_hasil.html", {
        "result": result, "figures": figures, "votes": votes, "printed_at": timezone.localtime(),
        "sah_words": terbilang(figures["suara_sah"]) if figures.get("suara_sah") is not None else "",
    })
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]


def d_hasil_xlsx(contest: Contest, region_code: str) -> bytes:
    ctx = d_hasil_context(contest, region_code)
    book = Workbook()
    ws = book.sheet("D.Hasil")
    ws.append([ctx["title"], ctx["region"].name if ctx["region"] else "Nasional", region_code])
    keys = contest.choice_keys()
    ws.append(["kode", "wilayah", *[c["label"] for c in contest.choices], "suara sah", "suara tidak sah",
               "TPS", "TPS diterima", "TPS tidak lengkap"])
    for r in ctx["rows"]:
        ws.append([r["code"], r["name"], *queries.figure_cells(r, keys), r["expected"], r["accepted"],
                   r["incomplete"]])
    t = ctx["total"]
    ws.append(["", "JUMLAH", *queries.figure_cells(t, keys), t["expected"], t["accepted"], t["incomplete"]])
    return book.to_bytes()
