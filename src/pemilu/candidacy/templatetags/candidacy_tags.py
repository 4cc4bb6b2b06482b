"""Template helpers of candidacy: ``{% cv_state candidate as cv %}`` on the public DCS/DCT page."""

from __future__ import annotations

from django import template

from pemilu.candidacy import documents
from pemilu.candidacy.models import Candidate

register = template.Library()


@register.simple_tag
def cv_state(candidate: Candidate) -> str:
    """published / published_missing / withheld / no_statement (``documents.CvState``)."""
    return documents.cv_state(candidate)
