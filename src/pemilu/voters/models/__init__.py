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
    VoterTps,
)
from pemilu.voters.models.plenary import DptPlenary, DptPlenaryStatus
from pemilu.voters.models.responses import DpsAnnouncement, DpsResponse, ResponseKind, ResponseStatus
from pemilu.voters.models.settings import DEFAULT_RESPONSE_DAYS, DEFAULT_TPS_CAP, VoterSettings
from pemilu.voters.models.transfers import DpkRecord, Transfer

__all__ = [
    "DuplicateKind",
    "DuplicatePair",
    "DuplicateSearch",
    "DuplicateStatus",
    "SearchState",
    "DEFAULT_TPS_CAP",
    "DpkRecord",
    "Transfer",
    "VoterSettings",
    "DEFAULT_RESPONSE_DAYS",
    "STAGE_ORDER",
    "Coklit",
    "CoklitRecord",
    "DpsAnnouncement",
    "DpsResponse",
    "DptPlenary",
    "DptPlenaryStatus",
    "ListStage",
    "Marital",
    "NotEligibleReason",
    "Origin",
    "ResponseKind",
    "ResponseStatus",
    "Voter",
    "VoterImport",
    "VoterList",
    "VoterListEntry",
    "VoterTps",
]
