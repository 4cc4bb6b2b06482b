from pemilu.adhoc import queries
from pemilu.adhoc.models import Applicant, Recruitment
from pemilu.audit.verify import verify_chains
from pemilu.testing.demo import SharedDemo


# That a second load leaves the same applicants (deterministic): core/tests/test_demo.py.
def test_demo_pps_recruitment_in_tebing_tinggi_with_pelita_short(shared_demo: SharedDemo) -> None:
    rec = Recruitment.objects.get(body="pps", region_id="12.76")
    assert rec.areas.count() == 35 and rec.status == "registration"
    rows = queries.area_rows(rec)
    top = rows[0]
    assert (top.area.name, top.registrants, top.required, top.seats) == ("Pelita", 2, 6, 3)
    assert all(r.registrants >= 6 for r in rows[1:])
    assert Applicant.objects.filter(outcome__elig_outcome="met").count() == Applicant.objects.count() == 34 * 8 + 2
    assert verify_chains().ok
