from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from pemilu.api import api
from pemilu.candidacy import views_dpd as candidacy_dpd_views
from pemilu.candidacy import views_dpd_contests as candidacy_dpd_contests
from pemilu.core import views as core_views

handler404 = "pemilu.core.api.not_found"  # JSON (ErrorOut) under /api/, the 404 page elsewhere

urlpatterns = [
    path("", core_views.front, name="front"),
    path("tugas/", include("pemilu.worklist.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("akun/", include("pemilu.accounts.urls")),
    path("wilayah/", include("pemilu.regions.urls")),
    path("audit/", include("pemilu.audit.urls")),
    path("asn/", include("pemilu.asn.urls")),
    path("kursi/", include("pemilu.seats.urls")),
    path("jadwal/", include("pemilu.schedule.urls")),
    path("netralitas/", include("pemilu.neutrality.urls")),
    path("sekretariat/", include("pemilu.secretariats.urls")),
    path("hasil/", include("pemilu.results.urls")),
    path("adhoc/", include("pemilu.adhoc.urls")),
    path("pemilih/", include("pemilu.voters.urls")),
    path("pencalonan/", include("pemilu.candidacy.urls")),
    path("pencalonan/dpd/", include("pemilu.candidacy.urls_dpd")),
    path("cek-dukungan/", candidacy_dpd_views.lookup, name="cek_dukungan"),
    path("cek-dukungan/sanggah/", candidacy_dpd_contests.contest, name="cek_dukungan_sanggah"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
