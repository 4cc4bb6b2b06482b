from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "pemilu.results"
    verbose_name = _("hasil penghitungan dan rekapitulasi")

    def ready(self) -> None:
        from pemilu.results import permissions  # noqa: F401  (registers the actions)
