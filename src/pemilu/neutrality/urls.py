from django.urls import path

from pemilu.neutrality import views

app_name = "neutrality"
urlpatterns = [
    path("lapor/", views.public_report, name="report"),
    path("lacak/", views.track, name="track"),
    path("", views.dashboard, name="dashboard"),
    path("temuan/", views.finding, name="finding"),
    path("kasus/<int:pk>/", views.case_detail, name="case"),
    path("kasus/<int:pk>/aksi/<slug:verb>/", views.case_action, name="case_action"),
    path("kasus/<int:pk>/bukti/<int:evidence_pk>/", views.evidence_download, name="evidence"),
    path("statistik/", views.statistics, name="statistics"),
    path("statistik.xlsx", views.statistics_xlsx, name="statistics_xlsx"),
    path("ikrar/", views.pledges, name="pledges"),
    path("ikrar/<int:pk>/dokumen/", views.pledge_document, name="pledge_document"),
    path("sosialisasi/", views.events, name="events"),
    path("sosialisasi/<int:pk>/", views.event_detail, name="event"),
]
