"""benchmarks/adhoc_national.py at toy size, so the benchmark code cannot rot: the same generator,
loader and timed pipeline on a few hundred applicants of Kota Tebing Tinggi, checked against the
Python evaluator. No assertion on time (benchmarks are never timed tests)."""

from __future__ import annotations

from importlib.resources import files

import pytest

from pemilu.accounts.actions import get_system_user
from pemilu.adhoc.models import Applicant, ApplicantDocument, Area, Outcome, PartyMembership
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.regions.importers import import_regions, import_tps
from pemilu.testing.benchmarks import load


@pytest.mark.django_db(transaction=True)
def test_the_national_benchmark_runs_at_toy_size() -> None:
    bench = load("adhoc_national")
    data = files("pemilu.regions") / "data"
    actor = get_system_user()
    import_regions(data.joinpath("tebingtinggi_wilayah.csv").read_bytes(), actor=actor, filename="w.csv")
    import_tps(data.joinpath("tebingtinggi_tps2024.csv").read_bytes(), actor=actor, filename="t.csv")
    election = get_or_create_pemilu_2024()

    recs = bench.create_recruitments(election, ["12.76"], max_tps=40)
    gen = bench.generate(recs, mean=7.3)
    assert Area.objects.count() == gen.areas == 40
    assert 150 < Applicant.objects.count() == gen.applicants < 600
    assert ApplicantDocument.objects.count() == gen.documents
    assert PartyMembership.objects.count() == gen.party_rows > 0
    assert Outcome.objects.count() == gen.applicants  # bulk.ensure_outcomes ran

    messages: list[str] = []
    times = bench.run_pipeline(recs, progress=messages.append)
    assert [name for name, _fn, _counted in bench.pipeline()] == list(times) and len(messages) == len(times)

    # Every area sampled: each applicant's bitmasks and every final rank equal the Python path.
    checked, ranked, bad, problems = bench.check_sample(recs, n_areas=40)
    assert bad == 0, problems
    assert checked == Applicant.objects.exclude(status="withdrawn").count()
    assert ranked == Outcome.objects.filter(final_rank__isnull=False).count() > 0
    counts = bench.outcome_counts()
    assert {"elig:met", "elig:not_met", "elig:needs_evidence", "selection:member"} <= set(counts)
    # At most 7 members per TPS (KPPS seats), never more.
    per_area = Outcome.objects.filter(selection="member").values_list("area_id", flat=True)
    assert max(list(per_area).count(a) for a in set(per_area)) <= 7
