from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "pemilu.core"
    verbose_name = "pemilu core"

    def ready(self) -> None:
        from pemilu.core import checks  # noqa: F401 (registers the deploy checks)
