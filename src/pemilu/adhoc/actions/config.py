"""Configuration of the ad hoc bodies: per-body rules, eligibility rules (changeable without a
code change) and the reference lists they check against (party members, service history)."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.accounts.permissions import ensure_can
from pemilu.adhoc import queries, rules
from pemilu.adhoc.models import (
    BodyRules,
    EligibilityRule,
    PartyMembership,
    ServiceRecord,
)
from pemilu.audit.events import record_event, snapshot
from pemilu.core.exceptions import (
    DomainError,
    ImportFailed,
    NotFoundError,
    RowError,
)
from pemilu.core.tabular import read_table
from pemilu.elections.models import Election

# --- configuration -------------------------------------------------------------------------

@transaction.atomic
def do_set_body_rules(election: Election, body: str, *, actor: User, **values: object) -> BodyRules:
    ensure_can(actor, "adhoc.configure", "")
    config = queries.body_rules(election, body)
    before = snapshot(config) if config.pk else None
    for name, value in values.items():
        if name not in {f.name for f in BodyRules._meta.concrete_fields} or name in ("id", "election", "body"):
            raise DomainError(_("aturan tidak dikenal: {name}").format(name=name))
        setattr(config, name, value)
    try:
        config.chain  # noqa: B018 (validates the tie-break chain)
    except ValueError as exc:
        raise DomainError(str(exc)) from None
    if config.seats < 1 or config.min_registrants_factor < 1:
        raise DomainError(_("jumlah anggota dan faktor minimal pendaftar paling sedikit 1"))
    config.save()
    record_event("adhoc.rules_set", actor=actor, target=config, before=before, after=snapshot(config))
    return config


@transaction.atomic
def do_set_eligibility_rule(election: Election, body: str, kind: str, *, actor: User,
                            params: dict[str, Any] | None = None, enabled: bool | None = None,
                            citation: str | None = None, name: str | None = None) -> EligibilityRule:
    """Change one rule's parameters (e.g. a later amendment's age limit) without a code change."""
    ensure_can(actor, "adhoc.configure", "")
    rows = queries.eligibility_rules(election, body)
    if not rows[0].pk:  # first change: store the whole default set so the rest stays visible
        for r in rows:
            r.save()
    rule = next((r for r in rows if r.kind == kind), None)
    if rule is None:
        raise NotFoundError(_("syarat tidak dikenal: {kind}").format(kind=kind))
    before = snapshot(rule)
    if params is not None:
        rule.params = {**rule.params, **params}
    if enabled is not None:
        rule.enabled = enabled
    if citation:
        rule.citation = citation
    if name:
        rule.name = name
    _check_params(rule)
    rule.save()
    record_event("adhoc.eligibility_rule_set", actor=actor, target=rule, before=before, after=snapshot(rule))
    return rule


def _check_params(rule: EligibilityRule) -> None:
    p = rule.params
    try:
        for key in ("years", "min", "level", "max_periods"):
            if key in p:
                int(p[key])
        if "reference" in p and p["reference"] not in ("voting_day", "registration_end"):
            datetime.date.fromisoformat(str(p["reference"]))
    except (TypeError, ValueError):
        raise DomainError(_("parameter syarat tidak sah: {p}").format(p=p)) from None


# --- reference lists ---------------------------------------------------------------------

@transaction.atomic
def do_import_party_members(raw: bytes, *, actor: User, filename: str = "", source: str = "") -> int:
    """Party-membership list (columns ``nik,partai`` and optional ``nama,tanggal_keluar``)."""
    ensure_can(actor, "adhoc.configure", "")
    table = read_table(raw, filename=filename, required=("nik", "partai"))
    rows: list[PartyMembership] = []
    errors: list[RowError] = []
    for line, row in table:
        nik = row["nik"].strip()
        if not rules.valid_nik(nik):
            errors.append(RowError(line, _("NIK harus 16 angka"), "nik"))
        left: datetime.date | None = None
        if row.get("tanggal_keluar", "").strip():
            try:
                left = datetime.date.fromisoformat(row["tanggal_keluar"].strip())
            except ValueError:
                errors.append(RowError(line, _("tanggal harus TTTT-BB-HH"), "tanggal_keluar"))
        if not row["partai"].strip():
            errors.append(RowError(line, _("partai wajib diisi"), "partai"))
        rows.append(PartyMembership(nik=nik, name=row.get("nama", ""), party=row["partai"].strip(), left_on=left,
                                    source=source or filename))
    if errors:
        raise ImportFailed(errors)
    PartyMembership.objects.bulk_create(rows, batch_size=5000)
    record_event("adhoc.party_list_imported", actor=actor, target_type="adhoc.partymembership",
                 after={"file": filename, "rows": len(rows), "sha256": hashlib.sha256(raw).hexdigest()})
    return len(rows)


@transaction.atomic
def do_import_service_history(raw: bytes, *, actor: User, filename: str = "") -> int:
    """Service history (columns ``nik,badan,periode`` and optional ``kode_wilayah``)."""
    ensure_can(actor, "adhoc.configure", "")
    table = read_table(raw, filename=filename, required=("nik", "badan", "periode"))
    rows: list[ServiceRecord] = []
    errors: list[RowError] = []
    seen: set[tuple[str, str, str]] = set(ServiceRecord.objects.values_list("nik", "body", "period"))
    for line, row in table:
        nik, body, period = row["nik"].strip(), row["badan"].strip().lower(), row["periode"].strip()
        if not rules.valid_nik(nik):
            errors.append(RowError(line, _("NIK harus 16 angka"), "nik"))
        if body not in {b.value for b in rules.Body}:
            errors.append(RowError(line, _("badan harus ppk, pps atau kpps"), "badan"))
        if (nik, body, period) in seen:
            errors.append(RowError(line, _("riwayat ini sudah tercatat"), "periode"))
        seen.add((nik, body, period))
        rows.append(ServiceRecord(nik=nik, body=body, period=period, region_code=row.get("kode_wilayah", "")))
    if errors:
        raise ImportFailed(errors)
    ServiceRecord.objects.bulk_create(rows, batch_size=5000)
    record_event("adhoc.service_history_imported", actor=actor, target_type="adhoc.servicerecord",
                 after={"file": filename, "rows": len(rows), "sha256": hashlib.sha256(raw).hexdigest()})
    return len(rows)
