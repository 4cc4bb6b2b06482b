"""benchmarks/dpr_elected.py at test size (issue 21 item 8): the same generator, the election-night
ingest path, the plenary locks and the allocation from the locked recap, for three whole DPR
dapil on a synthetic region tree (fewer TPS than in reality, so a TPS carries up to ~900 votes
and W1 is acknowledged). Runs on SQLite and PostgreSQL; no assertion on time.

And, on its way, that a DPR contest's plenary at the province and national level waits only for
its dapil's TPS and kab/kota (before results/areas.py it waited for the whole province's, so no
province with two dapil or more could lock its DPR recap)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from types import ModuleType
from typing import Any

import pytest

from pemilu.core.exceptions import TransitionBlocked
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.regions.importers import import_regions, import_tps
from pemilu.results import queries
from pemilu.results.models import Contest, EntryMode, Plenary, PlenaryStatus
from pemilu.results.plenaries import do_lock_plenary
from pemilu.results.reference import config_for, do_import_reference
from pemilu.testing.benchmarks import load
from pemilu.testing.factories import make_user

# Three whole-province dapil of 3 seats each (Papua Selatan, Papua Barat, Kalimantan Utara): with
# the threshold computed over them, the same ten parties fall below 4 % as nationally in 2024.
DAPILS = {"9301": 337, "9201": 357, "6501": 422}  # dapil → TPS (≈ 900 valid votes each)


def _csv(header: list[str], rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def build_tree(kabs: dict[str, int], actor: Any) -> None:
    """Each kab/kota ``PP.KK`` with two kecamatan of two desa each, and ``n`` TPS over them."""
    regions: list[list[Any]] = []
    tps: list[list[Any]] = []
    for prov in sorted({k[:2] for k in kabs}):
        regions.append([prov, prov, f"Provinsi {prov}", "provinsi", "", ""])
    for kab, n in sorted(kabs.items()):
        regions.append([kab, kab.replace(".", ""), f"Kabupaten {kab}", "kabkota", kab[:2], "kabupaten"])
        desas = [f"{kab}.0{k}.200{d}" for k in (1, 2) for d in (1, 2)]
        for k in (1, 2):
            regions.append([f"{kab}.0{k}", f"{kab}.0{k}".replace(".", ""), f"Kecamatan {kab}.{k}", "kecamatan", kab,
                            ""])
        for i, desa in enumerate(desas):
            regions.append([desa, desa.replace(".", ""), f"Desa {desa}", "desa_kelurahan", desa.rsplit(".", 1)[0],
                            "desa"])
            count = n // 4 + (1 if i < n % 4 else 0)
            tps.append([desa.replace(".", ""), "P", "K", "C", "D", count, count, "", ""])
    import_regions(_csv(["kode", "kode_flat", "nama", "level", "parent_kode", "jenis"], regions), actor=actor,
                   filename="wilayah.csv")
    import_tps(_csv(["kode_desa", "provinsi", "kabkota", "kecamatan", "desa_kelurahan", "tps_count", "tps_max_no",
                     "ext_tps_from", "ext_tps_to"], tps), actor=actor, filename="tps.csv")


def reference(bench: ModuleType, dapil_kabs: dict[str, list[str]], seats: dict[str, int], actor: Any,
              candidates: bytes | None = None) -> None:
    election = get_or_create_pemilu_2024()
    config = config_for(election)
    config.entry_mode = EntryMode.DIRECT
    config.save()
    dapil_map = _csv(["jenis_dapil", "kode_dapil", "nama_dapil", "kode_wilayah", "tingkatan_wilayah", "nama_wilayah",
                      "is_pecah"],
                     [["DPR RI", code, f"DAPIL {code}", kab.replace(".", ""), "Kabupaten/Kota", kab, "False"]
                      for code, kabs in dapil_kabs.items() for kab in kabs])
    parties = _csv(["ballot_no", "party", "party_name"], [[n, p, p] for p, n in bench.BALLOT_NO.items()])
    do_import_reference(election, dapil_file=bench.dapil_map_csv(dapil_map, seats), parties_file=parties,
                        candidates_file=candidates, actor=actor)


@pytest.mark.django_db(transaction=True)
def test_the_dpr_benchmark_reproduces_seats_and_elected_from_the_locked_recap() -> None:
    bench = load("dpr_elected")
    kpu = make_user("kpu_ri", "kpu_admin", "")
    build_tree({f"{code[:2]}.0{i}": n // 2 + i % 2 * (n % 2) for code, n in DAPILS.items() for i in (1, 2)}, kpu)
    inp = bench.load_inputs(bench.package_files(), DAPILS)
    reference(bench, {code: [f"{code[:2]}.01", f"{code[:2]}.02"] for code in DAPILS}, inp.seats, kpu,
              bench.candidates_csv(inp))
    assert inp.renamed > 0  # the DCS is not the final list: some elected names were put in

    stats = bench.ingest(inp, kpu, seed=2024, target=900, limit=980, progress=lambda _m: None)
    assert stats.refused == []
    assert stats.forms == sum(DAPILS.values())

    contests = list(Contest.objects.filter(kind__code="dpr").select_related("dapil").order_by("code"))
    locks = bench.lock_all(contests, kpu, progress=lambda _m: None)
    # per dapil: 4 kecamatan, 2 kab/kota, its province, the nation
    assert {k: v["plenaries"] for k, v in locks.items()} == {"ppk": 12, "kpu_kabkota": 6, "kpu_provinsi": 3,
                                                            "kpu": 3}

    outcome, recap = bench.allocate_from_locked_recap(inp, contests)
    seats, elected = bench.outcome_tables(outcome)
    check = bench.compare(inp, recap, seats, elected, outcome.threshold.excluded, national=False)
    assert check.differences == []
    assert set(outcome.threshold.excluded) == bench.BELOW_THRESHOLD_2024
    assert (check.seats_equal, check.seats) == (9, 9)
    assert (check.elected_equal, check.elected) == (9, 9)
    assert check.votes_equal == check.vote_cells == 3 * 18

    # The project's own path: pemilu.seats.from_recap stores the run from the locked recap, the
    # decree is published from it; seats and names are read back from the decree's members.
    published = bench.decree(kpu)
    assert published["status"] == "complete" and published["pdf_bytes"] > 0 and published["xlsx_bytes"] > 0
    assert Decimal(published["threshold_percent"]) == 4 and set(published["excluded"]) == bench.BELOW_THRESHOLD_2024
    check = bench.compare(inp, recap, published["seats"], published["elected"], published["excluded"], national=False)
    assert check.differences == []
    assert (check.seats_equal, check.elected_equal, published["elected_rows"]) == (9, 9, 9)


def test_the_generator_is_exact_and_puts_the_elected_on_top() -> None:
    bench = load("dpr_elected")
    inp = bench.load_inputs(bench.package_files())
    assert len(inp.votes) == 84 and sum(inp.seats.values()) == 580 and len(inp.members) == 580
    for code in ("3102", "1101", "9401"):  # the densest dapil, the first, a Papua one
        totals = bench.dapil_totals(inp, code, 2024)
        assert bench.party_votes(totals) == inp.votes[code]
        for (dapil, party), members in inp.by_party.items():
            if dapil != code:
                continue
            no = bench.BALLOT_NO[party]
            others = [v for k, v in totals.items() if k.startswith(f"{no}.")
                      and int(k.split(".")[1]) not in {m.ballot_no for m in members}]
            assert max(others, default=0) < min(m.votes for m in members)
        # as dense as the densest real dapil (DKI Jakarta II: 258 valid votes per TPS on average)
        tps = [f"31.71.01.{2001 + i // 999}.{i % 999 + 1:03d}" for i in range(sum(totals.values()) // 258)]
        forms = list(bench.tps_forms(tps, totals, f"x:{code}"))
        summed: dict[str, int] = {}
        for _code, body in forms:
            assert body["suara_sah"] == sum(body["votes"].values())
            assert body["dpt_j"] <= 300 and "acknowledgements" not in body
            for key, v in body["votes"].items():
                summed[key] = summed.get(key, 0) + v
        assert summed == {k: v for k, v in totals.items() if v}


@pytest.mark.django_db(transaction=True)
def test_a_dapil_contest_waits_only_for_its_own_regions() -> None:
    """Province 71 holds two DPR dapil: 7101 (71.01, 71.02) and 7102 (71.03). Only 7101's TPS
    vote in dpr-7101, so its province and national plenaries wait for those alone."""
    bench = load("dpr_elected")
    kpu = make_user("kpu_ri", "kpu_admin", "")
    build_tree({"71.01": 4, "71.02": 4, "71.03": 4}, kpu)
    reference(bench, {"7101": ["71.01", "71.02"], "7102": ["71.03"]}, {"7101": 3, "7102": 3}, kpu)
    contest = Contest.objects.get(code="dpr-7101")
    assert queries.totals(contest, "71")["expected"] == queries.totals(contest, "")["expected"] == 8
    assert [r["code"] for r in queries.recap_children(contest, "71")] == ["71.01", "71.02"]

    from pemilu.results.ingest import submit_batch

    tps = bench.dapil_tps(contest)
    assert len(tps) == 8
    forms = bench.tps_forms(tps, {str(n): 20 * n for n in bench.BALLOT_NO.values()}, "t", target=900, limit=980)
    answers = submit_batch(kpu, [{"tps": c, "contest": contest.code, "idempotency_key": c, **b} for c, b in forms])
    assert {a["status"] for a in answers} == {200}, answers[0]
    attend = bench._attendance() or (lambda *_a: None)  # the quorum, where the plenary minutes exist
    for code in [*bench.plenary_regions(tps, 3), "71.01", "71.02", "71", ""]:
        attend(contest, code, kpu)
    for code in bench.plenary_regions(tps, 3):
        do_lock_plenary(contest, code, actor=kpu)
    with pytest.raises(TransitionBlocked):  # its kab/kota are not locked yet
        do_lock_plenary(contest, "71", actor=kpu)
    for code in ("71.01", "71.02"):
        do_lock_plenary(contest, code, actor=kpu)
    do_lock_plenary(contest, "71", actor=kpu)
    national = do_lock_plenary(contest, "", actor=kpu)
    assert national.frozen["expected"] == national.frozen["accepted"] == 8
    assert sum(national.frozen["votes"].values()) == sum(20 * n for n in bench.BALLOT_NO.values())
    assert not Plenary.objects.filter(contest=contest, region_code="71.03").exists()
    assert Plenary.objects.filter(contest=contest, status=PlenaryStatus.LOCKED).count() == 2 * 2 + 2 + 1 + 1

