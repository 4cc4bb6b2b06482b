"""Base for pemilu management commands: acts as a named user, one request id per run,
domain errors become a clear message and a non-zero exit (never a traceback).

A command is a set of sub-commands (``pemilu asn import FILE``): each is a method marked with
``@subcommand(name, help, arg(...), …)``, which declares its arguments next to the code that reads
them; the base adds them to the parser and calls the method with the options. ``arguments`` holds
the options every sub-command shares (``--election``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pemilu.core.exceptions import DomainError
from pemilu.core.middleware import current_request_id, new_request_id

Handler = TypeVar("Handler", bound=Callable[..., None])


@dataclass(frozen=True)
class Arg:
    """One argparse argument: ``arg("file")``, ``arg("--reason", required=True)``."""

    flags: tuple[str, ...]
    options: dict[str, Any] = field(default_factory=dict)

    def add_to(self, parser: Any) -> None:
        parser.add_argument(*self.flags, **self.options)


def arg(*flags: str, **options: Any) -> Arg:
    return Arg(flags, options)


@dataclass(frozen=True)
class Sub:
    name: str
    help: str
    args: tuple[Arg, ...]


def subcommand(name: str, help: str = "", *args: Arg) -> Callable[[Handler], Handler]:  # noqa: A002 (argparse's word)
    """Make the method the sub-command NAME with these arguments; stacked, one method serves several names
    (``options["sub"]`` tells which)."""

    def mark(method: Handler) -> Handler:
        subs: list[Sub] = method.__dict__.setdefault("pemilu_subcommands", [])
        subs.insert(0, Sub(name, help, args))  # decorators apply bottom-up: keep the order they are written in
        return method

    return mark


class PemiluCommand(BaseCommand):
    arguments: tuple[Arg, ...] = ()

    @classmethod
    def subcommands(cls) -> dict[str, tuple[Sub, str]]:
        """Sub-command name → (its declaration, the method's name), in the order the class declares them."""
        found: dict[str, tuple[Sub, str]] = {}
        for klass in reversed(cls.__mro__):
            for attr, value in vars(klass).items():
                for sub in getattr(value, "pemilu_subcommands", ()):
                    found[sub.name] = (sub, attr)
        return found

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-user", default="", help="act as this username (default: system:cli)")
        for argument in self.arguments:
            argument.add_to(parser)
        subs = self.subcommands()
        if not subs:
            return
        sub_parsers = parser.add_subparsers(dest="sub", required=True)
        for sub, _method in subs.values():
            listed: dict[str, Any] = {"help": sub.help} if sub.help else {}  # argparse lists a sub-command with help
            sub_parser = sub_parsers.add_parser(sub.name, **listed)
            for argument in sub.args:
                argument.add_to(sub_parser)

    def handle(self, *args: Any, **options: Any) -> None:
        subs = self.subcommands()
        if not subs:
            raise NotImplementedError("a PemiluCommand declares @subcommand methods or overrides handle()")
        _sub, method = subs[options["sub"]]
        getattr(self, method)(options)

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
