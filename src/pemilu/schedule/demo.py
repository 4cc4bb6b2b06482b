from __future__ import annotations

from collections.abc import Callable

from pemilu.accounts.models import User


def load(actor: User, out: Callable[[str], None]) -> None:
    from pemilu.schedule.actions import do_load_builtin_schedule

    result = do_load_builtin_schedule("pemilu-2024", actor=actor, reason="demo")
    out(f"Jadwal pemilu-2024: {len(result.created)} tahapan baru, {len(result.updated)} diperbarui")
