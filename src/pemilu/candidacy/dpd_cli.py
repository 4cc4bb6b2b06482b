"""``pemilu candidates dpd-*``: DPD support from the command line, through the page's actions
(issue 23 item 6). Mixed into the ``candidates`` command."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from pemilu.candidacy import dpd_actions
from pemilu.candidacy.models import DpdCandidate
from pemilu.core.commands import arg, subcommand
from pemilu.core.exceptions import ImportFailed


def _candidate(pk: int) -> DpdCandidate:
    try:
        return DpdCandidate.objects.select_related("province__election", "province__region").get(pk=pk)
    except DpdCandidate.DoesNotExist:
        raise CommandError(_("bakal calon DPD tidak dikenal: {pk}").format(pk=pk)) from None


class DpdCommands:
    """The DPD sub-commands; ``self`` is the PemiluCommand they are mixed into."""

    @subcommand("dpd-support", "upload a DPD candidate's supporter list (atomic) and print the support check",
                arg("file", help="CSV/XLSX: " + ",".join(dpd_actions.COLUMNS) + "[,pekerjaan]"),
                arg("--candidate", type=int, required=True, help="the bakal calon DPD (id)"))
    def handle_dpd_support(self: Any, options: dict[str, Any]) -> None:
        cand = _candidate(options["candidate"])
        try:
            result = dpd_actions.do_import_supporters(cand, options["file"], actor=self.actor(options),
                                                      filename=str(options["file"]))
        except ImportFailed as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(json.dumps({"rows": result.rows, "batch": result.batch, **result.check}, indent=1))

    @subcommand("dpd-sample", "draw (once) the factual verification sample of a DPD candidate; prints the seed",
                arg("--candidate", type=int, required=True),
                arg("--seed", type=int, default=None, help="default: a fresh random seed (recorded)"),
                arg("--show", action="store_true", help="draw again from the recorded seed without writing"))
    def handle_dpd_sample(self: Any, options: dict[str, Any]) -> None:
        cand = _candidate(options["candidate"])
        if options["show"]:
            if cand.sample_seed is None:
                raise CommandError(_("sampel belum ditarik"))
            for kab, rows in dpd_actions.draw(cand, cand.sample_seed).items():
                self.stdout.write(f"{kab}\t{len(rows)}\t" + " ".join(str(s.line) for s in rows))
            return
        sizes = dpd_actions.do_draw_sample(cand, actor=self.actor(options), seed=options["seed"])
        cand.refresh_from_db()
        self.stdout.write(json.dumps({"seed": cand.sample_seed, "rule": cand.sample_rule, "per_kabkota": sizes}))
