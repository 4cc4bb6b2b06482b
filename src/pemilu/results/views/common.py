"""What the results pages share: field labels, the contest and region of a URL, the recap CSV."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from pemilu.accounts.permissions import ensure_can
from pemilu.core.exports import CsvWriter
from pemilu.elections.queries import current
from pemilu.regions.models import Region
from pemilu.results import queries
from pemilu.results.models import (
    Contest,
)

PUBLIC_CACHE_SECONDS = 30


ROW_LABELS = {"dpt": "DPT", "pengguna_dpt": "Pengguna DPT", "pengguna_dptb": "Pengguna DPTb",
              "pengguna_dpk": "Pengguna DPK", "pengguna_total": "Jumlah pengguna", "disabilitas": "Disabilitas"}


SEX = {"l": "laki-laki", "p": "perempuan", "j": "jumlah"}


FIELD_LABELS = {
    "ss_diterima": "Diterima (termasuk cadangan 2%)", "ss_rusak": "Dikembalikan rusak/keliru coblos",
    "ss_tidak_digunakan": "Tidak digunakan", "ss_digunakan": "Digunakan", "suara_sah": "Suara sah",
    "suara_tidak_sah": "Suara tidak sah", "suara_total": "Jumlah suara sah dan tidak sah",
}


def field_label(name: str) -> str:
    row, _sep, sex = name.rpartition("_")
    if row in ROW_LABELS and sex in SEX:
        return f"{ROW_LABELS[row]} ({SEX[sex]})"
    return FIELD_LABELS.get(name, name)


SECTION_TITLES = {"pemilih": "Data pemilih (DPT)", "pengguna": "Pengguna hak pilih",
                  "disabilitas": "Pemilih disabilitas", "surat_suara": "Penggunaan surat suara",
                  "suara": "Jumlah suara"}


def contest_or_404(request: HttpRequest, code: str) -> Contest:
    """The contest ``code`` of the election the page is about (``?pemilu=``, else the latest)."""
    return get_object_or_404(Contest.objects.select_related("kind", "election"), election=current(request),
                             code=code)


def region_arg(code: str) -> str:
    return "" if code == "nasional" else code


def key_labels(contest: Contest) -> dict[str, str]:
    return {**{str(c["key"]): str(c.get("label", c["key"])) for c in contest.choices},
            "_sah": _("Suara sah"), "_tidak_sah": _("Suara tidak sah")}


def recap_region_for(request: HttpRequest, region: str, action: str = "results.view") -> str:
    """The region code of a recap URL ('nasional' = ''), once the user may do ACTION there (403/404) and
    the region is one they see (404)."""
    code = region_arg(region)
    ensure_can(request.user, action, code)
    if code and not Region.objects.visible_to(request.user).filter(code=code).exists():
        raise Http404
    return code


def recap_csv_response(contest: Contest, region: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="hasil-{contest.code}-{region or "nasional"}.csv"'
    writer = CsvWriter(response)
    keys = contest.choice_keys()
    counters = ["expected", "accepted", "counted", "pending", "error", "incomplete", "corrected"]
    writer.writerow(["code", "name", *keys, "suara_sah", "suara_tidak_sah", *counters])
    for r in queries.recap_children(contest, region):
        writer.writerow([r["code"], r["name"], *queries.figure_cells(r, keys), *[r[c] for c in counters]])
    return response
