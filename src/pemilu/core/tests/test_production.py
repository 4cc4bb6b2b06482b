"""Production mode (issue 17 item 9): refused settings, HTTPS, HSTS and the CSP header, and a
clean ``pemilu check --deploy`` — each run in a fresh process with the production environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

SRC = str(Path(settings.BASE_DIR).parent)
GOOD_KEY = "k3y-" + "x7Qm9vR2pL5tZ8wB1nC4" * 3  # 64 characters, many distinct


def _production(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           # DJANGO_ALLOW_ASYNC_UNSAFE: set by the browser tests of the same run (testing/browser.py);
           # a production process never has it, and check --deploy would rightly warn.
           if k not in ("SECRET_KEY", "DEBUG", "CACHE_URL", "DATABASE_URL", "PEMILU_PROXY_SSL_HEADER",
                        "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update({"PEMILU_PRODUCTION": "True", "SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "pemilu.example,testserver",
                "CACHE_URL": "redis://127.0.0.1:6379/0", "PEMILU_VAR_DIR": str(tmp_path),
                "DJANGO_SETTINGS_MODULE": "pemilu.settings",
                "PYTHONPATH": os.pathsep.join([SRC, os.environ.get("PYTHONPATH", "")])})
    env.update(extra)
    return env


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True, check=False,
                          timeout=180)


def test_check_deploy_is_clean_in_production_mode(tmp_path: Path) -> None:
    proc = _run(_production(tmp_path), "-m", "pemilu", "check", "--deploy", "--fail-level", "WARNING")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "System check identified no issues (0 silenced)." in proc.stdout


def test_check_deploy_warns_when_the_cache_is_per_process(tmp_path: Path) -> None:
    env = _production(tmp_path)
    del env["CACHE_URL"]
    proc = _run(env, "-m", "pemilu", "check", "--deploy", "--fail-level", "WARNING")
    assert proc.returncode != 0
    assert "pemilu.W001" in proc.stderr + proc.stdout and "axes.W001" in proc.stderr + proc.stdout


@pytest.mark.parametrize(("extra", "message"), [
    ({"DEBUG": "True"}, "DEBUG=True is refused in production"),
    ({"SECRET_KEY": "short-but-not-the-default"}, "SECRET_KEY must be at least 50 characters"),
    ({"PEMILU_PROXY_SSL_HEADER": "X-Forwarded-Proto"}, "PEMILU_PROXY_SSL_HEADER must look like"),
])
def test_production_refuses_unsafe_settings(tmp_path: Path, extra: dict[str, str], message: str) -> None:
    proc = _run(_production(tmp_path, **extra), "-c", "import django; django.setup()")
    assert proc.returncode != 0
    assert message in proc.stderr


REQUESTS = """
import django; django.setup()
from django.test import Client
c = Client()
plain = c.get("/akun/masuk/")
print("plain", plain.status_code, plain.get("Location", ""))
tls = c.get("/akun/masuk/", headers={"X-Forwarded-Proto": "https"})
print("tls", tls.status_code)
print("hsts", tls.get("Strict-Transport-Security", ""))
print("csp", tls.get("Content-Security-Policy", ""))
print("secure", c.cookies["csrftoken"]["secure"])
"""


def _answers(proc: subprocess.CompletedProcess[str]) -> dict[str, str]:
    assert proc.returncode == 0, proc.stderr
    return dict(line.split(" ", 1) for line in proc.stdout.strip().splitlines() if " " in line)


def test_production_redirects_to_https_and_sends_hsts_and_the_csp(tmp_path: Path) -> None:
    out = _answers(_run(_production(tmp_path, PEMILU_PROXY_SSL_HEADER="X-Forwarded-Proto=https"), "-c", REQUESTS))
    assert out["plain"] == "301 https://testserver/akun/masuk/"
    assert out["tls"] == "200"
    assert out["hsts"] == "max-age=31536000; includeSubDomains; preload"
    csp: Any = out["csp"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe" not in csp
    assert "frame-ancestors 'none'" in csp
    assert out["secure"] == "True"
