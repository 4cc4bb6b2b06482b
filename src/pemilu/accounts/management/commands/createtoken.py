from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from pemilu.accounts.actions import do_create_token
from pemilu.accounts.models import User
from pemilu.core.commands import PemiluCommand


class Command(PemiluCommand):
    help = "Create an API token: pemilu createtoken USERNAME NAME (the secret is printed once)"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("username")
        parser.add_argument("name")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist:
            raise CommandError(f"pengguna tidak dikenal: {options['username']}") from None
        _token, raw = do_create_token(user, options["name"], actor=self.actor(options))
        self.stdout.write(raw)
