"""The typed input that names an election on a page: ``?pemilu=<code>`` or a form's ``pemilu``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pemilu.elections.models import Election

CODE_MAX = Election._meta.get_field("code").max_length


class ElectionParam(forms.Form):
    """An election's code, as ``Election.code`` takes it (a slug); empty: none named."""

    pemilu = forms.SlugField(label=_("pemilu"), max_length=CODE_MAX, required=False)
