"""Who may do what in neutrality (``neutrality.*`` actions).

Bawaslu (role ``bawaslu``: Bawaslu, Panwascam, PKD at their level) *handles* cases: it is the body
that registers, examines and decides reports and findings under UU 7/2017 Pasal 454-455 and
Perbawaslu 7/2022. KPU staff do not register or decide them (issue 20 item 4); a KPU office reads,
without the reporter's identity or evidence, the cases that concern its own staff and ad hoc bodies
(``neutrality.kpu_cases``, narrowed by ``queries.CONCERNS_KPU``). KPU records pledges and
socialisation events; Bawaslu reads them. Accredited observers (``pemantau``) see none of it.
"""

from pemilu.accounts.models import Role
from pemilu.accounts.permissions import register_actions

HANDLERS = {Role.BAWASLU}
KPU = {Role.KPU_ADMIN, Role.KPU_STAFF}
READERS = {*KPU, Role.BAWASLU}

register_actions({
    "neutrality.handle": HANDLERS,      # read cases (incl. reporter identity, evidence) and move them along
    "neutrality.kpu_cases": KPU,        # read the cases concerning KPU's staff and ad hoc bodies
    "neutrality.stats": READERS,
    "neutrality.pledge_view": READERS,
    "neutrality.pledge": KPU,
    "neutrality.event_view": READERS,
    "neutrality.event": KPU,
    "neutrality.configure": {Role.KPU_ADMIN},
})
