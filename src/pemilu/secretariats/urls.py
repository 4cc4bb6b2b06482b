from django.urls import path

from pemilu.secretariats import views

app_name = "secretariats"
urlpatterns = [
    path("", views.index, name="index"),
    path("kekurangan.xlsx", views.gaps_xlsx, name="gaps_xlsx"),
    path("bentuk/", views.form_secretariats, name="form"),
    path("impor/", views.import_view, name="import"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/cari-asn/", views.register_search, name="register_search"),
    path("<int:pk>/aksi/<slug:verb>/", views.action, name="action"),
    path("<int:pk>/surat.pdf", views.letter, name="letter"),
    path("<int:pk>/dokumen/<int:doc_pk>/", views.document, name="document"),
]
