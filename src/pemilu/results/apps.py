from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "pemilu.results"
    verbose_name = _("hasil penghitungan dan rekapitulasi")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from pemilu.audit.verify import register_check
        from pemilu.regions.models import Region
        from pemilu.regions.signals import regions_changed
        from pemilu.results import (
            localcache,
            permissions,  # noqa: F401  (registers the actions)
        )
        from pemilu.results.models import ResultConfig
        from pemilu.schedule.models import Stage

        # The recap's reference data, kept a few seconds per process, is dropped on any change.
        for model in (Region, Stage, ResultConfig):
            post_save.connect(localcache.forget, sender=model, dispatch_uid=f"localcache-save-{model.__name__}")
            post_delete.connect(localcache.forget, sender=model, dispatch_uid=f"localcache-del-{model.__name__}")
        regions_changed.connect(localcache.forget, dispatch_uid="localcache-regions")
        # ``pemilu audit verify`` also checks the stored results against their audit rows (issue 17).
        from pemilu.results.integrity import verify_results

        register_check("results", verify_results)
