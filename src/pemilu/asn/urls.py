from django.urls import path

from pemilu.asn import views

app_name = "asn"
urlpatterns = [
    path("", views.employee_list, name="list"),
    path("impor/", views.employee_import, name="import"),
    path("impor/<int:pk>/", views.import_job, name="import_job"),
]
