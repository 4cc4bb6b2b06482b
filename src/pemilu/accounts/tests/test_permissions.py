import pytest

from pemilu.accounts.permissions import can, ensure_can
from pemilu.core.exceptions import NotFoundError, PermissionDeniedError
from pemilu.regions.models import Region, Tps
from pemilu.testing.factories import Cast


def test_a_pps_member_sees_only_their_kelurahan(cast: Cast) -> None:
    regions = set(Region.objects.visible_to(cast.pps_a1).values_list("code", flat=True))
    assert regions == {"12.76.01.1006"}
    tps = set(Tps.objects.visible_to(cast.pps_a1).values_list("code", flat=True))
    assert tps == {"12.76.01.1006.001", "12.76.01.1006.002", "12.76.01.1006.003"}


def test_a_kpps_member_sees_only_their_tps(cast: Cast) -> None:
    assert list(Tps.objects.visible_to(cast.kpps_a1).values_list("code", flat=True)) == ["12.76.01.1006.001"]
    assert not Region.objects.visible_to(cast.kpps_a1).exists()


def test_kpu_of_one_kabkota_sees_nothing_of_another(cast: Cast) -> None:
    codes = set(Region.objects.visible_to(cast.kpu_admin_b).values_list("code", flat=True))
    assert codes == {"12.06", "12.06.01", "12.06.01.2001"}
    assert not Region.objects.visible_to(cast.nobody).exists()


def test_ensure_can_answers_404_outside_scope_and_403_inside(cast: Cast) -> None:
    ensure_can(cast.kpu_admin_a, "regions.import", "12.76.01")
    with pytest.raises(NotFoundError):
        ensure_can(cast.kpu_admin_b, "regions.import", "12.76.01")
    with pytest.raises(PermissionDeniedError):
        ensure_can(cast.pps_a1, "audit.view", "12.76.01.1006")
    assert can(cast.bawaslu_a, "audit.view", "12.76.04.1002")
    assert not can(cast.bawaslu_a, "regions.import", "12.76")
    with pytest.raises(KeyError):
        can(cast.kpu_admin_a, "no.such.action", "12.76")
