from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeutralityConfig(AppConfig):
    name = "pemilu.neutrality"
    verbose_name = _("Netralitas dan laporan pelanggaran")

    def ready(self) -> None:
        from pemilu.neutrality import permissions  # noqa: F401  (registers the app's actions)
