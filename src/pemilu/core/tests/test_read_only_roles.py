"""A read-only role writes nothing anywhere (issue 20 item 4): an accredited observer (``pemantau``)
of Kota Tebing Tinggi POSTs to every page route of the URL resolver and calls every write operation
of the OpenAPI schema, aimed at Tebing Tinggi's own records (the ``cross_region_world``). Each answer
is 403 or 404 (405 for a page that takes no POST); a page that answers otherwise must be a read the
observer may do (its view calls no ``do_*`` action and a GET answers the same status); the database is
unchanged after every request. A new route or operation is picked up from the resolver/schema: it
fails here until it refuses the observer (or is listed as public, with the reason)."""

from __future__ import annotations

import re
import types
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import resolve

from pemilu.core.tests.cross_region_world import World, _client, changed, snapshot, world  # noqa: F401
from pemilu.core.tests.test_api_reach import actions_of
from pemilu.core.tests.test_cross_region_api import API_CASES, _api_writes, _post
from pemilu.testing.ladder import all_keys

# Public forms: anyone, signed in or not, may use them (each is its own person's act, not a role's).
PUBLIC_PAGES: dict[str, str] = {
    "/": "the public front page",
    "/akun/masuk/": "the login form",
    "/akun/keluar/": "logout (one's own session)",
    "/akun/aktivasi/": "a member activates their own account with their code",
    "/i18n/setlang/": "the language switch (one's own session)",
    "/adhoc/daftar/": "the recruitment portal: anyone may apply for an ad hoc body",
    "/adhoc/daftar/akun/": "the applicants' sign-up",
    "/adhoc/daftar/{pk}/profil/": "an applicant's own profile (their applicant record only)",
    "/adhoc/daftar/{pk}/unggah/": "an applicant's own documents (their applicant record only)",
    "/adhoc/pengumuman/{pk}/tanggapan/": "the public comment on announced candidates (KPT 476/2022 step 7)",
    "/netralitas/lapor/": "the public neutrality report form",
    "/netralitas/lacak/": "the public tracking of one's own report",
    "/pencalonan/publik/daftar/{pk}/tanggapan/": "the public response on an announced DCS candidate (anyone)",
    "/pemilih/cek-dpt/": "Cek DPT, the public lookup of one's own NIK (reads only)",
    "/cek-dukungan/": "the public cek dukungan: anyone checks their own NIK (writes nothing)",
    "/cek-dukungan/sanggah/": "a person contests their own listing as a DPD supporter (anyone who is listed)",
    "/pemilih/dps/{code}/": "the announced DPS and the public's response form (anyone, PKPU 7/2022)",
    "/api/v1/docs": "the API documentation",
    "/api/v1/openapi.json": "the API schema",
    "/api/v1/": "the API root",
}
PUBLIC_API: dict[str, str] = {
    "POST /api/v1/neutrality/reports": "the public neutrality report intake (anyone, as /netralitas/lapor/)",
    "POST /api/v1/candidacy/public/lists/{list_id}/responses": "the public response on a DCS (anyone, as the page)",
    "POST /api/v1/voters/cek-dpt": "Cek DPT, the public lookup (anyone, as /pemilih/cek-dpt/; reads only)",
    "POST /api/v1/candidacy/dpd/support-lookup": "the public cek dukungan (anyone, as /cek-dukungan/)",
    "POST /api/v1/candidacy/dpd/support-contests": "a person contests their own listing (anyone listed, as "
                                                   "/cek-dukungan/sanggah/)",
    "POST /api/v1/voters/announcements/{announcement_id}/public-responses": "the public's response to an "
                                                                            "announced DPS (anyone, as /pemilih/dps/)",
}

TPS = "12.76.01.1006.001"


def _pk_for(route: str, w: World) -> Any:
    """The id a ``{pk}`` of this route names: a Tebing Tinggi record of the world."""
    from pemilu.adhoc.models import Announcement

    ids = w.ids
    table: list[tuple[str, Callable[[], Any]]] = [
        ("/adhoc/pelamar/", lambda: ids["applicant_tt"].pk),
        ("/adhoc/daftar/", lambda: ids["applicant_tt"].pk),
        ("/adhoc/pengumuman/", lambda: Announcement.objects.filter(recruitment=ids["rec"]).first().pk),  # type: ignore[union-attr]
        ("/adhoc/tanggapan/", lambda: ids["comment"].pk),
        ("/adhoc/", lambda: ids["rec"].pk),
        ("/jadwal/", lambda: ids["local_tt"].pk),
        ("/netralitas/kasus/", lambda: ids["case"].pk),
        ("/netralitas/sosialisasi/", lambda: ids["event_tt"].pk),
        ("/sekretariat/", lambda: ids["sec_tt"].pk),
        ("/pencalonan/tanggapan/", lambda: ids["response_tt"].pk),
        ("/pencalonan/daftar/", lambda: ids["list_tt"].pk),
        ("/pencalonan/dokumen/", lambda: ids["doc_tt"].pk),
        ("/pencalonan/calon/", lambda: ids["doc_tt"].candidate_id),
    ]
    for prefix, get in table:
        if route.startswith(prefix):
            return get()
    return 1  # no such record in the world (an import job, a seat run, a photo): 404 like a missing one


def _value(route: str, name: str, w: World) -> Any:
    ids = w.ids
    if name == "pk":
        return _pk_for(route, w)
    if name == "code":
        if route.startswith("/jadwal/"):
            return ids["election"].code
        if "/tps/" in route:
            return TPS
        return "12.76"
    fixed: dict[str, Callable[[], Any]] = {
        "area_pk": lambda: ids["area_tt"].pk, "user_id": lambda: w.cast.kpu_staff_a.pk,
        "assignment_id": lambda: ids["role_tt"].pk, "token_id": lambda: ids["token"].pk,
        "contest_code": lambda: ids["contest"].code, "region": lambda: "12.76", "fmt": lambda: "ics",
        "voter_id": lambda: ids["voter_tt"].pk, "duplicate_id": lambda: ids["dup_tt"].pk,
        "tps_code": lambda: TPS, "region_code": lambda: "12.76",
        "response_id": lambda: 1,  # no DPS response in the world: 404
        "doc_pk": lambda: 1, "evidence_pk": lambda: 1, "member_id": lambda: 1, "file_pk": lambda: 1,  # none: 404
        "candidate_id": lambda: ids["dpd_candidate"].pk, "supporter_id": lambda: ids["dpd_supporter"].pk,
        "contest_id": lambda: ids["dpd_contest"].pk,
    }
    if name not in fixed:
        raise LookupError(f"{route}: no value for {{{name}}}: add one to test_read_only_roles._value")
    return fixed[name]()


def _slugs(view: Any) -> set[str]:
    """Every slug-like string constant of the view's code: the ``{verb}``/``{what}`` it dispatches on."""
    out: set[str] = set()

    def walk(code: types.CodeType) -> Iterator[str]:
        for const in code.co_consts:
            if isinstance(const, str) and re.fullmatch(r"[a-z][a-z-]{1,30}", const):
                yield const
            elif isinstance(const, types.CodeType):
                yield from walk(const)

    func = getattr(view, "__wrapped__", view)
    while hasattr(func, "__wrapped__"):
        func = func.__wrapped__
    out.update(walk(func.__code__))
    return out


def _urls(route: str, w: World) -> list[str]:
    names = re.findall(r"\{(\w+)\}", route)
    url = route
    for name in names:
        if name not in ("verb", "what"):
            url = url.replace(f"{{{name}}}", str(_value(route, name, w)))
    if "{verb}" not in url and "{what}" not in url:
        return [url]
    slot = "{verb}" if "{verb}" in url else "{what}"
    view = resolve(url.replace(slot, "x")).func
    return [url.replace(slot, slug) for slug in sorted(_slugs(view))]


def _page_routes() -> list[str]:
    return sorted(k for k in all_keys() if not k.split(" ")[0].isupper() and k not in PUBLIC_PAGES)


def test_every_page_and_api_write_is_covered() -> None:
    pages = set(_page_routes())
    assert len(pages) > 60, pages
    writes = _api_writes()
    missing = writes - set(API_CASES) - set(PUBLIC_API)
    assert not missing, f"API writes this test cannot call (add a case to test_cross_region_api.API_CASES): {missing}"
    stale = set(PUBLIC_PAGES) - {k for k in all_keys()}
    assert not stale, f"PUBLIC_PAGES names routes that do not exist: {stale}"


def test_a_pemantau_posts_to_every_page_and_writes_nothing(world: World) -> None:  # noqa: F811
    observer = _client(world.cast.pemantau_a)
    refused: list[str] = []
    problems: list[str] = []
    for route in _page_routes():
        for url in _urls(route, world):
            before = snapshot()
            r = observer.post(url, {})
            if changed(before, snapshot()):
                problems.append(f"{url}: POST changed {changed(before, snapshot())}")
            if r.status_code in (403, 404, 405):
                refused.append(url)
                continue
            # A read the observer may do: its view calls no action, and a GET answers the same
            # (a page, a PDF still being rendered: 202, a redirect to the default contest: 302).
            view = resolve(url).func
            reads = r.status_code in (200, 202, 302) and not actions_of(view) \
                and observer.get(url).status_code == r.status_code
            if not reads:
                problems.append(f"{url}: POST answered {r.status_code}")
    assert not problems, "a read-only role reached a write:\n" + "\n".join(problems)
    assert len(refused) > 50, refused


@pytest.mark.parametrize("operation", sorted(API_CASES))
def test_a_pemantau_calls_every_api_write_and_is_refused(world: World, operation: str) -> None:  # noqa: F811
    case = API_CASES[operation]
    observer: Client = _client(world.cast.pemantau_a)
    before = snapshot()
    r = _post(observer, operation, case, world)
    text = r.content.decode()
    if case.batch:
        assert r.status_code == 200, text
        assert {item["status"] for item in r.json()["results"]} <= {403, 404}, text
    else:
        assert r.status_code in (403, 404), f"{operation}: {r.status_code} {text}"
    assert changed(before, snapshot()) == [], f"{operation}: changed the database: {text}"


def test_bawaslu_decides_a_neutrality_case_and_kpu_staff_cannot(world: World) -> None:  # noqa: F811
    """The other half of the item: Bawaslu registers, examines and decides; KPU staff and the
    pemantau are refused on the page and the API, and nothing changes for them."""
    case = world.ids["case"]
    url = f"/netralitas/kasus/{case.pk}/aksi/register/"
    for who in (world.cast.kpu_staff_a, world.cast.kpu_admin_a, world.cast.pemantau_a):
        client = _client(who)  # the login itself stamps last_login: before the snapshot
        before = snapshot()
        assert client.post(url, {"note": "x"}).status_code == 403
        api = client.post(f"/api/v1/neutrality/cases/{case.pk}/transition", {"action": "register"},
                                content_type="application/json")
        assert api.status_code == 403
        assert changed(before, snapshot()) == []
    bawaslu = _client(world.cast.bawaslu_a)
    from pemilu.neutrality.models import Case

    for verb, data in (("register", {"note": "lengkap"}), ("examine", {"note": "klarifikasi"}),
                       ("decide", {"decision": "proven", "breach": "n1_kampanye", "note": "terbukti"})):
        r = bawaslu.post(f"/netralitas/kasus/{case.pk}/aksi/{verb}/", data)
        assert r.status_code == 302, (verb, r.status_code)
    decided = Case.objects.get(pk=case.pk)
    assert decided.status == "decided" and decided.decision == "proven"
    from pemilu.audit.models import AuditEvent

    event = AuditEvent.objects.get(event_type="neutrality.case_decided", target_id=str(case.pk))
    assert event.actor_id == world.cast.bawaslu_a.pk
