from django.urls import path

from pemilu.adhoc import access_views, views

app_name = "adhoc"
urlpatterns = [
    path("", views.home, name="home"),
    path("buat/", views.create, name="create"),
    path("pengumuman/", views.announcements, name="announcements"),
    path("pengumuman/<int:pk>.pdf", views.announcement_pdf, name="announcement_pdf"),
    path("pengumuman/<int:pk>/status/", views.announcement_status, name="announcement_status"),
    path("pengumuman/<int:pk>/tanggapan/", views.public_comment, name="public_comment"),
    path("tanggapan/<int:pk>/tindak-lanjut/", views.follow_up, name="follow_up"),
    path("daftar/", views.portal, name="portal"),
    path("daftar/akun/", views.signup, name="signup"),
    path("daftar/<int:pk>/unggah/", views.portal_upload, name="portal_upload"),
    path("daftar/<int:pk>/profil/", views.portal_profile, name="portal_profile"),
    path("<int:pk>/", views.recruitment, name="recruitment"),
    path("<int:pk>/pendaftar.xlsx", views.dashboard_xlsx, name="dashboard_xlsx"),
    path("<int:pk>/tahap/", views.transition, name="transition"),
    path("<int:pk>/tanggapan/", views.comments, name="comments"),
    path("<int:pk>/daftar/", views.register, name="register"),
    path("<int:pk>/impor/<slug:what>/", views.import_file, name="import"),
    path("<int:pk>/aksi/<slug:verb>/", views.bulk_action, name="bulk_action"),
    path("<int:pk>/masa-kerja/", views.extend_work, name="extend_work"),
    path("<int:pk>/kode-aktivasi/", access_views.activation_slips, name="activation_slips"),
    path("<int:pk>/wilayah/<int:area_pk>/", views.area, name="area"),
    path("<int:pk>/wilayah/<int:area_pk>/masa-kerja/", views.extend_work, name="extend_area_work"),
    path("<int:pk>/wilayah/<int:area_pk>/perpanjang/", views.extend, name="extend"),
    path("<int:pk>/wilayah/<int:area_pk>/lanjut/", views.continue_below, name="continue"),
    path("pelamar/<int:pk>/", views.applicant, name="applicant"),
    path("pelamar/<int:pk>/<slug:verb>/", views.applicant_action, name="applicant_action"),
    path("pelamar/<int:pk>/dokumen/<int:doc_pk>/", views.document, name="document"),
]
