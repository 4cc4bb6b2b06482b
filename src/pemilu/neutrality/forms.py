from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pemilu.accounts.types import Viewer
from pemilu.core.forms import FormData, Initial
from pemilu.elections.models import Election
from pemilu.neutrality import rules, sanctions
from pemilu.neutrality.models import (
    CaseDecision,
    Category,
    RejectionReason,
)
from pemilu.regions.models import Region

DATE = forms.DateInput(attrs={"type": "date"})


class TrackForm(forms.Form):
    """A tracking code as typed (the lookup normalises it and compares digests)."""

    code = forms.CharField(required=False, max_length=100)


class ReportForm(forms.Form):
    """The public report page's fields, laid out; the post is read by ``intake.ReportIn`` (as the API's)."""

    election = forms.ModelChoiceField(Election.objects.all(), to_field_name="code", label=_("Pemilu"),
                                      empty_label=None)
    region_code = forms.ModelChoiceField(Region.objects.filter(level__in=[2, 3]).order_by("code"), to_field_name="code",
                                    label=_("Wilayah kejadian (kabupaten/kota atau kecamatan)"))
    category = forms.ChoiceField(choices=Category.choices, label=_("Kategori"))
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), label=_("Apa yang terjadi?"),
                                  max_length=5000)
    suspect_name = forms.CharField(required=False, max_length=200, label=_("Nama terlapor (bila diketahui)"))
    suspect_nip = forms.CharField(required=False, max_length=30, label=_("NIP terlapor (bila diketahui)"))
    suspect_agency = forms.CharField(required=False, max_length=200, label=_("Instansi terlapor"))
    suspect_employment = forms.ChoiceField(choices=[("", _("Tidak tahu")), *sanctions.Employment.choices],
                                           required=False, label=_("Status kepegawaian terlapor"))
    event_date = forms.DateField(widget=DATE, label=_("Kapan terjadi?"))
    known_on = forms.DateField(widget=DATE, label=_("Kapan Anda mengetahuinya?"))
    place = forms.CharField(max_length=300, label=_("Di mana?"))
    links = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                            label=_("Tautan (satu per baris, mis. unggahan media sosial)"))
    is_anonymous = forms.BooleanField(required=False, label=_("Lapor tanpa nama (anonim)"))
    reporter_name = forms.CharField(required=False, max_length=200, label=_("Nama pelapor"))
    reporter_contact = forms.CharField(required=False, max_length=200, label=_("Telepon atau surel"))
    reporter_address = forms.CharField(required=False, max_length=300, label=_("Alamat"))

    def __init__(self, data: FormData = None, *, initial: Initial = None) -> None:
        super().__init__(data, initial=initial)
        self.fields["region_code"].label_from_instance = (  # type: ignore[attr-defined]
            lambda r: f"{r.code} {r.name}" if r.level == 2 else f"{r.code} — {r.name}")


class NoteForm(forms.Form):
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Catatan"))


class RejectForm(NoteForm):
    reason = forms.ChoiceField(choices=RejectionReason.choices, label=_("Alasan penolakan"))


class ExtendForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=_("Keterangan tambahan yang diperlukan"))


BREACH_CHOICES = [("", "—"), *sanctions.Breach.choices]


class DecideForm(NoteForm):
    decision = forms.ChoiceField(choices=CaseDecision.choices, label=_("Putusan"))
    breach = forms.ChoiceField(choices=BREACH_CHOICES, required=False,
                               label=_("Jenis pelanggaran yang terbukti"))


class SuspectForm(NoteForm):
    employment = forms.ChoiceField(choices=sanctions.Employment.choices, label=_("Jenis kepegawaian terlapor"))
    role = forms.ChoiceField(choices=sanctions.OrganiserRole.choices, required=False,
                             label=_("Terlapor sebagai penyelenggara?"))


class ReferForm(NoteForm):
    referred_to = forms.ChoiceField(choices=sanctions.Destination.choices, label=_("Diteruskan ke"))

    def __init__(self, data: FormData = None, *, employment: str = "", role: str = "", initial: Initial = None) -> None:
        """Only the destinations that fit the suspect (rules.referral_routes), with their articles;
        KASN (dissolved, UU 20/2023) is never offered."""
        super().__init__(data, initial=initial)
        labels = dict(sanctions.Destination.choices)
        field = self.fields["referred_to"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(r.destination.value, f"{labels[r.destination.value]} — {r.citation}")
                         for r in rules.referral_routes(employment, role)]


class OutcomeForm(NoteForm):
    track = forms.ChoiceField(choices=sanctions.Track.choices, label=_("Jalur"))
    breach = forms.ChoiceField(choices=BREACH_CHOICES, required=False, label=_("Jenis pelanggaran"))
    sanction_level = forms.ChoiceField(choices=[("", "—"), *sanctions.SanctionGrade.choices], required=False,
                                       label=_("Tingkat sanksi"))
    sanction_type = forms.ChoiceField(choices=[("", "—")], required=False, label=_("Jenis sanksi"))

    def __init__(self, data: FormData = None, *, employment: str = "", initial: Initial = None) -> None:
        """The sanction types of the suspect's regime (PNS: PP 94/2021 and PP 42/2004; PPPK:
        PP 49/2018); none for non-ASN suspects, whose outcome is a note."""
        super().__init__(data, initial=initial)
        options: list[tuple[str, Any]] = [("", "—")]
        for track in sanctions.Track:
            regime = rules.regime_for(employment, track)
            if regime is not None:
                options += [(t.code, f"{t.level.value}: {t.label} ({regime.citation})") for t in regime.types]
        field = self.fields["sanction_type"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = options


class FindingForm(forms.Form):
    """A temuan set by the supervising office (Bawaslu's own finding): the page's fields, laid out;
    the post is read by ``intake.FindingIn`` (as the API's)."""

    region_code = forms.ModelChoiceField(Region.objects.filter(level__in=[2, 3]).order_by("code"), to_field_name="code",
                                    label=_("Wilayah kejadian (kabupaten/kota atau kecamatan)"))
    category = forms.ChoiceField(choices=Category.choices, label=_("Kategori"))
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label=_("Uraian temuan"))
    event_date = forms.DateField(widget=DATE, label=_("Tanggal kejadian"))
    found_on = forms.DateField(widget=DATE, label=_("Tanggal ditemukan"))
    place = forms.CharField(max_length=300, label=_("Tempat kejadian"))
    suspect_name = forms.CharField(required=False, max_length=200, label=_("Nama terlapor"))
    suspect_nip = forms.CharField(required=False, max_length=30, label=_("NIP terlapor"))
    suspect_agency = forms.CharField(required=False, max_length=200, label=_("Instansi terlapor"))
    suspect_employment = forms.ChoiceField(choices=[("", _("Belum diketahui")), *sanctions.Employment.choices],
                                           required=False, label=_("Jenis kepegawaian terlapor"))
    suspect_role = forms.ChoiceField(choices=sanctions.OrganiserRole.choices, required=False,
                                     label=_("Terlapor sebagai penyelenggara?"))
    links = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                            label=_("Tautan (satu per baris)"))

    def __init__(self, data: FormData = None, *, user: Viewer, initial: Initial = None) -> None:
        """Offers only the regions the user may act in: another kab/kota is not even named."""
        super().__init__(data, initial=initial)
        field = self.fields["region_code"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Region.objects.visible_to(user).filter(level__in=[2, 3]).order_by("code")


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


class CaseActionForm(forms.Form):
    """The fields the case page's actions post; the action checks which it needs and their values."""

    note = forms.CharField(required=False, max_length=5000, label=_("Catatan"))
    reason = forms.CharField(required=False, max_length=2000, label=_("Alasan"))
    decision = forms.CharField(required=False, max_length=30, label=_("Putusan"))
    breach = forms.CharField(required=False, max_length=30, label=_("Pelanggaran"))
    employment = forms.CharField(required=False, max_length=30, label=_("Status kepegawaian"))
    role = forms.CharField(required=False, max_length=30, label=_("Jabatan"))
    referred_to = forms.CharField(required=False, max_length=30, label=_("Diteruskan kepada"))
    sanction_level = forms.CharField(required=False, max_length=30, label=_("Tingkat sanksi"))
    sanction_type = forms.CharField(required=False, max_length=60, label=_("Jenis sanksi"))
    track = forms.CharField(required=False, max_length=30, label=_("Jalur"))
