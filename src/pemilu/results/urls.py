from django.urls import path

from pemilu.results import views

app_name = "results"
urlpatterns = [
    path("", views.home, name="home"),
    path("pemeriksaan/", views.catalogue, name="catalogue"),
    path("pemeriksaan.json", views.catalogue_json, name="catalogue_json"),
    path("tps/<str:code>/<str:contest_code>/", views.detail, name="detail"),
    path("tps/<str:code>/<str:contest_code>/isi/", views.enter, name="enter"),
    path("tps/<str:code>/<str:contest_code>/verifikasi/", views.verify, name="verify"),
    path("tps/<str:code>/<str:contest_code>/putuskan/", views.resolve, name="resolve"),
    path("tps/<str:code>/<str:contest_code>/koreksi/", views.correct, name="correct"),
    path("tps/<str:code>/<str:contest_code>/foto/<int:pk>/", views.photo, name="photo"),
    path("rekap/<str:contest_code>/<str:region>/", views.recap, name="recap"),
    path("rekap/<str:contest_code>/<str:region>/pleno/", views.plenary_action, name="plenary"),
    path("rekap/<str:contest_code>/<str:region>/pleno/kehadiran/", views.attendance, name="plenary_attendance"),
    path("rekap/<str:contest_code>/<str:region>/d-hasil/", views.recap_sheet, name="recap_sheet"),
    path("rekap/<str:contest_code>/<str:region>.csv", views.recap_csv, name="recap_csv"),
    path("rekap/<str:contest_code>/<str:region>/d-hasil.pdf", views.d_hasil_pdf, name="d_hasil_pdf"),
    path("rekap/<str:contest_code>/<str:region>/d-hasil.xlsx", views.d_hasil_xlsx, name="d_hasil_xlsx"),
    path("tps/<str:code>/<str:contest_code>/c-hasil-salinan.pdf", views.c_hasil_pdf, name="c_hasil_pdf"),
    path("publik/", views.public_home, name="public_home"),
    path("publik/tps/<str:code>/", views.public_tps, name="public_tps"),
    path("publik/tps/<str:code>/foto/<int:pk>/", views.public_photo, name="public_photo"),
    path("publik/<str:contest_code>/<str:region>/", views.public_recap, name="public_recap"),
    path("publik/<str:contest_code>/<str:region>.csv", views.public_csv, name="public_csv"),
]
