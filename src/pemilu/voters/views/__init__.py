"""Pages of the voter list, one module per area (``tps``: TPS mapping, transfers)."""
