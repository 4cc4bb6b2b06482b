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
from dataclasses import dataclass, field

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
    IntakeData,
    _validate_intake,
    hash_code,
    rules_for,
    today_for,
)
from pemilu.neutrality.models import Case, CaseSource, CaseStatus, Evidence, Report
from pemilu.neutrality.uploads import EVIDENCE, CheckedFile, UploadRejected
from pemilu.regions.models import Region


@dataclass
class FindingData:
    election: Election
    region_code: str
    category: str
    description: str
    event_date: datetime.date
    found_on: datetime.date
    place: str
    suspect_name: str = ""
    suspect_nip: str = ""
    suspect_agency: str = ""
    suspect_employment: str = ""
    suspect_role: str = ""
    links: list[str] = field(default_factory=list)


def do_record_finding(data: FindingData, *, actor: User, evidence: list[tuple[str, bytes]] | None = None,
                      on: datetime.date | None = None) -> Case:
    """Set a temuan in a region the actor handles. Refused after the finding limit."""
    evidence = evidence or []
    region = Region.objects.filter(code=data.region_code).first()
    if region is None:
        raise DomainError(_("wilayah kejadian tidak dikenal"))
    ensure_can(actor, "neutrality.handle", region)
    if len(evidence) > DEFAULT_MAX_FILES:
        raise UploadRejected(_("paling banyak {n} berkas bukti").format(n=DEFAULT_MAX_FILES))
    checked = [EVIDENCE.check(name, raw) for name, raw in evidence]
    set_on = on or today_for(data.election)
    # The shared intake checks (region level, dates, NIP, links); a finding has no reporter.
    _validate_intake(IntakeData(
        election=data.election, region_code=data.region_code, category=data.category, description=data.description,
        event_date=data.event_date, known_on=data.found_on, place=data.place, suspect_nip=data.suspect_nip,
        links=data.links, is_anonymous=True, suspect_employment=data.suspect_employment,
        suspect_role=data.suspect_role), set_on)
    config = rules_for(data.election)
    deadline = rules.finding_deadline(data.found_on, config)
    if set_on > deadline:
        raise DomainError(_(
            "Temuan terlambat: ditemukan {found}, batas penetapan {deadline} ({n} hari; UU 7/2017 Pasal 454 "
            "ayat (5)), ditetapkan {on}.").format(found=data.found_on.isoformat(), deadline=deadline.isoformat(),
                                                  n=config.finding_days, on=set_on.isoformat()))
    return _write(data, region, checked, set_on, actor=actor)


@transaction.atomic
def _write(data: FindingData, region: Region, checked: list[CheckedFile], set_on: datetime.date, *,
           actor: User) -> Case:
    nip = normalise_nip(data.suspect_nip)
    # Linked to (and typed from) the register only where the actor may read it: a NIP of another
    # kab/kota stays as typed and teaches the finder nothing about that employee.
    found = AsnEmployee.objects.filter(nip=nip).first() if nip else None
    employee = usable(actor, "asn.view", {nip: found}).get(nip) if found is not None else None
    case = Case(election=data.election, region=region, category=data.category, source=CaseSource.FINDING,
                status=CaseStatus.REGISTERED, suspect_name=data.suspect_name.strip(),
                suspect_name_norm=rules.normalise_name(data.suspect_name), suspect_nip=nip,
                suspect_agency=data.suspect_agency.strip(), suspect=employee,
                suspect_employment=employee.employment_type if employee else data.suspect_employment,
                suspect_role=data.suspect_role, event_date=data.event_date, known_on=data.found_on,
                received_on=set_on, registered_on=set_on)
    case.set_scope_columns(region.code)
    case.save()
    finder = (actor.get_full_name() or actor.get_username()).strip()
    report = Report(case=case, region=region, category=data.category, description=data.description.strip(),
                    suspect_name=case.suspect_name, suspect_nip=nip, suspect_agency=case.suspect_agency,
                    event_date=data.event_date, known_on=data.found_on, place=data.place.strip(),
                    links="\n".join(data.links), reporter_name=_("Temuan pengawas: {name}").format(name=finder),
                    tracking_hash=hash_code(secrets.token_urlsafe(12)))
    report.set_scope_columns(region.code)
    report.save()
    for item in checked:  # removed again if the transaction rolls back (core.files)
        evidence = Evidence(report=report)
        evidence.set_content(EVIDENCE, item)
        evidence.save()
    record_event("neutrality.finding_recorded", actor=actor, region_code=region.code, target=case,
                 after={"status": case.status, "source": case.source, "category": case.category,
                        "found_on": data.found_on.isoformat(), "set_on": set_on.isoformat(),
                        "suspect_employment": case.suspect_employment,
                        "evidence": [c.sha256 for c in checked]})
    return case
