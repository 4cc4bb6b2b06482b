"""Every page template satisfies the Content-Security-Policy by construction: no inline script, no
``on*=`` handler, no ``javascript:`` URL, no style attribute or ``<style>`` block (issue 17 item 9).
The PDF templates are exempt: WeasyPrint renders them on the server, no browser applies the CSP."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

RULES = {
    "inline <script>": re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I),
    "on* handler": re.compile(r"<[^>]+\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
    "style attribute": re.compile(r"<[^>]+\sstyle\s*=", re.I),
    "<style> block": re.compile(r"<style\b", re.I),
}


def _page_templates() -> list[Path]:
    root = Path(settings.BASE_DIR)
    return [p for p in root.glob("*/templates/**/*.html") if "pdf" not in p.relative_to(root).parts]


def test_no_page_template_needs_unsafe_inline() -> None:
    templates = _page_templates()
    assert len(templates) > 60  # the walk found the apps' templates
    found = [f"{path.relative_to(settings.BASE_DIR)}: {what}" for path in templates
             for what, rule in RULES.items() if rule.search(path.read_text(encoding="utf-8"))]
    assert found == []


def test_the_rules_catch_what_they_name() -> None:
    for what, sample in {"inline <script>": "<script>alert(1)</script>", "on* handler": '<a onclick="x()">',
                         "javascript: URL": '<a href="javascript:x()">', "style attribute": '<p style="color:red">',
                         "<style> block": "<style>p{}</style>"}.items():
        assert RULES[what].search(sample), what
    assert not RULES["inline <script>"].search('<script src="/static/x.js" defer></script>')
