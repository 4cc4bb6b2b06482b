from django.urls import path

from pemilu.regions import views

app_name = "regions"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("tps/<str:code>/", views.tps_detail, name="tps"),
    path("tps/<str:code>/alamat/", views.tps_address, name="tps_address"),
    path("<str:code>/", views.region_detail, name="detail"),
    path("<str:code>/tps.csv", views.region_tps_export, name="export_tps"),
]
