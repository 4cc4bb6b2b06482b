"""Issue 22 item 2: eligibility per voting day, DPTb (reasons, deadlines, ballots by dapil) and DPK
(voting day, last hour, the TPS of the RT/RW, ballots left), feeding the TPS's voter counts."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from pemilu.audit.models import AuditEvent
from pemilu.core.exceptions import ConflictError, DomainError, NotFoundError, PermissionDeniedError
from pemilu.elections.models import Election
from pemilu.regions.models import Tps
from pemilu.results.models import Dapil, DapilArea
from pemilu.testing.factories import Cast
from pemilu.voters import crypto
from pemilu.voters.eligibility import eligibility, latest_birth_date
from pemilu.voters.models import Coklit, Transfer, Voter
from pemilu.voters.queries import voter_counts_for_tps
from pemilu.voters.rules import age_on, compose_nik
from pemilu.voters.tests.dpt_world import make_dpt
from pemilu.voters.transfer_rules import ballots_for_move, last_day, reasons, reasons_open
from pemilu.voters.transfers import DpkIn, do_record_dpk, do_register_transfer

PERSIAKAN, BANDAR_SONO, PELITA, KACARIBU = "12.76.01.1006", "12.76.01.1007", "12.76.04.1002", "12.06.01.2001"
VOTING_DAY = datetime.date(2024, 2, 14)
WIB = zoneinfo.ZoneInfo("Asia/Jakarta")

# Kota Tebing Tinggi: DPR Sumut I, DPRD Prov Sumut 4, DPRD Kota 1 = Padang Hilir + Tebing Tinggi Kota,
# 2 = Padang Hulu + Bajenis (shared/data README §11); Karo: DPR Sumut III, DPRD Prov Sumut 11.
MAPS = {"dapil_dpr": {"12.76": "1201", "12.06": "1203"}, "dapil_prov": {"12.76": "12-4", "12.06": "12-11"},
        "dapil_kab": {"12.76.03": "1276-1", "12.76.01": "1276-2", "12.76.04": "1276-2", "12.76.02": "1276-3"}}


def test_ballots_follow_the_districts_holding_both_places() -> None:
    assert ballots_for_move(f"{PERSIAKAN}.001", f"{BANDAR_SONO}.001", MAPS) == ["ppwp", "dpr", "dpd", "dprd_prov",
                                                                               "dprd_kab"]
    assert ballots_for_move(f"{PERSIAKAN}.001", "12.76.02.1001", MAPS) == ["ppwp", "dpr", "dpd", "dprd_prov"]
    assert ballots_for_move(f"{PERSIAKAN}.001", KACARIBU, MAPS) == ["ppwp", "dpd"]
    assert ballots_for_move(f"{PERSIAKAN}.001", "31.71.01.1001", MAPS) == ["ppwp"]


def test_reasons_are_the_regulations_nine_with_their_deadlines() -> None:
    assert len(reasons()) == 9
    assert sorted(r.code for r in reasons().values() if r.until_days_before == 7) == [
        "bencana", "rawat_inap", "tahanan", "tugas"]
    assert last_day(reasons()["pindah_domisili"], VOTING_DAY) == datetime.date(2024, 1, 15)  # H-30
    assert len(reasons_open(datetime.date(2024, 1, 15), VOTING_DAY)) == 9
    assert len(reasons_open(datetime.date(2024, 1, 16), VOTING_DAY)) == 4
    assert len(reasons_open(datetime.date(2024, 2, 7), VOTING_DAY)) == 4  # H-7
    assert reasons_open(datetime.date(2024, 2, 8), VOTING_DAY) == []


@given(st.dates(min_value=datetime.date(1950, 1, 1), max_value=datetime.date(2012, 12, 31)),
       st.dates(min_value=datetime.date(2019, 1, 1), max_value=datetime.date(2029, 12, 31)),
       st.sampled_from(["B", "S", "P"]))
def test_eligibility_is_17_on_the_day_or_married(birth: datetime.date, day: datetime.date, marital: str) -> None:
    decided = eligibility(birth, marital, day)
    assert decided.eligible == (age_on(birth, day) >= 17 or marital in ("S", "P"))
    assert (birth <= latest_birth_date(day)) == (age_on(birth, day) >= 17)
    assert decided.reason


def test_eligibility_per_voting_day_with_the_reason() -> None:
    born = datetime.date(2007, 6, 1)
    pemilu, pilkada = eligibility(born, "B", VOTING_DAY), eligibility(born, "B", datetime.date(2024, 11, 27))
    assert (pemilu.eligible, pemilu.code) == (False, "di_bawah_umur")
    assert (pilkada.eligible, pilkada.code) == (True, "umur") and "17" in pilkada.reason
    assert eligibility(born, "S", VOTING_DAY).code == "kawin"
    polri = eligibility(datetime.date(1990, 1, 1), "S", VOTING_DAY, not_eligible_reason="polri", reason_label="Polri")
    assert (polri.eligible, polri.code) == (False, "polri") and "Polri" in polri.reason


@pytest.fixture
def dpt(cast: Cast, election: Election, voter_key: str) -> list[Voter]:
    """Persiakan, Bandar Sono and Pelita mapped (cap 100) with their DPT set in KPU's plenary."""
    make_dpt(cast, election)
    for code, district, dapil in (("12.76", "dapil_dpr", "1201"), ("12.76", "dapil_prov", "12-4"),
                                  ("12.76.01", "dapil_kab", "1276-2"), ("12.76.04", "dapil_kab", "1276-2")):
        d, _ = Dapil.objects.get_or_create(election=election, district=district, code=dapil, defaults={"name": dapil})
        DapilArea.objects.create(dapil=d, district=district, region_code=code, region_name=code)
    from pemilu.core import cache
    cache.bump("results")
    return list(Voter.objects.filter(village__code=PERSIAKAN).exclude(coklit=Coklit.NOT_ELIGIBLE).order_by("id"))


@override_settings(PEMILU_TODAY="2024-01-20")
def test_transfer_registered_with_its_ballots_and_counted_at_the_destination(cast: Cast, election: Election,
                                                                           dpt: list[Voter]) -> None:
    voter = dpt[0]
    destination = Tps.objects.get(village__code=PELITA, number=1)
    transfer = do_register_transfer(voter, actor=cast.pps_a1, destination=destination.code, reason="tugas",
                                    note="dinas luar kota")
    assert transfer.ballots == ["ppwp", "dpr", "dpd", "dprd_prov", "dprd_kab"]  # same DPRD Kota dapil 2
    assert transfer.origin_tps_id == voter.tps_id and transfer.registered_on == datetime.date(2024, 1, 20)
    event = AuditEvent.objects.get(event_type="voters.transfer_registered")
    assert event.after["to"] == destination.code and event.actor_id == cast.pps_a1.pk  # type: ignore[index]
    counts = voter_counts_for_tps(election, destination)
    assert counts.dptb_j == 1 and counts.dpt_set and counts.ballots == counts.dpt_j + 1 + -(-counts.dpt_j * 2 // 100)
    with pytest.raises(ConflictError):
        do_register_transfer(voter, actor=cast.pps_a1, destination=destination.code, reason="tugas")
    # H-29: only the four reasons remain open.
    with pytest.raises(DomainError, match="H-30"):
        do_register_transfer(dpt[1], actor=cast.pps_a1, destination=destination.code, reason="pindah_domisili")
    across = do_register_transfer(dpt[1], actor=cast.kpu_staff_a, destination=KACARIBU, reason="rawat_inap")
    assert across.ballots == ["ppwp", "dpd"] and across.tps_id is None


@override_settings(PEMILU_TODAY="2024-01-20")
def test_transfer_scope_role_and_dpt(cast: Cast, election: Election, dpt: list[Voter]) -> None:
    with pytest.raises(NotFoundError):
        do_register_transfer(dpt[0], actor=cast.kpu_admin_b, destination=f"{PELITA}.001", reason="tugas")
    with pytest.raises(PermissionDeniedError):
        do_register_transfer(dpt[0], actor=cast.ppk_a1, destination=f"{PELITA}.001", reason="tugas")
    with pytest.raises(DomainError, match="alasan"):
        do_register_transfer(dpt[0], actor=cast.pps_a1, destination=f"{PELITA}.001", reason="liburan")
    assert not Transfer.objects.exists() and not AuditEvent.objects.filter(
        event_type="voters.transfer_registered").exists()


def dpk_person(village: str, rt: str, rw: str, serial: int = 77) -> DpkIn:
    born = datetime.date(1990, 3, 4)
    return DpkIn(compose_nik("127601", born, True, serial), "Sari Lubis", "P", born, "S", village, rt, rw)


def test_dpk_in_the_last_hour_at_the_tps_of_the_rt_rw(cast: Cast, election: Election, dpt: list[Voter]) -> None:
    mapped = Voter.objects.filter(village__code=PERSIAKAN, placement__tps__number=1).first()
    assert mapped is not None
    tps = Tps.objects.get(village__code=PERSIAKAN, number=1)
    person = dpk_person(PERSIAKAN, mapped.rt, mapped.rw)
    at = datetime.datetime(2024, 2, 14, 12, 20, tzinfo=WIB)
    with pytest.raises(DomainError, match="12.00"):
        do_record_dpk(tps, person, election=election, actor=cast.kpps_a1, ballots_left=5,
                      at=datetime.datetime(2024, 2, 14, 11, 59, tzinfo=WIB))
    with pytest.raises(DomainError, match="habis"):
        do_record_dpk(tps, person, election=election, actor=cast.kpps_a1, ballots_left=0, at=at)
    other = (Voter.objects.filter(village__code=PERSIAKAN).exclude(placement__tps=tps)
             .exclude(rt=mapped.rt, rw=mapped.rw).exclude(placement__tps__isnull=True).first())
    assert other is not None
    if not Voter.objects.filter(placement__tps=tps, rt=other.rt, rw=other.rw).exists():
        with pytest.raises(DomainError, match="RT/RW"):
            do_record_dpk(tps, dpk_person(PERSIAKAN, other.rt, other.rw), election=election, actor=cast.kpps_a1,
                          ballots_left=5, at=at)
    on_list = DpkIn(crypto.open_sealed(mapped.nik_sealed), mapped.name, mapped.sex, mapped.birth_date, mapped.marital,
                    PERSIAKAN, mapped.rt, mapped.rw)
    with pytest.raises(ConflictError):
        do_record_dpk(tps, on_list, election=election, actor=cast.kpps_a1, ballots_left=5, at=at)
    with pytest.raises(PermissionDeniedError):
        do_record_dpk(tps, person, election=election, actor=cast.pps_a1, ballots_left=5, at=at)
    record = do_record_dpk(tps, person, election=election, actor=cast.kpps_a1, ballots_left=5, at=at)
    assert record.nik_hash == crypto.number_hash(person.nik) and person.nik not in record.nik_sealed
    event = AuditEvent.objects.get(event_type="voters.dpk_recorded")
    assert person.nik not in str(event.after) and event.after["nik"] == crypto.mask(person.nik)  # type: ignore[index]
    with pytest.raises(ConflictError):
        do_record_dpk(tps, person, election=election, actor=cast.kpps_a1, ballots_left=4, at=at)
    counts = voter_counts_for_tps(election, tps)
    assert (counts.dpk_l, counts.dpk_p) == (0, 1)
    assert counts.as_fields()["pengguna_dpk_j"] == 1 and counts.as_fields()["dpt_j"] == counts.dpt_j


def test_the_c_hasil_starts_from_the_dptb_and_dpk_of_its_tps(cast: Cast, election: Election,
                                                            dpt: list[Voter]) -> None:
    """Item 2: pengguna DPTb/DPK on the C.Hasil start from the DPTb registered to the TPS and the DPK
    recorded there; more DPTb than registered is W4, a DPK figure that differs is W5 — on the page
    and in the action the API calls; a TPS without its DPT set has no reference."""
    import re

    from django.test import Client

    from pemilu.accounts.actions import get_system_user
    from pemilu.results import checks
    from pemilu.results.actions import do_submit_result
    from pemilu.results.entry import ChecksFailed, dpt_reference
    from pemilu.results.reference import do_setup_ppwp
    from pemilu.testing.factories import PASSWORD

    persiakan, pelita = f"{PERSIAKAN}.001", f"{PELITA}.001"
    with override_settings(PEMILU_TODAY="2024-01-20"):
        do_register_transfer(dpt[0], actor=cast.pps_a1, destination=pelita, reason="tugas")
    mapped = Voter.objects.filter(village__code=PERSIAKAN, placement__tps__code=persiakan).first()
    assert mapped is not None
    do_record_dpk(Tps.objects.get(code=persiakan), dpk_person(PERSIAKAN, mapped.rt, mapped.rw), election=election,
                  actor=cast.kpps_a1, ballots_left=5, at=datetime.datetime(2024, 2, 14, 12, 20, tzinfo=WIB))
    reference = dpt_reference(election.pk, [persiakan, pelita, "12.76.02.1001.001"])
    assert "12.76.02.1001.001" not in reference  # no DPT set there: nothing to compare
    assert (reference[pelita]["dptb_set_j"], reference[pelita]["dpk_set_j"]) == (1, 0)
    assert (reference[persiakan]["dptb_set_j"], reference[persiakan]["dpk_set_p"],
            reference[persiakan]["dpk_set_j"]) == (0, 1, 1)
    # The checks: one DPTb voter more than registered (W4), a DPK count that differs (W5).
    form = {"pengguna_dptb_l": 1, "pengguna_dptb_p": 1, "pengguna_dptb_j": 2,
            "pengguna_dpk_l": 0, "pengguna_dpk_p": 0, "pengguna_dpk_j": 0}
    assert "W4" in checks.run_checks(form, reference[pelita]) and "W5" not in checks.run_checks(form, reference[pelita])
    assert "W5" in checks.run_checks(form, reference[persiakan])  # one DPK voter recorded there, 0 typed
    assert "W4" not in checks.run_checks({**form, "pengguna_dptb_l": 0, "pengguna_dptb_p": 0, "pengguna_dptb_j": 0},
                                         reference[pelita])  # a registered DPTb voter who did not come
    assert not {"W4", "W5"} & set(checks.run_checks(form))  # no reference: skipped
    # The page starts from them; the action (page and API alike) asks a reason for W5.
    ppwp = do_setup_ppwp(election, actor=get_system_user())
    client = Client()
    assert client.login(username=cast.kpps_a1.username, password=PASSWORD)
    html = client.get(f"/hasil/tps/{persiakan}/ppwp/isi/").content.decode()
    shown = dict(re.findall(r'name="(pengguna_dp(?:tb|k)_[lpj])"[^>]*value="([^"]*)"', html))
    assert shown == {"pengguna_dptb_l": "0", "pengguna_dptb_p": "0", "pengguna_dptb_j": "0",
                     "pengguna_dpk_l": "0", "pengguna_dpk_p": "1", "pengguna_dpk_j": "1"}
    assert "data-movers-set" in html and 'data-field="dpk_set_j" value="1"' in html
    with pytest.raises(ChecksFailed, match="W5"):
        do_submit_result(ppwp, Tps.objects.get(code=persiakan), {**form, "pengguna_dptb_l": 0, "pengguna_dptb_p": 0,
                                                                 "pengguna_dptb_j": 0, "suara_sah": 0,
                                                                 "votes": {"1": 0, "2": 0, "3": 0}},
                         actor=cast.kpps_a1)
