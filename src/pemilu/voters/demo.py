"""Demo: the voter list of Pemilu 2024 in Kota Tebing Tinggi (12.76), every stage of 2023 played on
its own day through the real actions (issue 22 item 1, 9): a synthetic DP4 of realistic size (the
generator's families, never real people), one Pantarlih per TPS area with an account for the
coklit's term, the coklit as the Pantarlih's phones sent it, the DPHP and DPS of each desa, the DPS
announced with the public's responses (accepted and rejected), the DPSHP, the DPSHP Akhir, and the
DPT set in KPU Kota's plenary — all long done on the demo day (19 February 2024).

Size: ``VOTERS_PER_TPS`` voters per TPS of 2024 (517 TPS), about the real average (Tebing Tinggi's
2024 DPT: about 135,000, i.e. 261 per TPS); ``PEMILU_DEMO_VOTER_SHARE`` (0 < share ≤ 1) scales it down
for a quicker build (tests use a small share; the structure — every desa, TPS and stage — is kept).
"""

from __future__ import annotations

import datetime
import os
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.conf import settings

from pemilu.accounts.models import User

if TYPE_CHECKING:
    from collections import Counter

    from pemilu.elections.models import Election
    from pemilu.voters.models import DptPlenary

VOTERS_PER_TPS = 261
REGION = "12.76"
D = datetime.date
# The 2023 timeline (domain brief §2.1): Pantarlih term, coklit, DPS, responses (21 days from the
# announcement, VoterSettings.response_days), DPSHP, DPT plenary.
PANTARLIH_TERM = (D(2023, 2, 3), D(2023, 3, 14))
COKLIT_DAY = D(2023, 2, 20)
DPHP_DAY, DPS_DAY, ANNOUNCE_DAY, RESPONSE_DAY = D(2023, 3, 30), D(2023, 4, 5), D(2023, 4, 6), D(2023, 4, 10)
RESOLVE_DAY, DPSHP_DAY, FINAL_DAY, DPT_DAY = D(2023, 4, 20), D(2023, 4, 27), D(2023, 5, 15), D(2023, 6, 20)
# TMS reasons found in the coklit, with their weight (per mille of the DP4), roughly the 2023 mix.
TMS_MIX = {"meninggal": 22, "pindah_domisili": 14, "ganda": 4, "tidak_dikenal": 3, "bukan_penduduk": 2,
           "tni": 1, "polri": 1, "hilang_ingatan": 1}
CHANGED_PER_MILLE = 15


def share() -> float:
    raw = os.environ.get("PEMILU_DEMO_VOTER_SHARE", "") or "1"
    value = float(raw)
    if not 0 < value <= 1:
        raise ValueError(f"PEMILU_DEMO_VOTER_SHARE must be in (0, 1], got {raw!r}")
    return value


@contextmanager
def on_day(day: datetime.date) -> Iterator[None]:
    """Run what follows as on ``day`` (``PEMILU_TODAY``, which every stage guard reads), then back."""
    before = getattr(settings, "PEMILU_TODAY", None)
    settings.PEMILU_TODAY = day.isoformat()
    try:
        yield
    finally:
        settings.PEMILU_TODAY = before


def dp4_rows(tps_by_desa: dict[str, list[int]], per_tps: float, seed: int = 2023) -> list[dict[str, str]]:
    """Families of each desa (generator), about ``per_tps`` voters a TPS, each family at one TPS of
    its desa — the provisional mapping KPU makes before the coklit (ordered by RW, RT, family;
    a family is never split)."""
    from pemilu.voters.generator import Desa, _family, _Numbers

    nums = _Numbers()
    rows: list[dict[str, str]] = []
    for code, numbers in sorted(tps_by_desa.items()):
        rng = random.Random(f"{seed}:{code}")
        desa = Desa(code, code.replace(".", "")[:6])
        want = max(len(numbers), round(per_tps * len(numbers)))
        families: list[list[dict[str, str]]] = []
        have = 0
        while have < want:
            family = _family(rng, desa, nums)
            families.append(family)
            have += len(family)
        families.sort(key=lambda f: (f[0]["rw"], f[0]["rt"], f[0]["no_kk"]))
        per = have / len(numbers)
        seen = 0
        for family in families:
            number = numbers[min(int(seen / per), len(numbers) - 1)]
            for row in family:
                rows.append({**row, "tps": str(number)})
            seen += len(family)
    return rows


def _csv(rows: list[dict[str, str]]) -> bytes:
    from pemilu.core.exports import csv_bytes
    from pemilu.voters.generator import COLUMNS

    columns = [*COLUMNS, "tps"]
    return csv_bytes(columns, ([row.get(c, "") for c in columns] for row in rows))


STREETS = ("Jl. Sudirman", "Jl. Gatot Subroto", "Jl. Pendidikan", "Jl. Imam Bonjol", "Jl. Kartini", "Jl. Merdeka",
           "Jl. Diponegoro", "Jl. Ahmad Yani", "Jl. Cut Nyak Dhien", "Jl. Teuku Umar", "Jl. Pahlawan",
           "Jl. Gunung Leuser")
PLACES = ("halaman SD Negeri {n}", "depan masjid", "balai pertemuan RW {rw}", "halaman kantor lurah",
          "gedung serbaguna", "tanah lapang RT {rt}", "halaman rumah warga (tenda)")


def _tps_addresses(actor: User) -> int:
    """Synthetic addresses (a street of the city, RT/RW, a usual kind of place: a school yard, a
    community hall) for Tebing Tinggi's TPS, set by KPU Kota staff through the real action."""
    from pemilu.regions.actions import do_set_tps_address
    from pemilu.regions.models import Tps

    staff = User.objects.filter(username="staf.tebingtinggi").first() or actor
    n = 0
    for tps in Tps.objects.filter(kab_code=REGION, address="").select_related("village").order_by("code"):
        rng = random.Random(f"alamat:{tps.code}")
        rw, rt = 1 + (tps.number - 1) // 4, 1 + rng.randrange(8)
        place = rng.choice(PLACES).format(n=1 + rng.randrange(12), rw=f"{rw:02d}", rt=f"{rt:02d}")
        do_set_tps_address(tps, actor=staff, location_note=place,
                           address=f"{rng.choice(STREETS)} No. {1 + rng.randrange(180)}, RT {rt:03d}/RW {rw:03d}, "
                                   f"{tps.village.titled_name}")
        n += 1
    return n


def _pantarlih(election: Election, actor: User) -> dict[str, User]:
    """One Pantarlih per TPS area with an account for the coklit's term (TPS code → user); the demo
    user of TPS 001 Persiakan is that area's Pantarlih."""
    from pemilu.accounts.actions import do_grant_role
    from pemilu.adhoc.demo import FIRST_F, FIRST_M, LAST
    from pemilu.regions.models import Tps

    out: dict[str, User] = {}
    existing = {u.username: u for u in User.objects.filter(username__startswith="pantarlih.")}
    for tps in Tps.objects.filter(kab_code=REGION, is_special=False).select_related("village").order_by("code"):
        rng = random.Random(tps.code)
        username = f"pantarlih.{tps.desa_code.replace('.', '')}.{tps.number:03d}"
        if tps.code == "12.76.01.1006.001" and "pantarlih.persiakan001" in existing:
            out[tps.code] = existing["pantarlih.persiakan001"]
            continue
        user = existing.get(username)
        if user is None:
            female = rng.random() < 0.5
            user = User(username=username, full_name=f"{rng.choice(FIRST_F if female else FIRST_M)} "
                                                      f"{rng.choice(LAST)}")
            user.set_unusable_password()
            user.save()
        do_grant_role(user, "pantarlih", tps.code, actor=actor, reason="demo: Pantarlih Pemilu 2024 (coklit 2023)",
                      ends_on=PANTARLIH_TERM[1])
        out[tps.code] = user
    return out


def _coklit(election: Election, pantarlih: dict[str, User], out: Callable[[str], None]) -> Counter[str]:
    """Each TPS area's outcomes as its Pantarlih's phone sent them (one batch per area), and one or
    two new voters (baru) an area."""
    from collections import Counter

    from pemilu.voters.actions import do_add_new_voter
    from pemilu.voters.coklit_batch import Item, do_record_coklit_batch
    from pemilu.voters.models import Voter
    from pemilu.voters.rules import old_enough

    totals: Counter[str] = Counter()
    reasons = [r for r, w in TMS_MIX.items() for _ in range(w)]
    for tps_code, user in sorted(pantarlih.items()):
        rng = random.Random(f"coklit:{tps_code}")
        voters = list(Voter.objects.filter(election=election, placement__tps__code=tps_code, coklit="belum")
                      .only("id", "birth_date", "marital", "address", "rt", "rw"))
        items: list[Item] = []
        for v in voters:
            roll = rng.randrange(1000)
            if not old_enough(v.birth_date, v.marital, election.voting_day):
                items.append(Item(v.pk, "tms", "di_bawah_umur", "KK: belum 17 tahun pada hari pemungutan suara"))
            elif roll < len(reasons):
                reason = reasons[roll]
                items.append(Item(v.pk, "tms", reason, EVIDENCE[reason]))
            elif roll < len(reasons) + CHANGED_PER_MILLE:
                moved = f"{int(v.rt or 0) % 15 + 1:03d}"  # another RT of the same RW (a different number)
                items.append(Item(v.pk, "ubah", "", "sesuai KTP-el dan KK", {"rt": moved}))
            else:
                items.append(Item(v.pk, "sesuai"))
        for start in range(0, len(items), 1000):
            do_record_coklit_batch(election, tps_code, items[start:start + 1000], actor=user)
        totals.update(i.outcome for i in items)
        for n in range(1 + rng.randrange(2)):
            female = rng.random() < 0.5
            birth = D(2005, 1 + rng.randrange(12), 1 + rng.randrange(28))
            desa = tps_code.rsplit(".", 1)[0]
            kec = desa.replace(".", "")[:6]
            serial = 9000 + int(tps_code[-3:]) * 2 + n
            nik = f"{kec}{birth.day + (40 if female else 0):02d}{birth:%m%y}{serial:04d}"
            do_add_new_voter(election, {
                "nik": nik, "no_kk": f"{kec}0101{23:02d}{serial:04d}", "nama": f"Pemilih Baru {tps_code[-3:]}{n}",
                "tempat_lahir": "Tebing Tinggi", "tanggal_lahir": birth.isoformat(),
                "jenis_kelamin": "P" if female else "L", "status_kawin": "B", "alamat": "Jl. Pemuda No. 1",
                "rt": "001", "rw": "001", "kode_desa": desa, "disabilitas": "", "pekerjaan": "PELAJAR/MAHASISWA"},
                actor=user, evidence="KTP-el baru (pemilih pemula)", tps_code=tps_code)
            totals["baru"] += 1
    return totals


EVIDENCE = {"meninggal": "akta kematian / keterangan keluarga", "pindah_domisili": "surat keterangan pindah",
            "ganda": "terdaftar ganda (NIK sama)", "tidak_dikenal": "tidak dikenal RT/RW setempat",
            "bukan_penduduk": "bukan penduduk desa ini", "tni": "kartu tanda anggota TNI",
            "polri": "kartu tanda anggota Polri", "hilang_ingatan": "surat keterangan dokter"}


def _lists(election: Election, actor: User, out: Callable[[str], None]) -> dict[str, int]:
    """DPHP and DPS of every desa, the DPS announced, responses in some desa (accepted and rejected),
    the DPSHP and DPSHP Akhir, each on its 2023 day, by the desa's PPS where the demo has one."""
    from pemilu.regions.models import Region
    from pemilu.voters.actions import do_compile_list
    from pemilu.voters.models import Voter
    from pemilu.voters.responses import do_announce_dps, do_record_response, do_resolve_response

    pps = {u.role_assignments.filter(role="pps").values_list("scope_code", flat=True).first(): u
           for u in User.objects.filter(role_assignments__role="pps", role_assignments__scope_code__startswith=REGION)}
    staff = User.objects.filter(username="staf.tebingtinggi").first() or actor
    villages = list(Region.objects.filter(level=4, kab_code=REGION).order_by("code").values_list("code", flat=True))
    by = {code: pps.get(code, staff) for code in villages}
    counts = {"responses": 0, "accepted": 0, "rejected": 0}

    def compile_every_desa(stage: str, day: datetime.date) -> None:
        with on_day(day):
            for code in villages:
                do_compile_list(election, code, stage, actor=by[code])

    compile_every_desa("dphp", DPHP_DAY)
    compile_every_desa("dps", DPS_DAY)
    announcements = {}
    with on_day(ANNOUNCE_DAY):
        for code in villages:
            announcements[code] = do_announce_dps(election, code, actor=by[code], place="Kantor Lurah dan papan RW")
    responding = villages[::4]  # a response window with something in it every fourth desa
    recorded = []
    with on_day(RESPONSE_DAY):
        for code in responding:
            voters = list(Voter.objects.filter(election=election, desa_code=code).exclude(coklit="tms")
                          .order_by("id")[:3])
            a = announcements[code]
            recorded.append(do_record_response(
                a, actor=None, kind="tms", voter_id=voters[0].pk, reason="meninggal", sender_name="Warga RT 002",
                details="Yang bersangkutan meninggal dunia bulan Maret 2023.", evidence="surat keterangan kematian"))
            recorded.append(do_record_response(
                a, actor=by[code], kind="perbaikan", voter_id=voters[1].pk, sender_name=voters[1].name,
                details="Alamat tertulis salah nomor rumah di DPS.", evidence="KTP-el diperlihatkan"))
            recorded.append(do_record_response(
                a, actor=None, kind="tms", voter_id=voters[2].pk, reason="pindah_domisili", sender_name="Tetangga",
                details="Katanya sudah pindah ke Medan tahun lalu.", evidence=""))
    with on_day(RESOLVE_DAY):
        for i, response in enumerate(recorded):
            code = response.announcement.village_id
            if i % 3 == 2:
                do_resolve_response(response, actor=by[code], accept=False,
                                    resolution="Dicek ke rumah: masih tinggal di alamat ini (KK dan KTP-el)")
                counts["rejected"] += 1
            elif response.kind == "perbaikan":
                do_resolve_response(response, actor=by[code], accept=True, resolution="Sesuai KTP-el",
                                    changes={"alamat": "Jl. Sudirman No. 12"})
                counts["accepted"] += 1
            else:
                do_resolve_response(response, actor=by[code], accept=True,
                                    resolution="Dibenarkan keluarga; surat keterangan kematian dari kelurahan")
                counts["accepted"] += 1
    counts["responses"] = len(recorded)
    compile_every_desa("dpshp", DPSHP_DAY)
    compile_every_desa("dpshp_akhir", FINAL_DAY)
    counts["desa"] = len(villages)
    return counts


def _plenary(election: Election, actor: User) -> DptPlenary:
    """KPU Kota's plenary of 20 June 2023: the attendance (the five members, quorum), then the DPT."""
    from pemilu.voters.plenary import do_record_dpt_attendance, do_set_dpt

    admin = User.objects.filter(username="kpu.tebingtinggi").first() or actor
    rows = [{"kind": "member", "name": name, "position": position, "present": True}
            for name, position in (("Ketua KPU Kota Tebing Tinggi", "Ketua"), ("Anggota 1", "Anggota"),
                                   ("Anggota 2", "Anggota"), ("Anggota 3", "Anggota"), ("Anggota 4", "Anggota"))]
    rows += [{"kind": "witness", "name": "Bawaslu Kota Tebing Tinggi", "represents": "Bawaslu", "present": True}]
    with on_day(DPT_DAY):
        do_record_dpt_attendance(election, REGION, rows, actor=admin)
        return do_set_dpt(election, REGION, actor=admin)


def load(actor: User, out: Callable[[str], None]) -> None:
    import time

    from pemilu.elections.demo import get_or_create_pemilu_2024
    from pemilu.regions.models import Tps
    from pemilu.voters import crypto
    from pemilu.voters.importer import import_dp4
    from pemilu.voters.models import Voter

    addressed = _tps_addresses(actor)  # TPS data, not voters: with or without the voter key
    if addressed:
        out(f"Alamat TPS Kota Tebing Tinggi: {addressed} TPS diberi alamat")
    try:
        crypto.keys()
    except crypto.VoterKeyMissing:
        out("Daftar pemilih dilewati: PEMILU_VOTER_KEY belum diatur (python3 tasks.py demo mengaturnya)")
        return
    election = get_or_create_pemilu_2024()
    if Voter.objects.filter(election=election, kab_code=REGION).exists():
        out("Daftar pemilih Kota Tebing Tinggi: sudah ada")
        return
    started = time.monotonic()
    tps_by_desa: dict[str, list[int]] = {}
    for desa, number in Tps.objects.filter(kab_code=REGION, is_special=False).values_list("desa_code", "number"):
        tps_by_desa.setdefault(desa, []).append(number)
    rows = dp4_rows(tps_by_desa, VOTERS_PER_TPS * share())
    staff = User.objects.filter(username="staf.tebingtinggi").first() or actor
    with on_day(D(2023, 1, 10)):
        imported = import_dp4(_csv(rows), election=election, region_code=REGION, actor=staff, filename="dp4-1276.csv")
    t_import = time.monotonic() - started
    with on_day(PANTARLIH_TERM[0]):
        pantarlih = _pantarlih(election, actor)
    with on_day(COKLIT_DAY):
        totals = _coklit(election, pantarlih, out)
    t_coklit = time.monotonic() - started
    counts = _lists(election, actor, out)
    t_lists = time.monotonic() - started
    plenary = _plenary(election, actor)
    dpt = plenary.frozen["recap"]["total"].get("dpt", {}).get("J", 0)
    out(f"Daftar pemilih Kota Tebing Tinggi: DP4 {imported.created:,} pemilih ({imported.flagged:,} ditandai), "
        f"{len(pantarlih)} Pantarlih; coklit sesuai {totals['sesuai']:,}, ubah {totals['ubah']:,}, "
        f"TMS {totals['tms']:,}, baru {totals['baru']:,}; {counts['desa']} desa DPHP → DPT, "
        f"{counts['responses']} tanggapan ({counts['accepted']} diterima, {counts['rejected']} ditolak); "
        f"DPT ditetapkan 20-06-2023: {dpt:,} pemilih "
        f"({time.monotonic() - started:.0f} s: impor {t_import:.0f} s, coklit {t_coklit - t_import:.0f} s, "
        f"daftar {t_lists - t_coklit:.0f} s)")
