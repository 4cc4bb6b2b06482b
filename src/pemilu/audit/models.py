from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pemilu.core.scope import Scoped


class AuditChain(models.Model):
    """Head of one hash chain. One chain per region at PEMILU_AUDIT_CHAIN_LEVEL, so writers in
    different regions do not queue on one row; the head is locked only for the append."""

    key = models.CharField(max_length=20, unique=True)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("rantai audit")

    def __str__(self) -> str:
        return f"{self.key or 'nasional'} #{self.last_seq}"


class AuditEvent(Scoped):
    """An append-only, hash-chained record of one state change.

    ``hash`` = SHA-256 over the canonical JSON of the row's content (scope columns included,
    ``hash_version`` 2) and ``prev_hash``; the chain's ``seq`` is gapless, so an edited, deleted
    or reordered row breaks verification. A whole chain rewritten from an edited row onwards is
    caught against a signed checkpoint (audit/checkpoint.py).
    """

    chain_key = models.CharField(max_length=20)
    seq = models.BigIntegerField()
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("waktu"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name=_("pelaku"))
    actor_name = models.CharField(_("nama pelaku"), max_length=150)
    region_code = models.CharField(_("wilayah"), max_length=20, blank=True)
    prov_code = models.CharField(max_length=2, blank=True)
    kab_code = models.CharField(max_length=5, blank=True)
    kec_code = models.CharField(max_length=8, blank=True)
    desa_code = models.CharField(max_length=13, blank=True)
    event_type = models.CharField(_("jenis peristiwa"), max_length=60)
    target_type = models.CharField(max_length=60, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(_("objek"), max_length=200, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    reason = models.TextField(_("alasan"), blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    # Which hash rule the row was written under (audit/chain.py): NULL for rows from before
    # rule 2, which left the scope columns outside the hash. No default, so the rows that exist
    # when the column is added keep NULL (and their old rule) without a table rewrite.
    hash_version = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("peristiwa audit")
        verbose_name_plural = _("peristiwa audit")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["chain_key", "seq"], name="audit_chain_seq_unique"),
        ]
        # Plain indexes declared here rather than db_index=True, which on PostgreSQL adds a
        # second varchar_pattern_ops index per column for LIKE queries nobody makes: every
        # audited write (election night: every form) pays for each index (issue 9).
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx"),
                   models.Index(fields=["region_code"], name="audit_region"),
                   models.Index(fields=["prov_code"], name="audit_prov"),
                   models.Index(fields=["kab_code"], name="audit_kab"),
                   models.Index(fields=["event_type"], name="audit_event_type")]

    def __str__(self) -> str:
        return f"{self.event_type} {self.object_repr} ({self.actor_name})"

    @property
    def scope_code(self) -> str:
        return self.region_code
