"""Who may do what in adhoc (``adhoc.*`` actions).

Reading the recruitment (areas, names, statuses) is open to every role in scope: a PPS member
sees their kelurahan. Applicant identity data (NIK, phone, address, documents) is for the office
handling the area only (``adhoc.pii``). Applicants themselves hold no role: they reach their own
record through ``Applicant.user``.

KPPS are formed by the PPS (PKPU 8/2022; domain brief §1.1, §1.5; issue 20 item 3): a KPPS
recruitment of one kelurahan/desa (``Recruitment.region`` at level 4) is run by that kelurahan's
PPS — registration, administrative check, ranking, announcement, appointment, PAW — with the
identity data it needs for the check; the KPU Kab/Kota above keeps the view and may act too. A PPS
role counts for ``adhoc.manage``/``adhoc.pii`` only on such a recruitment and its rows
(``formed_by_pps``), never on a PPK/PPS recruitment nor on a KPPS recruitment the KPU runs for the
whole kab/kota.
"""


from pemilu.accounts.models import Role
from pemilu.accounts.permissions import register_actions, register_condition
from pemilu.accounts.types import ScopeTarget
from pemilu.adhoc.rules import FORMED_BY_PPS
from pemilu.core.levels import level_of

KPU = {Role.KPU_ADMIN, Role.KPU_STAFF}
IN_SCOPE = {Role.KPU_ADMIN, Role.KPU_STAFF, Role.PPK, Role.PPS, Role.SEKRETARIAT, Role.BAWASLU, Role.PEMANTAU}

register_actions({
    "adhoc.view": IN_SCOPE,
    "adhoc.pii": {*KPU, Role.PPS},     # PPS: only where it forms the KPPS (below)
    "adhoc.manage": {*KPU, Role.PPS},  # open, extend, verify, score, rank, announce, appoint, replace
    "adhoc.register": KPU,        # officer entry and bulk import of paper registrations
    # KPPS are formed through the PPS (domain brief §1.1, §1.5: paper registration at the PPS
    # secretariat): a PPS member enters applicants for the TPS of their own kelurahan. In a KPPS
    # recruitment the KPU runs for the whole kab/kota that is entry only: reading back NIK, phone,
    # address, documents stays adhoc.pii (the KPU office).
    "adhoc.register_kpps": {*KPU, Role.PPS},
    # Starting the KPPS recruitment of one kelurahan: its PPS (or the KPU above it).
    "adhoc.form_kpps": {*KPU, Role.PPS},
    "adhoc.configure": {Role.KPU_ADMIN},
})


def formed_by_pps(obj: ScopeTarget) -> bool:
    """Whether ``obj`` (a recruitment, or an area, applicant or comment of one) belongs to a KPPS
    recruitment of one kelurahan, which its PPS runs."""
    from pemilu.adhoc.models import Recruitment

    rec = obj if isinstance(obj, Recruitment) else getattr(obj, "recruitment", None)
    return isinstance(rec, Recruitment) and rec.body in FORMED_BY_PPS and level_of(rec.region_id) == 4


register_condition("adhoc.manage", Role.PPS, formed_by_pps)
register_condition("adhoc.pii", Role.PPS, formed_by_pps)
