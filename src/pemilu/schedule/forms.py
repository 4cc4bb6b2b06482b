from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pemilu.core.forms import FormData, Initial


class DateInput(forms.DateInput):
    """An HTML date picker; its value must be ISO (YYYY-MM-DD) whatever the active locale."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(attrs, format or "%Y-%m-%d")


class StageEditForm(forms.Form):
    start = forms.DateField(label=_("Mulai"), required=False, widget=DateInput)
    end = forms.DateField(label=_("Selesai"), required=False, widget=DateInput)
    reason = forms.CharField(label=_("Alasan"), max_length=500, required=False,
                             widget=forms.TextInput(attrs={"placeholder": _("alasan")}))


class LocalWindowForm(forms.Form):
    stage_code = forms.ChoiceField(label=_("Tahapan"))
    region_code = forms.CharField(label=_("Kode wilayah"), max_length=20,
                                  help_text=_("mis. 12.76 (kab/kota) atau 12.76.01 (kecamatan)"))
    start = forms.DateField(label=_("Mulai"), widget=DateInput)
    end = forms.DateField(label=_("Selesai"), widget=DateInput)
    reason = forms.CharField(label=_("Alasan"), max_length=500, required=False)

    def __init__(self, data: FormData = None, *, stage_choices: list[tuple[str, str]], initial: Initial = None) -> None:
        super().__init__(data, initial=initial)
        self.fields["stage_code"].choices = stage_choices  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    reason = forms.CharField(required=False)  # its bounds are the action's (the audit row's) to check


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Berkas jadwal (CSV, XLSX atau daftar teks)"))
    reason = forms.CharField(label=_("Alasan"), max_length=500, required=False)
