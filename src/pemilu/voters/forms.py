"""The forms the voter-list pages post (issue 18 item 9): they type and bound the values (a date
that is not one, a text longer than its column, a number that is not one are named, in Indonesian,
before anything is written); the rules stay in the actions, which the API shares."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pemilu.core.forms import CountField, FormData
from pemilu.voters.actions import EDITABLE

TEXT_MAX = 5000


class ResponseForm(forms.Form):
    """A response to an announced DPS (the PPS desk and the public page post the same fields)."""

    kind = forms.CharField(required=False, max_length=16, label=_("Jenis tanggapan"))
    details = forms.CharField(required=False, max_length=TEXT_MAX, label=_("Uraian tanggapan"))
    sender_name = forms.CharField(required=False, max_length=200, label=_("Nama pemberi tanggapan"))
    sender_contact = forms.CharField(required=False, max_length=200, label=_("Kontak pemberi tanggapan"))
    evidence = forms.CharField(required=False, max_length=TEXT_MAX, label=_("Bukti"))
    voter_id = CountField(required=False, label=_("Pemilih"))
    reason = forms.CharField(required=False, max_length=20, label=_("Alasan TMS"))
    person_name = forms.CharField(required=False, max_length=200, label=_("Nama orang yang belum terdaftar"))
    person_birth_date = forms.DateField(required=False, label=_("Tanggal lahir"))
    person_sex = forms.CharField(required=False, max_length=1, label=_("Jenis kelamin"))
    person_address = forms.CharField(required=False, max_length=300, label=_("Alamat"))


class CompileForm(forms.Form):
    stage = forms.CharField(required=False, max_length=20, label=_("Tahap"))


class AnnounceForm(forms.Form):
    place = forms.CharField(required=False, max_length=200, label=_("Tempat pengumuman"))
    starts_on = forms.DateField(required=False, label=_("Mulai"))
    ends_on = forms.DateField(required=False, label=_("Sampai"))


class ResolveResponseForm(forms.Form):
    """The decision on a response: ``change:<column>`` the corrected values, ``field:<column>`` a new
    voter's (a person not listed)."""

    decision = forms.CharField(required=False, max_length=20)
    resolution = forms.CharField(required=False, max_length=TEXT_MAX, label=_("Alasan keputusan"))

    def __init__(self, data: FormData = None) -> None:
        super().__init__(data)
        for column, (_attr, longest) in EDITABLE.items():
            self.fields[f"change:{column}"] = forms.CharField(required=False, max_length=longest, label=column)
            self.fields[f"field:{column}"] = forms.CharField(required=False, max_length=longest, label=column)

    def changes(self) -> dict[str, str] | None:
        d = self.cleaned_data
        return {c: d[f"change:{c}"] for c in EDITABLE if d[f"change:{c}"]} or None

    def new_fields(self) -> dict[str, str] | None:
        d = self.cleaned_data
        fields = {c: d[f"field:{c}"] for c in EDITABLE}
        return fields if any(fields.values()) else None


class DecideDuplicateForm(forms.Form):
    decision = forms.CharField(required=False, max_length=20, label=_("Keputusan"))
    reason = forms.CharField(required=False, max_length=TEXT_MAX, label=_("Alasan"))
    duplicate = CountField(required=False, label=_("Data ganda"))
    pemilu = forms.CharField(required=False, max_length=50)


class DuplicateSearchForm(forms.Form):
    wilayah = forms.CharField(required=False, max_length=13, label=_("Kode wilayah"))
    pemilu = forms.CharField(required=False, max_length=50)


class MappingForm(forms.Form):
    wilayah = forms.CharField(required=False, max_length=20, label=_("Wilayah"))
    cap = CountField(required=False, min_value=1, label=_("Pemilih per TPS paling banyak"))


class TransferForm(forms.Form):
    nik = forms.CharField(required=False, max_length=16, label=_("NIK"))
    destination = forms.CharField(required=False, max_length=20, label=_("TPS tujuan"))
    reason = forms.CharField(required=False, max_length=30, label=_("Alasan"))
    note = forms.CharField(required=False, max_length=500, label=_("Keterangan"))


class ListFilterForm(forms.Form):
    """The list filters a coklit post carries back to the page it came from."""

    q = forms.CharField(required=False, max_length=100)
    status = forms.CharField(required=False, max_length=20)
    page = forms.CharField(required=False, max_length=10)
    pemilu = forms.CharField(required=False, max_length=50)
