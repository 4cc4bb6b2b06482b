"""Reading a page's post through a Django form (issue 18 item 9)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _

from pemilu.core.exceptions import DomainError


def cleaned(form: forms.Form) -> dict[str, Any]:
    """The form's typed values, or a ``DomainError`` (a 400 on the page) naming the first bad field."""
    if form.is_valid():
        return form.cleaned_data
    field, errors = next(iter(form.errors.items()))
    raise DomainError(_("{field}: {message}").format(field=field, message=errors[0]))
