"""No module a newcomer cannot hold (issue 18 item 6): at most 500 lines, migrations aside."""

from __future__ import annotations

from pathlib import Path

import pemilu

LIMIT = 500


def test_no_module_under_src_pemilu_is_over_500_lines() -> None:
    root = Path(pemilu.__file__).parent
    too_long = {str(p.relative_to(root)): n for p in root.rglob("*.py") if "migrations" not in p.parts
                and (n := len(p.read_text(encoding="utf-8").splitlines())) > LIMIT}
    assert not too_long, f"modules over {LIMIT} lines (split them by subject): {too_long}"
