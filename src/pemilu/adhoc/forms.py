from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from pemilu.adhoc.actions import ApplicantData
from pemilu.adhoc.models import Applicant, Area, Health, LeaveReason, Revote
from pemilu.adhoc.rules import Body, Education, ScoreKind
from pemilu.core.forms import FormData, FormFiles
from pemilu.core.models import Sex

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DOC_FIELDS = {"doc_ktp": "ktp", "doc_ijazah": "ijazah", "doc_pernyataan": "pernyataan", "doc_sehat": "sehat"}


class ApplicantForm(forms.Form):
    area = forms.ModelChoiceField(Area.objects.none(), label=_("Wilayah yang dilamar"), to_field_name="code")
    nik = forms.CharField(label=_("NIK"), min_length=16, max_length=16)
    name = forms.CharField(label=_("Nama lengkap"), max_length=200)
    gender = forms.ChoiceField(label=_("Jenis kelamin"), choices=Sex.choices)
    birth_place = forms.CharField(label=_("Tempat lahir"), max_length=100, required=False)
    birth_date = forms.DateField(label=_("Tanggal lahir"), widget=DATE)
    address = forms.CharField(label=_("Alamat"), max_length=300, required=False)
    phone = forms.CharField(label=_("Telepon"), max_length=30, required=False)
    email = forms.EmailField(label=_("Surel"), required=False)
    domicile_code = forms.CharField(label=_("Kode kelurahan/desa domisili (KTP)"), max_length=13)
    education = forms.TypedChoiceField(label=_("Pendidikan terakhir"), choices=Education.choices, coerce=int)
    sentence_years = forms.IntegerField(label=_("Pernah dipidana (ancaman, tahun; 0 = tidak pernah)"), min_value=0,
                                        max_value=100, required=False)
    spouse_nik = forms.CharField(label=_("NIK suami/istri (bila ada)"), max_length=16, required=False)
    health = forms.ChoiceField(label=_("Keterangan sehat (diisi petugas)"), choices=Health.choices, required=False)
    doc_ktp = forms.FileField(label=_("Fotokopi KTP-el (PDF/JPEG)"), required=False)
    doc_ijazah = forms.FileField(label=_("Fotokopi ijazah (PDF/JPEG)"), required=False)
    doc_pernyataan = forms.FileField(label=_("Surat pernyataan (PDF/JPEG)"), required=False)
    doc_sehat = forms.FileField(label=_("Surat keterangan sehat (PDF/JPEG)"), required=False)

    def __init__(self, data: FormData = None, files: FormFiles = None, *, areas: QuerySet[Area] | None = None,
                 officer: bool = True) -> None:
        super().__init__(data, files)
        if areas is not None:
            self.fields["area"].queryset = areas  # type: ignore[attr-defined]
            self.fields["area"].label_from_instance = lambda a: f"{a.name} ({a.code})"  # type: ignore[attr-defined]
        if not officer:
            del self.fields["health"]

    def applicant_data(self) -> ApplicantData:
        """The validated form as the registration action's input (the portal form has no health field)."""
        d = self.cleaned_data
        return ApplicantData(
            area_code=d["area"].code, nik=d["nik"], name=d["name"], gender=d["gender"], birth_date=d["birth_date"],
            domicile_code=d["domicile_code"], education=d["education"], birth_place=d["birth_place"],
            address=d["address"], phone=d["phone"], email=d["email"], sentence_years=d["sentence_years"],
            spouse_nik=d["spouse_nik"], health=d.get("health", ""))


class ProfileForm(forms.Form):
    address = forms.CharField(label=_("Alamat"), max_length=300, required=False)
    phone = forms.CharField(label=_("Telepon"), max_length=30, required=False)
    education = forms.TypedChoiceField(label=_("Pendidikan terakhir"), choices=Education.choices, coerce=int)
    sentence_years = forms.IntegerField(label=_("Pernah dipidana (ancaman, tahun; 0 = tidak pernah)"), min_value=0,
                                        max_value=100, required=False)
    spouse_nik = forms.CharField(label=_("NIK suami/istri (bila ada)"), max_length=16, required=False)


class SignupForm(forms.Form):
    username = forms.CharField(label=_("Nama pengguna"), max_length=150)
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=200)
    email = forms.EmailField(label=_("Surel"))
    password = forms.CharField(label=_("Kata sandi"), widget=forms.PasswordInput, min_length=8)


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis dokumen"), choices=[
        ("ktp", _("KTP-el")), ("ijazah", _("Ijazah")), ("pernyataan", _("Surat pernyataan")),
        ("sehat", _("Surat keterangan sehat")), ("keluar_partai", _("Surat keluar partai")),
        ("cv", _("Daftar riwayat hidup")),
        ("foto", _("Pas foto"))])
    file = forms.FileField(label=_("Berkas (PDF atau JPEG)"))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Berkas XLSX/CSV"))


class ExtendForm(forms.Form):
    new_end = forms.DateField(label=_("Batas pendaftaran baru"), widget=DATE)
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 2}))
    kind = forms.ChoiceField(label=_("Jenis"), choices=[("extend", _("Perpanjangan")), ("reopen", _("Buka kembali"))])


class CreateRecruitmentForm(forms.Form):
    body = forms.ChoiceField(choices=Body.choices)
    region = forms.CharField(required=False, max_length=20)  # in scope or not: ensure_can answers


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 2}))


class VerifyForm(forms.Form):
    result = forms.ChoiceField(label=_("Hasil"), choices=[("ms", _("Memenuhi syarat (MS)")),
                                                         ("tms", _("Tidak memenuhi syarat (TMS)"))])
    reason = forms.CharField(label=_("Alasan"), required=False, max_length=300)


class ScoreForm(forms.Form):
    which = forms.ChoiceField(choices=ScoreKind.choices, widget=forms.HiddenInput)
    value = forms.DecimalField(label=_("Nilai"), min_value=0, max_value=100, max_digits=5, decimal_places=2)


class ScoreEntryForm(forms.Form):
    """A score typed on the applicant's page: the action reads it (a comma or a point, two decimals)."""

    which = forms.ChoiceField(choices=ScoreKind.choices, widget=forms.HiddenInput)
    value = forms.CharField(label=_("Nilai"), max_length=20)


class HealthForm(forms.Form):
    health = forms.ChoiceField(label=_("Keterangan sehat"), choices=Health.choices)


class ReplaceForm(forms.Form):
    reason = forms.ChoiceField(label=_("Alasan berhenti"), choices=LeaveReason.choices)
    detail = forms.CharField(label=_("Keterangan"), widget=forms.Textarea(attrs={"rows": 2}))
    decided_on = forms.DateField(label=_("Tanggal"), widget=DATE)
    sk_number = forms.CharField(label=_("Nomor SK PAW"), max_length=100, required=False)


class OpenForm(forms.Form):
    start = forms.DateField(label=_("Pendaftaran mulai"), widget=DATE)
    end = forms.DateField(label=_("Pendaftaran selesai"), widget=DATE)


class CloseForm(forms.Form):
    early_reason = forms.CharField(label=_("Alasan menutup sebelum batas pendaftaran (bila masih berjalan)"),
                                   max_length=500, required=False)


class AppointForm(forms.Form):
    sk_number = forms.CharField(label=_("Nomor SK penetapan"), max_length=100)
    sk_date = forms.DateField(label=_("Tanggal SK"), widget=DATE)


class InaugurateForm(forms.Form):
    on = forms.DateField(label=_("Tanggal pelantikan"), widget=DATE)
    place = forms.CharField(label=_("Tempat pelantikan"), max_length=200)


class WorkExtendForm(forms.Form):
    kind = forms.ChoiceField(label=_("Karena"), choices=Revote.choices)
    new_end = forms.DateField(label=_("Masa kerja selesai baru"), widget=DATE)
    reason = forms.CharField(label=_("Alasan (mis. putusan/rekomendasi PSU)"), widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=2000)


class CommentForm(forms.Form):
    candidate = forms.ChoiceField(label=_("Calon"))
    text = forms.CharField(label=_("Tanggapan (mis. ijazah palsu, keanggotaan partai, tim kampanye)"),
                           widget=forms.Textarea(attrs={"rows": 5}), min_length=10, max_length=5000)
    sender_name = forms.CharField(label=_("Nama Anda (boleh dikosongkan)"), max_length=200, required=False)
    sender_contact = forms.CharField(label=_("Telepon/surel untuk klarifikasi (boleh dikosongkan)"), max_length=200,
                                     required=False)

    def __init__(self, data: FormData = None, *, candidates: Iterable[Applicant] = ()) -> None:
        super().__init__(data)
        self.fields["candidate"].choices = [  # type: ignore[attr-defined]
            (str(a.pk), f"{a.name} — {a.masked_nik} — {a.area.name}") for a in candidates]


class FollowUpForm(forms.Form):
    follow_up = forms.CharField(label=_("Tindak lanjut"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)


class SlipsForm(forms.Form):
    """Activation slips for the whole body, or for one area's members (its id), optionally e-mailed."""

    area = forms.IntegerField(label=_("Wilayah"), min_value=1, required=False)
    email = forms.BooleanField(label=_("Kirim juga lewat surel"), required=False)
