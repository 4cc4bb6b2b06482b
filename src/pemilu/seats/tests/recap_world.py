"""A small DPRD Kota Tebing Tinggi contest for the from-recap tests, built through the real
actions: the dapil map (two dapil of the cast's two kecamatan), three parties, candidate lists,
C.Hasil forms for every TPS (direct entry), the PPK plenaries and — when asked — the KPU Kota
plenary locked. Votes are given per dapil and choice key and spread over the dapil's TPS."""

from __future__ import annotations

from typing import Any

from pemilu.accounts.actions import get_system_user
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.elections.models import Election
from pemilu.regions.models import Tps
from pemilu.results.actions import do_lock_plenary, do_submit_result
from pemilu.results.candidates import do_import_candidates
from pemilu.results.models import Contest, EntryMode
from pemilu.results.reference import config_for, do_import_reference
from pemilu.testing.factories import attend_plenary

DAPIL_CSV = """jenis_dapil,kode_dapil,nama_dapil,kode_wilayah,tingkatan_wilayah,nama_wilayah,is_pecah,kursi
DPRD KABUPATEN/KOTA,127601,KOTA TEBING TINGGI 1,127601,Kecamatan,PADANG HULU,False,{seats1}
DPRD KABUPATEN/KOTA,127602,KOTA TEBING TINGGI 2,127604,Kecamatan,BAJENIS,False,{seats2}
"""
PARTIES_CSV = "ballot_no,party,party_name\n1,PKB,Partai Kebangkitan Bangsa\n2,GERINDRA,Partai Gerindra\n" \
              "3,PDIP,PDI Perjuangan\n"
SEXES = "LPL"


def candidates_csv(per_party: int = 3) -> str:
    lines = ["jenis,kode_dapil,party_ballot_no,nomor_urut,nama,jenis_kelamin"]
    for dapil in ("127601", "127602"):
        for party in (1, 2, 3):
            for n in range(1, per_party + 1):
                sex = SEXES[(n - 1) % 3]
                lines.append(f"DPRD KABUPATEN/KOTA,{dapil},{party},{n},Calon {dapil[-1]}-{party}-{n},{sex}")
    return "\n".join(lines) + "\n"


def build(seats: tuple[int, int] = (3, 3)) -> Election:
    """Reference data and candidate lists; direct entry."""
    election = get_or_create_pemilu_2024()
    actor = get_system_user()
    do_import_reference(election, dapil_file=DAPIL_CSV.format(seats1=seats[0], seats2=seats[1]).encode(),
                        parties_file=PARTIES_CSV.encode(), actor=actor)
    do_import_candidates(election, candidates_csv().encode(), actor=actor, filename="calon.csv")
    config = config_for(election)
    config.entry_mode = EntryMode.DIRECT
    config.save()
    return election


def form(votes: dict[str, int]) -> dict[str, Any]:
    """A consistent C.Hasil around ``votes`` (every check of the catalogue holds)."""
    sah = sum(votes.values())
    bad = 2
    total = sah + bad
    dpt_l, dpt_p = total // 2 + 10, total - total // 2 + 10
    received = dpt_l + dpt_p + -(-(dpt_l + dpt_p) * 2 // 100)
    return {
        "dpt_l": dpt_l, "dpt_p": dpt_p, "dpt_j": dpt_l + dpt_p,
        "pengguna_dpt_l": total // 2, "pengguna_dpt_p": total - total // 2, "pengguna_dpt_j": total,
        "pengguna_dptb_l": 0, "pengguna_dptb_p": 0, "pengguna_dptb_j": 0,
        "pengguna_dpk_l": 0, "pengguna_dpk_p": 0, "pengguna_dpk_j": 0,
        "pengguna_total_l": total // 2, "pengguna_total_p": total - total // 2, "pengguna_total_j": total,
        "disabilitas_l": 0, "disabilitas_p": 0, "disabilitas_j": 0,
        "ss_diterima": received, "ss_rusak": 0, "ss_tidak_digunakan": received - total, "ss_digunakan": total,
        "suara_sah": sah, "suara_tidak_sah": bad, "suara_total": total, "votes": votes,
    }


def tps_of(dapil: str) -> list[str]:
    kec = {"127601": "12.76.01", "127602": "12.76.04"}[dapil]
    return list(Tps.objects.filter(kec_code=kec).order_by("code").values_list("code", flat=True))


def split(votes: dict[str, int], codes: list[str]) -> dict[str, dict[str, int]]:
    """``votes`` spread as evenly as whole votes allow over the TPS ``codes``."""
    plan: dict[str, dict[str, int]] = {c: {} for c in codes}
    for key, n in votes.items():
        for i, code in enumerate(codes):
            share = n // len(codes) + (1 if i < n % len(codes) else 0)
            if share:
                plan[code][key] = share
    return plan


def enter(election: Election, dapil: str, votes: dict[str, int], *, actor: Any,
          per_tps: dict[str, dict[str, int]] | None = None) -> Contest:
    """Every TPS of the dapil's kecamatan gets an accepted form: ``votes`` spread evenly over
    them, or as ``per_tps`` (TPS code → votes) says (the other TPS: zero votes)."""
    contest = Contest.objects.get(election=election, code=f"dprd_kab-{dapil}")
    codes = tps_of(dapil)
    plan = per_tps if per_tps is not None else split(votes, codes)
    for t in Tps.objects.filter(code__in=codes).order_by("code"):
        do_submit_result(contest, t, form(plan.get(t.code, {})), actor=actor)
    return contest


def lock(contest: Contest, *, kpu: Any, kota: bool = True) -> None:
    """The PPK plenary of the dapil's kecamatan, then (``kota``) KPU Kota's."""
    kec = "12.76.01" if contest.code.endswith("127601") else "12.76.04"
    attend_plenary(contest, kec, kpu)  # the quorum (issue 21 item 4)
    do_lock_plenary(contest, kec, actor=kpu)
    if kota:
        attend_plenary(contest, "12.76", kpu)
        do_lock_plenary(contest, "12.76", actor=kpu)


DPR_DAPIL_CSV = """jenis_dapil,kode_dapil,nama_dapil,kode_wilayah,tingkatan_wilayah,nama_wilayah,is_pecah,kursi
DPR RI,1201,SUMATERA UTARA I,1276,Kabupaten/Kota,KOTA TEBING TINGGI,False,3
DPR RI,1203,SUMATERA UTARA III,1206,Kabupaten/Kota,KARO,False,3
"""


def build_dpr() -> Election:
    """Two DPR dapil over the cast's two kab/kota (no candidates: party votes only), direct entry."""
    election = get_or_create_pemilu_2024()
    do_import_reference(election, dapil_file=DPR_DAPIL_CSV.encode(), parties_file=PARTIES_CSV.encode(),
                        actor=get_system_user())
    config = config_for(election)
    config.entry_mode = EntryMode.DIRECT
    config.save()
    return election


def enter_all(contest: Contest, votes: dict[str, int], *, actor: Any) -> None:
    """``votes`` spread evenly over every TPS voting in ``contest``."""
    from pemilu.results.dapil import tps_in_contest

    codes = [c for c in Tps.objects.order_by("code").values_list("code", flat=True)
             if tps_in_contest(contest.election, contest, c)]
    plan = split(votes, codes)
    for t in Tps.objects.filter(code__in=codes).order_by("code"):
        do_submit_result(contest, t, form(plan[t.code]), actor=actor)


def lock_chain(contest: Contest, *, actor: Any, top: str = "") -> None:
    """Every plenary of ``contest`` from the kecamatan up to ``top`` ("" = national), bottom-up."""
    from pemilu.core.levels import covers, level_of
    from pemilu.regions.models import Region
    from pemilu.results.areas import expected_tps_many

    codes = [c for c in Region.objects.filter(level__lte=3).values_list("code", flat=True) if covers(top, c)]
    counts = expected_tps_many(contest, codes)
    for code in sorted((c for c in codes if counts[c]), key=lambda c: -level_of(c)):
        attend_plenary(contest, code, actor)  # the quorum (issue 21 item 4)
        do_lock_plenary(contest, code, actor=actor)
    if top == "":
        attend_plenary(contest, "", actor)
        do_lock_plenary(contest, "", actor=actor)
