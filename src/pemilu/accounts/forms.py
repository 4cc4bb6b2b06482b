from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pemilu.accounts.models import Role


class GrantForm(forms.Form):
    role = forms.ChoiceField(label=_("Peran"), choices=Role.choices)
    scope_code = forms.CharField(label=_("Kode wilayah/TPS"), max_length=20, required=False,
                                 help_text=_("Kosong = nasional; mis. 12.76, 12.76.01, 12.76.01.1006.001"))
    ends_on = forms.DateField(label=_("Berlaku sampai"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Alasan"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class CreateUserForm(GrantForm):
    username = forms.CharField(label=_("Nama pengguna"), max_length=150)
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=200)
    email = forms.EmailField(label=_("E-mel"), required=False)
    field_order = ["username", "full_name", "email", "role", "scope_code", "ends_on", "reason"]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), max_length=500)


class ActivationForm(forms.Form):
    username = forms.CharField(label=_("Nama pengguna"), max_length=150)
    code = forms.CharField(label=_("Kode aktivasi"), max_length=40,
                           help_text=_("Tertulis pada lembar aktivasi yang diserahkan bersama SK, mis. ABCD-EFGH-JKMN"))
    password = forms.CharField(label=_("Kata sandi baru"), max_length=128, widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("Ulangi kata sandi baru"), max_length=128, widget=forms.PasswordInput)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        return data
