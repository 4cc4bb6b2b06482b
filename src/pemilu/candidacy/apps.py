from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CandidacyConfig(AppConfig):
    name = "pemilu.candidacy"
    verbose_name = _("pencalonan")

    def ready(self) -> None:
        from pemilu.candidacy import (
            dpd_permissions,  # noqa: F401  (registers the DPD/document actions)
            permissions,  # noqa: F401  (registers the party-list actions)
        )
