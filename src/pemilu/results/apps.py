from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "pemilu.results"
    verbose_name = _("hasil penghitungan dan rekapitulasi")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from pemilu.audit.verify import register_check
        from pemilu.core import cache
        from pemilu.elections.models import Election
        from pemilu.regions.models import Region
        from pemilu.regions.signals import regions_changed
        from pemilu.results import permissions  # noqa: F401  (registers the actions)
        from pemilu.results.models import Contest, Dapil, ResultConfig
        from pemilu.schedule.models import Stage

        # The reference data every worker keeps (core/cache.py, namespace "results": the recap's
        # frame, the election-night contests and dapil map) is dropped everywhere on any change.
        # The reference import also bumps it itself (its bulk writes send no signals).
        bump = cache.receiver("results")
        for model in (Region, Stage, ResultConfig, Election, Contest, Dapil):
            post_save.connect(bump, sender=model, weak=False, dispatch_uid=f"cache-save-{model.__name__}")
            post_delete.connect(bump, sender=model, weak=False, dispatch_uid=f"cache-del-{model.__name__}")
        regions_changed.connect(bump, weak=False, dispatch_uid="cache-regions")
        # ``pemilu audit verify`` also checks the stored results against their audit rows (issue 17).
        from pemilu.results.integrity import verify_results

        register_check("results", verify_results)
