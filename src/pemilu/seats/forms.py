from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from pemilu.elections.models import Election
from pemilu.seats.models import SeatContestKind
from pemilu.seats.rules import DEFAULT_PARTY_TIE_RULES, PARTY_TIE_RULES


class AllocationForm(forms.Form):
    election = forms.ModelChoiceField(Election.objects.all(), label=_("Pemilu"))
    contest_kind = forms.ChoiceField(choices=SeatContestKind.choices, label=_("Jenis kontestasi"))
    contest_label = forms.CharField(max_length=100, required=False, label=_("Label kontestasi"))
    region_code = forms.CharField(max_length=5, required=False, label=_("Kode wilayah"),
                                  help_text=_("Kosong = nasional (DPR); kode provinsi/kab/kota untuk DPRD"))
    threshold = forms.DecimalField(min_value=Decimal(0), max_value=Decimal(100), decimal_places=3,
                                   initial=Decimal(4), label=_("Ambang batas parlemen (%)"),
                                   help_text=_("DPR: 4 (UU 7/2017 Pasal 414); DPRD: 0"))
    tie_rules = forms.CharField(initial=",".join(DEFAULT_PARTY_TIE_RULES), label=_("Aturan seri partai"),
                                help_text=_("Urutan aturan: votes (suara terbanyak), lots (undian tercatat)"))
    votes_file = forms.FileField(label=_("Berkas suara per dapil (CSV/XLSX)"))
    national_file = forms.FileField(required=False, label=_("Berkas suara nasional (party,votes)"))
    candidates_file = forms.FileField(required=False, label=_("Berkas suara calon"))
    resolutions_file = forms.FileField(required=False, label=_("Berkas penyelesaian seri (dapil,seat,order,note)"))
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Keterangan"))

    def clean_tie_rules(self) -> tuple[str, ...]:
        rules = tuple(r.strip() for r in self.cleaned_data["tie_rules"].split(",") if r.strip())
        bad = [r for r in rules if r not in PARTY_TIE_RULES]
        if bad:
            raise forms.ValidationError(_("aturan tidak dikenal: {rules}").format(rules=", ".join(bad)))
        return rules


class RecapContestForm(forms.Form):
    """The contest whose seats are computed from the recap (query string or the page's post)."""

    jenis = forms.CharField(required=False, max_length=30, label=_("Jenis kontestasi"))
    wilayah = forms.CharField(required=False, max_length=13, label=_("Kode wilayah"))
    reason = forms.CharField(required=False, max_length=500, label=_("Keterangan"))


class PublishDecreeForm(forms.Form):
    # The number is required by the action (its own message); the form types the date.
    number = forms.CharField(required=False, max_length=100, label=_("Nomor keputusan"))
    decided_on = forms.DateField(required=False, label=_("Tanggal keputusan"))
    reason = forms.CharField(required=False, max_length=500, label=_("Keterangan"))


class ReplaceMemberForm(forms.Form):
    # Cause and reason are checked by the action (its own messages); an empty date is today there.
    cause = forms.CharField(required=False, max_length=30, label=_("Sebab"))
    ended_on = forms.DateField(required=False, label=_("Tanggal berhenti"))
    reason = forms.CharField(required=False, max_length=500, label=_("Keterangan (nomor surat)"))
