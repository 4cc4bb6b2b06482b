from django.urls import path

from pemilu.seats import views

app_name = "seats"
urlpatterns = [
    path("", views.run_list, name="runs"),
    path("baru/", views.run_new, name="new"),
    path("<int:pk>/", views.run_detail, name="run"),
    path("<int:pk>/dapil/<str:code>/", views.dapil_detail, name="dapil"),
]
