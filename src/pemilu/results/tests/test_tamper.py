"""Issue 17 item 3: every direct edit of the audit table or of the results that the probe made
(eleven of the audit, six of the results, plus a few of the same kind) is named by
``pemilu audit verify``; those only a signed checkpoint can prove are named against one."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction

from pemilu.accounts.actions import get_system_user
from pemilu.audit.chain import hashed_fields, row_hash
from pemilu.audit.checkpoint import make_checkpoint, read_checkpoint
from pemilu.audit.events import record_event
from pemilu.audit.models import AuditChain, AuditEvent
from pemilu.audit.verify import VerifyResult, verify_all
from pemilu.regions.models import Tps
from pemilu.results import rollup, rules
from pemilu.results.actions import do_correct_result, do_submit_result, do_verify_result
from pemilu.results.ingest import submit_batch
from pemilu.results.models import Contest, EntryMode, KecamatanTotal, Result, ResultVersion
from pemilu.results.tests.conftest import good_form, set_mode
from pemilu.testing.factories import Cast

KEY = "kunci-audit-uji-" + "x" * 40
CORRECTED, BATCHED, VERIFIED, KARO = "12.76.01.1006.001", "12.76.01.1006.002", "12.76.01.1006.003", "12.06.01.2001.001"


@pytest.fixture
def world(cast: Cast, ppwp: Contest, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Four forms, each through another path (per form + correction, election-night batch,
    entry + PPK verification, another kab/kota), then a signed checkpoint of every chain."""
    monkeypatch.setenv("PEMILU_AUDIT_KEY", KEY)
    set_mode(ppwp, EntryMode.DIRECT)
    first = do_submit_result(ppwp, Tps.objects.get(code=CORRECTED), good_form(), actor=cast.kpps_a1)
    do_correct_result(first, good_form(a=48, b=84), actor=cast.kpu_admin_a, reason="salah baca plano")
    out = submit_batch(cast.kpu_admin_a, [{"tps": BATCHED, "contest": "ppwp", "idempotency_key": "b-1",
                                           **good_form(a=50)}])
    assert out[0]["status"] == 200, out
    do_submit_result(ppwp, Tps.objects.get(code=KARO), good_form(), actor=cast.kpu_admin_b)
    set_mode(ppwp, EntryMode.VERIFY)
    entered = do_submit_result(ppwp, Tps.objects.get(code=VERIFIED), good_form(c=41), actor=cast.pps_a1)
    do_verify_result(entered, actor=cast.ppk_a1)
    assert Result.objects.filter(status="accepted").count() == 4
    checkpoint = make_checkpoint()
    clean = verify_all(read_checkpoint(json.dumps(checkpoint)))
    assert clean.ok, [str(p) for p in clean.problems]
    return {"checkpoint": checkpoint, "contest": ppwp}


def _sql(sql: str, params: list[Any]) -> None:
    with connection.cursor() as cur:
        cur.execute(sql, params)


def _rows(key: str = "12.76") -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(chain_key=key).order_by("seq"))


def _rehash_from(rows: list[AuditEvent], start: int) -> None:
    """What an intruder without the key can do: recompute every hash from row ``start`` on and
    move the head, so the chain walk alone passes."""
    prev = rows[start - 1].hash if start else "0" * 64
    for row in AuditEvent.objects.filter(pk__in=[r.pk for r in rows[start:]]).order_by("seq"):
        content = {f: getattr(row, f) for f in hashed_fields(row.hash_version)}
        digest = row_hash(prev, content)
        _sql("UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE id = %s", [prev, digest, row.pk])
        prev = digest
    AuditChain.objects.filter(key=rows[0].chain_key).update(last_seq=rows[-1].seq if rows else 0, last_hash=prev)


def _result(tps: str) -> Result:
    return Result.objects.get(tps_id=tps)


# --- the audit table -------------------------------------------------------------------------

def edit_row() -> None:
    _sql("UPDATE audit_auditevent SET reason = %s WHERE id = %s", ["diubah", _rows()[1].pk])


def delete_row() -> None:
    _sql("DELETE FROM audit_auditevent WHERE id = %s", [_rows()[1].pk])


def delete_last_row() -> None:
    _sql("DELETE FROM audit_auditevent WHERE id = %s", [_rows()[-1].pk])


def swap_rows() -> None:
    a, b = _rows()[1:3]
    _sql("UPDATE audit_auditevent SET seq = -1 WHERE id = %s", [a.pk])
    _sql("UPDATE audit_auditevent SET seq = %s, prev_hash = %s WHERE id = %s", [a.seq, a.prev_hash, b.pk])
    _sql("UPDATE audit_auditevent SET seq = %s, prev_hash = %s WHERE id = %s", [b.seq, b.prev_hash, a.pk])


def relink_row() -> None:
    _sql("UPDATE audit_auditevent SET prev_hash = %s WHERE id = %s", ["f" * 64, _rows()[2].pk])


def edit_head() -> None:
    AuditChain.objects.filter(key="12.76").update(last_hash="e" * 64)


def truncate_and_move_head() -> None:
    rows = _rows()
    _sql("DELETE FROM audit_auditevent WHERE id = %s", [rows[-1].pk])
    AuditChain.objects.filter(key="12.76").update(last_seq=rows[-2].seq, last_hash=rows[-2].hash)


def edit_and_rehash_chain() -> None:
    rows = _rows()
    _sql("UPDATE audit_auditevent SET reason = %s WHERE id = %s", ["diubah", rows[1].pk])
    _rehash_from(rows, 1)


def drop_chain() -> None:
    _sql("DELETE FROM audit_auditevent WHERE chain_key = %s", ["12.06"])
    AuditChain.objects.filter(key="12.06").delete()


def edit_kab_code() -> None:
    _sql("UPDATE audit_auditevent SET kab_code = %s WHERE id = %s", ["12.06", _rows()[1].pk])


def edit_desa_code() -> None:
    _sql("UPDATE audit_auditevent SET desa_code = %s WHERE id = %s", ["12.76.01.1007", _rows()[1].pk])


def downgrade_hash_rule() -> None:
    _sql("UPDATE audit_auditevent SET hash_version = NULL, prov_code = %s WHERE id = %s", ["13", _rows()[2].pk])


# --- the results -----------------------------------------------------------------------------

def edit_votes() -> None:
    version = _result(BATCHED).current
    assert version is not None
    _sql("UPDATE results_resultversion SET votes = %s WHERE id = %s",
         [json.dumps({**version.votes, "2": version.votes["2"] + 100}), version.pk])


def edit_figure() -> None:
    version = _result(VERIFIED).current
    assert version is not None
    _sql("UPDATE results_resultversion SET suara_tidak_sah = %s WHERE id = %s", [0, version.pk])


def edit_status() -> None:
    _sql("UPDATE results_result SET status = %s WHERE id = %s", ["error", _result(VERIFIED).pk])


def edit_running_total() -> None:
    row = KecamatanTotal.objects.get(kec_code="12.76.01")
    _sql("UPDATE results_kecamatantotal SET totals = %s WHERE id = %s",
         [json.dumps({**row.totals, "2": row.totals["2"] + 1000}), row.pk])


def delete_version() -> None:
    _sql("DELETE FROM results_resultversion WHERE result_id = %s AND number = 1", [_result(CORRECTED).pk])


def repoint_current() -> None:
    result = _result(CORRECTED)
    first = ResultVersion.objects.get(result=result, number=1)
    _sql("UPDATE results_result SET current_id = %s WHERE id = %s", [first.pk, result.pk])


def delete_result() -> None:
    result = _result(BATCHED)
    _sql("UPDATE results_result SET current_id = NULL WHERE id = %s", [result.pk])
    _sql("DELETE FROM results_resultversion WHERE result_id = %s", [result.pk])
    _sql("DELETE FROM results_result WHERE id = %s", [result.pk])


# (edit, needs the checkpoint, the problem verify must name)
EDITS: dict[str, tuple[Callable[[], None], bool, str]] = {
    # the eleven edits of the audit table named in issue 17, and two more of the same kind
    "audit: a row edited": (edit_row, False, "rantai '12.76' urutan 2 (id {a2}): isi baris telah diubah"),
    "audit: a row deleted": (delete_row, False, "rantai '12.76' urutan 2: baris hilang"),
    "audit: the last row deleted": (delete_last_row, False, "kepala rantai menunjuk urutan"),
    "audit: two rows swapped": (swap_rows, False, "rantai '12.76' urutan 2 (id {a3}): isi baris telah diubah"),
    "audit: a link re-pointed": (relink_row, False, "rantai '12.76' urutan 3 (id {a3}): tautan ke baris sebelumnya"),
    "audit: the head edited": (edit_head, False, "kepala rantai tidak cocok dengan hash baris terakhir"),
    "audit: truncated by one row, head moved back": (
        truncate_and_move_head, True, "rantai lebih pendek dari checkpoint"),
    "audit: a row edited, every later hash recomputed": (
        edit_and_rehash_chain, True, "hash baris berbeda dari checkpoint"),
    "audit: a whole kab/kota chain and its head dropped": (drop_chain, True, "rantai '12.06' urutan 1: rantai hilang"),
    "audit: kab_code edited": (edit_kab_code, False, "kolom kab_code = '12.06' tidak sesuai wilayah"),
    "audit: desa_code edited": (edit_desa_code, False, "kolom desa_code = '12.76.01.1007' tidak sesuai wilayah"),
    "audit: the old hash rule claimed": (downgrade_hash_rule, False, "aturan hash lama sesudah baris beraturan baru"),
    # the six edits of the results named in issue 17, and one more
    "results: a vote count in a version": (
        edit_votes, False, f"C.Hasil {BATCHED} ppwp (id {{r_batched}}): angka versi 1 tidak cocok dengan digest"),
    "results: a figure in a version": (
        edit_figure, False, f"C.Hasil {VERIFIED} ppwp (id {{r_verified}}): angka versi 1 tidak cocok dengan digest"),
    "results: a status": (edit_status, False, "status 'error', tetapi audit mencatat 'accepted'"),
    "results: a running total": (edit_running_total, False, "jumlah kecamatan 12.76.01 ppwp: 2 tersimpan"),
    "results: a version deleted": (delete_version, False, "versi 1 tercatat di audit tetapi tidak ada (dihapus)"),
    "results: current_id re-pointed": (
        repoint_current, False, "versi berlaku 1, tetapi audit mencatat versi 2 (current_id diubah)"),
    "results: a result deleted": (delete_result, False, "tetapi tidak ada lagi di basis data (dihapus)"),
}


def _texts(result: VerifyResult) -> list[str]:
    return [str(p) for p in result.problems]


@pytest.mark.parametrize("name", list(EDITS))
def test_verify_names_each_direct_edit(world: dict[str, Any], name: str) -> None:
    edit, needs_checkpoint, expected = EDITS[name]
    rows = _rows()
    ids = {"a2": rows[1].pk, "a3": rows[2].pk, "r_batched": _result(BATCHED).pk, "r_verified": _result(VERIFIED).pk}
    edit()
    pins = read_checkpoint(json.dumps(world["checkpoint"]))
    texts = _texts(verify_all(pins))
    assert any(expected.format(**ids) in t for t in texts), texts
    if needs_checkpoint:  # the chain alone cannot show it: that is what the checkpoint is for
        assert not any(expected.format(**ids) in t for t in _texts(verify_all()))


def test_the_running_totals_follow_a_status_edited_back_and_forth(world: dict[str, Any]) -> None:
    """Not a false alarm: an intact database verifies, and the totals are recomputed per key."""
    result = verify_all()
    assert result.ok and not result.notes
    edit_status()
    texts = _texts(verify_all())
    assert any("#accepted tersimpan 3, dihitung dari versi C.Hasil 2" in t for t in texts), texts


def test_a_result_checked_before_the_digest_is_reported_not_failed(world: dict[str, Any]) -> None:
    """Audit rows from before issue 17 carry no digest: the result is counted in a note."""
    contest = world["contest"]
    set_mode(contest, EntryMode.DIRECT)
    tps = Tps.objects.get(code="12.76.04.1002.901")
    with transaction.atomic():
        result = Result.objects.create(contest=contest, tps=tps, prov_code="12", kab_code="12.76",
                                       kec_code="12.76.04", desa_code="12.76.04.1002")
        version = ResultVersion.objects.create(result=result, number=1, kind="entry", entered_by=get_system_user(),
                                               **good_form())
        result.current, result.status = version, "accepted"
        result.save()
        rollup.bump(rollup.group(((contest.pk, "12.76.04", "12.76", "12"), k, v) for k, v in
                                 {**(rules.vote_totals(version.figures()) or {}), "#accepted": 1}.items()))
        record_event("results.entered", actor=get_system_user(), region_code=tps.code, target=result,
                     before={"status": "empty"}, after={"status": "accepted", "version": 1, "codes": []})
    outcome = verify_all()
    assert outcome.ok, _texts(outcome)
    assert outcome.notes and outcome.notes[0].startswith("1 C.Hasil hanya memiliki catatan audit lama")
