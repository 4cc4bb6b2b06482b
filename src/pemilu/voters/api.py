"""API v1 of the voter list: the ``voters`` router; each area adds its operations in its own module
(``api_tps``: mapping, DPTb, DPK) registered in ``pemilu/api.py``."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["pemilih"])
