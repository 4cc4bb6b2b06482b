"""The forms the results pages post (issue 18 item 9): the C.Hasil figures, a conflict's
decision, the plenary's notes, its attendance list and the typed D.Hasil. They type and bound the
posted values; the rules (sums, quorum, lengths, named rows) stay in the actions, which the API
and the imports share."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from pemilu.core.exceptions import DomainError
from pemilu.core.forms import ColonForm, CountField, messages_of
from pemilu.results import checks
from pemilu.results.models import SECTIONS, Contest
from pemilu.results.views.common import field_label

TEXT_MAX = 4000  # longer than any text the actions accept: they name the field that is too long

FIGURES = [f for fields in SECTIONS.values() for f in fields]
WARNINGS = [c.code for c in checks.CHECKS if c.severity == "warning"]


class CHasilForm(forms.Form):
    """A C.Hasil as the entry and correction pages post it: the figures by name, a vote per
    choice (``v:<key>``), a reason per warning accepted (``ack:<code>``), the photo."""

    idempotency_key = forms.CharField(required=False, max_length=100)
    reason = forms.CharField(required=False, max_length=TEXT_MAX, label=_lazy("Alasan"))
    photo = forms.FileField(required=False, label=_lazy("Foto C.Hasil"))

    def __init__(self, contest: Contest, data: Mapping[str, object] | None = None,
                 files: MultiValueDict[str, UploadedFile] | None = None) -> None:
        super().__init__(data, files)
        self.contest = contest
        for name in FIGURES:
            self.fields[name] = CountField(required=False, label=field_label(name))
        for choice in contest.choices:
            self.fields[f"v:{choice['key']}"] = CountField(required=False, label=str(choice["label"]))
        for code in WARNINGS:
            self.fields[f"ack:{code}"] = forms.CharField(required=False, max_length=TEXT_MAX)

    def clean(self) -> dict[str, Any] | None:
        data = super().clean()
        if data is not None and any(data.get(f"v:{k}") is None for k in self.contest.choice_keys()) \
                and not any(f"v:{k}" in self.errors for k in self.contest.choice_keys()):
            raise forms.ValidationError(_("Semua perolehan suara wajib diisi."))
        return data

    def entry(self) -> tuple[dict[str, Any], dict[str, str]]:
        """The figures and the warnings' reasons, or a ``DomainError`` naming every bad field."""
        if not self.is_valid():
            raise DomainError("; ".join(messages_of(self)))
        d = self.cleaned_data
        figures: dict[str, Any] = {name: d[name] for name in FIGURES}
        figures["votes"] = {k: d[f"v:{k}"] for k in self.contest.choice_keys()}
        return figures, {code: d[f"ack:{code}"] for code in WARNINGS if d[f"ack:{code}"]}

    def typed(self) -> dict[str, Any]:
        """Every value as it was typed, to show the form again after an error (issue 20 item 6)."""
        data: dict[str, Any] = {name: self._raw(name) for name in FIGURES}
        data["votes"] = {k: self._raw(f"v:{k}") for k in self.contest.choice_keys()}
        return data

    def warnings(self) -> list[dict[str, Any]]:
        """The warnings a reason can be given for, with the reasons already typed."""
        return [{**c, "value": self._raw(f"ack:{c['code']}")} for c in checks.catalogue_json()
                if c["severity"] == "warning"]

    def _raw(self, name: str) -> str:
        return str(self[name].value() or "").strip() if name in self.fields else ""


class ResolveForm(forms.Form):
    # Empty: neither entry is kept, the form goes back for two fresh entries.
    keep = CountField(required=False, label=_lazy("Versi yang dipakai"))
    reason = forms.CharField(required=False, max_length=TEXT_MAX, label=_lazy("Alasan"))


class PlenaryNoteForm(forms.Form):
    """Lock, reopen, or a line of the D.Kejadian Khusus / D.Keberatan."""

    action = forms.ChoiceField(choices=[("lock", "lock"), ("reopen", "reopen"), ("record", "record")],
                               required=False, label=_lazy("Tindakan"))
    reason = forms.CharField(required=False, max_length=TEXT_MAX, label=_lazy("Alasan"))
    kind = forms.CharField(required=False, max_length=20, label=_lazy("Catatan"))
    text = forms.CharField(required=False, max_length=TEXT_MAX, label=_lazy("Uraian"))
    resolution = forms.CharField(required=False, max_length=TEXT_MAX, label=_lazy("Tanggapan"))
    raised_by = forms.CharField(required=False, max_length=TEXT_MAX, label=_lazy("Diajukan oleh"))
    tps = forms.CharField(required=False, max_length=TEXT_MAX, label=_lazy("TPS yang diliput"))
    cover_incomplete = forms.BooleanField(required=False)


class AttendeeRowForm(ColonForm):
    """One line of the daftar hadir, posted as ``a:<n>:<field>``."""

    kind = forms.CharField(required=False, max_length=20)
    name = forms.CharField(required=False, max_length=TEXT_MAX)
    position = forms.CharField(required=False, max_length=TEXT_MAX)
    represents = forms.CharField(required=False, max_length=TEXT_MAX)
    present = forms.BooleanField(required=False)


class AttendanceForm(forms.Form):
    rows = CountField(required=False, label=_lazy("Jumlah baris"))
    more = forms.CharField(required=False)  # "tambah baris": show more blank lines, save nothing


def sheet_form(data: Mapping[str, object] | None, row_codes: list[str], keys: list[str]) -> forms.Form:
    """The typed D.Hasil, one field per (child region, key) posted as ``r:<code>:<key>``. The values
    stay text here: the action names every bad cell with its row."""
    form = forms.Form(data)
    for code in row_codes:
        for key in keys:
            form.fields[f"r:{code}:{key}"] = forms.CharField(required=False, max_length=30)
    form.fields["reason"] = forms.CharField(required=False, max_length=TEXT_MAX, label=_lazy("Alasan"))
    return form
