"""Issue 19 item 7: "not married to a fellow organiser" is checked against KPU and Bawaslu members
and their staff in the system (accounts with KPU/Bawaslu roles, PPK/PPS secretariat staff, ASN of
the KPU/Bawaslu secretariats), not only ad hoc members - on both evaluation paths (the per-applicant
explanation and the set-based SQL pass)."""

from __future__ import annotations

import datetime

import pytest

from pemilu.accounts.actions import do_set_nik
from pemilu.adhoc import bulk, queries, rules
from pemilu.adhoc.models import Applicant, Recruitment
from pemilu.adhoc.tests.conftest import nik, register
from pemilu.asn.actions import import_employees
from pemilu.asn.models import AsnEmployee
from pemilu.audit.models import AuditEvent
from pemilu.core.exceptions import DomainError, NotFoundError, PermissionDeniedError
from pemilu.secretariats import actions as sec_actions
from pemilu.secretariats.models import Secretariat
from pemilu.testing.factories import Cast, make_user

D = datetime.date
SPOUSES = {"kpu": "1276010000000901", "bawaslu": "1276010000000902", "sekretariat": "1276010000000903",
           "asn_kpu": "1276010000000904", "asn_other": "1276010000000905", "nobody": "1276010000000906"}
REGISTER = f"""nip,nama,instansi,jabatan,jenis_kepegawaian,kode_wilayah,nik
198104232006042011,Nurhayati Siregar,Kecamatan Padang Hulu,Sekretaris Camat,PNS,12.76.01,{SPOUSES["sekretariat"]}
198809102015031002,Rudi Nasution,Sekretariat KPU Kota Tebing Tinggi,Kasubbag Teknis,PNS,12.76,{SPOUSES["asn_kpu"]}
199001012015031003,Maya Lubis,Dinas Pendidikan Kota Tebing Tinggi,Guru,PNS,12.76,{SPOUSES["asn_other"]}
"""


def _marriage(a: Applicant) -> str:
    summary = queries.explain(a)
    kinds = [k for k, _p in queries.active_specs(a.election, a.body)]
    return summary.verdicts[kinds.index(rules.Kind.MARRIAGE)].outcome


@pytest.mark.django_db
def test_a_spouse_among_kpu_and_bawaslu_people_in_the_system_is_refused(cast: Cast, rec: Recruitment) -> None:
    do_set_nik(cast.kpu_staff_a, SPOUSES["kpu"], actor=cast.kpu_admin_a, reason="data pegawai")
    do_set_nik(cast.bawaslu_a, SPOUSES["bawaslu"], actor=cast.kpu_admin_a)
    import_employees(REGISTER.encode(), actor=cast.kpu_admin_a, filename="asn.csv")
    assert AsnEmployee.objects.get(nip="198809102015031002").nik == SPOUSES["asn_kpu"]
    sec_actions.do_form_secretariats(rec.election, "12.76", actor=cast.kpu_staff_a)
    ppk = Secretariat.objects.get(region_id="12.76.01")
    cand = sec_actions.do_propose(ppk, "sekretaris", AsnEmployee.objects.get(nip="198104232006042011"),
                                  actor=cast.kpu_staff_a)
    sec_actions.do_pick(ppk, [cand.pk], actor=cast.kpu_staff_a, number="100.3.3/01/2023", date=D(2023, 1, 6))
    applicants = {who: register(rec, cast.kpu_staff_a, spouse_nik=spouse, nik=nik())
                  for who, spouse in SPOUSES.items()}
    expected = {"kpu": "not_met", "bawaslu": "not_met", "sekretariat": "not_met", "asn_kpu": "not_met",
                "asn_other": "met", "nobody": "met"}
    assert {who: _marriage(a) for who, a in applicants.items()} == expected
    # The set-based pass agrees, applicant by applicant.
    bulk.evaluate_eligibility(rec)
    bit = rules.BITS[rules.Kind.MARRIAGE]
    for who, a in applicants.items():
        outcome = Applicant.objects.get(pk=a.pk).outcome
        assert bool(outcome.elig_not_met & bit) == (expected[who] == "not_met"), who


@pytest.mark.django_db
def test_the_sources_are_configurable(cast: Cast, rec: Recruitment, kpu_ri: object) -> None:
    do_set_nik(cast.bawaslu_a, SPOUSES["bawaslu"], actor=cast.kpu_admin_a)
    a = register(rec, cast.kpu_staff_a, spouse_nik=SPOUSES["bawaslu"], nik=nik())
    assert _marriage(a) == "not_met"
    rule = queries.eligibility_rules(rec.election, rec.body)
    marriage = next(r for r in rule if r.kind == rules.Kind.MARRIAGE)
    marriage.params = {**marriage.params, "account_roles": ["kpu_admin", "kpu_staff"]}  # monitors only
    marriage.save()
    assert _marriage(Applicant.objects.get(pk=a.pk)) == "met"
    bulk.evaluate_eligibility(rec)
    assert not Applicant.objects.get(pk=a.pk).outcome.elig_not_met & rules.BITS[rules.Kind.MARRIAGE]


@pytest.mark.django_db
def test_setting_a_users_nik_is_checked_scoped_and_audited_masked(cast: Cast) -> None:
    with pytest.raises(DomainError):
        do_set_nik(cast.kpu_staff_a, "12345", actor=cast.kpu_admin_a)
    with pytest.raises(PermissionDeniedError):
        do_set_nik(cast.kpu_staff_a, SPOUSES["kpu"], actor=cast.kpu_staff_a)
    with pytest.raises(NotFoundError):  # KPU Karo: the staff member is outside its scope
        do_set_nik(cast.kpu_staff_a, SPOUSES["kpu"], actor=cast.kpu_admin_b)
    do_set_nik(cast.kpu_staff_a, SPOUSES["kpu"], actor=cast.kpu_admin_a)
    ev = AuditEvent.objects.get(event_type="accounts.nik_set")
    assert ev.after == {"nik": "127601********01"} and SPOUSES["kpu"] not in str(ev.after)
    with pytest.raises(NotFoundError):  # a user without roles: KPU RI only
        do_set_nik(make_user("tanpa_peran"), SPOUSES["nobody"], actor=cast.kpu_admin_a)
