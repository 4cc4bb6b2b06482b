"""Candidate lists from submission to the DCT (issue 23 items 1–3, 7): each state change is one
``do_*`` taking the acting user — permission, the change, the audit row, one transaction.

A party's liaison officer submits (and, when returned, corrects) the party's list for a dapil; the
KPU that receives it verifies the documents (verified, or returned for correction), announces the
DCS, and sets the DCT by decree — refused while a rule in force that day is broken, a candidate's
NIK is on another list of the election, a sex disagrees with its NIK, or a public response is open.
Setting the DCT writes the dapil's ballot (``results.candidates.write_ballots``): the candidates
of the count's contest and the seat module's list order come from the DCT's nomor urut."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from pemilu.accounts.actions import do_grant_role
from pemilu.accounts.models import Role, User
from pemilu.accounts.permissions import ensure_can
from pemilu.audit.events import record_event
from pemilu.candidacy import checks, permissions, rules  # noqa: F401  (permissions registers the actions)
from pemilu.candidacy.models import (
    DISTRICT_LEVEL,
    Candidate,
    CandidateList,
    DcsResponseStatus,
    LiaisonOfficer,
    ListStatus,
    Office,
    PublicResponse,
)
from pemilu.core import clock
from pemilu.core.bounds import check_text
from pemilu.core.exceptions import (
    Blocker,
    ConflictError,
    DomainError,
    ImportFailed,
    NotFoundError,
    RowError,
    TransitionBlocked,
)
from pemilu.core.levels import covers
from pemilu.core.models import Sex
from pemilu.results.candidates import BallotRow, ballot_in_use, contest_code_of, write_ballots
from pemilu.results.models import Dapil, DistrictKind, Party
from pemilu.voters import crypto
from pemilu.voters.rules import nik_findings

MAX_CANDIDATES = 12  # the largest dapil (DPRD: 12 seats; UU 7/2017 Pasal 189, 192) at 100 %
# Structural NIK problems that make the number unusable (not 16 digits, a pattern, not a date).
NIK_REFUSED = ("N01", "N03", "N07", "N08")
# Findings kept with the candidate: birth date (N04) and sex (N05) against the NIK, serial 0000 (N06).
NIK_KEPT = ("N04", "N05", "N06")


def list_scope(dapil: Dapil) -> str:
    """The KPU that receives a list: KPU RI for DPR (''), the province for DPRD Provinsi, the
    kab/kota for DPRD Kab/Kota (dapil codes: ``PPKKxx``, e.g. 127601 → 12.76)."""
    if dapil.district == DistrictKind.DAPIL_PROV:
        return dapil.code[:2]
    if dapil.district == DistrictKind.DAPIL_KAB:
        return f"{dapil.code[:2]}.{dapil.code[2:4]}"
    return ""


def liaison_of(user: User, party: Party, scope_code: str) -> LiaisonOfficer | None:
    if getattr(user, "is_superuser", False) or not getattr(user, "pk", None):
        return None
    for post in LiaisonOfficer.objects.filter(user_id=user.pk, party=party, revoked_at__isnull=True):
        if covers(post.scope_code, scope_code):
            return post
    return None


def ensure_liaison(user: User, action: str, lst: CandidateList) -> None:
    """The liaison officer's role in the list's region, and the list's party: another party's list
    answers 404 like a missing one."""
    ensure_can(user, action, lst)
    if getattr(user, "is_superuser", False):
        return
    if liaison_of(user, lst.party, lst.scope_code) is None:
        raise NotFoundError(_("Tidak ditemukan."))


@dataclass(frozen=True)
class CandidateIn:
    """One name as the party submits it (form, API, file)."""

    number: int
    name: str
    sex: str
    nik: str
    birth_date: datetime.date
    domicile_code: str = ""
    domicile: str = ""
    office: str = ""
    resignation_decree_no: str = ""
    resignation_decree_date: datetime.date | None = None


def build_candidates(rows: Sequence[CandidateIn], *,
                     lines: Sequence[int] = ()) -> tuple[list[Candidate], list[RowError]]:
    """Candidate rows (unsaved, without their list) and every problem named by row (``lines``: each
    row's line in a file; default 1, 2, …) and column."""
    lines = list(lines) or list(range(1, len(rows) + 1))
    first_row = lines[0] if lines else 1
    errors: list[RowError] = []
    out: list[Candidate] = []
    seen_numbers: dict[int, int] = {}
    seen_nik: dict[str, int] = {}
    if len(rows) > MAX_CANDIDATES:
        errors.append(RowError(first_row, _("paling banyak {n} calon per daftar").format(n=MAX_CANDIDATES)))
    for row, r in zip(lines, rows, strict=True):
        bad = len(errors)
        if not 1 <= r.number <= MAX_CANDIDATES:
            errors.append(RowError(row, _("nomor urut harus 1–{n}").format(n=MAX_CANDIDATES), "nomor_urut"))
        elif r.number in seen_numbers:
            errors.append(RowError(row, _("nomor urut ganda (sama dengan baris {other})").format(
                other=seen_numbers[r.number]), "nomor_urut"))
        else:
            seen_numbers[r.number] = row
        for field, value, limit in (("nama", r.name, 200), ("domisili", r.domicile, 300),
                                    ("kode_domisili", r.domicile_code, 13),
                                    ("nomor_sk_berhenti", r.resignation_decree_no, 100)):
            try:
                check_text(value, field=field, max_length=limit)
            except DomainError as exc:
                errors.append(RowError(row, exc.message, field))
        if not r.name.strip():
            errors.append(RowError(row, _("nama wajib diisi"), "nama"))
        if r.sex not in Sex.values:
            errors.append(RowError(row, _("jenis kelamin harus L atau P"), "jenis_kelamin"))
        if r.office not in Office.values:
            errors.append(RowError(row, _("jabatan tidak dikenal"), "jabatan"))
        elif r.office and not (r.resignation_decree_no.strip() and r.resignation_decree_date):
            errors.append(RowError(row, _("{office}: nomor dan tanggal SK pemberhentian wajib diisi").format(
                office=Office(r.office).label), "nomor_sk_berhenti"))
        nik = r.nik.strip()
        found = nik_findings(row, nik, birth_date=r.birth_date, female=r.sex == Sex.FEMALE, kecamatan=())
        refused = [f for f in found if f.code in NIK_REFUSED]
        errors.extend(RowError(row, f.message, "nik") for f in refused)
        if not refused and nik in seen_nik:
            errors.append(RowError(row, _("NIK sama dengan baris {other}").format(other=seen_nik[nik]), "nik"))
        if len(errors) > bad:
            continue
        seen_nik[nik] = row
        out.append(Candidate(
            number=r.number, name=r.name.strip(), name_key=rules.name_key(r.name), sex=r.sex,
            nik_hash=crypto.number_hash(nik), nik_sealed=crypto.seal(nik), birth_date=r.birth_date,
            domicile_code=r.domicile_code.strip(), domicile=r.domicile.strip(), office=r.office,
            resignation_decree_no=r.resignation_decree_no.strip(), resignation_decree_date=r.resignation_decree_date,
            findings=" ".join(f.code for f in found if f.code in NIK_KEPT)))
    numbers = sorted(seen_numbers)
    if not errors and numbers != list(range(1, len(numbers) + 1)):
        errors.append(RowError(first_row, _("nomor urut harus berurutan mulai 1 tanpa lompatan"), "nomor_urut"))
    return out, errors


def _snapshot(lst: CandidateList) -> dict[str, object]:
    cands = list(lst.candidates.all())
    return {"status": lst.status, "candidates": len(cands), "women": sum(c.sex == Sex.FEMALE for c in cands)}


def _event(lst: CandidateList, actor: User, before: dict[str, object] | None, reason: str = "",
           **extra: object) -> dict[str, Any]:
    """The audit row's fields of a list's change (``record_event(type, **_event(...))``)."""
    return {"actor": actor, "region_code": lst.scope_code, "target": lst, "before": before,
            "after": {**_snapshot(lst), **extra}, "reason": reason}


@transaction.atomic
def do_submit_list(party: Party, dapil: Dapil, rows: Sequence[CandidateIn], *, actor: User) -> CandidateList:
    """The party's list for the dapil (BCS), or its correction when returned: the rows replace the
    list's candidates. Every row is checked first; one bad row names itself and nothing is written."""
    if party.election_id != dapil.election_id or dapil.district not in DISTRICT_LEVEL:
        raise NotFoundError(_("Tidak ditemukan."))
    if party.only_prov_code and not dapil.code.startswith(party.only_prov_code):
        raise DomainError(_("Partai lokal {abbr} hanya mengikuti pemilu DPRA/DPRK di provinsinya").format(
            abbr=party.abbr))
    if party.only_prov_code and dapil.district == DistrictKind.DAPIL_DPR:
        raise DomainError(_("Partai lokal tidak mengikuti pemilu DPR"))
    lst = CandidateList.objects.select_for_update().filter(dapil=dapil, party=party).first()
    if lst is None:
        lst = CandidateList(election_id=dapil.election_id, dapil=dapil, party=party,
                            level=DISTRICT_LEVEL[dapil.district])
        lst.set_scope_columns(list_scope(dapil))
    ensure_liaison(actor, "candidacy.submit", lst)
    before = None
    if lst.pk is not None:
        if lst.status not in (ListStatus.BCS, ListStatus.CORRECTION):
            raise ConflictError(_("Daftar sudah {status}; tidak dapat diubah lagi oleh partai").format(
                status=lst.get_status_display()))
        before = _snapshot(lst)
    candidates, errors = build_candidates(rows)
    if not rows:
        errors.append(RowError(1, _("daftar tanpa calon")))
    if errors:
        raise ImportFailed(errors)
    lst.status, lst.submitted_at, lst.submitted_by = ListStatus.BCS, timezone.now(), actor
    lst.save()
    _replace_candidates(lst, candidates)
    if before:
        record_event("candidacy.list_corrected", **_event(lst, actor, before))
    else:
        record_event("candidacy.list_submitted", **_event(lst, actor, before))
    from pemilu.candidacy.registers import check_list_registers  # registers reads the models this module writes

    check_list_registers(lst, actor=actor, trigger="corrected" if before else "submitted")
    return lst


KEPT_FIELDS = ["number", "name", "name_key", "sex", "nik_sealed", "birth_date", "domicile_code", "domicile", "office",
               "resignation_decree_no", "resignation_decree_date", "findings"]


def _replace_candidates(lst: CandidateList, candidates: list[Candidate]) -> None:
    """A correction's rows replace the list's: a person already on it (same NIK) keeps their row —
    checklist, uploads, CV statement, register flags and a recorded resignation decree — under the
    new nomor urut and details; the others are removed or added."""
    old = {c.nik_hash: c for c in lst.candidates.all()}
    kept = [c for c in candidates if c.nik_hash in old]
    lst.candidates.exclude(nik_hash__in=[c.nik_hash for c in kept]).delete()
    lst.candidates.update(number=F("number") + 1000)  # free the numbers (unique per list) before renumbering
    for c in candidates:
        c.candidate_list = lst
        was = old.get(c.nik_hash)
        if was is not None:
            c.pk = was.pk
            if not c.resignation_decree_no and was.resignation_decree_no:  # recorded by the KPU, not on the form
                c.resignation_decree_no, c.resignation_decree_date = (was.resignation_decree_no,
                                                                      was.resignation_decree_date)
    Candidate.objects.bulk_update(kept, KEPT_FIELDS)
    Candidate.objects.bulk_create([c for c in candidates if c.nik_hash not in old])


def _transition(lst: CandidateList, allowed: tuple[str, ...]) -> None:
    if lst.status not in allowed:
        raise TransitionBlocked([Blocker("status", _("Daftar berstatus {status}; tindakan ini tidak berlaku").format(
            status=lst.get_status_display()))])


@transaction.atomic
def do_verify_documents(lst: CandidateList, *, actor: User, verified: bool, note: str = "",
                        correction_due: datetime.date | None = None) -> CandidateList:
    """The KPU's verification of a submitted list's documents: verified (memenuhi syarat), or
    returned to the party for correction by ``correction_due`` with what to correct in ``note``."""
    ensure_can(actor, "candidacy.verify", lst)
    lst = CandidateList.objects.select_for_update().get(pk=lst.pk)
    _transition(lst, (ListStatus.BCS,))
    note = check_text(note, field=_("catatan"), max_length=2000, multiline=True).strip()
    if not verified:
        if not note:
            raise DomainError(_("Tuliskan apa yang harus diperbaiki partai."))
        if correction_due is None or correction_due < clock.today():
            raise DomainError(_("Batas perbaikan wajib diisi dan tidak boleh sebelum hari ini."))
    if verified:
        _checklist_met(lst)
    before = _snapshot(lst)
    lst.status = ListStatus.VERIFIED if verified else ListStatus.CORRECTION
    lst.verified_at, lst.verification_note = timezone.now(), note
    lst.correction_due = None if verified else correction_due
    lst.save()
    if verified:
        record_event("candidacy.list_verified", **_event(lst, actor, before, reason=note))
    else:
        record_event("candidacy.list_returned", **_event(lst, actor, before, reason=note,
                                                         correction_due=str(correction_due)))
    from pemilu.candidacy.registers import check_list_registers

    check_list_registers(lst, actor=actor, trigger="verified" if verified else "returned")
    return lst


def _checklist_met(lst: CandidateList) -> None:
    """A list with an open checklist is verified only when every document meets the requirement."""
    from pemilu.candidacy.models import CandidateDocument, DocumentOutcome

    pending = (CandidateDocument.objects.filter(candidate__candidate_list=lst).exclude(outcome=DocumentOutcome.MS)
               .select_related("candidate").order_by("candidate__number", "kind"))
    if pending:
        raise TransitionBlocked([Blocker("documents", _("Calon no. {number}: {kind} {outcome}").format(
            number=d.candidate.number, kind=d.get_kind_display(), outcome=d.get_outcome_display().lower()))
            for d in pending[:20]])


@transaction.atomic
def do_announce_dcs(lst: CandidateList, *, actor: User) -> CandidateList:
    """The verified list is announced as the DCS: public from today, open to responses."""
    ensure_can(actor, "candidacy.announce", lst)
    lst = CandidateList.objects.select_for_update().get(pk=lst.pk)
    _transition(lst, (ListStatus.VERIFIED,))
    before = _snapshot(lst)
    lst.status, lst.dcs_announced_on = ListStatus.DCS, clock.today()
    lst.save()
    record_event("candidacy.dcs_announced", **_event(lst, actor, before))
    return lst


def dct_preview(lst: CandidateList, on: datetime.date | None = None) -> tuple[list[Blocker], list[str]]:
    """What setting the DCT would meet today: blockers (rules, NIK on two lists, sex against NIK,
    open responses, a candidate found in the ad hoc or ASN register without a resignation decree)
    and warnings (names on other lists)."""
    on = on or clock.today()
    blockers = checks.dct_blockers(lst, on)
    open_responses = (PublicResponse.objects.filter(candidate_list=lst)
                      .exclude(status=DcsResponseStatus.RESOLVED).count())
    if open_responses:
        blockers.append(Blocker("responses_open", _("{n} tanggapan masyarakat belum diselesaikan").format(
            n=open_responses)))
    from pemilu.candidacy.registers import open_flags  # registers imports the models this module writes

    for flag in open_flags(lst):
        number = flag.candidate.number if flag.candidate else 0
        blockers.append(Blocker("resignation", _(
            "Calon no. {number} tercatat sebagai {detail}: keputusan pemberhentian belum dicatat").format(
            number=number, detail=flag.detail)))
    warnings = [_("Nama calon no. {number} ({name}) juga ada di {other} dengan NIK lain (peringatan: nama sama, "
                  "orang berbeda)").format(number=h.number, name=h.name, other=h.other)
                for h in checks.shared_names(lst)]
    return blockers, warnings


@transaction.atomic
def do_set_dct(lst: CandidateList, *, actor: User, decree_no: str,
               decree_date: datetime.date | None) -> CandidateList:
    """The KPU's decree sets the list in the DCT, and the dapil's ballot is rewritten from its DCT
    lists (the count's candidate list; seat ties by nomor urut). Refused with every blocker named."""
    ensure_can(actor, "candidacy.set_dct", lst)
    lst = CandidateList.objects.select_for_update().select_related("dapil", "party").get(pk=lst.pk)
    _transition(lst, (ListStatus.DCS,))
    decree_no = check_text(decree_no, field=_("nomor keputusan"), max_length=100).strip()
    blockers, warnings = dct_preview(lst)
    if not decree_no:
        blockers.append(Blocker("decree", _("nomor keputusan wajib diisi")))
    if decree_date is None:
        blockers.append(Blocker("decree_date", _("tanggal keputusan wajib diisi")))
    elif decree_date > clock.today():
        blockers.append(Blocker("decree_date", _("tanggal keputusan tidak boleh setelah hari ini")))
    used = ballot_in_use(lst.election, [lst.dapil])
    if used:
        blockers.append(Blocker("ballot_in_use", _("pemilihan {contest} sudah memiliki C.Hasil; surat suaranya tidak "
                                                   "dapat diubah").format(contest=contest_code_of(lst.dapil))))
    if blockers:
        raise TransitionBlocked(blockers)
    before = _snapshot(lst)
    lst.status, lst.dct_decree_no, lst.dct_decree_date = ListStatus.DCT, decree_no, decree_date
    lst.dct_set_at, lst.dct_warnings = timezone.now(), warnings
    lst.save()
    contests = write_dapil_ballot(lst.dapil)
    record_event("candidacy.dct_set", **_event(lst, actor, before, decree_no=decree_no, decree_date=str(decree_date),
                                               warnings=warnings, contests=contests))
    return lst


def write_dapil_ballot(dapil: Dapil) -> list[str]:
    """The dapil's ballot from its DCT lists, in nomor urut."""
    rows = [BallotRow(c.candidate_list.party, c.number, c.name, c.sex) for c in Candidate.objects.filter(
        candidate_list__dapil=dapil, candidate_list__status=ListStatus.DCT).select_related(
        "candidate_list__party").order_by("candidate_list__party__ballot_no", "number")]
    return write_ballots(dapil.election, {dapil: rows})


@transaction.atomic
def do_appoint_liaison(user: User, party: Party, scope_code: str, *, actor: User, reason: str) -> LiaisonOfficer:
    """A party's liaison officer at a KPU: the ``penghubung`` role in ``scope_code`` (granted by
    that KPU's administrator, audited by accounts) and the party it speaks for."""
    from pemilu.regions.models import Region

    ensure_can(actor, "candidacy.liaison", scope_code)
    if scope_code and not Region.objects.filter(code=scope_code, level__in=(1, 2)).exists():
        raise DomainError(_("Penghubung partai ditunjuk di KPU RI, KPU Provinsi atau KPU Kabupaten/Kota."))
    if party.only_prov_code and not scope_code.startswith(party.only_prov_code):
        raise DomainError(_("Partai lokal {abbr} hanya mengikuti pemilu di provinsinya").format(abbr=party.abbr))
    post, _created = LiaisonOfficer.objects.get_or_create(user=user, party=party, scope_code=scope_code)
    if post.revoked_at is not None:
        post.revoked_at = None
        post.save(update_fields=["revoked_at"])
    do_grant_role(user, Role.PENGHUBUNG, scope_code, actor=actor, reason=reason)
    record_event("candidacy.liaison_appointed", actor=actor, region_code=scope_code, target=post,
                 after={"user": user.username, "party": party.abbr, "scope": scope_code}, reason=reason)
    return post

