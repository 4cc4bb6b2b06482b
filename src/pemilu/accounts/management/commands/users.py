from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import CommandError, CommandParser

from pemilu.accounts import actions, queries
from pemilu.accounts.models import ApiToken, RoleAssignment, User
from pemilu.core.commands import PemiluCommand


def _date(text: str) -> datetime.date | None:
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--ends-on bukan tanggal YYYY-MM-DD: {text}") from None


class Command(PemiluCommand):
    help = ("People and roles, through the audited actions: pemilu users list|create|grant|revoke|revoke-token "
            "[--as-user NAME]")

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        sub = parser.add_subparsers(dest="cmd", required=True)
        ls = sub.add_parser("list", help="people with a role (in --as-user's regions)")
        ls.add_argument("--region", default="")
        ls.add_argument("--role", default="")
        for name in ("create", "grant"):
            p = sub.add_parser(name, help=f"{name} (a role in a region or TPS code; '' = nasional)")
            p.add_argument("username")
            p.add_argument("role")
            p.add_argument("scope", help="region or TPS code, '' for nasional")
            p.add_argument("--reason", required=True)
            p.add_argument("--ends-on", default="")
            if name == "create":
                p.add_argument("--full-name", required=True)
                p.add_argument("--email", default="")
        r = sub.add_parser("revoke", help="revoke a role: USERNAME ROLE SCOPE --reason …")
        r.add_argument("username")
        r.add_argument("role")
        r.add_argument("scope")
        r.add_argument("--reason", required=True)
        t = sub.add_parser("revoke-token", help="revoke an API token by its prefix")
        t.add_argument("prefix")
        t.add_argument("--reason", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = self.actor(options)
        cmd = options["cmd"]
        if cmd == "list":
            for user in queries.search(actor, "", options["role"], options["region"]):
                roles = ", ".join(f"{a.role}@{a.scope_code or 'nasional'}{'' if a.is_active else ' (dicabut)'}"
                                  for a in user.role_assignments.all())
                self.stdout.write(f"{user.username}\t{user.full_name}\t{roles}")
            return
        if cmd == "create":
            user, password = actions.do_create_user(
                username=options["username"], full_name=options["full_name"], email=options["email"],
                role=options["role"], scope_code=options["scope"], reason=options["reason"],
                ends_on=_date(options["ends_on"]), actor=actor)
            self.stdout.write(f"{user.username}\t{password}")
            return
        if cmd == "revoke-token":
            token = ApiToken.objects.select_related("user").filter(prefix=options["prefix"]).first()
            if token is None:
                raise CommandError(f"token tidak dikenal: {options['prefix']}")
            actions.do_revoke_token(token, actor=actor, reason=options["reason"])
            self.stdout.write("token dicabut")
            return
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist:
            raise CommandError(f"pengguna tidak dikenal: {options['username']}") from None
        if cmd == "grant":
            actions.do_grant_role(user, options["role"], options["scope"], actor=actor, reason=options["reason"],
                                  ends_on=_date(options["ends_on"]))
            self.stdout.write("peran diberikan")
            return
        assignment = RoleAssignment.objects.filter(user=user, role=options["role"], scope_code=options["scope"]).first()
        if assignment is None:
            raise CommandError("peran tidak ditemukan")
        actions.do_revoke_role(assignment, actor=actor, reason=options["reason"])
        self.stdout.write("peran dicabut")
