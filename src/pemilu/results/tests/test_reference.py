"""Dapil, parties and DPR candidates from the real 2024 files; contests a TPS votes in."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pemilu.accounts.actions import get_system_user
from pemilu.audit.models import AuditEvent
from pemilu.core.exceptions import ImportFailed
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.results.dapil import contest_codes_for_tps, tps_in_contest
from pemilu.results.models import BallotCandidate, Contest, Dapil
from pemilu.results.reference import do_import_reference

SHARED = Path(os.environ.get("PEMILU_SHARED_DATA", Path(__file__).resolve().parents[5] / "shared" / "data"))
pytestmark = pytest.mark.skipif(not (SHARED / "dapil2024_wilayah.csv").exists(),
                                reason=f"shared data not found at {SHARED} (set PEMILU_SHARED_DATA)")


def test_it_imports_every_dapil_party_and_candidate(db: None) -> None:
    election = get_or_create_pemilu_2024()
    result = do_import_reference(election, dapil_file=SHARED / "dapil2024_wilayah.csv",
                                 parties_file=SHARED / "dpr2024_national_official.csv",
                                 candidates_file=SHARED / "dcs_dpr2024_candidates.csv", actor=get_system_user())
    assert (result.dapil, result.parties, result.candidates) == (2710, 24, 9919)
    assert Dapil.objects.filter(district="dapil_dpr").count() == 84
    assert BallotCandidate.objects.count() == 9919
    # Kota Tebing Tinggi (domain.md / data README file 11): DPR Sumut I, DPRD Prov Sumut 4,
    # DPRD Kota dapil 2 = Padang Hulu + Bajenis.
    codes = contest_codes_for_tps(election, "12.76.01.1006.001")
    assert codes == ["ppwp", "dpr-1201", "dprd_prov-120004", "dprd_kab-127602", "dpd-12"]
    assert contest_codes_for_tps(election, "12.76.02.1001.001")[3] == "dprd_kab-127603"
    # Aceh's local parties stand in DPRA/DPRK, never on the DPR ballot.
    dpr_aceh = Contest.objects.get(code="dpr-1101")
    assert {c["party"] for c in dpr_aceh.choices} == {*range(1, 18), 24}
    assert any(c["key"] == "1.1" for c in dpr_aceh.choices)
    dpra = Contest.objects.filter(code__startswith="dprd_prov-11").first()
    assert dpra is not None and {18, 21} <= {c["party"] for c in dpra.choices}
    sumut = Contest.objects.get(code="dprd_prov-120004")
    assert 21 not in {c["party"] for c in sumut.choices}
    assert tps_in_contest(election, Contest.objects.get(code="dpr-1201"), "12.76.01.1006.001")
    assert not tps_in_contest(election, Contest.objects.get(code="dpr-1202"), "12.76.01.1006.001")
    assert AuditEvent.objects.filter(event_type="results.reference_imported").count() == 1


def test_it_rejects_a_bad_file_whole(db: None, tmp_path: Path) -> None:
    bad = tmp_path / "cands.csv"
    rows = (SHARED / "dcs_dpr2024_candidates.csv").read_text().splitlines()[:5]
    rows.append("9999,1,X,1,NAMA,L,KOTA")
    bad.write_text("\n".join(rows) + "\n")
    with pytest.raises(ImportFailed, match="baris 6, kolom kode_dapil"):
        do_import_reference(get_or_create_pemilu_2024(), dapil_file=SHARED / "dapil2024_wilayah.csv",
                            parties_file=SHARED / "dpr2024_national_official.csv", candidates_file=bad,
                            actor=get_system_user())
    assert not Dapil.objects.exists()


def test_it_takes_a_dpr_form_with_party_and_candidate_votes(cast: object) -> None:
    from pemilu.regions.models import Tps
    from pemilu.results.actions import ChecksFailed, do_submit_result
    from pemilu.results.models import EntryMode
    from pemilu.results.queries import totals
    from pemilu.results.tests.conftest import good_form, set_mode

    election = get_or_create_pemilu_2024()
    do_import_reference(election, dapil_file=SHARED / "dapil2024_wilayah.csv",
                        parties_file=SHARED / "dpr2024_national_official.csv",
                        candidates_file=SHARED / "dcs_dpr2024_candidates.csv", actor=get_system_user())
    contest = Contest.objects.get(code="dpr-1201")
    set_mode(contest, EntryMode.DIRECT)
    keys = contest.choice_keys()
    form = good_form()
    votes = dict.fromkeys(keys, 0)
    votes["3"], votes["3.1"], votes["2.2"], votes["5"] = 60, 50, 40, 22  # Σ = 172 = suara sah
    form["votes"] = votes
    kpps = cast.kpps_a1  # type: ignore[attr-defined]
    tps = Tps.objects.get(code="12.76.01.1006.001")
    bad = dict(form, votes=dict(votes, **{"3.1": 51}))
    with pytest.raises(ChecksFailed, match="E4"):
        do_submit_result(contest, tps, bad, actor=kpps)
    do_submit_result(contest, tps, form, actor=kpps)
    got = totals(contest, "12.76")
    assert got["votes"]["3.1"] == 50 and got["suara_sah"] == 172 and got["accepted"] == 1


def test_a_dpr_form_for_a_tps_outside_the_dapil_is_refused_by_the_import_and_the_action(cast: object) -> None:
    """Issue 18 item 2: the rule lives in the writers, not only in the pages that call them."""
    from pemilu.core.exceptions import DomainError
    from pemilu.regions.models import Tps
    from pemilu.results.actions import do_submit_result
    from pemilu.results.importers import do_import_results
    from pemilu.results.models import Result
    from pemilu.results.tests.conftest import good_form

    election = get_or_create_pemilu_2024()
    do_import_reference(election, dapil_file=SHARED / "dapil2024_wilayah.csv",
                        parties_file=SHARED / "dpr2024_national_official.csv",
                        candidates_file=SHARED / "dcs_dpr2024_candidates.csv", actor=get_system_user())
    other = Contest.objects.get(code="dpr-1202")  # Persiakan (Tebing Tinggi) votes in dpr-1201
    form = good_form()
    form["votes"] = {**dict.fromkeys(other.choice_keys(), 0), "3": 172}
    lines = ["tps_code,contest,field,value"]
    for tps, contest in (("12.76.01.1006.001", "dpr-1201"), ("12.76.01.1006.001", "dpr-1202")):
        votes = {**dict.fromkeys(Contest.objects.get(code=contest).choice_keys(), 0), "3": 172}
        lines += [f"{tps},{contest},{k},{v}" for k, v in form.items() if k != "votes"]
        lines += [f"{tps},{contest},votes.{k},{v}" for k, v in votes.items()]
    first_bad = 2 + lines[1:].index(f"12.76.01.1006.001,dpr-1202,{next(iter(form))},{form['dpt_l']}")
    kpu = cast.kpu_admin_a  # type: ignore[attr-defined]
    with pytest.raises(ImportFailed) as failed:
        do_import_results("\n".join(lines).encode(), election=election, actor=kpu, filename="dpr.csv")
    assert [(e.row, e.column) for e in failed.value.errors] == [(first_bad, "tps_code")]
    assert "12.76.01.1006.001" in failed.value.errors[0].message
    assert "tidak memilih" in failed.value.errors[0].message
    assert not Result.objects.exists() and not AuditEvent.objects.filter(event_type="results.imported").exists()
    with pytest.raises(DomainError, match="tidak memilih"):
        do_submit_result(other, Tps.objects.get(code="12.76.01.1006.001"), form, actor=kpu)
    assert not Result.objects.exists()
