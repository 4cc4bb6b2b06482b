"""Pure checks for register rows (no database)."""

from __future__ import annotations

import re

from pemilu.asn.models import EmploymentType

NIP_RE = re.compile(r"[0-9]{18}")  # ASCII digits only; use NIP_RE.fullmatch
TYPE_ALIASES = {
    "pns": EmploymentType.PNS, "pppk": EmploymentType.PPPK,
    "non_asn_apbn": EmploymentType.NON_ASN_APBN, "non-asn apbn": EmploymentType.NON_ASN_APBN,
    "non_asn_apbd": EmploymentType.NON_ASN_APBD, "non-asn apbd": EmploymentType.NON_ASN_APBD,
    "phl": EmploymentType.NON_ASN_APBD, "honorer": EmploymentType.NON_ASN_APBD,
}


def normalise_nip(value: str) -> str:
    """NIPs are often written with spaces (``19800101 200501 1 001``): keep the digits."""
    return re.sub(r"[\s.\-]", "", value or "")


def parse_employment_type(value: str) -> str | None:
    return TYPE_ALIASES.get(value.strip().lower().replace("  ", " "))


def nip_required(employment_type: str) -> bool:
    """PNS and PPPK have an 18-digit NIP (BKN); non-ASN workers need not."""
    return employment_type in (EmploymentType.PNS, EmploymentType.PPPK)


def is_valid_nip(nip: str) -> bool:
    return bool(NIP_RE.fullmatch(nip))
