import pytest
from django.contrib.admin.sites import site
from django.test import Client, RequestFactory

from pemilu.accounts.actions import get_system_user
from pemilu.accounts.models import User
from pemilu.core.demo import load_regions, load_users
from pemilu.regions.models import Region

pytestmark = pytest.mark.django_db


def test_the_admin_shows_a_kpu_administrator_only_their_region() -> None:
    # The demo's regions and users are what this is about (the whole demo's elections, recruitments and
    # results are not, and cost ~18 s of CPU here): the two first demo loaders, as `pemilu demo` runs them.
    actor = get_system_user()
    load_regions(actor, lambda _line: None)
    load_users(actor, lambda _line: None)
    request = RequestFactory().get("/admin/regions/region/")
    request.user = User.objects.get(username="kpu.tebingtinggi")
    codes = set(site._registry[Region].get_queryset(request).values_list("code", flat=True))
    assert len(codes) == 41 and "12.76.01.1006" in codes and "12" not in codes
    client = Client()
    assert client.login(username="kpu.tebingtinggi", password="pemilu-demo-2024")
    assert client.get("/admin/regions/region/?q=Persiakan").status_code == 200
    assert client.get("/admin/regions/region/1/change/").status_code in (302, 404)  # province: outside scope
    pps = Client()
    assert pps.login(username="pps.persiakan", password="pemilu-demo-2024")
    assert pps.get("/admin/regions/region/").status_code == 302  # not staff: sent to the admin login
