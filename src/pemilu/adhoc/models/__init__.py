"""Forming the ad hoc bodies (PPK, PPS, KPPS): docs/apps/adhoc.md describes the schema.

Scale shapes the schema: ``Applicant`` is one flat row per application with the area's ancestor
codes in indexed columns and every outcome (eligibility bitmasks, scores, ranks, selection) as a
column, so eligibility and ranking for ~6 M applicants run as a handful of set-based statements
(``bulk.py``) and the per-applicant Python explanation (``rules.evaluate``) reads the same facts.

The models live in one module per aggregate; import them from here.
"""

from pemilu.adhoc.models.applicants import (
    ELIG_LABELS,
    AdminResult,
    Applicant,
    ApplicantDocument,
    ApplicantStatus,
    Health,
    Outcome,
    PartyMembership,
    Selection,
    ServiceRecord,
    Source,
)
from pemilu.adhoc.models.config import BodyRules, EligibilityRule
from pemilu.adhoc.models.membership import CommentStatus, LeaveReason, PublicComment, Replacement, Revote, WorkExtension
from pemilu.adhoc.models.recruitment import Area, Recruitment, RecruitmentStatus
from pemilu.adhoc.models.stages import Announcement, AreaExtension, DocumentState, ExtensionKind, Step

__all__ = [
    "AdminResult",
    "Announcement",
    "Applicant",
    "ApplicantDocument",
    "ApplicantStatus",
    "Area",
    "AreaExtension",
    "BodyRules",
    "CommentStatus",
    "DocumentState",
    "ELIG_LABELS",
    "EligibilityRule",
    "ExtensionKind",
    "Health",
    "LeaveReason",
    "Outcome",
    "PartyMembership",
    "PublicComment",
    "Recruitment",
    "RecruitmentStatus",
    "Replacement",
    "Revote",
    "Selection",
    "ServiceRecord",
    "Source",
    "Step",
    "WorkExtension",
]
