"""The ballot specimen (spesimen surat suara) of one dapil from its DCT lists (issue 23 item 7):
one column per party in ballot-number order, the candidates in nomor urut order, as the ballot
prints them. Only lists set in the DCT appear; a party without a DCT list in the dapil has an
empty column (it is on the ballot all the same, UU 7/2017 Pasal 342)."""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from pemilu.candidacy.models import Candidate, CandidateList, ListStatus
from pemilu.results.models import Dapil, Party


@dataclass(frozen=True)
class Column:
    party: Party
    candidates: list[Candidate]


def specimen_columns(dapil: Dapil) -> list[Column]:
    lists = {lst.party_id: lst for lst in CandidateList.objects.filter(dapil=dapil, status=ListStatus.DCT)}
    names: dict[int, list[Candidate]] = {}
    for c in Candidate.objects.filter(candidate_list__in=lists.values()).order_by("number"):
        names.setdefault(c.candidate_list_id, []).append(c)
    parties = Party.objects.filter(election=dapil.election).order_by("ballot_no")
    return [Column(p, names.get(lists[p.pk].pk, []) if p.pk in lists else []) for p in parties
            if not p.only_prov_code or dapil.code.replace(".", "").startswith(p.only_prov_code)]


def specimen_html(dapil: Dapil) -> str:
    return render_to_string("candidacy/pdf/ballot.html", {"dapil": dapil, "columns": specimen_columns(dapil),
                                                          "printed_at": timezone.localtime()})


def specimen_pdf(dapil: Dapil) -> bytes:
    from weasyprint import HTML

    return HTML(string=specimen_html(dapil)).write_pdf()  # type: ignore[no-any-return]
