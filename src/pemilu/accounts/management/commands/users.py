from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import CommandError

from pemilu.accounts import actions, queries
from pemilu.accounts.models import ApiToken, RoleAssignment, User
from pemilu.core.commands import PemiluCommand, arg, subcommand


def _date(text: str) -> datetime.date | None:
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--ends-on bukan tanggal YYYY-MM-DD: {text}") from None


GRANT = (arg("username"), arg("role"), arg("scope", help="region or TPS code, '' for nasional"),
         arg("--reason", required=True), arg("--ends-on", default=""))


class Command(PemiluCommand):
    help = ("People and roles, through the audited actions: pemilu users list|create|grant|revoke|revoke-token "
            "[--as-user NAME]")

    @subcommand("list", "people with a role (in --as-user's regions)",
                arg("--region", default=""), arg("--role", default=""))
    def handle_list(self, options: dict[str, Any]) -> None:
        actor = self.actor(options)
        for user in queries.search(actor, "", options["role"], options["region"]):
            roles = ", ".join(f"{a.role}@{a.scope_code or 'nasional'}{'' if a.is_active else ' (dicabut)'}"
                              for a in user.role_assignments.all())
            self.stdout.write(f"{user.username}\t{user.full_name}\t{roles}")

    @subcommand("create", "create (a role in a region or TPS code; '' = nasional)", *GRANT,
                arg("--full-name", required=True), arg("--email", default=""))
    def handle_create(self, options: dict[str, Any]) -> None:
        user, password = actions.do_create_user(
            username=options["username"], full_name=options["full_name"], email=options["email"],
            role=options["role"], scope_code=options["scope"], reason=options["reason"],
            ends_on=_date(options["ends_on"]), actor=self.actor(options))
        self.stdout.write(f"{user.username}\t{password}")

    @subcommand("grant", "grant (a role in a region or TPS code; '' = nasional)", *GRANT)
    def handle_grant(self, options: dict[str, Any]) -> None:
        actor = self.actor(options)
        actions.do_grant_role(_user(options["username"]), options["role"], options["scope"], actor=actor,
                              reason=options["reason"], ends_on=_date(options["ends_on"]))
        self.stdout.write("peran diberikan")

    @subcommand("revoke", "revoke a role: USERNAME ROLE SCOPE --reason …",
                arg("username"), arg("role"), arg("scope"), arg("--reason", required=True))
    def handle_revoke(self, options: dict[str, Any]) -> None:
        actor = self.actor(options)
        user = _user(options["username"])
        assignment = RoleAssignment.objects.filter(user=user, role=options["role"], scope_code=options["scope"]).first()
        if assignment is None:
            raise CommandError("peran tidak ditemukan")
        actions.do_revoke_role(assignment, actor=actor, reason=options["reason"])
        self.stdout.write("peran dicabut")

    @subcommand("revoke-token", "revoke an API token by its prefix", arg("prefix"), arg("--reason", required=True))
    def handle_revoke_token(self, options: dict[str, Any]) -> None:
        actor = self.actor(options)
        token = ApiToken.objects.select_related("user").filter(prefix=options["prefix"]).first()
        if token is None:
            raise CommandError(f"token tidak dikenal: {options['prefix']}")
        actions.do_revoke_token(token, actor=actor, reason=options["reason"])
        self.stdout.write("token dicabut")


def _user(username: str) -> User:
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist:
        raise CommandError(f"pengguna tidak dikenal: {username}") from None
