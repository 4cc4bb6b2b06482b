"""Signed checkpoints (issue 17): ``pemilu audit checkpoint`` prints the chain heads signed with
a key from the environment; ``pemilu audit verify --checkpoint FILE`` proves nothing before it
changed or vanished, and refuses a checkpoint not signed with that key. The key never reaches
the database."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from pemilu.accounts.actions import get_system_user
from pemilu.audit.checkpoint import CheckpointError, make_checkpoint, read_checkpoint
from pemilu.audit.events import record_event
from pemilu.audit.models import AuditChain, AuditEvent
from pemilu.audit.verify import verify_chains

pytestmark = pytest.mark.django_db
KEY = "rahasia-" + "k" * 40


def _write(n: int, region: str) -> None:
    for i in range(n):
        with transaction.atomic():
            record_event("test.event", actor=get_system_user(), region_code=region, after={"i": i})


@pytest.fixture
def chains(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PEMILU_AUDIT_KEY", KEY)
    _write(4, "12.76.01")
    _write(2, "12.06.01")


def _checkpoint(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    call_command("audit", "checkpoint")
    path = tmp_path / "checkpoint.json"
    path.write_text(capsys.readouterr().out)
    return path


def test_the_checkpoint_names_every_chain_head_and_is_signed(chains: None, tmp_path: Path, capsys) -> None:
    data = json.loads(_checkpoint(tmp_path, capsys).read_text())
    heads = {c.key: (c.last_seq, c.last_hash) for c in AuditChain.objects.all()}
    assert {c["key"]: (c["last_seq"], c["last_hash"]) for c in data["chains"]} == heads
    assert data["time"] and data["algorithm"] == "HMAC-SHA256" and len(data["signature"]) == 64


def test_verify_with_the_checkpoint_passes_and_then_catches_truncation(chains: None, tmp_path: Path, capsys) -> None:
    path = _checkpoint(tmp_path, capsys)
    _write(1, "12.76.02")  # rows after the checkpoint are fine
    call_command("audit", "verify", "--checkpoint", str(path))
    assert "cocok dengan checkpoint" in capsys.readouterr().out
    rows = list(AuditEvent.objects.filter(chain_key="12.76").order_by("seq"))
    last, before = rows[-1], rows[-3]  # cut two rows, one of them before the checkpoint
    AuditEvent.objects.filter(pk__in=[r.pk for r in rows[-2:]]).delete()
    AuditChain.objects.filter(key="12.76").update(last_seq=before.seq, last_hash=before.hash)
    assert verify_chains().ok and last.seq == 5  # the chain alone looks whole
    with pytest.raises(SystemExit) as exc:
        call_command("audit", "verify", "--checkpoint", str(path))
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert "rantai '12.76' urutan 4: rantai lebih pendek dari checkpoint" in err
    assert "berakhir di urutan 3, checkpoint mencatat urutan 4" in err


@pytest.mark.parametrize("forgery", ["edited", "other key", "no signature"])
def test_a_checkpoint_not_signed_with_the_key_is_refused(chains: None, tmp_path: Path, capsys,
                                                         monkeypatch: pytest.MonkeyPatch, forgery: str) -> None:
    path = _checkpoint(tmp_path, capsys)
    data = json.loads(path.read_text())
    if forgery == "edited":  # an intruder moves the checkpoint back to fit a truncated chain
        data["chains"][0]["last_seq"] -= 1
    elif forgery == "other key":
        monkeypatch.setenv("PEMILU_AUDIT_KEY", "x" * 48)
        data = make_checkpoint()
        monkeypatch.setenv("PEMILU_AUDIT_KEY", KEY)
    else:
        del data["signature"]
    path.write_text(json.dumps(data))
    with pytest.raises(CommandError, match="checkpoint"):
        call_command("audit", "verify", "--checkpoint", str(path))


def test_without_a_key_nothing_is_signed_or_checked(chains: None, tmp_path: Path, capsys,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path = _checkpoint(tmp_path, capsys)
    monkeypatch.delenv("PEMILU_AUDIT_KEY")
    with pytest.raises(CommandError, match="PEMILU_AUDIT_KEY"):
        call_command("audit", "checkpoint")
    with pytest.raises(CommandError, match="PEMILU_AUDIT_KEY"):
        call_command("audit", "verify", "--checkpoint", str(path))
    monkeypatch.setenv("PEMILU_AUDIT_KEY", "pendek")
    with pytest.raises(CheckpointError, match="terlalu pendek"):
        make_checkpoint()


def test_the_key_can_come_from_a_file(chains: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PEMILU_AUDIT_KEY")
    (tmp_path / "key").write_text(KEY + "\n")
    monkeypatch.setenv("PEMILU_AUDIT_KEY_FILE", str(tmp_path / "key"))
    signed = make_checkpoint()
    monkeypatch.delenv("PEMILU_AUDIT_KEY_FILE")
    monkeypatch.setenv("PEMILU_AUDIT_KEY", KEY)
    assert set(read_checkpoint(json.dumps(signed))) == {"12.76", "12.06", ""} & set(
        AuditChain.objects.values_list("key", flat=True))


def test_a_broken_chain_is_not_signed(chains: None) -> None:
    row = AuditEvent.objects.filter(chain_key="12.76").order_by("seq")[1]
    AuditEvent.objects.filter(pk=row.pk).update(reason="diubah")
    with pytest.raises(CheckpointError, match="tidak utuh"):
        make_checkpoint()


def test_the_key_never_touches_the_database(chains: None, tmp_path: Path, capsys) -> None:
    """Neither a statement nor a parameter sent while signing and checking carries the key, nor
    anything derived from it but the published signature; and no stored row holds it."""
    with CaptureQueriesContext(connection) as queries:
        path = _checkpoint(tmp_path, capsys)
        call_command("audit", "verify", "--checkpoint", str(path))
    signature = json.loads(path.read_text())["signature"]
    sent = "\n".join(q["sql"] for q in queries.captured_queries)
    assert queries.captured_queries and KEY not in sent and signature not in sent
    for model in apps.get_models():
        for row in model._default_manager.values():
            assert KEY not in str(row), model


def test_a_checkpoint_since_the_last_one_walks_only_the_new_rows(chains: None, tmp_path: Path, capsys) -> None:
    first = _checkpoint(tmp_path, capsys)
    _write(3, "12.76.03")
    with CaptureQueriesContext(connection) as queries:
        call_command("audit", "checkpoint", "--since", str(first))
    second = json.loads(capsys.readouterr().out)
    assert {c["key"]: c["last_seq"] for c in second["chains"]}["12.76"] == 7
    # The walk of 12.76 starts after its checkpointed row 4, never from the chain's start.
    walked = [int(m) for q in queries.captured_queries if "'12.76'" in q["sql"]
              for m in re.findall(r'"seq" > (\d+)', q["sql"])]
    assert walked and min(walked) >= 4, walked
    (tmp_path / "second.json").write_text(json.dumps(second))
    call_command("audit", "verify", "--checkpoint", str(tmp_path / "second.json"))


@pytest.mark.parametrize("damage", ["a new row edited", "cut below the last checkpoint", "a chain dropped"])
def test_a_checkpoint_since_the_last_one_refuses_damage(chains: None, tmp_path: Path, capsys, damage: str) -> None:
    first = _checkpoint(tmp_path, capsys)
    _write(2, "12.76.03")
    rows = list(AuditEvent.objects.filter(chain_key="12.76").order_by("seq"))
    if damage == "a new row edited":
        AuditEvent.objects.filter(pk=rows[4].pk).update(reason="diubah")
        expected = "urutan 5"
    elif damage == "cut below the last checkpoint":
        AuditEvent.objects.filter(pk__in=[r.pk for r in rows[3:]]).delete()
        AuditChain.objects.filter(key="12.76").update(last_seq=3, last_hash=rows[2].hash)
        expected = "rantai lebih pendek dari checkpoint"
    else:
        AuditEvent.objects.filter(chain_key="12.06").delete()
        AuditChain.objects.filter(key="12.06").delete()
        expected = "rantai '12.06'"
    with pytest.raises(CommandError, match=expected):
        call_command("audit", "checkpoint", "--since", str(first))
