"""The candidacy models, one module per aggregate (add a module and import it here)."""

from pemilu.candidacy.models.documents import CandidateDocument, CvConsent, DocumentKind, DocumentOutcome
from pemilu.candidacy.models.dpd import (
    DpdCandidate,
    DpdProvince,
    DpdStatus,
    Outcome,
    ResignationFlag,
    Supporter,
)
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
    "CandidateDocument",
    "CandidateList",
    "CvConsent",
    "DocumentKind",
    "DocumentOutcome",
    "DpdCandidate",
    "DpdProvince",
    "DpdStatus",
    "LiaisonOfficer",
    "ListLevel",
    "ListStatus",
    "Office",
    "Outcome",
    "PublicResponse",
    "ResignationFlag",
    "ResponseEvidence",
    "ResponseOutcome",
    "ResponseStatus",
    "Supporter",
]
