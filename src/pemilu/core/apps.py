from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "pemilu.core"
    verbose_name = "pemilu core"
