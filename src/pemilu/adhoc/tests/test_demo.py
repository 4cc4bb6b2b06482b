import io

import pytest
from django.core.management import call_command

from pemilu.adhoc import queries
from pemilu.adhoc.models import Applicant, Recruitment
from pemilu.audit.verify import verify_chains

pytestmark = pytest.mark.django_db


def test_demo_pps_recruitment_in_tebing_tinggi_with_pelita_short() -> None:
    call_command("demo", stdout=io.StringIO())
    rec = Recruitment.objects.get(body="pps", region_id="12.76")
    assert rec.areas.count() == 35 and rec.status == "registration"
    rows = queries.area_rows(rec)
    top = rows[0]
    assert (top.area.name, top.registrants, top.required, top.seats) == ("Pelita", 2, 6, 3)
    assert all(r.registrants >= 6 for r in rows[1:])
    assert Applicant.objects.filter(outcome__elig_outcome="met").count() == Applicant.objects.count() == 34 * 8 + 2
    first = list(Applicant.objects.order_by("id").values_list("nik", "name")[:3])
    call_command("demo", stdout=io.StringIO())   # deterministic and safe to re-run
    assert Applicant.objects.count() == 34 * 8 + 2
    assert list(Applicant.objects.order_by("id").values_list("nik", "name")[:3]) == first
    assert verify_chains().ok
