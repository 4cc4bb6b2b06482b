""""Cek DPT" for the public (issue 22 item 7): an exact, valid NIK — and optionally the name —
answers with the masked name, the TPS and where it is, or "tidak terdaftar".

What it never does:

* look anything up for a NIK that cannot exist: ``refusal`` runs the NIK's structural checks
  (``rules.py``) in Python, before any query (the 2023 SIDALIH lookup answered for 2222222222222222);
* search by part of a NIK or by name: the only lookup is the NIK's keyed hash (``crypto.number_hash``),
  an equality on an indexed column;
* tell "not registered" from "registered but not on the public list" (in another election, found
  not eligible, not yet announced), from "the name does not match": all three answer "tidak terdaftar"
  after the same queries, so an answer says nothing more than the issue allows.

The kecamatan check is relaxed to the province (the first two digits): a NIK issued before a
kecamatan was split or renumbered carries a code that today's list no longer has (``rules.py``),
and such a voter must still find their TPS.

The name is masked word by word: the first three letters kept (one fewer in a word of three
letters or fewer), the rest replaced by ``*`` — "SITI AMINAH" → "SIT* AMI***", "ALI" → "AL*".
Enough for a voter to recognise their own entry; not enough to learn someone's name from a NIK.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from pemilu.core.bounds import is_ascii_digits
from pemilu.elections.models import Election
from pemilu.regions.models import Region
from pemilu.voters import crypto
from pemilu.voters.generator import known_kecamatan
from pemilu.voters.models import STAGE_ORDER, ListStage, Voter, VoterList, VoterListEntry
from pemilu.voters.rules import NIK_LENGTH, is_pattern, nik_birth_part

# The lists the public may see: the DPHP is the PPS's working list, the DPS is the first announced.
PUBLIC_STAGES = STAGE_ORDER[STAGE_ORDER.index(ListStage.DPS):]
NAME_MAX = 200
KEEP = 3


@functools.cache
def _provinces() -> frozenset[str]:
    return frozenset(code[:2] for code in known_kecamatan())


def refusal(nik: str) -> str:
    """Why ``nik`` cannot be any person's NIK ('' when it could be): 16 ASCII digits, not one
    digit repeated nor a sequence, a known province, digits 7–12 a date (day + 40 for women), a
    serial other than 0000. Pure: no database."""
    if not is_ascii_digits(nik, NIK_LENGTH):
        return _("NIK harus 16 digit angka 0-9.")
    if is_pattern(nik):
        return _("NIK ini tidak mungkin diterbitkan (digit berulang atau berurutan).")
    if nik[:2] not in _provinces():
        return _("Dua digit pertama NIK bukan kode provinsi.")
    if nik_birth_part(nik) is None:
        return _("Digit 7-12 NIK bukan tanggal lahir.")
    if nik[12:] == "0000":
        return _("Nomor urut NIK tidak boleh 0000.")
    return ""


def mask_name(name: str) -> str:
    """``Siti Aminah`` → ``SIT* AMI***`` (see the module docstring)."""
    words = name.upper().split()
    return " ".join(w[:min(KEEP, max(1, len(w) - 1))] + "*" * (len(w) - min(KEEP, max(1, len(w) - 1)))
                    for w in words)


def _normal(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().casefold()


@dataclass(frozen=True)
class Found:
    """What the public may learn about a registered voter."""

    masked_name: str
    stage: str            # the list they are on (DPT, or the latest announced list before it)
    stage_label: str
    tps_number: int | None
    tps_code: str
    village: str          # the desa/kelurahan, kecamatan and kab/kota of the TPS
    district: str
    regency: str
    tps_address: str = ""        # where the TPS stands, as KPU staff set it (``Tps.address``)
    tps_location_note: str = ""


def find(election: Election, nik: str, name: str = "") -> Found | None:
    """The registered voter with exactly this NIK on the latest public list of their desa in
    ``election`` (and this name, when one is given), or None. Call only with a NIK ``refusal``
    accepts. Always the same three queries, whatever the answer."""
    digest = crypto.number_hash(nik)
    latest = (VoterList.objects.filter(election=election, village=OuterRef("village"), stage__in=PUBLIC_STAGES)
              .order_by("-compiled_at", "-pk").values("pk")[:1])
    candidates = list(Voter.objects.filter(election=election, nik_hash=digest)
                      .annotate(latest_list=Subquery(latest)).order_by("pk"))
    # An empty ``__in`` sends no query: the placeholders keep the queries the same for every answer.
    entries = {e.voter_id: e for e in VoterListEntry.objects.select_related("voter_list", "tps")
               .filter(voter__in=[v.pk for v in candidates] or [0],
                       voter_list__in=[v.latest_list for v in candidates if v.latest_list] or [0])}
    wanted = _normal(name)
    match = next((v for v in candidates if (e := entries.get(v.pk)) is not None and e.voter_list_id == v.latest_list
                  and (not wanted or _normal(v.name) == wanted)), None)
    codes = _ancestors(match.village_id) if match else [""]
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    if match is None:
        return None
    entry = entries[match.pk]
    return Found(
        masked_name=mask_name(match.name), stage=entry.voter_list.stage,
        stage_label=str(ListStage(entry.voter_list.stage).label),
        tps_number=entry.tps.number if entry.tps else None, tps_code=entry.tps.code if entry.tps else "",
        village=names.get(codes[2], ""), district=names.get(codes[1], ""), regency=names.get(codes[0], ""),
        tps_address=entry.tps.address if entry.tps else "",
        tps_location_note=entry.tps.location_note if entry.tps else "")


def _ancestors(desa: str) -> list[str]:
    parts = desa.split(".")
    return [".".join(parts[:n]) for n in (2, 3, 4)]
