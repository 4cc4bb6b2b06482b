from django.apps import AppConfig


class WorklistConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pemilu.worklist"
    verbose_name = "Tugas saya"
