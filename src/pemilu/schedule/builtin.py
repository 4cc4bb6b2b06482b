"""Built-in schedules as data. ``pemilu-2024``: PKPU 3/2022 (tahapan dan jadwal Pemilu 2024) with
the ad hoc body and recapitulation sub-schedules (domain brief §1.1, §1.5, §2, §2.1).

Typo fixed against the regulation: regional KPU sites render stage 5 as "14 Desember 2022 -
14 Februari 2022 Penetapan Peserta Pemilu" (end before start); every other rendering of PKPU
3/2022 gives 14 December 2022 as a single day, which is what is stored here.

Numbering: official lists differ in granularity (Kubu Raya's table has 17 rows, the brief's 18).
Here voting (12) and counting (13) are separate stages because other modules guard them
separately, so the later stages shift by one against lists that merge them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

D = datetime.date


@dataclass(frozen=True)
class StageSpec:
    code: str
    name_id: str
    name_en: str
    start: datetime.date | None
    end: datetime.date | None
    source: str = "PKPU 3/2022"
    depends_on: str = ""
    children: tuple[StageSpec, ...] = field(default=())


@dataclass(frozen=True)
class BuiltinSchedule:
    code: str
    name: str
    voting_day: datetime.date
    stages: tuple[StageSpec, ...]


S = StageSpec

# Ad hoc bodies (PKPU 8/2022; KPT 476/2022 jo 534/2022; KPT 1669/2023). PKPU 3/2022 lists no
# separate top-level row for forming them, so they hang under stage 1, whose window covers them.
_ADHOC = (
    S("pembentukan-ppk", "Pembentukan PPK", "Formation of PPK", D(2022, 11, 20), D(2022, 12, 16),
      "KPT 476/2022 jo 534/2022", children=(
          # Registration closed Tue 29 Nov 2022 16:00 (domain brief §1.3).
          S("pendaftaran-ppk", "Pendaftaran calon anggota PPK", "PPK member registration",
            D(2022, 11, 20), D(2022, 11, 29), "KPT 476/2022 jo 534/2022"),
      )),
    S("masa-kerja-ppk", "Masa kerja PPK", "PPK term of work", D(2023, 1, 4), D(2024, 4, 4), "KPT 476/2022"),
    S("pembentukan-pps", "Pembentukan PPS", "Formation of PPS", D(2022, 12, 18), D(2023, 1, 16),
      "KPT 476/2022 jo 534/2022", children=(
          # ASSUMPTION: the brief gives only the formation window (18 Dec 2022 - 16 Jan 2023); a
          # ten-day registration at its start mirrors the PPK call. Regions override it locally.
          S("pendaftaran-pps", "Pendaftaran calon anggota PPS", "PPS member registration",
            D(2022, 12, 18), D(2022, 12, 27), "KPT 476/2022 jo 534/2022 (asumsi)"),
      )),
    S("masa-kerja-pps", "Masa kerja PPS", "PPS term of work", D(2023, 1, 17), D(2024, 4, 4), "KPT 476/2022"),
    # Pantarlih (issue 22 item 1), one per TPS area, formed by the PPS: formation 22 Jan - 1 Feb 2023,
    # term 3 Feb 2023 [A17]; the sources end it on 12 Mar while the coklit ran to 14 Mar [A32]: the term
    # here covers the coklit. ASSUMPTION: registration in the first week of the formation window.
    S("pembentukan-pantarlih", "Pembentukan Pantarlih", "Formation of Pantarlih", D(2023, 1, 22), D(2023, 2, 1),
      "PKPU 8/2022; KPT 476/2022", children=(
          S("pendaftaran-pantarlih", "Pendaftaran calon Pantarlih", "Pantarlih registration",
            D(2023, 1, 22), D(2023, 1, 28), "PKPU 8/2022 (asumsi)"),
      )),
    S("masa-kerja-pantarlih", "Masa kerja Pantarlih", "Pantarlih term of work", D(2023, 2, 3), D(2023, 3, 14),
      "PKPU 8/2022; PKPU 7/2022 (coklit 12 Februari - 14 Maret 2023)"),
    S("pembentukan-kpps", "Pembentukan KPPS", "Formation of KPPS", D(2023, 12, 11), D(2024, 1, 25),
      "KPT 1669/2023", children=(
          S("pendaftaran-kpps", "Pendaftaran calon anggota KPPS", "KPPS member registration",
            D(2023, 12, 11), D(2023, 12, 20), "KPT 1669/2023"),
      )),
    S("masa-kerja-kpps", "Masa kerja KPPS", "KPPS term of work", D(2024, 1, 25), D(2024, 2, 25), "KPT 1669/2023"),
)

# Per-level recapitulation windows (PKPU 5/2024; UU 7/2017 Pasal 413 deadlines), domain brief §2.1.
_REKAP = (
    S("rekap-kecamatan", "Rekapitulasi di PPK (kecamatan)", "Recapitulation at PPK (sub-district)",
      D(2024, 2, 15), D(2024, 3, 2), "PKPU 3/2022; PKPU 5/2024"),
    S("rekap-kabkota", "Rekapitulasi di KPU Kabupaten/Kota", "Recapitulation at regency/city KPU",
      D(2024, 2, 17), D(2024, 3, 5), "PKPU 3/2022; UU 7/2017 Pasal 413"),
    S("rekap-provinsi", "Rekapitulasi di KPU Provinsi", "Recapitulation at provincial KPU",
      D(2024, 2, 19), D(2024, 3, 10), "PKPU 3/2022; UU 7/2017 Pasal 413"),
    S("rekap-nasional", "Rekapitulasi di KPU (nasional)", "National recapitulation at KPU",
      D(2024, 2, 22), D(2024, 3, 20), "PKPU 3/2022; UU 7/2017 Pasal 413"),
    # Overseas: each PPLN recaps the results of its TPSLN, KSK (kotak suara keliling) and POS, and
    # KPU recaps the PPLN results as one unit at the national level (PKPU 5/2024). The window is KPU's
    # 2024 schedule for the PPLN recap, 15-22 Feb 2024 (domain brief §2.1 [T8]); it lies inside stage
    # "rekapitulasi" and ends before the national determination deadline (UU 7/2017 Pasal 413(1), 35
    # days after voting). A region's local sub-schedule (code "99" or a PPLN) overrides it.
    S("rekap-ppln", "Rekapitulasi di PPLN (luar negeri)", "Recapitulation at PPLN (overseas)",
      D(2024, 2, 15), D(2024, 2, 22), "PKPU 3/2022; PKPU 5/2024"),
)

PEMILU_2024 = BuiltinSchedule(
    code="pemilu-2024",
    name="Pemilihan Umum 2024",
    voting_day=D(2024, 2, 14),  # Keputusan KPU 21/2022
    stages=(
        S("perencanaan", "Perencanaan program dan anggaran", "Programme and budget planning",
          D(2022, 6, 14), D(2024, 6, 14), children=_ADHOC),
        S("penyusunan-pkpu", "Penyusunan Peraturan KPU", "Drafting KPU regulations", D(2022, 6, 14), D(2023, 12, 14)),
        S("pemutakhiran-data-pemilih", "Pemutakhiran data pemilih dan penyusunan daftar pemilih",
          "Voter data updating and voter list compilation", D(2022, 10, 14), D(2023, 6, 21)),
        S("pendaftaran-verifikasi-peserta", "Pendaftaran dan verifikasi peserta Pemilu",
          "Registration and verification of election participants", D(2022, 7, 29), D(2022, 12, 13)),
        # Typo fixed: one day, 14 Dec 2022 (see the module docstring).
        S("penetapan-peserta", "Penetapan peserta Pemilu", "Determination of election participants",
          D(2022, 12, 14), D(2022, 12, 14)),
        S("penetapan-kursi-dapil", "Penetapan jumlah kursi dan penetapan daerah pemilihan",
          "Determination of seats and electoral districts", D(2022, 10, 14), D(2023, 2, 9)),
        S("pencalonan-dpd", "Pencalonan anggota DPD", "DPD candidacy", D(2022, 12, 6), D(2023, 11, 25)),
        S("pencalonan-dpr-dprd", "Pencalonan anggota DPR, DPRD provinsi dan DPRD kabupaten/kota",
          "DPR and DPRD candidacy", D(2023, 4, 24), D(2023, 11, 25)),
        S("pencalonan-presiden", "Pencalonan Presiden dan Wakil Presiden", "Presidential candidacy",
          D(2023, 10, 19), D(2023, 11, 25)),
        S("kampanye", "Masa kampanye Pemilu", "Campaign period", D(2023, 11, 28), D(2024, 2, 10)),
        S("masa-tenang", "Masa tenang", "Quiet period", D(2024, 2, 11), D(2024, 2, 13)),
        S("pemungutan-suara", "Pemungutan suara", "Voting", D(2024, 2, 14), D(2024, 2, 14)),
        S("penghitungan-suara", "Penghitungan suara", "Vote counting", D(2024, 2, 14), D(2024, 2, 15)),
        S("rekapitulasi", "Rekapitulasi hasil penghitungan suara", "Recapitulation of vote counts",
          D(2024, 2, 15), D(2024, 3, 20), children=_REKAP),
        S("penetapan-hasil", "Penetapan hasil Pemilu", "Determination of election results", None, None,
          depends_on="paling lambat 3 hari setelah pemberitahuan MK (tanpa PHPU) atau setelah putusan MK (PHPU)"),
        S("sumpah-dprd-kabkota", "Pengucapan sumpah/janji anggota DPRD kabupaten/kota",
          "Oath of regency/city DPRD members", None, None,
          depends_on="disesuaikan dengan akhir masa jabatan masing-masing anggota DPRD kabupaten/kota"),
        S("sumpah-dprd-provinsi", "Pengucapan sumpah/janji anggota DPRD provinsi", "Oath of provincial DPRD members",
          None, None, depends_on="disesuaikan dengan akhir masa jabatan masing-masing anggota DPRD provinsi"),
        S("sumpah-dpr-dpd", "Pengucapan sumpah/janji anggota DPR dan DPD", "Oath of DPR and DPD members",
          D(2024, 10, 1), D(2024, 10, 1)),
        S("sumpah-presiden", "Pengucapan sumpah/janji Presiden dan Wakil Presiden",
          "Oath of the President and Vice-President", D(2024, 10, 20), D(2024, 10, 20)),
    ),
)

BUILTIN: dict[str, BuiltinSchedule] = {PEMILU_2024.code: PEMILU_2024}
