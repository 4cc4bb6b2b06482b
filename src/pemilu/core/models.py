"""Abstract model bases and choices shared by the apps (no tables of core's own). The scoped bases
are in ``scope.py``, the stored-file base in ``files.py``, the import-job base in ``jobs.py``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    """Jenis kelamin as the KTP records it (a voter, an ad hoc applicant)."""

    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


class ActorLogged(models.Model):
    """A row an action appends to a history (an extension, a replacement): who acted and when,
    listed in that order."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]
