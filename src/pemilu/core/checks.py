"""pemilu's own deployment checks (``pemilu check --deploy``), next to Django's and django-axes'."""

from __future__ import annotations

from collections.abc import Sequence

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def shared_cache_check(app_configs: Sequence[AppConfig] | None, **kwargs: object) -> list[Warning]:
    """Production with the per-process cache: each gunicorn worker would count logins, sign-ups
    and public-form posts on its own, so the limits multiply by the number of workers."""
    if getattr(settings, "PRODUCTION", False) and not getattr(settings, "CACHE_URL", ""):
        return [Warning("CACHE_URL is not set: login, sign-up and public-form limits are counted per worker "
                        "process, not shared.", hint="Set CACHE_URL=redis://host:6379/0.", id="pemilu.W001")]
    return []
