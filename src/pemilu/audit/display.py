"""The audit trail in words (issue 20 item 8): an event's ``before``/``after`` as lines a person
reads — "Status: Diterima", not ``{'status': 'accepted'}``.

A key that is a field of the event's target model is named by the field's ``verbose_name`` and
a value of a field with choices by its label; other stored values that are choice values of the
project (``first_entry``, ``not_met``) are shown by their label too. Numbers get thousands
separators, booleans are "ya"/"tidak", nested rows are joined into one line.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.apps import apps
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# How many items of a list or nested row are shown before "…".
MAX_ITEMS = 12

# Keys of stored payloads that are not fields of the target model (counts, files, digests).
KEY_NAMES = {
    "kind": gettext_lazy("jenis"), "sha256": "SHA-256", "document_sha256": "SHA-256", "size": gettext_lazy("ukuran"),
    "bytes": gettext_lazy("ukuran"), "file": gettext_lazy("berkas"), "rows": gettext_lazy("baris"),
    "created": gettext_lazy("baru"), "updated": gettext_lazy("diperbarui"), "existing": gettext_lazy("sudah ada"),
    "version": gettext_lazy("versi"), "digest": gettext_lazy("sidik angka (SHA-256)"),
    "codes": gettext_lazy("kode pemeriksaan"), "totals": gettext_lazy("jumlah"), "votes": gettext_lazy("suara"),
    "date": gettext_lazy("tanggal"), "note": gettext_lazy("catatan"), "source": gettext_lazy("sumber"),
    "scope": gettext_lazy("wilayah"), "user": gettext_lazy("pengguna"), "role": gettext_lazy("peran"),
    "candidates": gettext_lazy("calon"), "contests": gettext_lazy("pemilihan"), "contest": gettext_lazy("pemilihan"),
    "decisions": gettext_lazy("keputusan"), "assignments": gettext_lazy("penugasan"),
    "seats": gettext_lazy("kursi"), "schedule": gettext_lazy("jadwal"), "deadline": gettext_lazy("batas waktu"),
    "late": gettext_lazy("terlambat"), "anonymous": gettext_lazy("tanpa nama"), "duplicate": gettext_lazy("ganda"),
    "signed_on": gettext_lazy("tanggal tanda tangan"), "forwarded_on": gettext_lazy("tanggal diteruskan"),
    "window_warning": gettext_lazy("peringatan jadwal"), "villages": gettext_lazy("desa/kelurahan"),
    "tps_created": gettext_lazy("TPS baru"), "tps_existing": gettext_lazy("TPS yang sudah ada"),
    "areas": gettext_lazy("wilayah"), "registrants": gettext_lazy("pendaftar"), "years": gettext_lazy("tahun"),
    "days": gettext_lazy("hari"), "election": gettext_lazy("pemilu"), "employee": gettext_lazy("pegawai"),
    "status": gettext_lazy("status"), "name": gettext_lazy("nama"), "number": gettext_lazy("nomor"),
    "reason": gettext_lazy("alasan"), "step": gettext_lazy("tahap"), "member": gettext_lazy("anggota"),
}


@cache
def _choice_labels() -> dict[str, Any]:
    """Every choice value with an underscore of a pemilu model field → its label."""
    out: dict[str, Any] = {}
    for model in apps.get_models():
        if not model.__module__.startswith("pemilu."):
            continue
        for f in model._meta.get_fields():
            for value, label in getattr(f, "flatchoices", None) or ():
                if isinstance(value, str) and "_" in value:
                    out.setdefault(value, label)
    return out


def _field(model: type[models.Model] | None, key: str) -> object:
    if model is None:
        return None
    try:
        return model._meta.get_field(key.removesuffix("_id"))
    except FieldDoesNotExist:
        return None


def _model(target_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(target_type) if "." in target_type else None
    except LookupError:
        return None


def _name(model: type[models.Model] | None, key: str) -> str:
    field = _field(model, key)
    verbose_name = getattr(field, "verbose_name", None)
    if verbose_name:
        return str(verbose_name)
    if key in KEY_NAMES:
        return str(KEY_NAMES[key])
    label = _choice_labels().get(key)
    return str(label) if label is not None else key.replace("_", " ").strip()


def _value(value: object, field: object = None) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    if isinstance(value, int | float):
        return str(intcomma(value))
    if isinstance(value, str):
        choices = dict(getattr(field, "flatchoices", None) or ())
        if value in choices:
            return str(choices[value])
        label = _choice_labels().get(value)
        return str(label) if label is not None else value
    if isinstance(value, list):
        shown = ", ".join(_value(v) for v in value[:MAX_ITEMS])
        return shown + (" …" if len(value) > MAX_ITEMS else "") if shown else "–"
    if isinstance(value, dict):
        items = list(value.items())
        shown = "; ".join(f"{_name(None, str(k))}: {_value(v)}" for k, v in items[:MAX_ITEMS])
        return shown + (" …" if len(items) > MAX_ITEMS else "")
    return str(value)


def describe(data: object, target_type: str = "") -> list[tuple[str, str]]:
    """(name, value) lines of a stored ``before``/``after``."""
    if data is None:
        return []
    if not isinstance(data, dict):
        return [("", _value(data))]
    model = _model(target_type)
    return [(_name(model, str(k)), _value(v, _field(model, str(k)))) for k, v in data.items()]


def changes(before: object, after: object, target_type: str = "") -> list[tuple[str, str, str]]:
    """(name, before, after) for an event: every key of ``after`` (and of ``before``), the
    unchanged ones of a full snapshot left out when something did change."""
    b = before if isinstance(before, dict) else {}
    a = after if isinstance(after, dict) else {}
    if not isinstance(after, dict) and after is not None:
        return [("", _value(before) if before is not None else "", _value(after))]
    model = _model(target_type)
    keys = list(a) + [k for k in b if k not in a]
    changed = [k for k in keys if k in b and b.get(k) != a.get(k)]
    if b and changed:
        keys = changed + [k for k in keys if k not in b]
    rows = []
    for k in keys:
        field = _field(model, str(k))
        rows.append((_name(model, str(k)), _value(b[k], field) if k in b else "",
                     _value(a[k], field) if k in a else "–"))
    return rows
