from django.urls import path

from pemilu.audit import views

app_name = "audit"
urlpatterns = [
    path("<str:code>/", views.region_events, name="region"),
]
