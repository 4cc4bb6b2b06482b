import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from pemilu.core.env import env_bool, env_int, env_list


def test_it_reads_strict_booleans(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_FLAG", "True")
    assert env_bool("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "yes")
    with pytest.raises(ImproperlyConfigured):
        env_bool("X_FLAG", False)
    monkeypatch.setenv("X_INT", "abc")
    with pytest.raises(ImproperlyConfigured):
        env_int("X_INT", 1)
    monkeypatch.setenv("X_LIST", "a.example, b.example")
    assert env_list("X_LIST", []) == ["a.example", "b.example"]


def test_it_refuses_the_default_secret_key_in_production(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update({"PEMILU_PRODUCTION": "True", "DJANGO_SETTINGS_MODULE": "pemilu.settings",
                "PEMILU_VAR_DIR": str(tmp_path)})
    proc = subprocess.run([sys.executable, "-c", "import django; django.setup()"], env=env,
                          capture_output=True, text=True, check=False)
    assert proc.returncode != 0
    assert "SECRET_KEY must be set in production" in proc.stderr


def test_it_defaults_to_jakarta_time_and_indonesian(settings) -> None:
    assert settings.TIME_ZONE == "Asia/Jakarta"
    assert settings.USE_TZ is True
    assert settings.LANGUAGE_CODE == "id"
    assert [code for code, _ in settings.LANGUAGES] == ["id", "en"]
