"""The penetapan/assignment letter as PDF (WeasyPrint, A4, Indonesian) and the gap list as XLSX."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from pemilu.core.exports import Workbook
from pemilu.regions.models import Region
from pemilu.secretariats import queries, rules
from pemilu.secretariats.models import Assignment, Decision, DecisionKind, Secretariat

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")


def tanggal(day: object) -> str:
    """``14 Februari 2024`` (Indonesian letters write the month out)."""
    import datetime

    if not isinstance(day, datetime.date):
        return ""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def letter_context(secretariat: Secretariat) -> dict[str, object]:
    kab = Region.objects.filter(code=rules.kab_of(secretariat.region_id)).first()
    active = list(Assignment.objects.active().filter(secretariat=secretariat)
                  .select_related("position", "employee", "keputusan", "penetapan").order_by("position__order"))
    penetapan = (Decision.objects.filter(secretariat=secretariat, kind=DecisionKind.PENETAPAN).order_by("-date", "-pk")
                 .first())
    decisions = sorted({a.keputusan for a in active}, key=lambda d: (d.date, d.pk))
    return {
        "sec": secretariat, "kab": kab, "staff": active, "penetapan": penetapan,
        "keputusan": [(d, tanggal(d.date)) for d in decisions],
        "penetapan_date": tanggal(penetapan.date) if penetapan else "",
        "filled": {a.position_id for a in active},
        "positions": list(secretariat.positions.order_by("order")),
        "printed": timezone.localtime(), "election": secretariat.election,
    }


def letter_pdf(secretariat: Secretariat) -> bytes:
    from weasyprint import HTML

    html = render_to_string("secretariats/pdf/letter.html", letter_context(secretariat))
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]


def gaps_xlsx(rows: list[queries.GapRow]) -> bytes:
    book = Workbook()
    ws = book.sheet(_("Kekurangan staf"))
    ws.append([_("Kode wilayah"), _("Badan"), _("Wilayah"), _("Kantor"), _("Terisi"), _("Dibutuhkan"),
               _("Kurang")])
    for r in rows:
        s = r.secretariat
        ws.append([s.region_id, s.body_kind.upper(), s.region.name, s.office_name, r.gap.filled, r.gap.required,
                   r.gap.missing])
    total = queries.totals(rows)
    ws.append([_("Jumlah"), "", "", "", total.filled, total.required, total.missing])
    ws.freeze("A2")
    ws.widths((16, 8, 26, 34, 9, 12, 9))
    return book.to_bytes()
