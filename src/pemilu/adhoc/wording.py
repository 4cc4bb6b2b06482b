"""An eligibility rule's parameters in words (issue 20 item 8): "paling rendah 17 tahun pada
akhir pendaftaran", not ``{'years': 17, 'reference': 'registration_end'}``. Pure: no database."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _

from pemilu.adhoc import rules

LEVELS = {2: "kabupaten/kota", 3: "kecamatan", 4: "desa/kelurahan", 5: "TPS"}


def _on(reference: object) -> str:
    if reference == "voting_day":
        return _("pada hari pemungutan suara")
    if reference in (None, "", "registration_end"):
        return _("pada akhir pendaftaran")
    try:
        day = datetime.date.fromisoformat(str(reference))
    except ValueError:
        return str(reference)
    return _("pada {day}").format(day=day.strftime("%d-%m-%Y"))


def _education(level: object) -> str:
    try:
        name = rules.Education(int(str(level))).name
    except (TypeError, ValueError):
        return str(level)
    return {"SMA": _("SMA atau sederajat"), "DIPLOMA": _("diploma")}.get(name, name)


def _roles(values: list[Any]) -> str:
    from pemilu.accounts.models import Role

    labels = dict(Role.choices)
    return ", ".join(str(labels.get(v, v)) for v in values)


def describe_params(kind: str, params: dict[str, Any]) -> str:
    """One line for a person who reads the rule table; "–" when the rule has no parameter."""
    p = dict(params or {})
    years = p.pop("years", None)
    parts: list[str] = []
    if kind == rules.Kind.AGE_MIN:
        parts.append(_("paling rendah {n} tahun {on}").format(n=years, on=_on(p.pop("reference", None))))
    elif kind == rules.Kind.AGE_MAX:
        parts.append(_("paling tinggi {n} tahun {on}").format(n=years, on=_on(p.pop("reference", None))))
    elif kind == rules.Kind.PARTY:
        parts.append(_("keluar dari partai politik paling singkat {n} tahun sebelum mendaftar").format(n=years))
    elif kind == rules.Kind.SENTENCE:
        parts.append(_("tidak pernah dipidana penjara dengan ancaman {n} tahun atau lebih").format(n=years))
    elif kind == rules.Kind.DOMICILE:
        level = p.pop("level", None)
        parts.append(_("berdomisili di {level} wilayah kerja").format(level=LEVELS.get(level, level)))
    elif kind == rules.Kind.EDUCATION:
        parts.append(_("paling rendah {level}").format(level=_education(p.pop("min", None))))
    elif kind == rules.Kind.PERIOD_LIMIT:
        parts.append(_("paling banyak {n} periode").format(n=p.pop("max_periods", None)))
    elif kind == rules.Kind.MARRIAGE:
        full = rules.marriage_params(p)
        p = {}
        parts.append(_("sesama penyelenggara: pemegang peran {roles}").format(roles=_roles(full["account_roles"])))
        if full["secretariats"]:
            parts.append(_("staf sekretariat PPK/PPS"))
        if full["asn_agencies"]:
            parts.append(_("pegawai ASN instansi {agencies}").format(agencies=", ".join(full["asn_agencies"])))
    elif years is not None:
        parts.append(_("{n} tahun").format(n=years))
    parts += [f"{key.replace('_', ' ')}: {value}" for key, value in p.items()]
    return "; ".join(parts) or "–"
