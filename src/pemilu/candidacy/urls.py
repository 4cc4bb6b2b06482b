from django.urls import path

from pemilu.candidacy import views, views_ballot, views_documents

app_name = "candidacy"
urlpatterns = [
    path("", views.index, name="index"),
    path("ajukan/", views.submit, name="submit"),
    path("daftar/<int:pk>/", views.detail, name="detail"),
    path("daftar/<int:pk>/aksi/<str:verb>/", views.list_action, name="list_action"),
    path("daftar/<int:pk>/persyaratan/", views_documents.checklist, name="documents"),
    path("daftar/<int:pk>/persyaratan/aksi/<str:verb>/", views_documents.list_action, name="documents_action"),
    path("dokumen/<int:pk>/aksi/<str:verb>/", views_documents.document_action, name="document_action"),
    path("dokumen/<int:pk>/berkas/<int:file_pk>/", views_documents.document_file, name="document_file"),
    path("calon/<int:pk>/aksi/<str:verb>/", views_documents.candidate_action, name="candidate_action"),
    path("tanggapan/<int:pk>/aksi/<str:verb>/", views.response_action, name="response_action"),
    path("publik/", views.public_home, name="public_home"),
    path("publik/dapil/<int:pk>/", views.public_dapil, name="public_dapil"),
    path("publik/daftar/<int:pk>/tanggapan/", views.public_respond, name="public_respond"),
    path("publik/calon/<int:pk>/riwayat-hidup/", views_documents.public_cv, name="public_cv"),
    path("surat-suara/", views_ballot.ballots, name="ballots"),
    path("publik/dapil/<int:pk>/surat-suara.pdf", views_ballot.public_ballot_pdf, name="public_ballot_pdf"),
]
