"""Issue 19 item 4: the overseas recap. Each PPLN recaps its TPSLN/KSK/POS in its own plenary
(window: the builtin schedule's ``rekap-ppln``, 15-22 Feb 2024), and KPU recaps the PPLN results as
one unit - region 99, one row of the national recap beside the provinces - at the national level
(PKPU 5/2024). No country and no provincial level overseas."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from django.test import Client

from pemilu.accounts.actions import get_system_user
from pemilu.accounts.models import User
from pemilu.core.exceptions import DomainError, PermissionDeniedError, TransitionBlocked
from pemilu.regions.importers import import_tps
from pemilu.regions.models import Tps
from pemilu.results import queries, rules
from pemilu.results.actions import do_enter_recap_sheet, do_lock_plenary, do_reopen_plenary, do_submit_result
from pemilu.results.models import Contest, EntryMode, PlenaryStatus
from pemilu.results.reference import config_for
from pemilu.results.tests.conftest import good_form, set_mode
from pemilu.schedule.actions import do_load_builtin_schedule
from pemilu.schedule.models import Stage
from pemilu.testing.factories import PASSWORD, Cast, attend_plenary, make_user

D = datetime.date
# Two countries, three PPLN, TPSLN/KSK/POS points as in tps2024_per_desa.csv (rows 99…).
OVERSEAS_TPS = (
    "kode_desa,provinsi,kabkota,kecamatan,desa_kelurahan,tps_count,tps_max_no,ext_tps_from,ext_tps_to\n"
    "9901010001,LUAR NEGERI,BRUNEI DARUSSALAM,KBRI BANDAR SERI BEGAWAN,TPS,2,2,,\n"
    "9901010002,LUAR NEGERI,BRUNEI DARUSSALAM,KBRI BANDAR SERI BEGAWAN,POS,1,-26,,\n"
    "9905010001,LUAR NEGERI,MALAYSIA,KBRI KUALA LUMPUR,KSK,1,1,,\n"
    "9905010003,LUAR NEGERI,MALAYSIA,KBRI KUALA LUMPUR,TPS,2,2,,\n"
    "9905020001,LUAR NEGERI,MALAYSIA,KJRI JOHOR BAHRU,TPS,1,1,,\n"
)
PPLN = ["99.01.01", "99.05.01", "99.05.02"]


@pytest.fixture
def overseas(cast: Cast, ppwp: Contest) -> Iterator[Contest]:
    import_tps(OVERSEAS_TPS.encode(), actor=get_system_user(), filename="ln.csv", create_missing=True)
    do_load_builtin_schedule("pemilu-2024", actor=get_system_user())
    set_mode(ppwp, EntryMode.DIRECT)
    yield ppwp


@pytest.fixture
def kpu_ri(db: None) -> User:
    return make_user("kpu_ri", "kpu_admin", "")


def _fill_overseas(contest: Contest, actor: User, a: int = 47) -> None:
    for tps in Tps.objects.filter(prov_code="99").order_by("code"):
        do_submit_result(contest, tps, good_form(a=a), actor=actor)


def test_the_builtin_schedule_has_the_ppln_window(overseas: Contest) -> None:
    stage = Stage.objects.select_related("parent").get(election=overseas.election, code="rekap-ppln", region_code="")
    assert (stage.start, stage.end) == (D(2024, 2, 15), D(2024, 2, 22))
    assert stage.parent is not None and stage.parent.code == "rekapitulasi"
    parent = stage.parent
    assert parent.start and parent.end and stage.start and stage.end
    assert parent.start <= stage.start <= stage.end <= parent.end
    # UU 7/2017 Pasal 413(1): determined at the latest 35 days after voting (20 Mar 2024).
    assert stage.end <= overseas.election.voting_day + datetime.timedelta(days=35)
    assert "PKPU 5/2024" in stage.source


def test_the_overseas_unit_is_one_row_of_the_national_recap(overseas: Contest, kpu_ri: User) -> None:
    contest = overseas
    _fill_overseas(contest, kpu_ri)
    rows = {r["code"]: r for r in queries.recap_children(contest, "")}
    assert "99" in rows and "12" in rows
    ln = rows["99"]
    # 7 TPSLN/KSK/POS, every one accepted, 47 votes for paslon 1 each.
    assert (ln["expected"], ln["accepted"], ln["votes"]["1"]) == (7, 7, 7 * 47)
    # The unit's window is the national recap's (KPU recaps it); the provinces keep theirs.
    assert ln["deadline"] == "2024-03-20" and ln["window_start"] == "2024-02-22"
    assert rows["12"]["deadline"] == "2024-03-10"
    groupby = {r["code"]: r for r in queries.recap_children(contest, "", "groupby")}
    assert groupby["99"]["votes"] == ln["votes"]


def test_region_99_lists_its_ppln_with_their_window(overseas: Contest, kpu_ri: User) -> None:
    contest = overseas
    rows = queries.recap_children(contest, "99")
    assert [r["code"] for r in rows] == PPLN  # PPLN directly: no country level in between
    assert {(r["window_start"], r["deadline"]) for r in rows} == {("2024-02-15", "2024-02-22")}
    assert [r["expected"] for r in rows] == [3, 3, 1]
    # A country is not a recap level: its page lists its PPLN without a plenary of its own.
    assert [r["code"] for r in queries.recap_children(contest, "99.05")] == ["99.05.01", "99.05.02"]
    assert not queries.is_recap_region(contest, "99.05")
    assert queries.is_recap_region(contest, "99") and queries.is_recap_region(contest, "99.05.01")
    standing = queries.deadline_of(contest, "99.05.01", D(2024, 2, 23))
    assert standing is not None and standing["state"] == rules.OVERDUE


def test_ppln_plenaries_then_the_unit_then_the_nation(overseas: Contest, kpu_ri: User, cast: Cast) -> None:
    contest = overseas
    _fill_overseas(contest, kpu_ri)
    with pytest.raises(DomainError, match="bukan tingkat rekapitulasi"):
        do_lock_plenary(contest, "99.05", actor=kpu_ri)
    with pytest.raises(TransitionBlocked, match="3 rapat pleno tingkat bawah"):
        do_lock_plenary(contest, "99", actor=kpu_ri)
    # The PPLN (a PPK-slot role held at the PPLN's code) locks its own plenary.
    ppln_kl = make_user("ppln_kl", "ppk", "99.05.01")
    for code in ("99.05.01", "99.01.01", "99.05.02", "99"):
        attend_plenary(contest, code, kpu_ri)
    do_lock_plenary(contest, "99.05.01", actor=ppln_kl)
    for code in ("99.01.01", "99.05.02"):
        do_lock_plenary(contest, code, actor=kpu_ri)
    # Region 99 has no KPU of its own: a KPU role held at 99 may not hold its plenary.
    kpu_ln = make_user("kpu_ln", "kpu_admin", "99")
    with pytest.raises(PermissionDeniedError, match="tingkat nasional"):
        do_lock_plenary(contest, "99", actor=kpu_ln)
    unit = do_lock_plenary(contest, "99", actor=kpu_ri)
    assert unit.status == PlenaryStatus.LOCKED and unit.frozen["votes"]["1"] == 7 * 47
    # The national plenary waits for the 38 provinces and the overseas unit alike.
    with pytest.raises(TransitionBlocked) as exc:
        do_lock_plenary(contest, "", actor=kpu_ri)
    assert any(b.code == "children_open" for b in exc.value.blockers)
    rows = {r["code"]: r for r in queries.recap_children(contest, "")}
    assert rows["99"]["plenary"] == PlenaryStatus.LOCKED and rows["12"]["plenary"] == PlenaryStatus.OPEN


def test_the_level_above_a_ppln_is_kpu_national(overseas: Contest, kpu_ri: User) -> None:
    contest = overseas
    _fill_overseas(contest, kpu_ri)
    attend_plenary(contest, "99.05.02", kpu_ri)
    ppln = do_lock_plenary(contest, "99.05.02", actor=kpu_ri)
    country_kpu = make_user("kpu_my", "kpu_admin", "99.05")
    with pytest.raises(PermissionDeniedError):
        do_reopen_plenary(ppln, actor=country_kpu, reason="keberatan saksi")
    reopened = do_reopen_plenary(ppln, actor=kpu_ri, reason="keberatan saksi")
    assert reopened.status == PlenaryStatus.OPEN


def test_the_units_d_hasil_is_typed_per_ppln(overseas: Contest, kpu_ri: User) -> None:
    contest = overseas
    _fill_overseas(contest, kpu_ri)
    rows = {code: {**{k: 0 for k in contest.choice_keys()}, "_sah": 0, "_tidak_sah": 0} for code in PPLN}
    for code, n in zip(PPLN, (3, 3, 1), strict=True):  # points per PPLN
        rows[code].update({"1": 47 * n, "2": 85 * n, "3": 40 * n, "_sah": 172 * n, "_tidak_sah": 6 * n})
    sheet = do_enter_recap_sheet(contest, "99", rows, actor=kpu_ri)
    assert queries.sheet_comparison(contest, "99", sheet) == []


def test_the_overseas_chain_is_configuration(overseas: Contest, kpu_ri: User) -> None:
    contest = overseas
    config = config_for(contest.election)
    assert config.overseas_recap_stages == {"3": "rekap-ppln", "1": "rekap-nasional"}
    config.overseas_recap_stages = {}  # overseas like a province: PPLN, country, 99 as KPU Provinsi
    config.save()
    assert queries.is_recap_region(contest, "99.05")
    assert [r["code"] for r in queries.recap_children(contest, "99")] == ["99.01", "99.05"]
    standing = queries.deadline_of(contest, "99.05.01")
    assert standing is not None and standing["stage"] == "rekap-kecamatan"


def test_the_recap_page_of_region_99(overseas: Contest, kpu_ri: User) -> None:
    client = Client()
    client.login(username="kpu_ri", password=PASSWORD)
    page = client.get(f"/hasil/rekap/{overseas.code}/99/").content.decode()
    assert all(code in page for code in PPLN) and "99.05/" not in page
    national = client.get(f"/hasil/rekap/{overseas.code}/nasional/").content.decode()
    assert "Luar Negeri" in national and "/99/" in national


def test_the_rules_of_the_chains() -> None:
    overseas = {"3": "rekap-ppln", "1": "rekap-nasional"}
    home = [3, 2, 1, 0]
    assert rules.chain_levels("99.05.01", home, overseas) == [3, 1, 0]
    assert rules.chain_levels("12.76", home, overseas) == [3, 2, 1, 0]
    assert rules.chain_levels("99", home, {}) == [3, 2, 1, 0]
    assert rules.child_level("99", [3, 1, 0]) == 3 and rules.child_level("99.05", [3, 1, 0]) == 3
    assert rules.child_level("", [3, 2, 1, 0]) == 1 and rules.child_level("12.76.01", [3, 2, 1, 0]) == 4
    assert rules.recap_region_above("99.05.01", [3, 1, 0]) == "99"
    assert rules.recap_region_above("12.76.01", [3, 2, 1, 0]) == "12.76"
    assert rules.holder_scope("99") == "" and rules.holder_scope("12") == "12"
    assert rules.stage_for("99", 1, home, {"1": "rekap-provinsi"}, overseas) == "rekap-nasional"
    assert rules.stage_for("12", 1, home, {"1": "rekap-provinsi"}, overseas) == "rekap-provinsi"
    assert rules.stage_for("99.05", 2, home, {"2": "rekap-kabkota"}, overseas) is None
