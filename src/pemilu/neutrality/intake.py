"""What the two intakes say, declared once (issue 18): a public report and a Bawaslu finding (temuan).

``ReportIn`` and ``FindingIn`` are at once the API's bodies (``api_intake``, ``api``), what the pages'
posts are read into (``read``) and the actions' input (``actions.submit_report``,
``findings.do_record_finding``). One field list and one validation, so a bad value gets the same
Indonesian message (``core.api``) on the page as in the API; the pages' forms only lay the fields out.
The rules of the domain (region level, dates, NIP, reporter) stay in the actions' ``_validate_intake``.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

import pydantic
from django import forms
from ninja import Field, Schema

from pemilu.core.api import invalid_input, validation_items
from pemilu.core.bounds import LONG_TEXT_MAX, NAME_MAX, SHORT_TEXT_MAX
from pemilu.core.exceptions import DomainError
from pemilu.neutrality.models import Category
from pemilu.neutrality.sanctions import Employment, OrganiserRole


class IntakeIn(Schema):
    """The event and the suspect: what a report and a finding both say."""

    election: str = Field(..., max_length=40, description="election code, e.g. pemilu-2024")
    region_code: str = Field(..., max_length=20, description="kab/kota or kecamatan where it happened")
    category: Category
    description: str = Field(..., min_length=1, max_length=LONG_TEXT_MAX)
    event_date: datetime.date
    place: str = Field(..., min_length=1, max_length=SHORT_TEXT_MAX)
    suspect_name: str = Field(default="", max_length=NAME_MAX)
    suspect_nip: str = Field(default="", max_length=30)
    suspect_agency: str = Field(default="", max_length=NAME_MAX)
    suspect_employment: Employment | None = Field(
        default=None, description="what the sender says; the ASN register wins when the NIP matches")
    suspect_role: OrganiserRole | None = Field(default=None, description="organiser or adhoc when the suspect is one")
    # Their bounds (20, 2000 characters each) are the action's rule, which names them in its message.
    links: list[str] = Field(default=[], description="http(s) addresses, at most 20; a text is one per line")

    @pydantic.field_validator("links", mode="before")
    @classmethod
    def _one_per_line(cls, value: object) -> object:
        """A page's textarea (one address per line) or a list; blanks and surrounding spaces dropped."""
        items = value.splitlines() if isinstance(value, str) else value
        if isinstance(items, list | tuple):
            return [x.strip() for x in items if not isinstance(x, str) or x.strip()]
        return value


class ReportIn(IntakeIn):
    """A public report (laporan): when the reporter learnt of it, and who they are unless anonymous."""

    known_on: datetime.date
    is_anonymous: bool = False
    reporter_name: str = Field(default="", max_length=NAME_MAX)
    reporter_contact: str = Field(default="", max_length=NAME_MAX)
    reporter_address: str = Field(default="", max_length=SHORT_TEXT_MAX)


class FindingIn(IntakeIn):
    """A temuan: when the supervising office found it."""

    found_on: datetime.date


S = TypeVar("S", bound=IntakeIn)


def read(schema: type[S], values: Mapping[str, object], form: forms.BaseForm) -> S:
    """A page's post read by the API's schema: the same checks and, on a bad value, the API's own
    sentence (``core.api.invalid_input``) naming the field by the ``form``'s label. A field left
    empty on the page is one not sent."""
    given = {k: v for k, v in values.items() if v != ""}
    try:
        return schema.model_validate(given)
    except pydantic.ValidationError as exc:
        errors: list[dict[str, Any]] = [dict(e) for e in exc.errors()]
        labels = {name: str(field.label) for name, field in form.fields.items() if field.label}
        raise DomainError(invalid_input(validation_items(errors), labels)) from None
