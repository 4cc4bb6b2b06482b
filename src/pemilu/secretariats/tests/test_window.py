"""PKPU 8/2022 Pasal 71–75: a PPS secretariat is formed from the PPS oath to 7 days after it. The oath
is the inauguration date of the PPS recruitment in ``pemilu.adhoc``; outside the window the keputusan
or penetapan is recorded with the reason shown (policy "warn", default) or refused ("refuse")."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from pemilu.accounts.models import User
from pemilu.adhoc import actions as adhoc_actions
from pemilu.adhoc.models import Recruitment
from pemilu.asn.models import AsnEmployee
from pemilu.audit.models import AuditEvent
from pemilu.core.exceptions import ConflictError, ImportFailed
from pemilu.elections.models import Election
from pemilu.secretariats import actions, importer, queries, rules
from pemilu.secretariats.models import Decision, Secretariat
from pemilu.testing.factories import PASSWORD, Cast, make_user

D = datetime.date
OATH = D(2023, 1, 24)


@given(st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 1, 1)), st.integers(-30, 30), st.integers(0, 14))
def test_window_check(oath: datetime.date, offset: int, days: int) -> None:
    on = oath + datetime.timedelta(days=offset)
    assert rules.formation_window_check(rules.BodyKind.PPS, oath, on, days).ok == (0 <= offset <= days)
    assert rules.formation_window_check(rules.BodyKind.PPK, oath, on, days).ok  # no window for the PPK
    assert rules.formation_window_check(rules.BodyKind.PPS, None, on, days).ok  # oath unknown: not checked
    assert rules.formation_window(oath, days) == (oath, oath + datetime.timedelta(days=days))


@pytest.fixture
def inaugurated(cast: Cast, election: Election) -> Recruitment:
    rec = adhoc_actions.do_create_recruitment(election, "pps", "12.76", actor=cast.kpu_staff_a)
    Recruitment.objects.filter(pk=rec.pk).update(status="inaugurated", inaugurated_on=OATH)
    return rec


def _forwarded(sec: Secretariat, employee: AsnEmployee, staff: User) -> int:
    c = actions.do_propose(sec, "sekretaris", employee, actor=staff)
    actions.do_forward(sec, actor=staff, on=D(2023, 1, 24))
    return c.pk


def test_warn_by_default_with_the_reason_kept_shown_and_audited(
        cast: Cast, election: Election, formed: dict[str, Secretariat], register: dict[str, AsnEmployee],
        inaugurated: Recruitment) -> None:
    staff = cast.kpu_staff_a
    persiakan = formed["12.76.01.1006"]
    assert queries.pps_oath_date(persiakan) == OATH and queries.pps_oath_date(formed["12.76.01"]) is None
    c = _forwarded(persiakan, register["ahmad"], staff)
    d = actions.do_pick(persiakan, [c], actor=staff, number="800/1", date=D(2023, 2, 6))
    assert "di luar jendela pembentukan" in d.window_warning and "31-01-2023" in d.window_warning
    ev = AuditEvent.objects.filter(event_type="secretariats.picked").latest("id")
    assert ev.after is not None and ev.after["window_warning"] == d.window_warning
    p = actions.do_set_penetapan(persiakan, actor=staff, number="PP.04/1", date=D(2023, 1, 30))
    assert p.window_warning == ""  # inside: 24-01 .. 31-01
    client = Client()
    client.login(username=staff.username, password=PASSWORD)
    page = client.get(f"/sekretariat/{persiakan.pk}/").content.decode()
    assert "24-01-2023 s.d. 31-01-2023" in page and "window-warning" in page
    # Through the page: the warning is the message shown after saving.
    c2 = actions.do_propose(persiakan, "staf", register["sri"], actor=staff)
    actions.do_forward(persiakan, actor=staff, on=D(2023, 1, 25))
    r = client.post(f"/sekretariat/{persiakan.pk}/aksi/pick/", {"candidate": [c2.pk], "number": "800/2",
                                                               "date": "2023-03-01"}, follow=True)
    assert "Peringatan" in r.content.decode() and "01-03-2023" in r.content.decode()
    # PPK: no window.
    ppk = formed["12.76.01"]
    assert actions.window_check(ppk, D(2025, 1, 1)).ok


def test_refuse_is_configuration_and_writes_nothing(
        cast: Cast, election: Election, formed: dict[str, Secretariat], register: dict[str, AsnEmployee],
        inaugurated: Recruitment) -> None:
    kpu_ri = make_user("kpu_ri", "kpu_admin", "")
    comp = actions.composition_for(election, "pps")
    actions.do_set_composition(election, "pps", actor=kpu_ri, secretary_seats=comp.secretary_seats,
                               staff_duties=list(comp.staff_duties),
                               max_secretary_candidates=comp.max_secretary_candidates,
                               max_staff_candidates=comp.max_staff_candidates, window_policy="refuse")
    persiakan = formed["12.76.01.1006"]
    c = _forwarded(persiakan, register["ahmad"], cast.kpu_staff_a)
    n = Decision.objects.count()
    with pytest.raises(ConflictError, match="di luar jendela pembentukan"):
        actions.do_pick(persiakan, [c], actor=cast.kpu_staff_a, number="800/1", date=D(2023, 1, 23))
    assert Decision.objects.count() == n
    actions.do_pick(persiakan, [c], actor=cast.kpu_staff_a, number="800/1", date=D(2023, 1, 24))
    # The import names the row.
    head = "kode_wilayah,jabatan,nip,nomor_keputusan,tanggal_keputusan,ditetapkan_oleh\n"
    row = f"12.76.01.1006,staf,{register['sri'].nip},800/9,2023-02-20,Lurah Persiakan\n"
    with pytest.raises(ImportFailed) as failed:
        importer.import_assignments(election, (head + row).encode(), actor=cast.kpu_staff_a, filename="s.csv")
    assert failed.value.errors[0].row == 2 and "jendela" in failed.value.errors[0].message


def test_the_window_and_the_warning_through_the_api(
        cast: Cast, election: Election, formed: dict[str, Secretariat], register: dict[str, AsnEmployee],
        inaugurated: Recruitment) -> None:
    import json

    staff = cast.kpu_staff_a
    client = Client()
    client.login(username=staff.username, password=PASSWORD)
    persiakan, kecamatan = formed["12.76.01.1006"], formed["12.76.01"]
    got = client.get(f"/api/v1/secretariats/{persiakan.pk}").json()
    assert (got["formation_window_start"], got["formation_window_end"], got["window_policy"]) == (
        "2023-01-24", "2023-01-31", "warn")
    got = client.get(f"/api/v1/secretariats/{kecamatan.pk}").json()  # PPK: no window
    assert (got["formation_window_start"], got["formation_window_end"], got["window_policy"]) == (None, None, "")
    c = _forwarded(persiakan, register["ahmad"], staff)
    r = client.post(f"/api/v1/secretariats/{persiakan.pk}/keputusan", json.dumps(
        {"number": "800/1", "date": "2023-02-06", "candidate_ids": [c]}), content_type="application/json")
    assert r.status_code == 200 and "di luar jendela pembentukan" in r.json()["window_warning"]
    r = client.post(f"/api/v1/secretariats/{persiakan.pk}/penetapan", json.dumps(
        {"number": "PP.04/1", "date": "2023-01-30"}), content_type="application/json")
    assert r.status_code == 200 and r.json()["window_warning"] == ""
    Recruitment.objects.filter(pk=inaugurated.pk).update(inaugurated_on=None)  # oath not recorded yet
    got = client.get(f"/api/v1/secretariats/{persiakan.pk}").json()
    assert (got["formation_window_start"], got["window_policy"]) == (None, "warn")
