"""Demo: the official DPR 2024 seat allocation for election ``pemilu-2024``, from the package's
copy of the dapil votes (and the 580 elected members' personal votes), so the demo needs no
../shared folder. Idempotent: the same inputs hash to the stored run."""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources import files

from pemilu.accounts.models import User
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.seats.actions import do_allocate_seats
from pemilu.seats.inputs import read_candidate_votes, read_dapil_votes
from pemilu.seats.models import AllocationRun, SeatContestKind

VOTES_FILE = "dpr2024_dapil_votes.csv"
ELECTED_FILE = "dpr2024_elected_members.csv"


def load_dpr_2024(actor: User) -> tuple[AllocationRun, bool]:
    data = files("pemilu.seats") / "data"
    dapils = read_dapil_votes(data.joinpath(VOTES_FILE).read_bytes(), filename=VOTES_FILE)
    candidates = read_candidate_votes(data.joinpath(ELECTED_FILE).read_bytes(), filename=ELECTED_FILE)
    return do_allocate_seats(
        get_or_create_pemilu_2024(), dapils, actor=actor, contest_kind=SeatContestKind.DPR,
        contest_label="DPR RI 2024", region_code="", threshold=4, candidates=candidates,
        reason="demo: suara sah DPR 2024 pasca-putusan MK (Keputusan KPU 1050/2024)")


def load(actor: User, out: Callable[[str], None]) -> None:
    run, created = load_dpr_2024(actor)
    seats = ", ".join(f"{p} {n}" for p, n in sorted(run.national["seats"].items(), key=lambda kv: -kv[1]))
    out(f"Kursi DPR 2024: run #{run.pk} {'baru' if created else 'sudah ada'}; {seats} (/kursi/{run.pk}/)")
