from django.urls import path

from pemilu.candidacy import views

app_name = "candidacy"
urlpatterns = [
    path("", views.index, name="index"),
    path("ajukan/", views.submit, name="submit"),
    path("daftar/<int:pk>/", views.detail, name="detail"),
    path("daftar/<int:pk>/aksi/<str:verb>/", views.list_action, name="list_action"),
    path("tanggapan/<int:pk>/aksi/<str:verb>/", views.response_action, name="response_action"),
    path("publik/", views.public_home, name="public_home"),
    path("publik/dapil/<int:pk>/", views.public_dapil, name="public_dapil"),
    path("publik/daftar/<int:pk>/tanggapan/", views.public_respond, name="public_respond"),
]
