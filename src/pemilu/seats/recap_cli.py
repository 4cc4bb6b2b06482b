"""``pemilu seats from-recap``: seats per dapil × party (column ``seats_won``) and the elected
candidates of a contest, from the recap of the level that sets it (``from_recap``). While a
plenary is open the figures are a preview: said on stderr and in the JSON (``"preview": true``),
and ``--save`` is refused. Exit 0; 3 when a preview was printed; 1 on an error."""

from __future__ import annotations

import json
from typing import Any

from pemilu.core.commands import PemiluCommand
from pemilu.core.exports import CsvWriter
from pemilu.seats import from_recap
from pemilu.seats.contest import ContestOutcome

EXIT_PREVIEW = 3


def from_recap_command(cmd: PemiluCommand, options: dict[str, Any]) -> int:
    from pemilu.elections.queries import current

    election = current(code=options["election"])
    kind = from_recap.contest_kind(options["contest"])
    region = options["region"]
    reading = region if kind in (from_recap.K.DPRD_PROV, from_recap.K.DPRD_KABKOTA, from_recap.K.DPD) else ""
    source = from_recap.read_recap(election, kind, reading)
    blockers = source.blockers()
    outcome = from_recap.allocate(source) if not any(b.code in ("dapil_seats", "no_contest") for b in blockers) \
        else None
    if source.preview:
        cmd.stderr.write("PRATINJAU / PREVIEW: rekapitulasi belum dikunci — hasil ini tidak disimpan dan tidak "
                         "diumumkan / the recap is not locked: not stored, not published")
        for b in blockers:
            cmd.stderr.write(f"  - {b.message}")
    if options["save"]:
        actor = cmd.actor(options)
        run, created = from_recap.do_allocate_from_recap(election, kind, region_code=reading if reading else "",
                                                         actor=actor, reason=options["reason"])
        cmd.stderr.write(f"run #{run.pk} {'disimpan / saved' if created else 'sudah ada / already stored'}")
        if options["publish"]:
            from pemilu.seats.decree import do_publish_decree

            decree = do_publish_decree(run, actor=actor, number=options["publish"], reason=options["reason"])
            cmd.stderr.write(f"keputusan / decree {decree.number}: {decree.get_absolute_url()}")
    rows = from_recap.seat_rows(outcome) if outcome else []
    if kind == from_recap.K.DPR and region:  # DPR is allocated nationally; print one province's dapil
        rows = [r for r in rows if r["code"].startswith(region.replace(".", "")[:2])]
    if options["format"] == "json":
        cmd.stdout.write(json.dumps({
            "election": election.code, "contest": kind, "region": source.region_code, "preview": source.preview,
            "threshold": None if outcome is None else {"percent": str(outcome.threshold.percent),
                                                       "total": outcome.threshold.total,
                                                       "excluded": list(outcome.threshold.excluded)},
            "dapils": rows}, ensure_ascii=False, indent=1))
    elif options["format"] == "csv":
        w = CsvWriter(cmd.stdout)
        w.writerow(["dapil_code", "dapil", "seats", "party", "votes", "seats_won", "elected"])
        for d in rows:
            for p in d["parties"]:
                w.writerow([d["code"], d["name"], d["seats"], p["party"], p["votes"], p["seats_won"],
                            "; ".join(f"{c['name']} ({c['votes']})" for c in p["elected"])])
    else:
        _table(cmd, source, outcome, rows)
    return EXIT_PREVIEW if source.preview else 0


def _table(cmd: PemiluCommand, source: from_recap.RecapSource, outcome: ContestOutcome | None,
           rows: list[dict[str, Any]]) -> None:
    mark = "PRATINJAU — " if source.preview else ""
    cmd.stdout.write(f"{mark}{from_recap.K(source.kind).label} {source.region_code or 'nasional'}"
                     + (f"; ambang batas {outcome.threshold.percent}%" if outcome else ""))
    cmd.stdout.write(f"{'dapil':<10} {'nama':<28} {'partai':<10} {'suara':>10} {'seats_won':>9}  terpilih")
    for d in rows:
        for p in d["parties"]:
            names = "; ".join(f"{c['name']} ({c['votes']:,})" for c in p["elected"])
            cmd.stdout.write(f"{d['code']:<10} {d['name'][:28]:<28} {p['party']:<10} {p['votes']:>10,} "
                             f"{p['seats_won']:>9}  {names}")
