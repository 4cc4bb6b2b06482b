from django.urls import path

from pemilu.candidacy import views_dpd

app_name = "candidacy_dpd"

urlpatterns = [
    path("", views_dpd.desk, name="desk"),
    path("<int:candidate_id>/", views_dpd.candidate, name="candidate"),
    path("verifikasi/", views_dpd.verification, name="verification"),
    path("pendukung/<int:supporter_id>/verifikasi/", views_dpd.verify, name="verify"),
]
