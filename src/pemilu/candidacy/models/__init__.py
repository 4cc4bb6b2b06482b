"""The candidacy models, one module per aggregate (add a module and import it here)."""

from pemilu.candidacy.models.lists import (
    DISTRICT_LEVEL,
    LEVEL_DISTRICT,
    Candidate,
    CandidateList,
    LiaisonOfficer,
    ListLevel,
    ListStatus,
    Office,
)
from pemilu.candidacy.models.responses import PublicResponse, ResponseEvidence, ResponseOutcome, ResponseStatus

__all__ = [
    "DISTRICT_LEVEL",
    "LEVEL_DISTRICT",
    "Candidate",
    "CandidateList",
    "LiaisonOfficer",
    "ListLevel",
    "ListStatus",
    "Office",
    "PublicResponse",
    "ResponseEvidence",
    "ResponseOutcome",
    "ResponseStatus",
]
