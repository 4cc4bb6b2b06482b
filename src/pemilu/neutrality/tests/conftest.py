from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import Any

import pytest

from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.elections.models import Election
from pemilu.neutrality.intake import ReportIn


def jpeg_with_exif(colour: str = "red") -> bytes:
    from PIL import Image

    img = Image.new("RGB", (32, 24), colour)
    exif = Image.Exif()
    exif[0x010F] = "Canon"           # Make
    exif[0x0132] = "2024:01:10 09:30:00"  # DateTime
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif.tobytes())
    return buf.getvalue()


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def election(db: None) -> Election:
    return get_or_create_pemilu_2024()


def intake(election: Election, **over: Any) -> ReportIn:
    values: dict[str, Any] = {
        "election": election.code, "region_code": "12.76.01", "category": "asn_neutrality",
        "description": "Lurah ikut kampanye terbuka dan memakai atribut partai.",
        "event_date": datetime.date(2024, 1, 10), "known_on": datetime.date(2024, 1, 11),
        "place": "Lapangan Merdeka", "suspect_name": "Drs. Budi Santoso", "suspect_nip": "",
        "suspect_agency": "Kelurahan Persiakan", "reporter_name": "Rina", "reporter_contact": "0812-0000-1111",
    }
    values.update(over)
    return ReportIn(**values)
