"""Results pages, one module per use: ``forms`` (a TPS's C.Hasil: entry, detail, verification,
conflicts, corrections), ``recap`` (a region's recap, plenary and D.Hasil), ``minutes`` (the
plenary's attendance list), ``public`` (the portal
without login); ``common`` holds what they share. ``results/urls.py`` names the views from here."""

from pemilu.results.views.forms import (
    c_hasil_pdf,
    catalogue,
    catalogue_json,
    correct,
    detail,
    enter,
    home,
    photo,
    resolve,
    verify,
)
from pemilu.results.views.minutes import attendance
from pemilu.results.views.public import public_csv, public_home, public_photo, public_recap, public_tps
from pemilu.results.views.recap import d_hasil_pdf, d_hasil_xlsx, plenary_action, recap, recap_csv, recap_sheet

__all__ = ["attendance", "c_hasil_pdf", "catalogue", "catalogue_json", "correct", "d_hasil_pdf", "d_hasil_xlsx",
           "detail", "enter", "home", "photo", "plenary_action", "public_csv", "public_home", "public_photo",
           "public_recap", "public_tps", "recap", "recap_csv", "recap_sheet", "resolve", "verify"]
