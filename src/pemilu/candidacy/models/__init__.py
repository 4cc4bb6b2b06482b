"""The candidacy models, one module per aggregate (add a module and import it here)."""

from pemilu.candidacy.models.documents import (
    CandidateDocument,
    CandidateDocumentFile,
    CandidateDocumentKind,
    CvConsent,
    DocumentOutcome,
)
from pemilu.candidacy.models.dpd import (
    DpdCandidate,
    DpdProvince,
    DpdStatus,
    ResignationFlag,
    Supporter,
    SupportOutcome,
)
from pemilu.candidacy.models.dpd_contest import SupportContest, SupportContestStatus
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
from pemilu.candidacy.models.responses import DcsResponseStatus, PublicResponse, ResponseEvidence, ResponseOutcome

__all__ = [
    "DISTRICT_LEVEL",
    "LEVEL_DISTRICT",
    "Candidate",
    "CandidateDocument",
    "CandidateDocumentFile",
    "CandidateList",
    "CvConsent",
    "CandidateDocumentKind",
    "DocumentOutcome",
    "DpdCandidate",
    "DpdProvince",
    "DpdStatus",
    "LiaisonOfficer",
    "ListLevel",
    "ListStatus",
    "Office",
    "SupportOutcome",
    "PublicResponse",
    "ResignationFlag",
    "ResponseEvidence",
    "ResponseOutcome",
    "DcsResponseStatus",
    "Supporter",
    "SupportContest",
    "SupportContestStatus",
]
