"""The voter list's models, one module per aggregate (add a module and import it here)."""

from pemilu.voters.models.duplicates import (
    DuplicateKind,
    DuplicatePair,
    DuplicateSearch,
    DuplicateStatus,
    SearchState,
)
from pemilu.voters.models.lists import (
    STAGE_ORDER,
    Coklit,
    CoklitRecord,
    ListStage,
    Marital,
    NotEligibleReason,
    Origin,
    Voter,
    VoterImport,
    VoterList,
    VoterListEntry,
)

__all__ = [
    "DuplicateKind",
    "DuplicatePair",
    "DuplicateSearch",
    "DuplicateStatus",
    "SearchState",
    "STAGE_ORDER",
    "Coklit",
    "CoklitRecord",
    "ListStage",
    "Marital",
    "NotEligibleReason",
    "Origin",
    "Voter",
    "VoterImport",
    "VoterList",
    "VoterListEntry",
]
