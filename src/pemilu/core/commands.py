"""Base for pemilu management commands: acts as a named user, one request id per run,
domain errors become a clear message and a non-zero exit (never a traceback)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pemilu.core.exceptions import DomainError
from pemilu.core.middleware import current_request_id, new_request_id


class PemiluCommand(BaseCommand):
    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-user", default="", help="act as this username (default: system:cli)")

    def actor(self, options: dict[str, Any]) -> Any:
        from pemilu.accounts.actions import get_system_user
        from pemilu.accounts.models import User

        name = options.get("as_user") or ""
        if not name:
            return get_system_user()
        try:
            return User.objects.get(username=name)
        except User.DoesNotExist:
            raise CommandError(f"pengguna tidak dikenal: {name}") from None

    def execute(self, *args: Any, **options: Any) -> Any:
        token = current_request_id.set("cli-" + new_request_id()[:16])
        try:
            return super().execute(*args, **options)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        finally:
            current_request_id.reset(token)
