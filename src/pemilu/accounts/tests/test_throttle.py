"""Login and sign-up throttling (issue 17 item 7): per account and per address, a clear Indonesian
lockout page, a cool-off, and one count shared by every worker through Redis (CACHE_URL)."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client, override_settings

from pemilu.accounts.models import User
from pemilu.testing.factories import PASSWORD, make_user

LOGIN = "/akun/masuk/"
SIGNUP = "/adhoc/daftar/akun/"
REDIS_URL = "redis://127.0.0.1:6379/0"


def _post_login(client: Client, username: str, password: str, ip: str = "10.1.0.1") -> Any:
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_thirty_wrong_passwords_lock_the_account_and_the_right_one_is_refused() -> None:
    user = make_user("korban")
    client = Client()
    statuses = [_post_login(client, user.username, "salah-salah", ip=f"10.1.0.{i}").status_code for i in range(30)]
    limit = settings.AXES_FAILURE_LIMIT
    # Every try from its own address: only the per-account count can stop them.
    assert statuses[:limit - 1] == [200] * (limit - 1)
    assert set(statuses[limit - 1:]) == {429}
    right = _post_login(Client(), user.username, PASSWORD, ip="10.1.1.1")
    assert right.status_code == 429
    body = right.content.decode()
    assert "Terlalu banyak percobaan masuk" in body and f"{limit} kali kata sandi salah" in body
    assert "menit" in body and "Traceback" not in body
    assert not _logged_in(Client())


@pytest.mark.django_db
def test_one_address_guessing_many_accounts_is_locked_out_for_every_account() -> None:
    make_user("sasaran")
    client = Client()
    limit = settings.AXES_FAILURE_LIMIT
    for i in range(limit):
        _post_login(client, f"tebakan{i}", "salah-salah", ip="10.2.0.9")
    # The next account from that address is refused even with its right password …
    locked = Client()
    assert _post_login(locked, "sasaran", PASSWORD, ip="10.2.0.9").status_code == 429
    assert not _logged_in(locked)
    # … while the same account from another address logs in (only 0 failures on it).
    other = Client()
    assert _post_login(other, "sasaran", PASSWORD, ip="10.2.0.10").status_code == 302
    assert _logged_in(other)


@pytest.mark.django_db
def test_the_lock_lifts_after_the_cool_off() -> None:
    user = make_user("sabar")
    start = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            _post_login(Client(), user.username, "salah-salah")
        assert _post_login(Client(), user.username, PASSWORD).status_code == 429
    later = start + settings.AXES_COOLOFF_TIME + dt.timedelta(seconds=5)
    with time_machine.travel(later, tick=False):
        client = Client()
        assert _post_login(client, user.username, PASSWORD).status_code == 302
        assert _logged_in(client)


@pytest.mark.django_db
def test_api_bearer_tokens_are_not_throttled_by_login_failures(cast: Any, capsys: Any) -> None:
    """A device's token keeps working while its owner's password logins are locked out."""
    from django.core.management import call_command

    call_command("createtoken", cast.kpu_admin_a.username, "script")
    secret = capsys.readouterr().out.strip()
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        _post_login(Client(), cast.kpu_admin_a.username, "salah-salah", ip="127.0.0.1")
    r = Client().get("/api/v1/regions/12.76", HTTP_AUTHORIZATION=f"Bearer {secret}", REMOTE_ADDR="127.0.0.1")
    assert r.status_code == 200, r.content


@pytest.mark.django_db
def test_sign_ups_are_limited_per_address() -> None:
    limit = settings.PEMILU_SIGNUPS_PER_HOUR
    client = Client()
    statuses = []
    for i in range(limit + 3):
        statuses.append(client.post(SIGNUP, _signup_form(f"pelamar{i}"), REMOTE_ADDR="10.3.0.1").status_code)
        client.logout()
    assert statuses == [302] * limit + [429] * 3
    assert User.objects.filter(username__startswith="pelamar").count() == limit
    refused = client.post(SIGNUP, _signup_form("pelamar-x"), REMOTE_ADDR="10.3.0.1")
    assert "Terlalu banyak akun dibuat dari alamat ini" in refused.content.decode()
    # Another address is not affected.
    assert Client().post(SIGNUP, _signup_form("tetangga"), REMOTE_ADDR="10.3.0.2").status_code == 302


def _signup_form(username: str) -> dict[str, str]:
    return {"username": username, "full_name": "Pelamar Uji", "email": f"{username}@example.org",
            "password": "rahasia-panjang-1"}


# --- across workers: one count in Redis ----------------------------------------------------------

def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


def _redis_caches(prefix: str) -> dict[str, Any]:
    backend = "django.core.cache.backends.redis.RedisCache"
    return {"default": {"BACKEND": backend, "LOCATION": REDIS_URL, "KEY_PREFIX": prefix},
            "axes": {"BACKEND": backend, "LOCATION": REDIS_URL, "KEY_PREFIX": f"{prefix}-axes"}}


@contextmanager
def _shared_redis(prefix: str) -> Iterator[None]:
    """This process's caches point at Redis under ``prefix``; axes keeps its handler (and the
    cache it holds) from start-up, so it is rebuilt on the way in and out. The test's keys are
    removed afterwards."""
    import redis
    from axes.handlers.proxy import AxesProxyHandler  # type: ignore[import-untyped]

    try:
        with override_settings(CACHES=_redis_caches(prefix)):
            AxesProxyHandler.get_implementation(force=True)
            yield
    finally:
        AxesProxyHandler.get_implementation(force=True)
        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(f"{prefix}*"))
        if keys:
            client.delete(*keys)


def _other_worker(prefix: str, code: str) -> str:
    """Run ``code`` in a separate Django process (another gunicorn worker) sharing the Redis."""
    env = dict(os.environ, CACHE_URL=REDIS_URL, CACHE_KEY_PREFIX=prefix, DJANGO_SETTINGS_MODULE="pemilu.settings")
    env["PYTHONPATH"] = os.pathsep.join([str(settings.BASE_DIR.parent), env.get("PYTHONPATH", "")])
    out = subprocess.run([sys.executable, "-c", "import django; django.setup()\n" + code], env=env,
                         capture_output=True, text=True, check=True, timeout=120)
    return out.stdout.strip().splitlines()[-1]


@pytest.mark.skipif(not _redis_up(), reason="Redis is not reachable at 127.0.0.1:6379")
@pytest.mark.django_db
def test_failed_logins_are_counted_across_workers_through_redis() -> None:
    prefix = f"t-{uuid.uuid4().hex}"
    ip = f"10.9.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    user = make_user(f"lintas-{prefix[-8:]}")
    limit = settings.AXES_FAILURE_LIMIT
    with _shared_redis(prefix):
        worker_a = Client()
        for _ in range(limit - 1):
            assert _post_login(worker_a, user.username, "salah-salah", ip=ip).status_code == 200
        # Worker B (another process, same CACHE_URL) makes the limit-th wrong try: it sees the
        # limit-1 failures of worker A and locks out. (Axes alone as the backend: the other
        # process has no test database, and a wrong password needs none.)
        status = _other_worker(prefix, (
            "from django.test import Client, override_settings\n"
            "with override_settings(AUTHENTICATION_BACKENDS=['axes.backends.AxesStandaloneBackend']):\n"
            f"    r = Client().post('{LOGIN}', {{'username': '{user.username}', 'password': 'x'}}, "
            f"REMOTE_ADDR='{ip}')\n"
            "print(r.status_code)\n"))
        assert status == "429"
        # Back in worker A, with a fresh client: the right password is refused.
        fresh = Client()
        assert _post_login(fresh, user.username, PASSWORD, ip="10.8.0.1").status_code == 429
        assert not _logged_in(fresh)


@pytest.mark.skipif(not _redis_up(), reason="Redis is not reachable at 127.0.0.1:6379")
@pytest.mark.django_db
def test_sign_ups_are_counted_across_workers_through_redis() -> None:
    prefix = f"t-{uuid.uuid4().hex}"
    ip = f"10.7.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    limit = settings.PEMILU_SIGNUPS_PER_HOUR
    with _shared_redis(prefix):
        client = Client()
        for i in range(limit - 1):
            assert client.post(SIGNUP, _signup_form(f"w{prefix[-6:]}{i}"), REMOTE_ADDR=ip).status_code == 302
            client.logout()
        # Worker B counts one more sign-up from that address (its view's counter, in Redis).
        hit = _other_worker(prefix, (
            "from django.test import RequestFactory\nfrom pemilu.core import ratelimit\n"
            f"print(ratelimit.hit(RequestFactory().post('/', REMOTE_ADDR='{ip}'), 'adhoc:signup', {limit}))\n"))
        assert hit == "False"
        # The limit is now reached across both: worker A refuses the next one.
        assert client.post(SIGNUP, _signup_form(f"w{prefix[-6:]}x"), REMOTE_ADDR=ip).status_code == 429
