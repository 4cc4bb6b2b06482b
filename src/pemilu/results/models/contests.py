"""Contests and what is on their ballots: kinds, dapil, parties, paslon, candidates, configuration."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from pemilu.elections.models import Election


class DistrictKind(models.TextChoices):
    NATIONAL = "national", _("Nasional")
    PROVINCE = "province", _("Provinsi")
    DAPIL_DPR = "dapil_dpr", _("Dapil DPR")
    DAPIL_PROV = "dapil_prov", _("Dapil DPRD Provinsi")
    DAPIL_KAB = "dapil_kab", _("Dapil DPRD Kab/Kota")


class ChoiceKind(models.TextChoices):
    PASLON = "paslon", _("Pasangan calon")
    PARTY = "party", _("Partai dan calon")
    CANDIDATE = "candidate", _("Calon perseorangan")


class ContestKind(models.Model):
    """A kind of ballot (PPWP grey, DPR yellow, DPD red, DPRD Prov blue, DPRD Kab/Kota green;
    KPT 66/2024). Forms and their sections are data, since Aceh and Papua have variants."""

    code = models.SlugField(_("kode"), max_length=20, unique=True)
    name = models.CharField(_("nama"), max_length=100)
    form_name = models.CharField(_("formulir"), max_length=60)
    colour = models.CharField(_("warna surat suara"), max_length=20)
    district = models.CharField(_("daerah pemilihan"), max_length=20, choices=DistrictKind.choices)
    choice_kind = models.CharField(_("jenis pilihan"), max_length=20, choices=ChoiceKind.choices)
    sections = models.JSONField(_("bagian formulir"), default=list)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("jenis pemilihan")
        verbose_name_plural = _("jenis pemilihan")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class Dapil(models.Model):
    """An electoral district (daerah pemilihan; PKPU 6/2023)."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="dapil_set")
    district = models.CharField(_("jenis"), max_length=20, choices=DistrictKind.choices)
    code = models.CharField(_("kode"), max_length=12)
    name = models.CharField(_("nama"), max_length=200)
    # Seats to fill, when the imported map gives them (column kursi/jumlah_kursi/seats); checked
    # against the statute's range per contest kind (UU 7/2017 Pasal 187, 189, 192).
    seats = models.PositiveSmallIntegerField(_("jumlah kursi"), null=True, blank=True)

    class Meta:
        verbose_name = _("dapil")
        verbose_name_plural = _("dapil")
        ordering = ["district", "code"]
        constraints = [models.UniqueConstraint(fields=["election", "district", "code"], name="dapil_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class DapilArea(models.Model):
    """One region listed in a dapil. A TPS belongs to the dapil of its most specific listed
    ancestor; split (``is_split``) rows only name a part of a kab/kota or kecamatan whose
    pieces are listed below it, so they never decide on their own."""

    dapil = models.ForeignKey(Dapil, on_delete=models.CASCADE, related_name="areas")
    district = models.CharField(max_length=20, choices=DistrictKind.choices)
    region_code = models.CharField(_("kode wilayah"), max_length=20)
    region_name = models.CharField(_("nama wilayah"), max_length=200)
    is_split = models.BooleanField(_("pecahan"), default=False)

    class Meta:
        verbose_name = _("wilayah dapil")
        verbose_name_plural = _("wilayah dapil")
        indexes = [models.Index(fields=["district", "region_code"], name="dapilarea_lookup")]
        constraints = [models.UniqueConstraint(fields=["dapil", "region_code", "is_split"], name="dapilarea_unique")]

    def __str__(self) -> str:
        return f"{self.dapil.code}: {self.region_code}"


class Party(models.Model):
    """A political party with its ballot number. Aceh's local parties (18–23) stand only in
    Aceh's DPRA/DPRK (UU 11/2006); ``only_prov_code`` says so."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="parties")
    ballot_no = models.PositiveSmallIntegerField(_("nomor urut"))
    abbr = models.CharField(_("singkatan"), max_length=20)
    name = models.CharField(_("nama"), max_length=200)
    only_prov_code = models.CharField(_("hanya di provinsi"), max_length=2, blank=True)

    class Meta:
        verbose_name = _("partai politik")
        verbose_name_plural = _("partai politik")
        ordering = ["ballot_no"]
        constraints = [models.UniqueConstraint(fields=["election", "ballot_no"], name="party_unique_ballot_no")]

    def __str__(self) -> str:
        return f"{self.ballot_no}. {self.abbr}"


class Paslon(models.Model):
    """A presidential ticket (pasangan calon) with its ballot number."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="paslon_set")
    number = models.PositiveSmallIntegerField(_("nomor urut"))
    name = models.CharField(_("nama"), max_length=200)

    class Meta:
        verbose_name = _("pasangan calon")
        verbose_name_plural = _("pasangan calon")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["election", "number"], name="paslon_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class BallotCandidate(models.Model):
    """A candidate on a ballot: a DPR/DPRD list candidate (party, dapil, nomor urut) or a DPD candidate (no party)."""

    audit_label = "results.candidate"  # the target type of its audit rows, from before the rename

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    dapil = models.ForeignKey(Dapil, on_delete=models.CASCADE, related_name="candidates")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, null=True, blank=True, related_name="candidates")
    number = models.PositiveSmallIntegerField(_("nomor urut"))
    name = models.CharField(_("nama"), max_length=200)
    sex = models.CharField(_("jenis kelamin"), max_length=1)

    class Meta:
        db_table = "results_candidate"  # the table of its first name, Candidate (renamed: issue 18 item 6)
        verbose_name = _("calon")
        verbose_name_plural = _("calon")
        ordering = ["dapil", "party", "number"]
        constraints = [models.UniqueConstraint(fields=["dapil", "party", "number"], name="candidate_unique_number")]

    def __str__(self) -> str:
        return self.name


class Contest(models.Model):
    """One race on one ballot: PPWP (national), DPR per DPR dapil, DPD per province, DPRD per
    dapil. ``choices`` caches the ballot's choices (key, label, party) so the write path needs
    no extra query: keys are ``"1"`` (paslon / party-only / DPD no.) and ``"3.5"`` (party 3,
    candidate 5)."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="contests")
    kind = models.ForeignKey(ContestKind, on_delete=models.PROTECT, related_name="contests")
    code = models.CharField(_("kode"), max_length=30)
    name = models.CharField(_("nama"), max_length=200)
    dapil = models.ForeignKey(Dapil, on_delete=models.PROTECT, null=True, blank=True, related_name="contests")
    prov_code = models.CharField(max_length=2, blank=True)
    choices = models.JSONField(_("pilihan"), default=list)

    class Meta:
        verbose_name = _("pemilihan")
        verbose_name_plural = _("pemilihan")
        ordering = ["kind__order", "code"]
        constraints = [models.UniqueConstraint(fields=["election", "code"], name="contest_unique_code")]

    def __str__(self) -> str:
        return self.name

    def choice_keys(self) -> list[str]:
        return [str(c["key"]) for c in self.choices]


class EntryMode(models.TextChoices):
    DIRECT = "direct", _("Langsung: diterima bila lolos pemeriksaan")
    VERIFY = "verify", _("KPPS mengisi, anggota PPK memverifikasi")
    DOUBLE = "double", _("Entri ganda oleh dua pengguna berbeda")


# Recap level → the schedule stage holding its window (builtin ``pemilu-2024``, PKPU 3/2022;
# domain brief §2.1: PPK 15 Feb – 2 Mar, Kab/Kota 17 Feb – 5 Mar, Provinsi 19 Feb – 10 Mar,
# nasional 22 Feb – 20 Mar 2024). Keys are levels as strings (JSON).
DEFAULT_RECAP_STAGES: dict[str, str] = {"3": "rekap-kecamatan", "2": "rekap-kabkota", "1": "rekap-provinsi",
                                        "0": "rekap-nasional"}


def default_recap_stages() -> dict[str, str]:
    return dict(DEFAULT_RECAP_STAGES)


# The overseas chain (pseudo-province 99): each PPLN (level 3 of the 99 tree) recaps its TPSLN, KSK
# and POS in its own plenary, and KPU recaps the PPLN results as one unit — region 99, one row of the
# national recap beside the provinces — at the national level (PKPU 5/2024). No country level and no
# provincial level. Keys are the chain's recap levels, values the schedule stages of their windows.
DEFAULT_OVERSEAS_RECAP_STAGES: dict[str, str] = {"3": "rekap-ppln", "1": "rekap-nasional"}


def default_overseas_recap_stages() -> dict[str, str]:
    return dict(DEFAULT_OVERSEAS_RECAP_STAGES)


# Members of the body that holds each recap level's plenary (keys: levels as strings): PPK 5 (UU 7/2017
# Pasal 52; PKPU 8/2022), KPU Kabupaten/Kota 3 or 5, KPU Provinsi 5 or 7, KPU 7 (UU 7/2017 Pasal 10
# ayat (1)). Where a body has another size (a KPU Provinsi of 5, a PPLN of 3–7), the config names it
# per region (``plenary_members_by_region``).
DEFAULT_PLENARY_MEMBERS: dict[str, int] = {"3": 5, "2": 5, "1": 7, "0": 7}
QUORUM_BASIS = ("PKPU 8/2022 (tata kerja PPK: rapat pleno sah bila dihadiri paling sedikit 2/3 anggota); "
                "PKPU 8/2019 jo. PKPU 4/2021 (tata kerja KPU, KPU Provinsi, KPU Kabupaten/Kota)")


def default_plenary_members() -> dict[str, int]:
    return dict(DEFAULT_PLENARY_MEMBERS)


class DifferencePolicy(models.TextChoices):
    BLOCK = "block", _("Selisih menahan penguncian pleno")
    WARN = "warn", _("Selisih dicatat sebagai kejadian khusus, pleno tetap dapat dikunci")


class ResultConfig(models.Model):
    """Per-election settings of the count and recap: the entry workflow, the recap levels
    (2024: kecamatan → kab/kota → provinsi → nasional; PKPU 5/2024 Pasal 5), the schedule stage
    of each level's window, whether corrections follow those windows (the PPK during its window,
    KPU Kab/Kota after), and what a difference between a typed D.Hasil and the sum of its
    children does to the plenary lock."""

    election = models.OneToOneField(Election, on_delete=models.CASCADE, related_name="result_config")
    entry_mode = models.CharField(_("alur entri"), max_length=10, choices=EntryMode.choices,
                                  default=EntryMode.VERIFY)
    recap_levels = models.JSONField(_("tingkat rekapitulasi"), default=list)
    photo_max_bytes = models.PositiveIntegerField(_("ukuran foto maksimal"), default=10 * 1024 * 1024)
    recap_stages = models.JSONField(_("tahapan jadwal per tingkat rekapitulasi"), default=default_recap_stages,
                                    blank=True)
    corrections_follow_schedule = models.BooleanField(
        _("koreksi mengikuti jadwal rekapitulasi"), default=True,
        help_text=_("PPK mengoreksi selama masa rekapitulasi kecamatan, KPU Kabupaten/Kota sesudahnya."))
    difference_policy = models.CharField(_("selisih D.Hasil dengan jumlah wilayah di bawahnya"), max_length=5,
                                         choices=DifferencePolicy.choices, default=DifferencePolicy.BLOCK)
    overseas_recap_stages = models.JSONField(
        _("tahapan jadwal per tingkat rekapitulasi luar negeri"), default=default_overseas_recap_stages, blank=True,
        help_text=_("Tingkat rekapitulasi wilayah 99 (Luar Negeri) dan tahapan jadwalnya; kosong = sama dengan "
                    "dalam negeri."))
    # The quorum of a rapat pleno: a fraction of the body's members present (default 2/3).
    quorum_numerator = models.PositiveSmallIntegerField(_("kuorum pleno: pembilang"), default=2)
    quorum_denominator = models.PositiveSmallIntegerField(_("kuorum pleno: penyebut"), default=3)
    quorum_basis = models.CharField(_("dasar hukum kuorum pleno"), max_length=300, default=QUORUM_BASIS)
    plenary_members = models.JSONField(
        _("jumlah anggota badan per tingkat rekapitulasi"), default=default_plenary_members, blank=True,
        help_text=_("PPK 5; KPU Kabupaten/Kota 3 atau 5, KPU Provinsi 5 atau 7, KPU 7 (UU 7/2017 Pasal 10 "
                    "ayat (1), Pasal 52)."))
    plenary_members_by_region = models.JSONField(
        _("jumlah anggota badan per wilayah"), default=dict, blank=True,
        help_text=_("Kode wilayah → jumlah anggota, bila berbeda dari tingkatnya (mis. KPU Provinsi 5 anggota, "
                    "PPLN 3–7 anggota)."))

    class Meta:
        verbose_name = _("pengaturan hasil")
        verbose_name_plural = _("pengaturan hasil")

    def __str__(self) -> str:
        return f"{self.election}: {self.entry_mode}"
