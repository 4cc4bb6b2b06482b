from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pemilu.asn.actions import import_employees
from pemilu.asn.models import AsnEmployee
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.elections.models import Election
from pemilu.secretariats import actions
from pemilu.secretariats.models import Secretariat
from pemilu.testing.factories import Cast

# Register rows in the cast's regions: kantor camat Padang Hulu, kantor lurah Persiakan and
# Bandar Sono, the city government, and one kelurahan office in Karo (another kab/kota).
REGISTER = """nip,nama,instansi,jabatan,jenis_kepegawaian,kode_wilayah
198104232006042011,Nurhayati Siregar,Kecamatan Padang Hulu,Sekretaris Camat,PNS,12.76.01
198809102015031002,Rudi Hartono Nasution,Kecamatan Padang Hulu,Kepala Seksi Pemerintahan,PNS,12.76.01
199001012015031003,Maya Lubis,Kecamatan Padang Hulu,Kepala Seksi Trantib,PNS,12.76.01
199102022015032004,Agus Pohan,Kecamatan Padang Hulu,Pengadministrasi Keuangan,PNS,12.76.01
199203032016031005,Rina Damanik,Kecamatan Bajenis,Pengelola Data,PNS,12.76.04
197305121998031004,Hasan Basri Lubis,Pemerintah Kota Tebing Tinggi,Analis Kebijakan,PNS,12.76
197912012005011006,Ahmad Syahputra,Kelurahan Persiakan,Sekretaris Lurah,PNS,12.76.01.1006
199502142022032009,Sri Wahyuni,Kelurahan Persiakan,Pengadministrasi Umum,PPPK,12.76.01.1006
199603152022031010,Fajar Sinaga,Kelurahan Persiakan,Pengelola Layanan,PPPK,12.76.01.1006
199704162022032011,Dewi Tanjung,Kelurahan Persiakan,Kepala Seksi Pemerintahan,PNS,12.76.01.1006
198606062010012014,Budi Santoso Harahap,Kelurahan Bandar Sono,Sekretaris Lurah,PNS,12.76.01.1007
,Sutrisno,Kelurahan Persiakan,Petugas Administrasi,non_asn_apbd,12.76.01.1006
"""
KARO = """nip,nama,instansi,jabatan,jenis_kepegawaian,kode_wilayah
198001012005011099,Kacaribu Sembiring,Desa Kacaribu,Sekretaris Desa,PNS,12.06.01.2001
"""


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def election(db: None) -> Election:
    return get_or_create_pemilu_2024()


@pytest.fixture
def register(cast: Cast) -> dict[str, AsnEmployee]:
    import_employees(REGISTER.encode(), actor=cast.kpu_admin_a, filename="asn.csv")
    import_employees(KARO.encode(), actor=cast.kpu_admin_b, filename="asn-karo.csv")
    return {e.name.split()[0].lower(): e for e in AsnEmployee.objects.all()}


@pytest.fixture
def formed(cast: Cast, election: Election, register: dict[str, AsnEmployee]) -> dict[str, Secretariat]:
    """The secretariats of both kab/kota, keyed by region code."""
    actions.do_form_secretariats(election, "12.76", actor=cast.kpu_staff_a)
    actions.do_form_secretariats(election, "12.06", actor=cast.kpu_admin_b)
    return {s.region_id: s for s in Secretariat.objects.select_related("region", "election")}


def people(register: dict[str, AsnEmployee], *names: str) -> list[AsnEmployee]:
    return [register[n] for n in names]
