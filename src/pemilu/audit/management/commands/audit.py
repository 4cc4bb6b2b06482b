from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from pemilu.audit.checkpoint import make_checkpoint, read_checkpoint
from pemilu.audit.verify import Pin, verify_all
from pemilu.core.commands import PemiluCommand, arg, subcommand


class Command(PemiluCommand):
    help = ("Audit: pemilu audit verify [--checkpoint FILE] — walk every hash chain and check the results "
            "against it; pemilu audit checkpoint — print the chain heads signed with PEMILU_AUDIT_KEY")

    @subcommand("verify", "verify every audit chain and the results it vouches for",
                arg("--checkpoint", metavar="FILE",
                    help="a checkpoint printed by 'pemilu audit checkpoint': prove nothing before it "
                         "changed or vanished (needs the same PEMILU_AUDIT_KEY)"))
    def handle_verify(self, options: dict[str, Any]) -> None:
        pins = _read(options["checkpoint"]) if options.get("checkpoint") else None
        result = verify_all(pins)
        for note in result.notes:
            self.stdout.write(f"CATATAN: {note}")
        if result.ok:
            against = f", cocok dengan checkpoint ({len(pins)} rantai)" if pins is not None else ""
            self.stdout.write(self.style.SUCCESS(
                f"OK: {result.chains} rantai, {result.rows:,} baris, tidak ada perubahan{against}"))
            return
        for problem in result.problems:
            self.stderr.write(f"RUSAK: {problem}")
        sys.exit(1)

    @subcommand("checkpoint", "print every chain head (JSON) signed with PEMILU_AUDIT_KEY; "
                              "publish it and keep it outside the database",
                arg("--since", metavar="FILE",
                    help="the last checkpoint: walk only the rows after it (it must verify)"))
    def handle_checkpoint(self, options: dict[str, Any]) -> None:
        previous = _read(options["since"]) if options.get("since") else None
        self.stdout.write(json.dumps(make_checkpoint(previous), indent=1))


def _read(path: str) -> dict[str, Pin]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"checkpoint {path} tidak dapat dibaca: {exc.strerror}") from None
    return read_checkpoint(text)
