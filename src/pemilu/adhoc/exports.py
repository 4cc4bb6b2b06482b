"""Announcement PDFs (WeasyPrint, A4, names with masked NIK) and the dashboard XLSX."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from pemilu.adhoc import queries
from pemilu.adhoc.models import AdminResult, Applicant, Recruitment, Replacement, Selection, Step
from pemilu.core.exports import Workbook

TITLES = {
    Step.ADMIN: "PENGUMUMAN HASIL PENELITIAN ADMINISTRASI",
    Step.WRITTEN: "PENGUMUMAN HASIL SELEKSI TERTULIS",
    Step.FINAL: "PENGUMUMAN HASIL AKHIR SELEKSI",
    Step.APPOINTMENT: "PENGUMUMAN PENETAPAN ANGGOTA",
    Step.REPLACEMENT: "PENGUMUMAN PENGGANTIAN ANTARWAKTU",
    Step.REGISTRATION: "PENGUMUMAN PENDAFTARAN",
}


def announced(rec: Recruitment, step: str) -> list[Applicant]:
    """The names an announcement of ``step`` lists (today's state of the recruitment)."""
    return _rows(rec, step)


def _rows(rec: Recruitment, step: str) -> list[Applicant]:
    qs = queries.active(rec).filter(status="active").select_related("area")
    if step == Step.ADMIN:
        qs = qs.filter(admin_result=AdminResult.MS).order_by("area__code", "name")
    elif step == Step.WRITTEN:
        qs = qs.filter(outcome__passed_written=True).order_by("area__code", "outcome__written_rank", "name")
    elif step == Step.FINAL:
        config = queries.body_rules(rec.election, rec.body)
        qs = qs.filter(outcome__final_rank__isnull=False).order_by("area__code", "outcome__final_rank")
        return [a for a in qs if a.final_rank is not None and a.final_rank <= a.area.seats * config.ranked_factor]
    else:
        qs = qs.filter(outcome__selection=Selection.MEMBER).order_by("area__code", "outcome__final_rank")
    return list(qs)


def announcement_context(rec: Recruitment, step: str, number: str,
                         replacement: Replacement | None = None) -> dict[str, Any]:
    config = queries.body_rules(rec.election, rec.body)
    rows = [] if replacement is not None else _rows(rec, step)
    return {"rec": rec, "title": TITLES.get(Step(step), ""), "step": step, "number": number, "rows": rows,
            "config": config, "chain": config.chain, "printed_at": timezone.localtime(), "rep": replacement}


def announcement_pdf(rec: Recruitment, step: str, number: str, replacement: Replacement | None = None) -> bytes:
    from weasyprint import HTML

    html = render_to_string("adhoc/pdf/announcement.html", announcement_context(rec, step, number, replacement))
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]


def dashboard_xlsx(rec: Recruitment) -> bytes:
    book = Workbook()
    ws = book.sheet("Pendaftar")
    ws.append(["kode", "wilayah", "pendaftar", "minimal", "jumlah_anggota", "kekurangan", "perempuan",
               "perpanjangan", "batas_pendaftaran", "status"])
    for r in queries.area_rows(rec):
        ws.append([r.area.code, r.area.name, r.registrants, r.required, r.seats, r.shortfall, r.women,
                   r.area.extensions, r.area.registration_end, r.state.value])
    return book.to_bytes()
