import re
import subprocess
import sys

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/api/v1/docs", "/akun/masuk/"])
def test_it_serves_every_asset_locally(url: str) -> None:
    body = Client().get(url).content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', body)
    assert assets
    for asset in assets:
        assert asset.startswith(("/", "data:", "#", "?")), f"{url} loads {asset} from elsewhere"


def test_the_console_script_lists_the_pemilu_commands() -> None:
    out = subprocess.run([sys.executable, "-m", "pemilu", "--help"], capture_output=True, text=True, check=True).stdout
    for command in ("regions", "tps", "audit", "demo", "serve", "createtoken"):
        assert re.search(rf"^\s+{command}\s", out, re.M), command
