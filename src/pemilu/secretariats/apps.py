from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecretariatsConfig(AppConfig):
    name = "pemilu.secretariats"
    verbose_name = _("Sekretariat PPK dan PPS")

    def ready(self) -> None:
        from pemilu.secretariats import permissions  # noqa: F401  (registers the app's actions)
