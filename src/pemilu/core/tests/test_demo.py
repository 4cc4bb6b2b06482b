import pytest
from django.core.management import call_command

from pemilu.accounts.models import RoleAssignment, User
from pemilu.audit.models import AuditEvent
from pemilu.audit.verify import verify_chains
from pemilu.regions.models import Region, Tps

pytestmark = pytest.mark.django_db


def test_demo_loads_tebing_tinggi_and_is_safe_to_rerun(capsys) -> None:
    call_command("demo")
    call_command("demo")
    assert Region.objects.filter(parent__code="12.76").count() == 5
    assert Region.objects.filter(kab_code="12.76", level=4).count() == 35
    assert Tps.objects.filter(kab_code="12.76").count() == 517
    assert Region.objects.get(code="12.76").tps_count == 517
    counts = {r.name: r.tps_count for r in Region.objects.filter(parent__code="12.76")}
    assert counts == {"Padang Hulu": 91, "Rambutan": 113, "Padang Hilir": 114, "Bajenis": 115,
                      "Tebing Tinggi Kota": 84}
    assert set(RoleAssignment.objects.values_list("role", flat=True)) == {
        "kpu_admin", "kpu_staff", "ppk", "pps", "kpps", "bawaslu", "pemantau", "pantarlih",
        "sekretariat",  # the demo's secretariat penetapan gives its staff accounts (issue 20 item 2)
        "penghubung"}  # a party's liaison officer (candidacy; its post needs PEMILU_VOTER_KEY: candidacy/tests)
    assert User.objects.get(username="pps.persiakan").check_password("pemilu-demo-2024")
    out = capsys.readouterr().out
    assert "pps.persiakan" in out and "pemilu-demo-2024" in out and "penghubung.gelora" in out
    assert verify_chains().ok
    # Every TPS of Tebing Tinggi has a (synthetic) address for Cek DPT, set through the audited action.
    assert not Tps.objects.filter(kab_code="12.76", address="").exists()
    assert AuditEvent.objects.filter(event_type="regions.tps_address_set").count() == 517  # the rerun adds none
