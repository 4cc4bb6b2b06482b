from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotersConfig(AppConfig):
    name = "pemilu.voters"
    verbose_name = _("daftar pemilih")

    def ready(self) -> None:
        from pemilu.voters import permissions  # noqa: F401  (registers the app's actions)
