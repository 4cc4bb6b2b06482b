"""Who may read and change the voter list (``voters.*`` actions)."""

from pemilu.accounts.models import Role
from pemilu.accounts.permissions import register_actions

register_actions({
    # Bawaslu supervises the voter list; accredited observers (pemantau) do not read personal data.
    # A Pantarlih reads the voters of their own TPS area (their role's scope is that TPS).
    "voters.view": {Role.KPU_ADMIN, Role.KPU_STAFF, Role.PPK, Role.PPS, Role.PANTARLIH, Role.BAWASLU},
    # The DP4 comes from Dukcapil through KPU Kab/Kota.
    "voters.import": {Role.KPU_ADMIN, Role.KPU_STAFF},
    # The coklit is the Pantarlih's work, in their TPS area (a voter mapped to that TPS), during their
    # work period (the role ends with it); the PPS above records outcomes a Pantarlih could not.
    "voters.coklit": {Role.KPU_ADMIN, Role.KPU_STAFF, Role.PPS, Role.PANTARLIH},
    # DPHP → DPS → DPSHP → DPSHP Akhir are compiled by the PPS; the DPT is set by KPU Kab/Kota.
    "voters.compile": {Role.KPU_ADMIN, Role.KPU_STAFF, Role.PPS},
    # The PPS records the public's responses to its announced DPS (tanggapan masyarakat) and
    # resolves them before the DPSHP; KPU Kab/Kota above it may too.
    "voters.respond": {Role.KPU_ADMIN, Role.KPU_STAFF, Role.PPS},
    # The DPT is set by KPU Kab/Kota in a plenary (its attendance, quorum and lock).
    "voters.set_dpt": {Role.KPU_ADMIN, Role.KPU_STAFF},
    # Duplicates (issue 22 item 4): KPU Kab/Kota runs the search; the PPS or KPU decides each pair
    # (PPK and Bawaslu read the queue through voters.view).
    "voters.search_duplicates": {Role.KPU_ADMIN, Role.KPU_STAFF},
    "voters.decide_duplicate": {Role.KPU_ADMIN, Role.KPU_STAFF, Role.PPS},
    # The full NIK/KK is shown only to KPU staff in scope, each view audited (issue 22 item 6).
    "voters.view_nik": {Role.KPU_ADMIN, Role.KPU_STAFF},
    # Model A-Daftar Pemilih of a TPS (NIK/KK masked, recipient watermarked, audited): printed for the
    # PPS and KPPS; Bawaslu supervises the list and receives it.
    "voters.export": {Role.KPU_ADMIN, Role.KPU_STAFF, Role.PPK, Role.PPS, Role.BAWASLU},
    # The soft copy for the parties is handed over by KPU Kab/Kota; the Pasal is not confirmed in domain.md.
    "voters.export_party_copy": {Role.KPU_ADMIN, Role.KPU_STAFF},
})

register_actions({
    # TPS mapping (issue 22 item 5) is KPU Kab/Kota's, on the PPS's proposal.
    "voters.map_tps": {Role.KPU_ADMIN, Role.KPU_STAFF},
    # DPTb (form A-Surat Pindah Memilih): issued by the PPS or KPU Kab/Kota (issue 22 item 2).
    "voters.transfer": {Role.KPU_ADMIN, Role.KPU_STAFF, Role.PPS},
    # DPK on voting day: recorded by the KPPS of the TPS.
    "voters.dpk": {Role.KPU_ADMIN, Role.KPU_STAFF, Role.KPPS},
})
