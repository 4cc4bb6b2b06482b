"""The rule table of neutrality outcomes, as data with its citations (no database, no logic).

Read by the pure checks in ``rules.py`` (``check_sanction``, ``referral_targets``). Each row says
who it applies to (the suspect's employment type, ``asn.EmploymentType`` plus "no government
employment"), on which track (discipline or ethics), which levels a breach carries and which
sanction types exist at each level — and the article that says so.

What is confirmed and what is not (docs/apps/neutrality.md, "Sources"):
- PP 94/2021 Pasal 8: the three levels and their nine types (the gazetted list, quoted alike by
  several sources). Pasal 5 huruf n: the seven forms of support for a candidate a PNS must not give.
  Pasal 9–11 give the levels for breaches of duties (kewajiban), Pasal 12–14 for breaches of
  prohibitions (larangan): a Pasal 5 huruf n breach is "sedang hingga berat" (Kemenpan-RB) — never
  ringan. Per item: joining a campaign and campaigning with party/PNS attributes are sedang;
  partisan activities (angka 6) are berat (the sources quoted in the docs). Angka 4 and 5 (state
  facilities, partisan decisions — "direct involvement") are read as berat; angka 3 and 7
  (mobilising other PNS, a support letter with an ID copy) are not confirmed per item, so both
  sedang and berat are accepted for them.
- PP 49/2018 Pasal 51–52: PPPK discipline is set by the Pejabat Pembina Kepegawaian and imposed
  by the procedure of the PNS discipline regulation (Pasal 52 ayat (3)); Pasal 53: a PPPK's work
  agreement is ended with honour, not at own request, for a *berat* discipline breach. Demotion,
  release to a pelaksana post and dismissal "as a PNS" are PNS sanctions and are refused for PPPK.
- PP 42/2004 Pasal 15–16: a breach of the PNS code of ethics carries a *sanksi moral*, a closed or
  an open statement.
- Non-ASN staff (honorer/PHL paid from APBN/APBD) are not ASN (UU 20/2023 Pasal 1 angka 1: ASN =
  PNS and PPPK): no ASN discipline; they are referred to the body that employs them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import TextChoices
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Employment(TextChoices):
    """The suspect's employment: one of the ASN register's four types (``asn.EmploymentType``), or none."""

    PNS = "pns", _("PNS")
    PPPK = "pppk", _("PPPK")
    NON_ASN_APBN = "non_asn_apbn", _("Non-ASN (APBN)")
    NON_ASN_APBD = "non_asn_apbd", _("Non-ASN (APBD)")
    # not employed by the government (citizen, party cadre, village head, …)
    NONE = "none", _("Bukan pegawai pemerintah")


ASN = frozenset({Employment.PNS, Employment.PPPK})


class OrganiserRole(TextChoices):
    """Whether the suspect is part of the election's own bodies (routes the ethics side)."""

    NONE = "", _("Bukan penyelenggara")
    # member of KPU, Bawaslu or their provincial/kab-kota bodies
    ORGANISER = "organiser", _("Penyelenggara pemilu (anggota KPU/Bawaslu)")
    ADHOC = "adhoc", _("Anggota badan adhoc (PPK/PPS/KPPS)")


class Track(TextChoices):
    DISCIPLINE = "disiplin", _("Disiplin (PP 94/2021; PPPK: PP 49/2018)")
    ETHICS = "etik", _("Kode etik (PP 42/2004)")


class SanctionGrade(TextChoices):
    RINGAN = "ringan", _("Ringan")
    SEDANG = "sedang", _("Sedang")
    BERAT = "berat", _("Berat")
    MORAL = "moral", _("Sanksi moral (kode etik)")  # PP 42/2004: the ethics track's sanksi moral


class Breach(TextChoices):
    """What was proven: the seven forms of PP 94/2021 Pasal 5 huruf n, or an ethics breach."""

    CAMPAIGN = "n1_kampanye", _("Ikut kampanye (PP 94/2021 Pasal 5 huruf n angka 1)")
    ATTRIBUTES = "n2_atribut", _("Peserta kampanye dengan atribut partai/PNS (Pasal 5 huruf n angka 2)")
    MOBILISING = "n3_mengerahkan", _("Peserta kampanye mengerahkan PNS lain (Pasal 5 huruf n angka 3)")
    STATE_FACILITIES = "n4_fasilitas", _("Peserta kampanye memakai fasilitas negara (Pasal 5 huruf n angka 4)")
    DECISIONS = "n5_keputusan", _("Keputusan/tindakan menguntungkan atau merugikan calon (Pasal 5 huruf n angka 5)")
    PARTISAN_ACTIVITY = "n6_keberpihakan", _("Kegiatan yang mengarah keberpihakan (Pasal 5 huruf n angka 6)")
    SUPPORT_LETTER = "n7_surat_dukungan", _("Surat dukungan disertai fotokopi KTP (Pasal 5 huruf n angka 7)")
    ETHICS = "etik", _("Pelanggaran kode etik, mis. unggahan/suka di media sosial (PP 42/2004)")


@dataclass(frozen=True)
class BreachLevels:
    levels: frozenset[SanctionGrade]
    citation: str
    confirmed: bool = True


SEDANG = frozenset({SanctionGrade.SEDANG})
BERAT = frozenset({SanctionGrade.BERAT})
SEDANG_OR_BERAT = frozenset({SanctionGrade.SEDANG, SanctionGrade.BERAT})

# PP 94/2021 Pasal 13 (sedang) and Pasal 14 (berat) for the Pasal 5 huruf n prohibitions;
# Pasal 12 (ringan) does not list them. PPPK follow the same levels (PP 49/2018 Pasal 52 ayat (3)).
DISCIPLINE_LEVELS: dict[Breach, BreachLevels] = {
    Breach.CAMPAIGN: BreachLevels(SEDANG, "PP 94/2021 Pasal 5 huruf n angka 1 jo. Pasal 13"),
    Breach.ATTRIBUTES: BreachLevels(SEDANG, "PP 94/2021 Pasal 5 huruf n angka 2 jo. Pasal 13"),
    Breach.MOBILISING: BreachLevels(SEDANG_OR_BERAT, "PP 94/2021 Pasal 5 huruf n angka 3 jo. Pasal 13/14",
                                    confirmed=False),
    Breach.STATE_FACILITIES: BreachLevels(BERAT, "PP 94/2021 Pasal 5 huruf n angka 4 jo. Pasal 14"),
    Breach.DECISIONS: BreachLevels(BERAT, "PP 94/2021 Pasal 5 huruf n angka 5 jo. Pasal 14"),
    Breach.PARTISAN_ACTIVITY: BreachLevels(BERAT, "PP 94/2021 Pasal 5 huruf n angka 6 jo. Pasal 14"),
    Breach.SUPPORT_LETTER: BreachLevels(SEDANG_OR_BERAT, "PP 94/2021 Pasal 5 huruf n angka 7 jo. Pasal 13/14",
                                        confirmed=False),
}


@dataclass(frozen=True)
class SanctionType:
    code: str
    level: SanctionGrade
    label: str | Promise


@dataclass(frozen=True)
class Regime:
    """The sanctions one kind of suspect can get on one track."""

    key: str
    employment: frozenset[Employment]
    track: Track
    name: str | Promise
    citation: str
    types: tuple[SanctionType, ...]


_TUKIN = (
    # Translators: xgettext:no-python-format
    SanctionType("tukin_25_6", SanctionGrade.SEDANG, _("Pemotongan tunjangan kinerja 25% selama 6 bulan")),
    # Translators: xgettext:no-python-format
    SanctionType("tukin_25_9", SanctionGrade.SEDANG, _("Pemotongan tunjangan kinerja 25% selama 9 bulan")),
    # Translators: xgettext:no-python-format
    SanctionType("tukin_25_12", SanctionGrade.SEDANG, _("Pemotongan tunjangan kinerja 25% selama 12 bulan")),
)
_RINGAN = (
    SanctionType("teguran_lisan", SanctionGrade.RINGAN, _("Teguran lisan")),
    SanctionType("teguran_tertulis", SanctionGrade.RINGAN, _("Teguran tertulis")),
    SanctionType("pernyataan_tidak_puas", SanctionGrade.RINGAN, _("Pernyataan tidak puas secara tertulis")),
)

REGIMES: tuple[Regime, ...] = (
    Regime("pns_disiplin", frozenset({Employment.PNS}), Track.DISCIPLINE, _("Disiplin PNS"),
           "PP 94/2021 Pasal 8", (
               *_RINGAN, *_TUKIN,
               SanctionType("penurunan_jabatan_12", SanctionGrade.BERAT,
                            _("Penurunan jabatan setingkat lebih rendah selama 12 bulan")),
               SanctionType("pembebasan_jabatan_12", SanctionGrade.BERAT,
                            _("Pembebasan dari jabatan menjadi jabatan pelaksana selama 12 bulan")),
               SanctionType("pdhtaps", SanctionGrade.BERAT,
                            _("Pemberhentian dengan hormat tidak atas permintaan sendiri sebagai PNS")),
           )),
    Regime("pppk_disiplin", frozenset({Employment.PPPK}), Track.DISCIPLINE, _("Disiplin PPPK"),
           "PP 49/2018 Pasal 51–53 (tata cara: PP 94/2021, Pasal 52 ayat (3))", (
               *_RINGAN, *_TUKIN,
               SanctionType("phk_dhtaps", SanctionGrade.BERAT,
                            _("Pemutusan hubungan perjanjian kerja dengan hormat tidak atas permintaan sendiri")),
           )),
    Regime("pns_etik", frozenset({Employment.PNS}), Track.ETHICS, _("Kode etik PNS"),
           "PP 42/2004 Pasal 15–16", (
               SanctionType("moral_tertutup", SanctionGrade.MORAL, _("Sanksi moral: pernyataan secara tertutup")),
               SanctionType("moral_terbuka", SanctionGrade.MORAL, _("Sanksi moral: pernyataan secara terbuka")),
           )),
)

ALL_TYPES: dict[str, SanctionType] = {t.code: t for regime in REGIMES for t in regime.types}


class Destination(TextChoices):
    # Which destinations fit a suspect: rules.referral_routes (the routes below).
    BKN = "bkn", _("BKN dan Pejabat Pembina Kepegawaian")
    # Historical only: KASN was dissolved (UU 20/2023); its neutrality supervision moved to BKN.
    # Cases referred under the old "KASN/BKN/PPK" option keep this name (migration 0002).
    KASN = "kasn", _("KASN (sebelum UU 20/2023)")
    EMPLOYER = "employer", _("Instansi pemberi kerja (pegawai non-ASN)")
    DKPP = "dkpp", _("DKPP (penyelenggara pemilu)")
    KPU = "kpu", _("KPU (anggota badan adhoc)")
    BAWASLU = "bawaslu", _("Bawaslu")
    POLICE = "police", _("Kepolisian (Gakkumdu)")


@dataclass(frozen=True)
class Route:
    destination: Destination
    citation: str


# Referral routes. ASN: BKN took over KASN's neutrality supervision (UU 20/2023 removed KASN;
# Perpres 92/2024 and SE MenPANRB 4/2024 moved its tasks to BKN), with the employing official
# (Pejabat Pembina Kepegawaian) who imposes the sanction (PP 49/2018 Pasal 52 for PPPK).
ROUTE_ASN = Route(Destination.BKN, "UU 20/2023; Perpres 92/2024; SE MenPANRB 4/2024 (tugas KASN ke BKN)")
ROUTE_NON_ASN = Route(Destination.EMPLOYER, "UU 20/2023 Pasal 1 angka 1 (ASN = PNS dan PPPK)")
# UU 7/2017 Pasal 455 ayat (1) huruf a: ethics of election organisers → DKPP (as the issue states;
# the article's text beyond its opening was not read here).
ROUTE_ORGANISER = Route(Destination.DKPP, "UU 7/2017 Pasal 455 ayat (1) huruf a")
# Ad hoc members (PPK/PPS/KPPS) are handled by the KPU that formed them (issue 19; PKPU 8/2022).
ROUTE_ADHOC = Route(Destination.KPU, "UU 7/2017 Pasal 455; PKPU 8/2022 (KPU membentuk dan memberhentikan badan adhoc)")
ROUTE_CRIME = Route(Destination.POLICE, "UU 7/2017 Pasal 476 dan 486 (Sentra Gakkumdu)")
ROUTE_BAWASLU = Route(Destination.BAWASLU, "UU 7/2017 Pasal 454")
