"""The world of the bad-input corpus (test_bad_input_corpus.py, test_bad_input_corpus_api.py): the
demo regions, users and records every case starts from, and the row count of every model."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.test import Client

from pemilu.testing.factories import Cast

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
HUGE = "100000000000000000000"  # 10^20: overflowed the database driver before
FUTURE = (datetime.datetime.now(tz=datetime.UTC).date() + datetime.timedelta(days=400)).isoformat()


@dataclass
class World:
    cast: Cast
    token: str = ""
    ids: dict[str, int] = field(default_factory=dict)

    def api(self) -> Client:
        return Client(headers={"Authorization": f"Bearer {self.token}"})


@pytest.fixture
def world(cast: Cast, settings: Any, tmp_path: Any) -> World:
    from pemilu.accounts.actions import do_create_token, get_system_user
    from pemilu.adhoc import actions as adhoc
    from pemilu.asn.actions import import_employees
    from pemilu.elections.demo import get_or_create_pemilu_2024
    from pemilu.results.reference import do_setup_ppwp
    from pemilu.secretariats.actions import do_form_secretariats
    from pemilu.secretariats.models import Secretariat

    settings.MEDIA_ROOT = tmp_path / "media"
    election = get_or_create_pemilu_2024()
    do_setup_ppwp(election, actor=get_system_user())
    import_employees(b"nip,nama,instansi,jabatan,jenis_kepegawaian,kode_wilayah\n"
                     b"198104232006042011,Nurhayati Siregar,Kecamatan Padang Hulu,Sekretaris Camat,PNS,12.76.01\n",
                     actor=cast.kpu_admin_a, filename="asn.csv")
    do_form_secretariats(election, "12.76", actor=cast.kpu_admin_a)
    rec = adhoc.do_create_recruitment(election, "pps", "12.76", actor=cast.kpu_staff_a)
    rec = adhoc.do_open_registration(rec, actor=cast.kpu_staff_a, start=datetime.date(2022, 12, 18),
                                     end=datetime.date(2022, 12, 27))
    _t, secret = do_create_token(cast.kpu_admin_a, "corpus", actor=cast.kpu_admin_a)
    sec = Secretariat.objects.filter(region_id="12.76.01").first()
    assert sec is not None
    return World(cast, secret, {"rec": rec.pk, "sec": sec.pk})


def counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()
            if m.__module__.startswith("pemilu.") and m._meta.managed}


