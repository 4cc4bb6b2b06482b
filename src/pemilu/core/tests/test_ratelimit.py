"""The public forms' rate limit, in the local cache and shared through a real Redis."""

import os
import socket
import subprocess
import sys
import uuid

import pytest
from django.core.cache import caches
from django.test import RequestFactory

from pemilu.core import ratelimit


def _request(ip: str):
    return RequestFactory().post("/", REMOTE_ADDR=ip)


def test_it_counts_per_client_and_bucket() -> None:
    bucket = f"t-{uuid.uuid4().hex}"
    assert [ratelimit.hit(_request("10.0.0.1"), bucket, 2) for _ in range(3)] == [False, False, True]
    assert ratelimit.hit(_request("10.0.0.2"), bucket, 2) is False       # another client
    assert ratelimit.hit(_request("10.0.0.1"), bucket + "x", 2) is False  # another bucket


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_up() and not os.environ.get("CI"), reason="no Redis on 127.0.0.1:6379")
def test_workers_share_one_count_through_redis(settings) -> None:
    """Two cache clients stand for two gunicorn workers: with CACHE_URL both see one count."""
    url = "redis://127.0.0.1:6379/15"
    # The same KEY_PREFIX the settings give a worker with CACHE_URL (CACHE_KEY_PREFIX below).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url,
                                   "KEY_PREFIX": "pemilu-t"}}
    # (pytest-django's settings fixture resets the cache handlers on CACHES changes)
    bucket = f"t-{uuid.uuid4().hex}"
    try:
        caches["default"].clear()
        assert ratelimit.hit(_request("10.0.0.9"), bucket, 2) is False
        # The second worker: a separate process with the same settings.
        code = ("import django; django.setup(); from django.test import RequestFactory; "
                "from pemilu.core import ratelimit; "
                f"print(ratelimit.hit(RequestFactory().post('/', REMOTE_ADDR='10.0.0.9'), '{bucket}', 2))")
        env = dict(os.environ, CACHE_URL=url, CACHE_KEY_PREFIX="pemilu-t", DJANGO_SETTINGS_MODULE="pemilu.settings")
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        assert out.stdout.strip() == "False"
        assert ratelimit.hit(_request("10.0.0.9"), bucket, 2) is True  # the third request, counted across both
    finally:
        caches["default"].clear()


def test_it_refuses_a_cache_url_that_is_not_redis(tmp_path) -> None:
    env = dict(os.environ, CACHE_URL="memcached://127.0.0.1:11211", DJANGO_SETTINGS_MODULE="pemilu.settings",
               PEMILU_VAR_DIR=str(tmp_path))
    proc = subprocess.run([sys.executable, "-c", "import django; django.setup()"], env=env,
                          capture_output=True, text=True, check=False)
    assert proc.returncode != 0
    assert "CACHE_URL must be a redis://" in proc.stderr
