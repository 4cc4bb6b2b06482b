"""D.Hasil (PDF, XLSX) and C.Hasil salinan (PDF) of real figures."""

from __future__ import annotations

import io

import openpyxl

from pemilu.regions.models import Tps
from pemilu.results.actions import do_submit_result
from pemilu.results.exports import c_hasil_pdf, d_hasil_context, d_hasil_pdf, d_hasil_xlsx
from pemilu.results.models import Contest, EntryMode, Result
from pemilu.results.tests.conftest import good_form, set_mode
from pemilu.testing.factories import Cast


def test_it_writes_the_d_hasil_with_totals_in_words(cast: Cast, ppwp: Contest) -> None:
    set_mode(ppwp, EntryMode.DIRECT)
    do_submit_result(ppwp, Tps.objects.get(code="12.76.01.1006.001"), good_form(), actor=cast.kpps_a1)
    ctx = d_hasil_context(ppwp, "12.76.01")
    assert ctx["title"] == "D.HASIL KECAMATAN-PPWP"
    assert [c["words"] for c in ctx["choices"]] == ["empat puluh tujuh", "delapan puluh lima", "empat puluh"]
    assert d_hasil_pdf(ppwp, "12.76.01").startswith(b"%PDF-")
    sheet = openpyxl.load_workbook(io.BytesIO(d_hasil_xlsx(ppwp, "12.76.01"))).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[-1][1:5] == ("JUMLAH", 47, 85, 40)
    assert c_hasil_pdf(Result.objects.get()).startswith(b"%PDF-")
