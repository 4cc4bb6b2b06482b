from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from pemilu.adhoc import actions
from pemilu.adhoc.demo import demo_pdf
from pemilu.adhoc.models import Applicant, Recruitment
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.elections.models import Election
from pemilu.testing.factories import Cast

PDF = demo_pdf("test")
DOCS = ("ktp", "ijazah", "pernyataan", "sehat")


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def election(db: None) -> Election:
    return get_or_create_pemilu_2024()


@pytest.fixture
def kpu_ri(db: None) -> Any:
    """KPU RI administrator (national scope): sets the per-election rules."""
    from pemilu.testing.factories import make_user

    return make_user("kpu_ri", "kpu_admin", "")


@pytest.fixture
def rec(cast: Cast, election: Election) -> Recruitment:
    """PPS recruitment in Kota Tebing Tinggi (factory regions: Persiakan, Bandar Sono, Pelita), open."""
    r = actions.do_create_recruitment(election, "pps", "12.76", actor=cast.kpu_staff_a)
    return actions.do_open_registration(r, actor=cast.kpu_staff_a, start=datetime.date(2022, 12, 18),
                                        end=datetime.date(2022, 12, 27))


_serial = iter(range(1, 10**6))


def nik(area_code: str = "12.76.01.1006", n: int | None = None) -> str:
    return f"127601{(n if n is not None else next(_serial)):010d}"


def data(area_code: str = "12.76.01.1006", **over: Any) -> actions.ApplicantData:
    values: dict[str, Any] = dict(area_code=area_code, nik=nik(area_code), name="Siti Lubis", gender="P",
                                  birth_date=datetime.date(1990, 5, 1), domicile_code=area_code, education=3,
                                  sentence_years=0, health="fit", phone="081200001111", address="Jl. Sudirman 1")
    values.update(over)
    return actions.ApplicantData(**values)


def register(rec: Recruitment, actor: Any, docs: bool = True, **over: Any) -> Applicant:
    a = actions.do_register(rec, data(**over), actor=actor)
    if docs:
        for kind in DOCS:
            actions.do_upload_document(a, kind, f"{kind}.pdf", PDF, actor=actor)
    a.refresh_from_db()
    return a


def select_and_appoint(rec: Recruitment, staff: Any, sk_date: datetime.date) -> None:
    """Registration closed → administrative check → written test and interview (scores made up from
    the order of registration) → final ranking → appointment, through the actions."""
    from pemilu.adhoc import queries

    actions.do_close_registration(rec, actor=staff)
    actions.do_verify_eligible(rec, actor=staff)
    actions.do_announce_admin(rec, actor=staff)
    ms = list(queries.active(rec).filter(admin_result="ms").order_by("id"))
    written = "nik,nilai\n" + "".join(f"{a.nik},{70 + i}\n" for i, a in enumerate(ms))
    actions.do_import_scores(rec, written.encode(), actor=staff, which="written", filename="cat.csv")
    actions.do_announce_written(rec, actor=staff)
    interview = "nik,nilai\n" + "".join(f"{a.nik},{80 - (i % 5)}\n" for i, a in enumerate(ms))
    actions.do_import_scores(rec, interview.encode(), actor=staff, which="interview", filename="w.csv")
    actions.do_announce_final(rec, actor=staff)
    actions.do_appoint(rec, actor=staff, sk_number="12/PP.04.2-Kpt/1276/2023", sk_date=sk_date)
