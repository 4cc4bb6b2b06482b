"""Who may do what in adhoc (``adhoc.*`` actions).

Reading the recruitment (areas, names, statuses) is open to every role in scope: a PPS member
sees their kelurahan. Applicant identity data (NIK, phone, address, documents) is for the KPU
office handling the area only (``adhoc.pii``). Applicants themselves hold no role: they reach
their own record through ``Applicant.user``.
"""

from pemilu.accounts.models import Role
from pemilu.accounts.permissions import register_actions

KPU = {Role.KPU_ADMIN, Role.KPU_STAFF}
IN_SCOPE = {Role.KPU_ADMIN, Role.KPU_STAFF, Role.PPK, Role.PPS, Role.OBSERVER}

register_actions({
    "adhoc.view": IN_SCOPE,
    "adhoc.pii": KPU,
    "adhoc.manage": KPU,          # open, extend, verify, score, rank, announce, appoint, replace
    "adhoc.register": KPU,        # officer entry and bulk import of paper registrations
    # KPPS are formed through the PPS (domain brief §1.1, §1.5: paper registration at the PPS
    # secretariat): a PPS member enters applicants for the TPS of their own kelurahan. Entry only:
    # reading back NIK, phone, address, documents stays adhoc.pii (the KPU office).
    "adhoc.register_kpps": {*KPU, Role.PPS},
    "adhoc.configure": {Role.KPU_ADMIN},
})
