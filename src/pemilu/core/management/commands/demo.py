from __future__ import annotations

from typing import Any

from pemilu.core.commands import PemiluCommand
from pemilu.core.demo import DEMO_LOADERS, DEMO_PASSWORD, DEMO_USERS


class Command(PemiluCommand):
    help = "Load the Kota Tebing Tinggi demo data and demo users (deterministic; safe to re-run)"

    def handle(self, *args: Any, **options: Any) -> None:
        from pemilu.core import clock

        actor = self.actor(options)
        day = clock.fixed_day()
        self.stdout.write(f"Tanggal demo (PEMILU_TODAY): {day.isoformat()}" if day else
                          "PEMILU_TODAY tidak diisi: jam sebenarnya (python3 tasks.py demo memakai 2024-02-19)")
        for loader in DEMO_LOADERS:
            loader(actor, self.stdout.write)
        self.stdout.write(self.style.SUCCESS("\nDemo siap / demo ready. Login (kata sandi / password: "
                                             f"{DEMO_PASSWORD}):"))
        self.stdout.write(f"  {'admin':<22} superuser (Django admin)")
        for username, _name, role, scope, desc in DEMO_USERS:
            self.stdout.write(f"  {username:<22} {role:<10} {scope:<20} {desc}")
