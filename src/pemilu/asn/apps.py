from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AsnConfig(AppConfig):
    name = "pemilu.asn"
    verbose_name = _("Register ASN")

    def ready(self) -> None:
        from pemilu.asn import permissions  # noqa: F401  (registers the app's actions)
