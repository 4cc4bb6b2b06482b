"""Contests, the C.Hasil forms per TPS (append-only versions), running totals per kecamatan,
plenaries and the records of the tiered recap.

Lean for scale (issue 9): a form's votes are ONE JSON column (choice key → votes), not a row
per choice; the accepted figures are folded into ``KecamatanTotal`` inside the accepting
transaction, so a recap of any level sums at most 7,285 kecamatan rows per contest.

The models live in one module per aggregate; import them from here.
"""

from pemilu.results.models.chasil import (
    ADMIN_FIELDS,
    FORM_FIELDS,
    SECTIONS,
    VOTE_TOTAL_FIELDS,
    IdempotencyKey,
    KecamatanTotal,
    Result,
    ResultPhoto,
    ResultStatus,
    ResultVersion,
    VersionKind,
)
from pemilu.results.models.contests import (
    DEFAULT_OVERSEAS_RECAP_STAGES,
    DEFAULT_RECAP_STAGES,
    BallotCandidate,
    ChoiceKind,
    Contest,
    ContestKind,
    Dapil,
    DapilArea,
    DifferencePolicy,
    DistrictKind,
    EntryMode,
    Party,
    Paslon,
    ResultConfig,
    default_overseas_recap_stages,
    default_recap_stages,
)
from pemilu.results.models.minutes import AttendeeKind, PlenaryAttendee
from pemilu.results.models.recap import Plenary, PlenaryRecord, PlenaryStatus, RecapSheet, RecordKind

__all__ = [
    "ADMIN_FIELDS",
    "AttendeeKind",
    "BallotCandidate",
    "ChoiceKind",
    "Contest",
    "ContestKind",
    "DEFAULT_OVERSEAS_RECAP_STAGES",
    "DEFAULT_RECAP_STAGES",
    "Dapil",
    "DapilArea",
    "DifferencePolicy",
    "DistrictKind",
    "EntryMode",
    "FORM_FIELDS",
    "IdempotencyKey",
    "KecamatanTotal",
    "Party",
    "Paslon",
    "Plenary",
    "PlenaryAttendee",
    "PlenaryRecord",
    "PlenaryStatus",
    "RecapSheet",
    "RecordKind",
    "Result",
    "ResultConfig",
    "ResultPhoto",
    "ResultStatus",
    "ResultVersion",
    "SECTIONS",
    "VOTE_TOTAL_FIELDS",
    "VersionKind",
    "default_overseas_recap_stages",
    "default_recap_stages",
]
