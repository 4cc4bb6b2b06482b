from django.contrib.auth import views as auth_views
from django.urls import path

from pemilu.accounts import views

app_name = "accounts"
urlpatterns = [
    path("masuk/", auth_views.LoginView.as_view(template_name="accounts/login.html",
                                                redirect_authenticated_user=True), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("aktivasi/", views.activate, name="activate"),
    path("pengguna/", views.user_list, name="users"),
    path("pengguna/baru/", views.user_new, name="user_new"),
    path("pengguna/<int:user_id>/", views.user_detail, name="user_detail"),
    path("pengguna/<int:user_id>/peran/", views.grant, name="grant"),
    path("peran/<int:assignment_id>/cabut/", views.revoke, name="revoke"),
    path("token/<int:token_id>/cabut/", views.revoke_token, name="revoke_token"),
]
