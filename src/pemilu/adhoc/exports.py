"""Announcement PDFs (WeasyPrint, A4, names with masked NIK) and the dashboard XLSX."""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from pemilu.adhoc import queries
from pemilu.adhoc.models import AdminResult, Applicant, Recruitment, Selection, Step

TITLES = {
    Step.ADMIN: "PENGUMUMAN HASIL PENELITIAN ADMINISTRASI",
    Step.WRITTEN: "PENGUMUMAN HASIL SELEKSI TERTULIS",
    Step.FINAL: "PENGUMUMAN HASIL AKHIR SELEKSI",
    Step.APPOINTMENT: "PENGUMUMAN PENETAPAN ANGGOTA",
    Step.REPLACEMENT: "PENGUMUMAN PENGGANTIAN ANTARWAKTU",
    Step.REGISTRATION: "PENGUMUMAN PENDAFTARAN",
}


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


def announcement_context(rec: Recruitment, step: str, number: str) -> dict[str, Any]:
    config = queries.body_rules(rec.election, rec.body)
    return {"rec": rec, "title": TITLES.get(Step(step), ""), "step": step, "number": number, "rows": _rows(rec, step),
            "config": config, "chain": config.chain, "printed_at": timezone.localtime()}


def announcement_pdf(rec: Recruitment, step: str, number: str) -> bytes:
    from weasyprint import HTML

    html = render_to_string("adhoc/pdf/announcement.html", announcement_context(rec, step, number))
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]


def dashboard_xlsx(rec: Recruitment) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Pendaftar"
    ws.append(["kode", "wilayah", "pendaftar", "minimal", "jumlah_anggota", "kekurangan", "perempuan",
               "perpanjangan", "batas_pendaftaran", "status"])
    for r in queries.area_rows(rec):
        ws.append([r.area.code, r.area.name, r.registrants, r.required, r.seats, r.shortfall, r.women,
                   r.area.extensions, r.area.registration_end, r.state.value])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
