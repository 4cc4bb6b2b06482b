from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdhocConfig(AppConfig):
    name = "pemilu.adhoc"
    verbose_name = _("Pembentukan badan adhoc")

    def ready(self) -> None:
        from pemilu.adhoc import permissions  # noqa: F401  (registers the app's actions)
