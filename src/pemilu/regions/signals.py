"""Signals of the regions app."""

from django.dispatch import Signal

# Sent after a bulk write to the region list (imports, TPS counts), which fires no post_save:
# per-process caches of region names and TPS counts listen to it.
regions_changed = Signal()
