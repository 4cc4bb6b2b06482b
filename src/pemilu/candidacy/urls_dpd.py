from django.urls import path

from pemilu.candidacy import views_dpd, views_dpd_contests

app_name = "candidacy_dpd"

urlpatterns = [
    path("", views_dpd.desk, name="desk"),
    path("<int:candidate_id>/", views_dpd.candidate, name="candidate"),
    path("verifikasi/", views_dpd.verification, name="verification"),
    path("pendukung/<int:supporter_id>/verifikasi/", views_dpd.verify, name="verify"),
    path("sanggahan/", views_dpd_contests.queue, name="contests"),
    path("sanggahan/<int:contest_id>/putus/", views_dpd_contests.resolve, name="resolve_contest"),
]
