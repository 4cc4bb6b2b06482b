"""The forms the candidacy pages post (issue 18 item 9): they type and bound the values, so a bad
one is named, in Indonesian, before anything is written; the rules stay in the actions, which the
API and the file imports share."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pemilu.core.bounds import is_ascii_digits
from pemilu.core.forms import CountField, FormData, FormFiles

SEED_MAX = 2**63 - 1
TEXT_MAX = 5000


class SupportersForm(forms.Form):
    """A DPD candidate's page: draw the verification sample (``do=sample``, an optional seed) or
    upload the supporters' list."""

    do = forms.CharField(required=False, max_length=20)
    seed = forms.CharField(required=False, max_length=19, label=_("Benih sampel"))
    berkas = forms.FileField(required=False, label=_("Berkas daftar pendukung"))

    def __init__(self, data: FormData = None, files: FormFiles = None) -> None:
        super().__init__(data, files)

    def clean_seed(self) -> int | None:
        seed: str = self.cleaned_data["seed"]
        if not seed:
            return None
        if not is_ascii_digits(seed) or int(seed) > SEED_MAX:
            raise forms.ValidationError(_("harus bilangan bulat 0 sampai 2^63-1"))
        return int(seed)


class DpdCandidateForm(forms.Form):
    """The KPU Provinsi's desk: a bakal calon DPD registered by hand (the action checks the NIK)."""

    province = forms.CharField(required=False, max_length=11)
    name = forms.CharField(required=False, max_length=200, label=_("Nama"))
    nik = forms.CharField(required=False, max_length=16, label=_("NIK"))
    sex = forms.CharField(required=False, max_length=1, label=_("Jenis kelamin"))
    birth_date = forms.DateField(label=_("Tanggal lahir"), error_messages={
        "required": _("wajib diisi (YYYY-MM-DD)"), "invalid": _("wajib diisi (YYYY-MM-DD)")})
    office = forms.CharField(required=False, max_length=5, label=_("Jabatan yang wajib mundur"))

    def __init__(self, data: FormData = None) -> None:
        super().__init__(data)

    def has_valid_province(self) -> bool:
        """The province is a row id: ASCII digits, checked before the lookup so junk is a 404."""
        raw = str(self.data.get("province", ""))
        return is_ascii_digits(raw) and len(raw) < 12


class DpdDecreeForm(forms.Form):
    """A DPD candidate's resignation decree (SK pemberhentian), recorded by the KPU Provinsi."""

    number = forms.CharField(required=False, max_length=100, label=_("Nomor keputusan"))
    decided_on = forms.DateField(required=False, label=_("Tanggal keputusan"))

    def __init__(self, data: FormData = None) -> None:
        super().__init__(data)


class SupportContestForm(forms.Form):
    """The public contest of a listing under "cek dukungan" (the action checks NIK, contact, text)."""

    candidate = forms.IntegerField(min_value=1, max_value=10**12, label=_("Bakal calon"), error_messages={
        "required": _("pilih bakal calon yang Anda sanggah"), "invalid": _("pilih bakal calon yang Anda sanggah")})
    nik = forms.CharField(required=False, max_length=32, label=_("NIK"))
    name = forms.CharField(required=False, max_length=200, label=_("Nama"))
    contact = forms.CharField(required=False, max_length=200, label=_("Kontak"))
    statement = forms.CharField(required=False, max_length=2000, strip=False, label=_("Pernyataan"))

    def __init__(self, data: FormData = None) -> None:
        super().__init__(data)


class ContestResolutionForm(forms.Form):
    """The KPU Provinsi's decision on a contest: upheld (struck) or dismissed, with its reason."""

    outcome = forms.ChoiceField(choices=[("terbukti", _("Terbukti")), ("ditolak", _("Tidak terbukti"))],
                                label=_("Keputusan"))
    reason = forms.CharField(required=False, max_length=2000, strip=False, label=_("Alasan keputusan"))

    def __init__(self, data: FormData = None) -> None:
        super().__init__(data)


class VerificationForm(forms.Form):
    outcome = forms.CharField(required=False, max_length=10, label=_("Hasil verifikasi"))
    note = forms.CharField(required=False, max_length=300, label=_("Catatan verifikasi"))


class NikLookupForm(forms.Form):
    nik = forms.CharField(required=False, max_length=16, label=_("NIK"))


class ResponseTextForm(forms.Form):
    text = forms.CharField(required=False, max_length=TEXT_MAX, label=_("Isi"))


class CandidateRowForm(forms.Form):
    """One row of the party's list form, posted as ``c<n>-<field>`` (Django's own prefix)."""

    name = forms.CharField(required=False, max_length=200, label=_("nama"))
    sex = forms.CharField(required=False, max_length=1, label=_("jenis_kelamin"))
    nik = forms.CharField(required=False, max_length=16, label=_("nik"))
    birth_date = forms.DateField(required=False, label=_("tanggal_lahir"))
    domicile = forms.CharField(required=False, max_length=200, label=_("domisili"))
    office = forms.CharField(required=False, max_length=200, label=_("jabatan"))
    decree_no = forms.CharField(required=False, max_length=100, label=_("nomor_sk"))
    decree_date = forms.DateField(required=False, label=_("tanggal_sk"))


class ListChoiceForm(forms.Form):
    party = forms.CharField(required=False, max_length=20)
    dapil = forms.CharField(required=False, max_length=20)


class ListActionForm(forms.Form):
    """Verify or return a list (a note, the correction deadline), or set its DCT (the decree)."""

    note = forms.CharField(required=False, max_length=TEXT_MAX, label=_("Catatan"))
    correction_due = forms.DateField(required=False, label=_("Batas perbaikan"))
    decree_no = forms.CharField(required=False, max_length=100, label=_("Nomor keputusan"))
    decree_date = forms.DateField(required=False, label=_("Tanggal keputusan"))


class PublicResponseForm(forms.Form):
    """A response of the public on a DCS candidate (the evidence files are checked by the action)."""

    candidate = CountField(label=_("Nomor urut calon"), max_value=999)
    name = forms.CharField(required=False, max_length=200, label=_("Nama"))
    nik = forms.CharField(required=False, max_length=16, label=_("NIK"))
    contact = forms.CharField(required=False, max_length=200, label=_("Kontak"))
    content = forms.CharField(required=False, max_length=TEXT_MAX, label=_("Tanggapan"))
