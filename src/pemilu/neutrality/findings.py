"""The second intake path: a temuan, Bawaslu's own finding from its supervision.

A temuan is set (ditetapkan) by the supervising office itself, at the latest N days after the
violation was found (default 7, ``CaseRules.finding_days``/``finding_unit``; UU 7/2017 Pasal 454
ayat (5) as the domain brief reads it). Setting it *is* its registration: the case starts as
registered, with no kajian awal step and no reporter. A finding set after its limit is refused
(nothing is written). Findings are not merged with reports' cases: each opens its own case.
"""

from __future__ import annotations

import datetime
import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.accounts.permissions import ensure_can
from pemilu.asn.models import AsnEmployee
from pemilu.asn.rules import normalise_nip
from pemilu.audit.events import record_event
from pemilu.core.exceptions import DomainError
from pemilu.core.matching import usable
from pemilu.elections.models import Election
from pemilu.neutrality import rules
from pemilu.neutrality.actions import (
    DEFAULT_MAX_FILES,
    _validate_intake,
    election_of,
    employment_of,
    hash_code,
    rules_for,
    store_report,
    today_for,
)
from pemilu.neutrality.intake import FindingIn
from pemilu.neutrality.models import Case, CaseSource, CaseStatus, Report
from pemilu.neutrality.uploads import EVIDENCE, CheckedFile, UploadRejected
from pemilu.regions.models import Region


def do_record_finding(data: FindingIn, *, actor: User, evidence: list[tuple[str, bytes]] | None = None,
                      on: datetime.date | None = None) -> Case:
    """Set a temuan in a region the actor handles. Refused after the finding limit."""
    evidence = evidence or []
    election = election_of(data)
    region = Region.objects.filter(code=data.region_code).first()
    if region is None:
        raise DomainError(_("wilayah kejadian tidak dikenal"))
    ensure_can(actor, "neutrality.handle", region)
    if len(evidence) > DEFAULT_MAX_FILES:
        raise UploadRejected(_("paling banyak {n} berkas bukti").format(n=DEFAULT_MAX_FILES))
    checked = [EVIDENCE.check(name, raw) for name, raw in evidence]
    set_on = on or today_for(election)
    _validate_intake(data, set_on)  # the shared intake checks (region level, dates, NIP, links)
    config = rules_for(election)
    deadline = rules.finding_deadline(data.found_on, config)
    if set_on > deadline:
        raise DomainError(_(
            "Temuan terlambat: ditemukan {found}, batas penetapan {deadline} ({n} hari; UU 7/2017 Pasal 454 "
            "ayat (5)), ditetapkan {on}.").format(found=data.found_on.isoformat(), deadline=deadline.isoformat(),
                                                  n=config.finding_days, on=set_on.isoformat()))
    return _write(data, election, region, checked, set_on, actor=actor)


@transaction.atomic
def _write(data: FindingIn, election: Election, region: Region, checked: list[CheckedFile], set_on: datetime.date,
           *, actor: User) -> Case:
    nip = normalise_nip(data.suspect_nip)
    # Linked to (and typed from) the register only where the actor may read it: a NIP of another
    # kab/kota stays as typed and teaches the finder nothing about that employee.
    found = AsnEmployee.objects.filter(nip=nip).first() if nip else None
    employee = usable(actor, "asn.view", {nip: found}).get(nip) if found is not None else None
    case = Case(election=election, region=region, category=data.category.value, source=CaseSource.FINDING,
                status=CaseStatus.REGISTERED, suspect_name=data.suspect_name.strip(),
                suspect_name_norm=rules.normalise_name(data.suspect_name), suspect_nip=nip,
                suspect_agency=data.suspect_agency.strip(), suspect=employee,
                suspect_employment=employee.employment_type if employee else employment_of(data),
                suspect_role=data.suspect_role.value if data.suspect_role else "", event_date=data.event_date,
                known_on=data.found_on,
                received_on=set_on, registered_on=set_on)
    case.set_scope_columns(region.code)
    case.save()
    finder = (actor.get_full_name() or actor.get_username()).strip()
    report = Report(case=case, region=region, category=data.category.value, description=data.description.strip(),
                    suspect_name=case.suspect_name, suspect_nip=nip, suspect_agency=case.suspect_agency,
                    event_date=data.event_date, known_on=data.found_on, place=data.place.strip(),
                    links="\n".join(data.links), reporter_name=_("Temuan pengawas: {name}").format(name=finder),
                    tracking_hash=hash_code(secrets.token_urlsafe(12)))
    store_report(report, checked)
    record_event("neutrality.finding_recorded", actor=actor, region_code=region.code, target=case,
                 after={"status": case.status, "source": case.source, "category": case.category,
                        "found_on": data.found_on.isoformat(), "set_on": set_on.isoformat(),
                        "suspect_employment": case.suspect_employment,
                        "evidence": [c.sha256 for c in checked]})
    return case
