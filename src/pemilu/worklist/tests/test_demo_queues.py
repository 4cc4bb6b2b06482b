"""The demo runs inside the election it shows (issue 20 item 5): on its day (PEMILU_TODAY,
2024-02-19, set by ``python3 tasks.py demo``) every demo user's "Tugas saya" has work, and the
recap is in its window — not "terlambat" everywhere as on the real clock."""

from __future__ import annotations

import re

from django.test import Client, override_settings

from pemilu.core.demo import DEMO_PASSWORD, DEMO_USERS
from pemilu.testing.demo import DEMO_DAY, SharedDemo


def test_every_demo_queue_has_work_on_the_demo_day(shared_demo: SharedDemo) -> None:
    assert "PEMILU_TODAY): 2024-02-19" in shared_demo.output     # loaded on the demo's day
    with override_settings(PEMILU_TODAY=DEMO_DAY):
        pages = {}
        for username, *_rest in DEMO_USERS:
            client = Client()
            assert client.login(username=username, password=DEMO_PASSWORD)
            response = client.get("/tugas/")
            assert response.status_code == 200
            pages[username] = response.content.decode()
    roles = {username: role for username, _name, role, _scope, _desc in DEMO_USERS}
    busy = {roles[u] for u, html in pages.items() if re.search(r'<li data-item="[a-z_.]+"', html)}
    from pemilu.worklist.queues import QUEUES

    assert busy == set(roles.values()) & set(QUEUES)      # every role with a queue has a demo user with work
    for username, html in pages.items():   # the recap is in its window: no level late
        recaps = re.findall(r'<li data-item="[a-z]+\.recap[a-z_]*"[^>]*>(.*?)</li>', html, re.S)
        assert not any("terlambat" in r for r in recaps) and "recap_overdue" not in html, username
    assert len(re.findall(r'data-item="kpu\.recap"', pages["kpu.tebingtinggi"])) == 2     # PPWP and DPD
    # Persiakan's forms are all in and its registrants above the minimum: nothing waits for its PPS.
    assert "Tidak ada pekerjaan yang menunggu." in pages["pps.persiakan"]
    assert 'data-item="kpps.photo_missing"' in pages["kpps.persiakan001"]
    assert 'data-item="pps.below_minimum"' in pages["pps.pelita"]                 # Pelita: 2 of at least 6
    assert "pleno dikunci" in pages["ppk.padanghulu"]                          # locked in time, not late
    assert 'data-item="kpu.verify"' in pages["kpu.tebingtinggi"]
    assert 'data-item="kpu.stages_open"' in pages["kpu.tebingtinggi"]
    assert 'data-item="bawaslu.case"' in pages["bawaslu.tebingtinggi"]
