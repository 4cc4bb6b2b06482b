"""Pages of the voter list, mounted at ``/pemilih/`` (each area adds its paths here)."""

from django.urls import URLPattern, URLResolver, path

from pemilu.voters.views import coklit, duplicates, flow, lookup, privacy, tps

app_name = "voters"
urlpatterns: list[URLPattern | URLResolver] = [
    path("ganda/", duplicates.queue, name="duplicates"),
    path("ganda/cari/", duplicates.search, name="duplicates_search"),
    path("ganda/<int:duplicate_id>/putuskan/", duplicates.decide, name="duplicates_decide"),
    # privacy (issue 22 items 6, 7): Cek DPT, a voter's record, the masked and watermarked exports
    path("cek-dpt/", lookup.cek_dpt, name="cek_dpt"),
    path("data/<int:voter_id>/", privacy.voter_detail, name="voter"),
    path("tps/<str:tps_code>/model-a/", privacy.model_a, name="model_a"),
    path("wilayah/<str:region_code>/salinan-partai/", privacy.party_copy, name="party_copy"),
    # The coklit (issue 22 item 1): the Pantarlih's phone page per TPS area, the PPS's progress.
    path("coklit/", coklit.home, name="coklit_home"),
    path("coklit/tps/<str:tps_code>/", coklit.area, name="coklit_area"),
    path("coklit/tps/<str:tps_code>/pemilih/<int:voter_id>/", coklit.record, name="coklit_record"),
    path("coklit/tps/<str:tps_code>/baru/", coklit.add, name="coklit_add"),
    path("coklit/progres/<str:region_code>/", coklit.progress, name="coklit_progress"),
    path("pemetaan-tps/", tps.mapping, name="tps_mapping"),
    path("pindah-memilih/", tps.transfers, name="transfers"),
    # The DPS → DPT flow (views/flow.py): the PPS's desa page, the public DPS, recap, DPT plenary.
    path("desa/<str:code>/", flow.village, name="village"),
    path("desa/<str:code>/susun/", flow.village_compile, name="village_compile"),
    path("desa/<str:code>/umumkan/", flow.village_announce, name="village_announce"),
    path("desa/<str:code>/tanggapan/", flow.village_response, name="village_response"),
    path("tanggapan/<int:response_id>/selesaikan/", flow.response_resolve, name="response_resolve"),
    path("dps/<str:code>/", flow.public_dps, name="public_dps"),
    path("rekap/<str:code>/", flow.recap, name="recap"),
    path("pleno/<str:code>/", flow.plenary, name="plenary"),
    path("pleno/<str:code>/tetapkan/", flow.plenary_lock, name="plenary_lock"),
]
