"""The ballot specimen (spesimen surat suara) of one dapil from its DCT lists (issue 23 item 7):
one column per party in ballot-number order, the candidates in nomor urut order, as the ballot
prints them. Only lists set in the DCT appear; a party without a list in the dapil has an empty
column (it is on the ballot all the same, UU 7/2017 Pasal 342).

A specimen is printed only once the dapil's lists are final: at least one list set in the DCT and
none still on its way (submitted, returned, verified or announced as the DCS), since such a list
could still join the ballot. ``specimen`` raises ``TransitionBlocked`` naming the lists that hold
it; the DCT is public, so are the specimen's pages and operations."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from pemilu.candidacy.models import DISTRICT_LEVEL, Candidate, CandidateList, ListLevel, ListStatus
from pemilu.core.exceptions import Blocker, TransitionBlocked
from pemilu.results.candidates import contest_code_of
from pemilu.results.models import Dapil, Party


@dataclass(frozen=True)
class Column:
    party: Party
    candidates: list[Candidate]


@dataclass(frozen=True)
class Specimen:
    dapil: Dapil
    contest_code: str
    columns: list[Column]


def specimen_columns(dapil: Dapil) -> list[Column]:
    lists = {lst.party_id: lst for lst in CandidateList.objects.filter(dapil=dapil, status=ListStatus.DCT)}
    names: dict[int, list[Candidate]] = {}
    for c in Candidate.objects.filter(candidate_list__in=lists.values()).order_by("number"):
        names.setdefault(c.candidate_list_id, []).append(c)
    parties = Party.objects.filter(election=dapil.election).order_by("ballot_no")
    return [Column(p, names.get(lists[p.pk].pk, []) if p.pk in lists else []) for p in parties
            if not p.only_prov_code or dapil.code.replace(".", "").startswith(p.only_prov_code)]


def specimen_blockers(dapil: Dapil) -> list[Blocker]:
    """Why the dapil's specimen cannot be printed yet (empty: it can). The answer is public, so a
    list not yet announced is counted, never named (the DCS and DCT are public, BCS is not)."""
    lists = list(CandidateList.objects.filter(dapil=dapil).select_related("party").order_by("party__ballot_no"))
    blockers = [Blocker("not_dct", _("Daftar calon {party} di dapil {dapil} belum ditetapkan dalam DCT (DCS)")
                        .format(party=lst.party.abbr, dapil=dapil.name))
                for lst in lists if lst.status == ListStatus.DCS]
    unannounced = sum(lst.status not in (ListStatus.DCS, ListStatus.DCT) for lst in lists)
    if unannounced:
        blockers.append(Blocker("not_announced", _("{n} daftar calon lain di dapil {dapil} belum diumumkan")
                                .format(n=unannounced, dapil=dapil.name)))
    if not any(lst.status == ListStatus.DCT for lst in lists):
        blockers.insert(0, Blocker("no_dct", _("Belum ada daftar calon dapil {dapil} yang ditetapkan dalam DCT")
                                   .format(dapil=dapil.name)))
    return blockers


def specimen(dapil: Dapil) -> Specimen:
    """The dapil's specimen; ``TransitionBlocked`` (409) with every list that holds it back."""
    if dapil.district not in DISTRICT_LEVEL:
        raise TransitionBlocked([Blocker("not_party_list", _("Spesimen ini untuk surat suara partai (DPR, DPRD)"))])
    blockers = specimen_blockers(dapil)
    if blockers:
        raise TransitionBlocked(blockers)
    return Specimen(dapil, contest_code_of(dapil), specimen_columns(dapil))


# The ballot's heading and colour per contest (2024: DPR yellow, DPRD Provinsi blue, DPRD Kab/Kota
# green), with the heading's ink that reads on it.
HEADINGS: dict[str, tuple[str, str, str]] = {
    ListLevel.DPR: ("PEMILIHAN UMUM ANGGOTA DEWAN PERWAKILAN RAKYAT", "#e9c31b", "#000"),
    ListLevel.DPRD_PROV: ("PEMILIHAN UMUM ANGGOTA DEWAN PERWAKILAN RAKYAT DAERAH PROVINSI", "#1f5fb4", "#fff"),
    ListLevel.DPRD_KABKOTA: ("PEMILIHAN UMUM ANGGOTA DEWAN PERWAKILAN RAKYAT DAERAH KABUPATEN/KOTA", "#1e8a3e", "#fff")}


def specimen_html(dapil: Dapil) -> str:
    sheet = specimen(dapil)
    heading, colour, ink = HEADINGS[DISTRICT_LEVEL[dapil.district]]
    return render_to_string("candidacy/pdf/ballot.html", {
        "dapil": dapil, "columns": sheet.columns, "contest_code": sheet.contest_code, "heading": heading,
        "colour": colour, "ink": ink, "per_row": min(9, max(1, (len(sheet.columns) + 1) // 2)),
        "printed_at": timezone.localtime()})


def specimen_pdf(dapil: Dapil) -> bytes:
    from weasyprint import HTML

    return HTML(string=specimen_html(dapil)).write_pdf()  # type: ignore[no-any-return]


def specimen_filename(dapil: Dapil) -> str:
    return f"spesimen-surat-suara-{contest_code_of(dapil)}.pdf"


@dataclass(frozen=True)
class BallotRow:
    """A dapil on the KPU's specimen page: its lists in the DCT, and those still on their way."""

    dapil: Dapil
    contest_code: str
    dct: int
    pending: int

    @property
    def ready(self) -> bool:
        return self.dct > 0 and self.pending == 0


def ballot_rows(dapils: QuerySet[Dapil]) -> list[BallotRow]:
    """The dapil with their list counts, in one query."""
    pending = [s for s in ListStatus.values if s != ListStatus.DCT]
    counted = dapils.annotate(
        n_dct=Count("candidate_lists", filter=Q(candidate_lists__status=ListStatus.DCT)),
        n_pending=Count("candidate_lists", filter=Q(candidate_lists__status__in=pending))).order_by("district", "code")
    return [BallotRow(d, contest_code_of(d), d.n_dct, d.n_pending) for d in counted]
