"""Announcement PDFs (WeasyPrint, A4, names with masked NIK) and the dashboard XLSX."""

from __future__ import annotations

import datetime
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from pemilu.adhoc import queries
from pemilu.adhoc.models import AdminResult, Announcement, Applicant, Recruitment, Replacement, Selection, Step
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


def announced_rows(rec: Recruitment, step: str) -> list[dict[str, Any]]:
    """What an announcement of ``step`` lists, as plain data (stored on the Announcement by the
    action, rendered to PDF later by the job: the PDF shows the state at the action's commit)."""
    return [{"area": {"code": a.area.code, "name": a.area.name, "seats": a.area.seats}, "name": a.name,
             "masked_nik": a.masked_nik, "gender": a.gender,
             "written_score": None if a.written_score is None else str(a.written_score),
             "written_rank": a.written_rank,
             "interview_score": None if a.interview_score is None else str(a.interview_score),
             "final_rank": a.final_rank, "selection": a.selection}
            for a in _rows(rec, step)]


def announcement_context(rec: Recruitment, step: str, number: str, replacement: Replacement | None = None,
                         rows: list[dict[str, Any]] | None = None,
                         printed_at: datetime.datetime | None = None) -> dict[str, Any]:
    config = queries.body_rules(rec.election, rec.body)
    if rows is None:
        rows = [] if replacement is not None else announced_rows(rec, step)
    return {"rec": rec, "title": TITLES.get(Step(step), ""), "step": step, "number": number, "rows": rows,
            "config": config, "chain": config.chain, "printed_at": timezone.localtime(printed_at),
            "rep": replacement}


def announcement_pdf(ann: Announcement) -> bytes:
    """Render a stored announcement from its stored rows (the background job calls this)."""
    from weasyprint import HTML

    rep = ann.replacements.select_related("area", "outgoing__outcome", "incoming__outcome").first() \
        if ann.step == Step.REPLACEMENT else None
    context = announcement_context(ann.recruitment, ann.step, ann.number, rep, rows=ann.content.get("rows", []),
                                   printed_at=ann.created_at)
    html = render_to_string("adhoc/pdf/announcement.html", context)
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
