"""``elections.queries.current``: the one way a page, an API call or a command picks its election
(issue 18 item 2), and nothing else in the code picks one."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.test import Client, RequestFactory

from pemilu.core.exceptions import NotFoundError
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.elections.models import Election
from pemilu.elections.queries import current

SRC = Path(__file__).resolve().parents[2]


def _later() -> Election:
    return Election.objects.create(code="pemilu-2029", name="Pemilihan Umum 2029",
                                   voting_day=datetime.date(2029, 2, 14))


@pytest.mark.django_db
def test_it_takes_the_named_election_else_the_latest_voting_day() -> None:
    with pytest.raises(NotFoundError, match="Belum ada pemilu"):
        current()
    older = get_or_create_pemilu_2024()
    assert current() == older
    later = _later()
    factory = RequestFactory()
    assert current() == later
    assert current(factory.get("/")) == later
    assert current(factory.get("/?pemilu=pemilu-2024")) == older
    assert current(factory.post("/", {"pemilu": "pemilu-2024"})) == older
    assert current(code="pemilu-2024") == older
    assert current(factory.post("/?pemilu=", {"pemilu": "pemilu-2024"})) == older
    assert current(factory.post("/?pemilu=pemilu-2029", {"pemilu": "pemilu-2024"})) == later  # the URL's first
    for unknown in ("pemilu-1999", "pemilu 2024", "p" * 41, "<script>"):
        with pytest.raises(NotFoundError, match="Pemilu tidak ditemukan"):
            current(factory.get("/", {"pemilu": unknown}))
    with pytest.raises(NotFoundError, match="Pemilu tidak ditemukan"):
        current(factory.post("/", {"pemilu": "pemilu 2024"}))


@pytest.mark.django_db
def test_the_schedule_page_shows_the_latest_election_or_the_one_named() -> None:
    from pemilu.accounts.actions import get_system_user
    from pemilu.schedule.actions import do_load_builtin_schedule

    older = do_load_builtin_schedule("pemilu-2024", actor=get_system_user(), reason="uji").election
    later = _later()
    client = Client()
    assert client.get("/jadwal/").context["election"] == later  # not a fixed "pemilu-2024"
    assert client.get("/jadwal/?pemilu=pemilu-2024").context["election"] == older
    assert client.get("/jadwal/?pemilu=pemilu-1999").status_code == 404


PICKS_AN_ELECTION = re.compile(r'Election\.objects\.(?:first|filter\(code=|get\(code=|all\(\)\.first)|"pemilu-2024"')
# Modules allowed to name the 2024 election or look one up by code: the election's own queries,
# the demo data and the built-in 2024 schedule with its loader, and help texts of commands.
ALLOWED = {"elections/queries.py", "elections/demo.py", "schedule/builtin.py", "schedule/actions.py",
           "schedule/demo.py", "seats/demo.py", "schedule/guards.py"}


def test_no_view_api_or_command_picks_the_election_itself() -> None:
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if "/tests/" in rel or "/migrations/" in rel or rel.startswith("testing/") or rel in ALLOWED:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if PICKS_AN_ELECTION.search(line) and "help=" not in line and "CommandError(" not in line:
                offenders.append(f"{rel}:{number}: {line.strip()}")
    assert not offenders, "use elections.queries.current(request):\n" + "\n".join(offenders)
