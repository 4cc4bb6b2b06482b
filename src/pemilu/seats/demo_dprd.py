"""Demo: the DPRD Kota Tebing Tinggi contest, ready for KPU Kota to lock its recap, allocate its
25 seats from it and publish the decree (issue 21; tests/test_browser_decree.py).

Real: the three dapil and their kecamatan (``dapil2024_wilayah.csv``: 1 = Padang Hilir + Tebing
Tinggi Kota, 2 = Padang Hulu + Bajenis, 3 = Rambutan), the 25 seats of the council and the 2024
parties with their ballot numbers. **Synthetic, and labelled so**: the seats per dapil (9, 10, 6 —
in proportion to the TPS; PKPU 6/2023's table was not available) and every TPS's C.Hasil
(deterministic figures). The candidates (three per list, "Calon … (sintetis)") are the DCT of the
candidacy demo (``candidacy/demo.py``): ``load_reference`` imports the dapil and parties,
candidacy sets the DCT, which writes the contests' ballots, and ``load`` then counts on those
ballots. Candidacy stores NIKs under ``PEMILU_VOTER_KEY``; a demo without the key (the test
suite's) gets the same names through the results' list import instead. Every TPS is accepted
and every PPK plenary locked; KPU Kota's plenary is left open for the KPU Kota to hold.
Idempotent: a second run finds the contests filled and stops."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.db import transaction

from pemilu.accounts.models import User
from pemilu.audit.events import appended_at_end
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.elections.models import Election
from pemilu.regions.models import Tps
from pemilu.results.actions import do_lock_plenary, locked_result, record_import
from pemilu.results.candidates import do_import_candidates
from pemilu.results.demo import completed_form, demo_body
from pemilu.results.minutes import do_record_attendance
from pemilu.results.models import BallotCandidate, Contest, Plenary, PlenaryStatus, Result
from pemilu.results.reference import do_import_reference

DAPIL = {"127601": ("KOTA TEBING TINGGI 1", 9, [("127603", "PADANG HILIR"), ("127605", "TEBING TINGGI KOTA")]),
         "127602": ("KOTA TEBING TINGGI 2", 10, [("127601", "PADANG HULU"), ("127604", "BAJENIS")]),
         "127603": ("KOTA TEBING TINGGI 3", 6, [("127602", "RAMBUTAN")])}
# The 2024 national parties (KPU ballot numbers) and a synthetic weight for their share of the votes.
PARTIES = [(1, "PKB", "Partai Kebangkitan Bangsa", 8), (2, "GERINDRA", "Partai Gerakan Indonesia Raya", 14),
           (3, "PDIP", "Partai Demokrasi Indonesia Perjuangan", 15), (4, "GOLKAR", "Partai Golongan Karya", 18),
           (5, "NASDEM", "Partai NasDem", 10), (6, "BURUH", "Partai Buruh", 1),
           (7, "GELORA", "Partai Gelombang Rakyat Indonesia", 1), (8, "PKS", "Partai Keadilan Sejahtera", 9),
           (9, "PKN", "Partai Kebangkitan Nusantara", 1), (10, "HANURA", "Partai Hati Nurani Rakyat", 3),
           (11, "GARUDA", "Partai Garda Republik Indonesia", 1), (12, "PAN", "Partai Amanat Nasional", 6),
           (13, "PBB", "Partai Bulan Bintang", 1), (14, "DEMOKRAT", "Partai Demokrat", 7),
           (15, "PSI", "Partai Solidaritas Indonesia", 2), (16, "PERINDO", "Partai Perindo", 4),
           (17, "PPP", "Partai Persatuan Pembangunan", 2), (24, "UMMAT", "Partai Ummat", 1)]
CANDIDATES_PER_LIST = 3
SEXES = "LPL"  # nomor urut 2 is a woman on every list (one woman in every three, UU 7/2017 Pasal 246(2))


def _n(key: str, lo: int, hi: int) -> int:
    return lo + int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % (hi - lo + 1)


def dapil_csv() -> str:
    rows = ["jenis_dapil,kode_dapil,nama_dapil,kode_wilayah,tingkatan_wilayah,nama_wilayah,is_pecah,kursi"]
    for code, (name, seats, areas) in DAPIL.items():
        rows += [f"DPRD KABUPATEN/KOTA,{code},{name},{kec},Kecamatan,{kec_name},False,{seats}"
                 for kec, kec_name in areas]
    return "\n".join(rows) + "\n"


def parties_csv() -> str:
    return "ballot_no,party,party_name\n" + "".join(f"{n},{abbr},{name}\n" for n, abbr, name, _w in PARTIES)


def candidate_name(abbr: str, dapil: str, number: int) -> str:
    return f"Calon {abbr} {dapil[-1]}-{number} (sintetis)"


def candidates_csv() -> str:
    rows = ["jenis,kode_dapil,party_ballot_no,nomor_urut,nama,jenis_kelamin"]
    for code in DAPIL:
        for number, abbr, _name, _w in PARTIES:
            rows += [f"DPRD KABUPATEN/KOTA,{code},{number},{k},{candidate_name(abbr, code, k)},{SEXES[k - 1]}"
                     for k in range(1, CANDIDATES_PER_LIST + 1)]
    return "\n".join(rows) + "\n"


def ballot_of(contest: Contest) -> dict[int, list[int]]:
    """Party ballot number → the nomor urut of its candidates on the contest's ballot (the DCT)."""
    out: dict[int, list[int]] = {}
    for choice in contest.choices:
        party, _dot, number = str(choice["key"]).partition(".")
        out.setdefault(int(party), [])
        if number:
            out[int(party)].append(int(number))
    return out


def tps_votes(dapil: str, tps_code: str, ballot: dict[int, list[int]]) -> dict[str, int]:
    """A TPS's votes: suara sah 150–230 shared by the parties' weights (±), a quarter of each party's
    votes for the party only and the rest for its candidates on the ``ballot``, by a weight fixed
    per candidate (a party without candidates there: all for the party)."""
    sah = _n(tps_code + ":sah", 150, 230)
    weights = {number: w * _n(f"{tps_code}:{number}", 70, 130) for number, _a, _n2, w in PARTIES}
    total = sum(weights.values())
    votes: dict[str, int] = {}
    given = 0
    for number, w in weights.items():
        share = sah * w // total
        given += share
        cand = {k: _n(f"{dapil}:{number}:{k}", 1, 10) for k in ballot.get(number, [])}
        if not cand:
            votes[str(number)] = share
            continue
        party_only = share // 4
        rest = share - party_only
        weight = sum(cand.values())
        split = {k: rest * c // weight for k, c in cand.items()}
        split[max(cand, key=lambda k: cand[k])] += rest - sum(split.values())
        votes[str(number)] = party_only
        votes.update({f"{number}.{k}": v for k, v in split.items()})
    votes["4"] += sah - given  # the remainder of the rounding
    return votes


def _loaded(election: Election) -> bool:
    return Result.objects.filter(contest__election=election, contest__code__startswith="dprd_kab-1276").exists()


def load_reference(actor: User, out: Callable[[str], None]) -> None:
    """The dapil and the parties (before candidacy's demo, whose DCT writes the ballots)."""
    election = get_or_create_pemilu_2024()
    if _loaded(election):
        return
    do_import_reference(election, dapil_file=dapil_csv().encode(), parties_file=parties_csv().encode(), actor=actor)


def load(actor: User, out: Callable[[str], None]) -> None:
    election = get_or_create_pemilu_2024()
    if _loaded(election):
        out("DPRD Kota Tebing Tinggi: sudah dimuat")
        return
    source = "calon dari DCT"
    if not BallotCandidate.objects.filter(election=election, dapil__code__in=list(DAPIL)).exists():
        # No DCT (candidacy's demo needs PEMILU_VOTER_KEY): the same names through the list import.
        do_import_candidates(election, candidates_csv().encode(), actor=actor, filename="dprd-kota-sintetis.csv")
        source = "calon sintetis (impor; tanpa PEMILU_VOTER_KEY pencalonan dilewati)"
    kpu = User.objects.get(username="kpu.tebingtinggi")
    for code, (_name, _seats, areas) in DAPIL.items():
        contest = Contest.objects.get(election=election, code=f"dprd_kab-{code}")
        ballot = ballot_of(contest)
        kecs = [f"{k[:2]}.{k[2:4]}.{k[4:]}" for k, _ in areas]
        with transaction.atomic(), appended_at_end():
            for tps in Tps.objects.filter(kec_code__in=kecs).order_by("code"):
                form = completed_form(tps.code, tps_votes(code, tps.code, ballot))
                record_import(locked_result(contest, tps), form, actor=actor, filename="dprd-kota-sintetis")
        for kec in kecs:  # the PPK plenaries; KPU Kota's own is left for the KPU Kota
            if not Plenary.objects.filter(contest=contest, region_code=kec, status=PlenaryStatus.LOCKED).exists():
                do_record_attendance(contest, kec, demo_body(f"PPK {kec}"), actor=kpu)  # the quorum
                do_lock_plenary(contest, kec, actor=kpu)
        # KPU Kota's attendance is recorded (its five commissioners present): its lock is the demo's to do.
        do_record_attendance(contest, "12.76", demo_body("KPU Kota Tebing Tinggi"), actor=kpu)
    out(f"DPRD Kota Tebing Tinggi: 3 dapil (9/10/6 kursi, sintetis), 18 partai, {source}, "
        "C.Hasil sintetis di 517 TPS; pleno PPK dikunci, pleno KPU Kota terbuka "
        "(/hasil/rekap/dprd_kab-127601/12.76/, /kursi/rekap/)")
