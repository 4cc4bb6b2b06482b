"""The audit trail in words: ``{% load audit_words %}``, ``{{ e.event_type|event_label }}`` and
``{% event_changes e as rows %}`` (audit/labels.py, audit/display.py)."""

from __future__ import annotations

from django import template

from pemilu.audit.display import changes
from pemilu.audit.labels import event_label as label_of
from pemilu.audit.models import AuditEvent

register = template.Library()


@register.filter
def event_label(event_type: str) -> str:
    return label_of(str(event_type or ""))


@register.simple_tag
def event_changes(event: AuditEvent) -> list[tuple[str, str, str]]:
    return changes(event.before, event.after, event.target_type)
