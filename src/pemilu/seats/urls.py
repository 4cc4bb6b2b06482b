from django.urls import path

from pemilu.seats import views, views_recap

app_name = "seats"
urlpatterns = [
    path("", views.run_list, name="runs"),
    path("baru/", views.run_new, name="new"),
    path("<int:pk>/", views.run_detail, name="run"),
    path("<int:pk>/dapil/<str:code>/", views.dapil_detail, name="dapil"),
    path("rekap/", views_recap.recap_seats, name="recap"),
    path("<int:pk>/tetapkan/", views_recap.publish, name="publish"),
    path("penetapan/<int:pk>/", views_recap.decree_detail, name="decree"),
    path("penetapan/<int:pk>/keputusan.pdf", views_recap.decree_file, {"fmt": "pdf"}, name="decree_pdf"),
    path("penetapan/<int:pk>/keputusan.xlsx", views_recap.decree_file, {"fmt": "xlsx"}, name="decree_xlsx"),
    path("penetapan/<int:pk>/anggota/<int:member_id>/", views_recap.member_detail, name="member"),
    path("penetapan/<int:pk>/anggota/<int:member_id>/ganti/", views_recap.replace_member, name="replace"),
]
