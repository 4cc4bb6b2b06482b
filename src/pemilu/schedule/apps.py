from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScheduleConfig(AppConfig):
    name = "pemilu.schedule"
    verbose_name = _("tahapan dan jadwal")

    def ready(self) -> None:
        from pemilu.schedule import permissions  # noqa: F401 (registers the schedule actions)
