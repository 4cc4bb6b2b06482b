from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pemilu.elections.models import Election
from pemilu.neutrality.models import Category, Decision, ReferredTo, RejectionReason, SanctionLevel
from pemilu.neutrality.rules import SANCTIONS
from pemilu.regions.models import Region

DATE = forms.DateInput(attrs={"type": "date"})


class ReportForm(forms.Form):
    election = forms.ModelChoiceField(Election.objects.all(), label=_("Pemilu"), empty_label=None)
    region = forms.ModelChoiceField(Region.objects.filter(level__in=[2, 3]).order_by("code"), to_field_name="code",
                                    label=_("Wilayah kejadian (kabupaten/kota atau kecamatan)"))
    category = forms.ChoiceField(choices=Category.choices, label=_("Kategori"))
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), label=_("Apa yang terjadi?"))
    suspect_name = forms.CharField(required=False, max_length=200, label=_("Nama terlapor (bila diketahui)"))
    suspect_nip = forms.CharField(required=False, max_length=30, label=_("NIP terlapor (bila diketahui)"))
    suspect_agency = forms.CharField(required=False, max_length=200, label=_("Instansi terlapor"))
    event_date = forms.DateField(widget=DATE, label=_("Kapan terjadi?"))
    known_on = forms.DateField(widget=DATE, label=_("Kapan Anda mengetahuinya?"))
    place = forms.CharField(max_length=300, label=_("Di mana?"))
    links = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                            label=_("Tautan (satu per baris, mis. unggahan media sosial)"))
    is_anonymous = forms.BooleanField(required=False, label=_("Lapor tanpa nama (anonim)"))
    reporter_name = forms.CharField(required=False, max_length=200, label=_("Nama pelapor"))
    reporter_contact = forms.CharField(required=False, max_length=200, label=_("Telepon atau surel"))
    reporter_address = forms.CharField(required=False, max_length=300, label=_("Alamat"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].label_from_instance = (  # type: ignore[attr-defined]
            lambda r: f"{r.code} {r.name}" if r.level == 2 else f"{r.code} — {r.name}")


class NoteForm(forms.Form):
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Catatan"))


class RejectForm(NoteForm):
    reason = forms.ChoiceField(choices=RejectionReason.choices, label=_("Alasan penolakan"))


class ExtendForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=_("Keterangan tambahan yang diperlukan"))


class DecideForm(NoteForm):
    decision = forms.ChoiceField(choices=Decision.choices, label=_("Putusan"))


class ReferForm(NoteForm):
    referred_to = forms.ChoiceField(choices=ReferredTo.choices, label=_("Diteruskan ke"))


def _sanction_choices() -> list[tuple[str, Any]]:
    return [("", "—")] + [(code, f"{level.value}: {label}") for level, items in SANCTIONS.items()
                          for code, label in items]


class OutcomeForm(NoteForm):
    sanction_level = forms.ChoiceField(choices=[("", "—"), *SanctionLevel.choices], required=False,
                                       label=_("Tingkat sanksi (PP 94/2021)"))
    sanction_type = forms.ChoiceField(choices=_sanction_choices, required=False, label=_("Jenis sanksi"))


class PledgeForm(forms.Form):
    nip = forms.CharField(max_length=30, label=_("NIP"))
    signed_on = forms.DateField(widget=DATE, label=_("Tanggal tanda tangan"))


class EventForm(forms.Form):
    region = forms.CharField(max_length=20, label=_("Kode wilayah"))
    held_on = forms.DateField(widget=DATE, label=_("Tanggal"))
    place = forms.CharField(max_length=200, label=_("Tempat"))
    organiser = forms.CharField(max_length=200, label=_("Penyelenggara"))
    audience = forms.CharField(max_length=200, label=_("Peserta sasaran"))
    materials = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Materi"))
