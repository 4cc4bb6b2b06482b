"""Who may do what in neutrality (``neutrality.*`` actions).

Observers (role ``observer`` = Bawaslu and its supervisors) *handle* cases: Bawaslu is the body
that registers, examines and decides reports under UU 7/2017 Pasal 454 and Perbawaslu 7/2022,
so here the observer role acts, unlike in the rest of pemilu where it only reads.
"""

from pemilu.accounts.models import Role
from pemilu.accounts.permissions import register_actions

HANDLERS = {Role.KPU_ADMIN, Role.KPU_STAFF, Role.OBSERVER}
KPU = {Role.KPU_ADMIN, Role.KPU_STAFF}

register_actions({
    "neutrality.handle": HANDLERS,      # read cases (incl. reporter identity) and move them along
    "neutrality.stats": HANDLERS,
    "neutrality.pledge_view": HANDLERS,
    "neutrality.pledge": KPU,
    "neutrality.event_view": HANDLERS,
    "neutrality.event": KPU,
    "neutrality.configure": {Role.KPU_ADMIN},
})
