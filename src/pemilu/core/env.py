"""Typed helpers that read settings from the environment (healthchecks style).

Each helper accepts exactly one spelling per value and raises ImproperlyConfigured on
anything else, so a typo in production fails loudly instead of silently using a default.
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value in ("True", "true", "1"):
        return True
    if value in ("False", "false", "0"):
        return False
    raise ImproperlyConfigured(f"{name} must be True or False, got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_secret(name: str, default: str) -> str:
    """Read NAME, or the contents of the file named by NAME_FILE (Docker/systemd secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        with open(path, encoding="utf-8") as fh:
            return fh.read().strip()
    return os.environ.get(name, default)


def proxy_ssl_header(value: str) -> tuple[str, str] | None:
    """``X-Forwarded-Proto=https`` (or ``HTTP_X_FORWARDED_PROTO=https``) → Django's
    ``SECURE_PROXY_SSL_HEADER`` pair; empty → None (no proxy)."""
    if not value.strip():
        return None
    name, sep, expected = value.partition("=")
    name, expected = name.strip(), expected.strip()
    if not sep or not name or not expected or " " in name:
        raise ImproperlyConfigured(
            f"PEMILU_PROXY_SSL_HEADER must look like X-Forwarded-Proto=https, got {value!r}")
    meta = name.upper().replace("-", "_")
    if not meta.startswith("HTTP_"):
        meta = f"HTTP_{meta}"
    return meta, expected
