"""Reading a page's post through a Django form (issue 18 item 9).

A view never reads ``request.POST[...]`` by hand: it binds a form, and bad input comes back as the
form's translated messages (Django's own, in Indonesian first), named by the field's label, before
anything is written."""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import Any, TypeAlias

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.files.uploadedfile import UploadedFile
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from pemilu.core.bounds import is_ascii_digits
from pemilu.core.exceptions import DomainError

# What a form is bound to: ``request.POST`` (or a test's dict), or None for an unbound form; the files.
FormData: TypeAlias = Mapping[str, object] | None
FormFiles: TypeAlias = MultiValueDict[str, UploadedFile] | None
Initial: TypeAlias = MutableMapping[str, Any] | None  # Django's own type for it


def messages_of(form: forms.BaseForm) -> list[str]:
    """Every error of a bound form as "Label: message", non-field errors as they are."""
    out: list[str] = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = str(field.label) if field is not None and field.label else name
        for message in errors:
            out.append(str(message) if name == NON_FIELD_ERRORS
                       else _("{field}: {message}").format(field=label, message=message))
    return out


def cleaned(form: forms.BaseForm) -> dict[str, Any]:
    """The form's typed values, or a ``DomainError`` (a 400 on the page) naming the first bad field."""
    if form.is_valid():
        return form.cleaned_data
    raise DomainError(messages_of(form)[0])


class CountField(forms.IntegerField):
    """A count typed from paper: ASCII digits only (no sign, no decimals, no Arabic-Indic or
    full-width digits that ``int()`` would take), empty is ``None`` unless required."""

    default_error_messages = {"invalid": _lazy("harus bilangan bulat tidak negatif (angka 0-9 saja).")}

    def to_python(self, value: object) -> int | None:
        text = str(value).strip() if value is not None else ""
        if text in self.empty_values:
            return None
        if not is_ascii_digits(text):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return int(text)


class ColonForm(forms.Form):
    """A form whose fields are posted as ``<prefix>:<name>`` (``a:3:name``, ``r:12.76.01:suara_sah``),
    the names the grid pages have always used."""

    def add_prefix(self, field_name: str) -> str:
        return f"{self.prefix}:{field_name}" if self.prefix else field_name
