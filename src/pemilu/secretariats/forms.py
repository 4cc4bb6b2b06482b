"""The secretariat page's posts as forms (issue 18 item 9): one form per action of
``views.action``, so every field arrives typed (a date, a row id, a list of ids) or the post is
refused with the field named. The rules themselves (a blank number, a date outside the window)
stay in the actions."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

ROW_ID_MAX = 2**63 - 1


def _text() -> forms.CharField:
    """Text as posted: its bounds and blanks are the action's to check (it names them)."""
    return forms.CharField(required=False, strip=False)


def _row() -> forms.IntegerField:
    return forms.IntegerField(required=False, min_value=1, max_value=ROW_ID_MAX)


class RowIdsField(forms.Field):
    """Every value of a repeated field (``candidate=1&candidate=2``) as row ids."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: object) -> list[int]:
        ids = []
        for raw in value if isinstance(value, list | tuple) else []:
            if not (isinstance(raw, str) and raw.isascii() and raw.isdigit() and 0 < len(raw) < 19):
                raise ValidationError(gettext_lazy("bukan nomor baris yang sah"), code="invalid")
            ids.append(int(raw))
        return ids


class KabForm(forms.Form):
    kab = forms.CharField(required=False, max_length=20)  # a missing kab/kota is the view's 404


class OfficeForm(forms.Form):
    office_name = _text()
    address = _text()
    phone = _text()
    email = _text()


class ProposeForm(forms.Form):
    kind = _text()
    employee = _row()
    proposed_on = forms.DateField(required=False)
    letter_number = _text()


class WithdrawForm(forms.Form):
    candidate = _row()
    reason = _text()


class ForwardForm(forms.Form):
    on = forms.DateField(required=False)


class PickForm(forms.Form):
    candidate = RowIdsField(required=False)
    number = _text()
    date = forms.DateField(required=False)
    issued_by = _text()


class PenetapanForm(forms.Form):
    number = _text()
    date = forms.DateField(required=False)


class UploadForm(forms.Form):
    kind = _text()
    file = forms.FileField(required=False)


class PaktaForm(forms.Form):
    assignment = _row()
    signed_on = forms.DateField(required=False)
    file = forms.FileField(required=False)


class RemoveForm(forms.Form):
    assignment = _row()
    reason = _text()
    on = forms.DateField(required=False)
    note = _text()


FORMS: dict[str, type[forms.Form]] = {
    "office": OfficeForm, "propose": ProposeForm, "withdraw": WithdrawForm, "forward": ForwardForm,
    "pick": PickForm, "penetapan": PenetapanForm, "upload": UploadForm, "pakta": PaktaForm, "remove": RemoveForm,
}

