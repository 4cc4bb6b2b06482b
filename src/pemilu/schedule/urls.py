from django.urls import path

from pemilu.schedule import views

app_name = "schedule"
urlpatterns = [
    path("", views.timeline_default, name="timeline_default"),
    path("<slug:code>/", views.timeline_page, name="timeline"),
    path("<slug:code>/jadwal.<str:fmt>", views.export, name="export"),
    path("<slug:code>/kelola/", views.manage, name="manage"),
    path("<slug:code>/tahapan/<int:pk>/ubah/", views.stage_edit, name="stage_edit"),
    path("<slug:code>/lokal/", views.local_set, name="local_set"),
    path("<slug:code>/lokal/<int:pk>/hapus/", views.local_delete, name="local_delete"),
    path("<slug:code>/unggah/", views.upload, name="upload"),
]
