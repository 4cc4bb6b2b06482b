"""State changes of adhoc, one module per aggregate; the public names are re-exported here so
``from pemilu.adhoc import actions`` / ``actions.do_register(...)`` keeps working.

Every action checks permission first, changes state, and records an audit event in the same
transaction. Audit rows carry masked NIKs only: the trail is readable by Bawaslu, the identity
data is not.

- ``config``: per-body rules, eligibility rules, the party-member and service-history lists;
- ``recruitment``: creating a recruitment, opening/extending/closing registration, re-evaluation;
- ``registration``: registering applicants (portal, officer, paper-registration file);
- ``applicants``: an applicant's documents, profile and withdrawal;
- ``selection``: administrative verification, scores, the stage announcements;
- ``appointment``: appointment (SK), inauguration, work extension for a re-vote, PAW;
- ``access``: the account and role each appointed member gets (and loses at a PAW), activation slips;
- ``comments``: public comments on announced candidates;
- ``base``: helpers the modules share (lock, status transition, numbering an announcement).
"""

from pemilu.adhoc.actions.access import do_issue_activation_slips
from pemilu.adhoc.actions.applicants import (
    DocumentUpload,
    can_edit_applicant,
    do_register_with_documents,
    do_update_profile,
    do_upload_document,
    do_withdraw,
)
from pemilu.adhoc.actions.appointment import do_appoint, do_extend_work, do_inaugurate, do_replace
from pemilu.adhoc.actions.base import refresh_eligibility
from pemilu.adhoc.actions.comments import PUBLIC_COMMENTS, commentable, do_follow_up_comment, submit_comment
from pemilu.adhoc.actions.config import (
    do_import_party_members,
    do_import_service_history,
    do_set_body_rules,
    do_set_eligibility_rule,
)
from pemilu.adhoc.actions.recruitment import (
    area_counts,
    do_close_registration,
    do_continue_below_minimum,
    do_create_recruitment,
    do_evaluate,
    do_extend,
    do_open_registration,
)
from pemilu.adhoc.actions.registration import (
    ApplicantData,
    do_import_applicants,
    do_register,
    registrable_codes,
)
from pemilu.adhoc.actions.selection import (
    do_announce_admin,
    do_announce_final,
    do_announce_written,
    do_import_scores,
    do_set_score,
    do_verify,
    do_verify_eligible,
)

__all__ = [
    "do_issue_activation_slips",
    "PUBLIC_COMMENTS",
    "ApplicantData",
    "DocumentUpload",
    "area_counts",
    "can_edit_applicant",
    "commentable",
    "do_announce_admin",
    "do_announce_final",
    "do_announce_written",
    "do_appoint",
    "do_close_registration",
    "do_continue_below_minimum",
    "do_create_recruitment",
    "do_evaluate",
    "do_extend",
    "do_extend_work",
    "do_follow_up_comment",
    "do_import_applicants",
    "do_import_party_members",
    "do_import_scores",
    "do_import_service_history",
    "do_inaugurate",
    "do_open_registration",
    "do_register",
    "do_register_with_documents",
    "do_replace",
    "do_set_body_rules",
    "do_set_eligibility_rule",
    "do_set_score",
    "do_update_profile",
    "do_upload_document",
    "do_verify",
    "do_verify_eligible",
    "do_withdraw",
    "refresh_eligibility",
    "registrable_codes",
    "submit_comment",
]
