"""Pages of the TPS mapping and the DPTb registration (issue 22 items 2, 5).

* ``/pemilih/pemetaan-tps/?wilayah=<kab/kota>``: KPU Kab/Kota sees the mapping the rule would make
  (a dry run: per desa voters, TPS, the TPS of 2024 and the difference) and runs it.
* ``/pemilih/pindah-memilih/``: the PPS or KPU registers a DPT voter of its regions as DPTb (by NIK,
  looked up by its keyed hash among the voters the user may read) and lists the transfers.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from pemilu.accounts.permissions import acting_codes, ensure_holds
from pemilu.accounts.types import AuthedRequest
from pemilu.core import clock
from pemilu.core.exceptions import DomainError, message_for_page
from pemilu.core.forms import cleaned
from pemilu.elections.queries import current
from pemilu.voters import crypto
from pemilu.voters.forms import MappingForm, TransferForm
from pemilu.voters.mapping import MapReport, do_map_tps, tps_cap
from pemilu.voters.models import Transfer, Voter
from pemilu.voters.transfer_rules import ballot_names, reasons, reasons_open
from pemilu.voters.transfers import do_register_transfer

PAGE_SIZE = 50


@login_required
def mapping(request: AuthedRequest) -> HttpResponse:
    codes = ensure_holds(request.user, "voters.map_tps")
    election = current(request)
    # The page posts the region and the cap back in hidden fields; the filter form sends them by GET.
    asked = cleaned(MappingForm(request.POST if request.method == "POST" else request.GET))
    region = asked["wilayah"] or (codes[0] if codes[0] else "")
    cap = asked["cap"] or tps_cap(election)
    if request.method == "POST" and region:
        try:
            done = do_map_tps(election, region, actor=request.user, cap=cap)
        except DomainError as exc:
            messages.error(request, message_for_page(exc))
        else:
            messages.success(request, _("{n} pemilih dipetakan ke {tps} TPS; {c} pemilih pindah TPS, {new} TPS baru.")
                             .format(n=done.voters, tps=done.tps, c=done.changed, new=done.tps_created))
            return redirect(f"{reverse('voters:tps_mapping')}?wilayah={region}&cap={cap}&pemilu={election.code}")
    report: MapReport | None = None
    if region:
        try:
            report = do_map_tps(election, region, actor=request.user, cap=cap, dry_run=True)
        except DomainError as exc:
            messages.error(request, message_for_page(exc))
    return render(request, "voters/tps_mapping.html", {"election": election, "region": region, "cap": cap,
                                                       "report": report})


@login_required
def transfers(request: AuthedRequest) -> HttpResponse:
    ensure_holds(request.user, "voters.transfer")
    election = current(request)
    today = clock.today()
    posted = TransferForm(request.POST if request.method == "POST" else None)
    form = {k: str(posted[k].value() or "").strip() for k in ("nik", "destination", "reason", "note")}
    if request.method == "POST":
        try:
            d = cleaned(posted)
            voter = _voter_by_nik(request, election.pk, d["nik"])
            transfer = do_register_transfer(voter, actor=request.user, destination=d["destination"],
                                            reason=d["reason"], note=d["note"])
        except DomainError as exc:
            messages.error(request, message_for_page(exc))
        else:
            messages.success(request, _("{name} terdaftar pindah memilih ke {to}; surat suara: {ballots}.").format(
                name=transfer.voter.name, to=transfer.tps.code if transfer.tps else transfer.village_id,
                ballots=ballot_names(transfer.ballots)))
            return redirect(f"{reverse('voters:transfers')}?pemilu={election.code}")
    rows = (Transfer.objects.visible_to(request.user).filter(election=election)
            .select_related("voter", "origin_tps", "tps").order_by("-pk"))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("halaman"))
    known = reasons()
    for t in page:
        t.reason_name = known[t.reason].name if t.reason in known else t.reason  # type: ignore[attr-defined]
        t.ballot_names = ballot_names(t.ballots)  # type: ignore[attr-defined]
    return render(request, "voters/transfers.html", {
        "election": election, "page": page, "form": form, "reasons": reasons_open(today, election.voting_day),
        "all_reasons": reasons(), "today": today})


def _voter_by_nik(request: AuthedRequest, election_id: int, nik: str) -> Voter:
    if not nik.isdigit() or len(nik) != 16:
        raise DomainError(_("NIK harus 16 digit angka"))
    voter = Voter.objects.visible_to(request.user).filter(election_id=election_id,
                                                          nik_hash=crypto.number_hash(nik)).first()
    if voter is None or not acting_codes(request.user, "voters.transfer"):
        raise DomainError(_("NIK tidak terdaftar dalam daftar pemilih di wilayah Anda"))
    return voter
