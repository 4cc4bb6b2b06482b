"""The Content-Security-Policy holds in a real browser (issue 17 item 9): the main pages load and
work — htmx swaps, the live C.Hasil checks, the offline note, the OpenAPI docs — without a single
CSP violation (inline script, inline style, eval, a foreign origin)."""

from __future__ import annotations

from typing import Any

import pytest

from pemilu.accounts.actions import get_system_user
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.results.reference import do_setup_ppwp
from pemilu.schedule.actions import do_load_builtin_schedule
from pemilu.testing.browser import chromium_page, screenshot
from pemilu.testing.factories import PASSWORD, Cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any page script (Playwright injects it outside the page's CSP) and records every
# violation the browser reports.
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " @" + e.sourceFile + ":" + e.lineNumber);
});
"""


def _violations(page: Any, console: list[str]) -> list[str]:
    found = list(page.evaluate("window.__csp || []"))
    return found + [m for m in console if "Content Security Policy" in m or "Content-Security-Policy" in m]


def test_the_main_pages_raise_no_csp_violation(live_server: Any, cast: Cast) -> None:
    election = do_load_builtin_schedule("pemilu-2024", actor=get_system_user()).election
    assert election == get_or_create_pemilu_2024()
    do_setup_ppwp(election, actor=get_system_user())
    base = live_server.url
    console: list[str] = []
    seen: dict[str, list[str]] = {}
    with chromium_page() as page:
        page.add_init_script(WATCH)
        page.on("console", lambda msg: console.append(msg.text))

        def visit(name: str, path: str, then: Any = None) -> None:
            console.clear()
            response = page.goto(f"{base}{path}")
            assert response is not None and response.status == 200, (name, response and response.status)
            assert "script-src 'self'" in (response.headers.get("content-security-policy") or "")
            page.wait_for_load_state("networkidle")
            if then is not None:
                then()
            seen[name] = _violations(page, console)

        # Public pages first. The login page also proves the watcher sees what the policy blocks:
        # an inline script and a style attribute added on purpose are both reported.
        def control() -> None:
            page.evaluate("""() => { const s = document.createElement("script"); s.textContent = "window.x = 1";
                                     document.body.appendChild(s);
                                     document.body.insertAdjacentHTML("beforeend", '<p style="color:red">x</p>'); }""")
            page.wait_for_timeout(300)
            found = _violations(page, console)
            assert any(v.startswith("script-src") for v in found), found
            assert any(v.startswith("style-src") for v in found), found
            assert page.evaluate("window.x") is None  # and the script did not run
            page.evaluate("window.__csp = []")
            console.clear()

        visit("login", "/akun/masuk/", control)
        visit("neutrality report form", "/netralitas/lapor/")
        visit("schedule timeline", "/jadwal/pemilu-2024/?tanggal=2024-02-12",
              lambda: page.wait_for_selector("svg.gantt"))
        visit("adhoc sign-up", "/adhoc/daftar/akun/")
        visit("public results", "/hasil/publik/")
        visit("admin login", "/admin/login/")

        def swagger() -> None:
            page.wait_for_selector("#swagger-ui .info", timeout=30_000)
            page.locator(".opblock-summary").first.click()  # the UI's own scripts respond

        visit("API docs", "/api/v1/docs", swagger)
        screenshot(page, "csp-api-docs")

        # Signed in: the login form itself, then the staff pages.
        page.goto(f"{base}/akun/masuk/")
        page.fill("#id_username", cast.kpps_a1.username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit].primary")
        page.wait_for_load_state()

        def entry() -> None:
            page.fill("input[data-field='v:2']", "885")  # checks.js evaluates as one types
            page.wait_for_timeout(300)
            page.context.set_offline(True)  # entry.js shows the (translated) offline note
            page.wait_for_selector("[data-outbox]:not([hidden])")
            assert "Luring" in page.inner_text("[data-outbox]")
            page.context.set_offline(False)

        visit("results entry", "/hasil/tps/12.76.01.1006.001/ppwp/isi/", entry)
        screenshot(page, "csp-results-entry")

        page.context.clear_cookies()
        page.goto(f"{base}/akun/masuk/")
        page.fill("#id_username", cast.kpu_admin_a.username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit].primary")
        page.wait_for_load_state()
        visit("dashboard", "/wilayah/")
        visit("adhoc", "/adhoc/")

        def htmx_filter() -> None:
            with page.expect_response(lambda r: "/sekretariat/" in r.url and r.request.headers.get("hx-request")):
                page.locator("form.filters select").first.select_option(index=1)
            page.wait_for_timeout(300)

        visit("secretariats (htmx)", "/sekretariat/", htmx_filter)
        visit("seats", "/kursi/baru/")
        visit("schedule manage", "/jadwal/pemilu-2024/kelola/")
    assert {name: found for name, found in seen.items() if found} == {}
    assert len(seen) == 13
