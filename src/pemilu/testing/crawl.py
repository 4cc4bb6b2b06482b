"""Crawl the pages a signed-in person can reach and find raw identifiers in what they read
(issue 20 item 8): dotted audit event types, ``snake_case`` enum values, contest codes, Python
reprs, doubled region kinds ("Kota Kota") and large numbers without thousands separators.

``visible_text`` keeps what a reader sees (text nodes, option labels; not scripts, styles or
attributes); ``raw_identifiers`` names what in it is not for people. ``crawl`` follows the links of
the site from its seeds, at most ``per_route`` URLs per route, and returns every HTML page it read.
"""

from __future__ import annotations

import enum
import re
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.test import Client
from django.urls import Resolver404, resolve

from pemilu.testing.ladder import _path_view, _route_key

# Not followed: other formats (their own tests read them), files, the API, the admin, logout.
SKIP_PATH = re.compile(r"(\.(pdf|xlsx|csv|json)$)|^/(api|admin|static|media|i18n)/|^/akun/keluar/"
                       r"|/(dokumen|foto|bukti)/")


class _Text(HTMLParser):
    """Text nodes outside <script>/<style>/<template> (and, in ``plain``, outside <code>/<kbd>:
    codes, file columns and values a person types), and the hrefs of <a>."""

    HIDDEN = frozenset({"script", "style", "template", "title", "head"})
    CODE = frozenset({"code", "kbd", "samp"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.plain: list[str] = []
        self.links: list[str] = []
        self._hidden = 0
        self._code = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self._hidden += 1
        if tag in self.CODE:
            self._code += 1
        if tag == "a":
            self.links += [v for k, v in attrs if k == "href" and v]
        if tag in {"td", "th", "li", "p", "div", "option", "br", "dd", "dt", "h1", "h2", "h3", "tr"}:
            self.parts.append("\n")
            self.plain.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1
        if tag in self.CODE and self._code:
            self._code -= 1
            self.plain.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)
            if not self._code:
                self.plain.append(data)


@dataclass
class Text:
    """What a page shows: ``all`` of it, and ``plain`` (without codes)."""

    all: str
    plain: str


def read_page(html: str) -> tuple[Text, list[str]]:
    """(visible text, hrefs) of an HTML page."""
    parser = _Text()
    parser.feed(html)
    return Text("".join(parser.parts), "".join(parser.plain)), parser.links


@dataclass
class Vocabulary:
    """The raw values a page must not show: event types, enum values, contest codes."""

    event_types: set[str]
    enum_values: set[str]
    contest_codes: set[str] = field(default_factory=set)


_DOTTED = re.compile(r"\b[a-z_]+\.[a-z_]+\b")
_SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
_WORD = re.compile(r"(?<![\w.-])[a-z][a-z_]*(?:-[0-9]+)?(?![\w-])")
_REPR = re.compile(r"\{'|\[\{|\['|': ")
_DOUBLED_KIND = re.compile(r"\b(kota|kabupaten|kab\.|kecamatan|kelurahan|desa)\s+\1(?!\w)", re.I)
# A count of four to seven digits standing alone (not a part of a code, date, time, NIK or
# number with separators); years are not counts.
_BARE_NUMBER = re.compile(r"(?<![\w.,:/*-])\d{4,7}(?![\w.,:/*-]|\.\d)")


def raw_identifiers(text: Text, vocab: Vocabulary) -> list[str]:
    """What in ``text`` is an identifier rather than words for people, each with its kind. Codes
    (<code>) may hold enum values a file takes and numbers (a dapil's code); nothing may hold an
    event type, a contest code or a repr."""
    found: list[str] = []
    found += [f"event type {m}" for m in _DOTTED.findall(text.all) if m in vocab.event_types]
    found += [f"enum value {m}" for m in _SNAKE.findall(text.plain) if m in vocab.enum_values]
    found += [f"contest code {m}" for m in _WORD.findall(text.all) if m in vocab.contest_codes]
    found += [f"repr {text.all[max(0, m.start() - 20):m.end() + 20]!r}" for m in _REPR.finditer(text.all)]
    found += [f"doubled kind {m.group(0)!r}" for m in _DOUBLED_KIND.finditer(text.all)]
    found += [f"number without separators {m}" for m in _BARE_NUMBER.findall(text.plain)
              if not 1900 <= int(m) <= 2100]
    return sorted(set(found))


def vocabulary() -> Vocabulary:
    """Every labelled event type, every choice or rule enum value with an underscore, and the
    contest codes in the database."""
    from django.apps import apps
    from django.db.models import Choices

    from pemilu.audit.labels import EVENT_LABELS

    values: set[str] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("pemilu."):
            continue
        for f in model._meta.get_fields():
            for value, _label in getattr(f, "flatchoices", None) or ():
                values.add(str(value))

    def subclasses(cls: type) -> Iterable[Any]:
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    for choices in subclasses(Choices):
        if choices.__module__.startswith("pemilu."):
            values |= {str(v) for v in choices.values}
    for plain in subclasses(enum.Enum):  # the rules' own enums (adhoc Outcome: met / not_met …)
        if plain.__module__.startswith("pemilu."):
            values |= {m.value for m in plain if isinstance(m.value, str)}
    from pemilu.results.models import Contest

    codes = {c for c in Contest.objects.values_list("code", flat=True)}
    return Vocabulary(event_types=set(EVENT_LABELS), enum_values={v for v in values if "_" in v},
                      contest_codes=codes)


def route_of(path: str) -> str | None:
    """The route key of a page path (``/adhoc/{pk}/``), None for an API operation or no page."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return None if _path_view(match.func) is not None else _route_key(match.route)


@dataclass
class Page:
    url: str
    route: str
    status: int
    text: Text


def crawl(client: Client, seeds: Iterable[str], *, per_route: int = 1, limit: int = 400) -> list[Page]:
    """Breadth-first over the site's links from ``seeds``: at most ``per_route`` URLs of each
    route (seeds always), HTML answers only, ``limit`` pages in all."""
    queue: deque[str] = deque(seeds)
    seen: set[str] = set()
    per: dict[str, int] = {}
    pages: list[Page] = []
    forced = set(queue)
    while queue and len(pages) < limit:
        url = queue.popleft()
        path = urlsplit(url).path
        if url in seen or SKIP_PATH.search(path):
            continue
        seen.add(url)
        route = route_of(path)
        if route is None or (per.get(route, 0) >= per_route and url not in forced):
            continue
        per[route] = per.get(route, 0) + 1
        response: Any = client.get(url)
        if response.status_code in (301, 302):
            pages.append(Page(url, route, response.status_code, Text("", "")))
            location = response["Location"]
            if urlsplit(location).path != path:
                queue.append(urljoin(url, location))
            continue
        if "text/html" not in response.get("Content-Type", "") or getattr(response, "streaming", False):
            continue
        text, links = read_page(response.content.decode())
        pages.append(Page(url, route, response.status_code, text))
        for href in links:
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.netloc in ("", "testserver") and parts.scheme in ("", "http"):
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return pages
