"""Pages of adhoc, one module per area of work; ``urls.py`` reads them from here. Thin: reads
through ``visible_to`` (404 outside the user's regions), writes through ``actions`` (which check
permissions and audit).

- ``recruitment``: the office's home, a recruitment and its next step, areas, extensions;
- ``applicants``: paper registration, imports, verification, an applicant's page and documents;
- ``public``: announcements and public comments (with the office's follow-up);
- ``portal``: the applicant's own sign-up, registration, documents and profile;
- ``base``: the scoped reads and the action runner the pages share.
"""

from pemilu.adhoc.views.applicants import applicant, applicant_action, bulk_action, document, import_file, register
from pemilu.adhoc.views.portal import portal, portal_profile, portal_upload, signup
from pemilu.adhoc.views.public import (
    announcement_pdf,
    announcement_status,
    announcements,
    comments,
    follow_up,
    public_comment,
)
from pemilu.adhoc.views.recruitment import (
    area,
    continue_below,
    create,
    dashboard_xlsx,
    extend,
    extend_work,
    home,
    recruitment,
    transition,
)

__all__ = [
    "announcement_pdf", "announcement_status", "announcements", "applicant", "applicant_action", "area",
    "bulk_action", "comments", "continue_below", "create", "dashboard_xlsx", "document", "extend", "extend_work",
    "follow_up", "home", "import_file", "portal", "portal_profile", "portal_upload", "public_comment",
    "recruitment", "register", "signup", "transition",
]
