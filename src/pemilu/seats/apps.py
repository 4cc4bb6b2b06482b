from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeatsConfig(AppConfig):
    name = "pemilu.seats"
    verbose_name = _("kursi")

    def ready(self) -> None:
        from pemilu.seats import permissions  # noqa: F401 (registers the seats actions)
