"""Every audit event type the code can record is asserted by some test (issue 18 item 8).

The event types are read from the source, not from a hand-kept list: the first argument of every
``record_event`` call (and of the wrappers that pass it on: ``_audit`` in results, ``_transition``'s
``event=`` in neutrality), and the ``"event_type"`` of the rows given to ``record_events``. A type
built at run time (an f-string) is expanded in ``BUILT_AT_RUN_TIME``; a call site whose type the
scan cannot read fails the test until it is listed there. A type counts as asserted when a test
module (this one aside) names it as a string. Every type has a label in ``audit/labels.py``
(issue 20 item 8), translated into English.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pemilu

SRC = Path(pemilu.__file__).parent

# Functions that take the event type as their first argument (or as ``event=``) and pass it on.
WRAPPERS = {"record_event", "_audit"}

# Call sites whose event type is built at run time: "app:function" → the types it can build.
BUILT_AT_RUN_TIME: dict[str, set[str]] = {
    "adhoc:do_extend": {"adhoc.registration_extended", "adhoc.registration_reopened"},
    "adhoc:do_set_score": {"adhoc.written_score_set", "adhoc.interview_score_set"},
    "adhoc:do_import_scores": {"adhoc.written_scores_imported", "adhoc.interview_scores_imported"},
}

# Where a variable is passed on to record_event (the literal is read at the wrapper's callers).
PASS_THROUGH = {"audit", "neutrality:_transition", "results:_audit"}


def _sources() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts)


def _literals(node: ast.expr) -> set[str] | None:
    """The strings an argument can be, or None when the scan cannot tell."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        a, b = _literals(node.body), _literals(node.orelse)
        return a | b if a is not None and b is not None else None
    return None


def _call_name(call: ast.Call) -> str:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def recorded_types() -> tuple[set[str], list[str]]:
    """(event types, call sites the scan could not read and no table explains)."""
    types: set[str] = set()
    unread: list[str] = []
    for path in _sources():
        rel = path.relative_to(SRC).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]:
            app = rel.split("/")[0]
            site = f"{app}:{func.name}"
            for node in ast.walk(func):
                found: list[ast.expr] = []
                if isinstance(node, ast.Call):
                    if _call_name(node) in WRAPPERS and node.args:
                        found.append(node.args[0])
                    if _call_name(node) == "_transition":
                        found += [k.value for k in node.keywords if k.arg == "event"]
                if isinstance(node, ast.Dict):
                    found += [v for k, v in zip(node.keys, node.values, strict=True)
                              if isinstance(k, ast.Constant) and k.value == "event_type"]
                for arg in found:
                    values = _literals(arg)
                    if values is not None:
                        types |= values
                    elif site in BUILT_AT_RUN_TIME:
                        types |= BUILT_AT_RUN_TIME[site]
                    elif site not in PASS_THROUGH and app not in PASS_THROUGH:
                        unread.append(f"{rel}:{func.name} (line {arg.lineno}): {ast.unparse(arg)}")
    return types, unread


def asserted_strings() -> set[str]:
    """Every string constant in the test modules (this one aside)."""
    out: set[str] = set()
    for path in sorted(SRC.rglob("tests/**/*.py")):
        if path.name == Path(__file__).name:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                out.add(node.value)
    return out


def test_every_call_site_names_its_event_type() -> None:
    types, unread = recorded_types()
    assert not unread, "Event types the scan cannot read; list them in BUILT_AT_RUN_TIME:\n" + "\n".join(unread)
    assert len(types) > 60 and all(t.count(".") == 1 for t in types), sorted(types)


def test_every_event_type_is_asserted_by_a_test() -> None:
    types, _unread = recorded_types()
    missing = sorted(types - asserted_strings())
    assert not missing, f"Audit event types no test asserts ({len(missing)} of {len(types)}): {missing}"


def test_every_event_type_has_a_label_and_every_label_an_event_type() -> None:
    """The audit trail shows labels, not ``results.entered`` (issue 20 item 8): one registry,
    audit/labels.py, names every event type the code records, in Indonesian and English."""
    from django.utils import translation

    from pemilu.audit.labels import EVENT_LABELS

    types, _unread = recorded_types()
    unlabelled, stale = sorted(types - set(EVENT_LABELS)), sorted(set(EVENT_LABELS) - types)
    assert not unlabelled, f"Event types without a label in audit/labels.py: {unlabelled}"
    assert not stale, f"Labels of event types nothing records: {stale}"
    labels_id = {t: str(label) for t, label in EVENT_LABELS.items()}
    with translation.override("en"):
        labels_en = {t: str(label) for t, label in EVENT_LABELS.items()}
    untranslated = sorted(t for t in EVENT_LABELS if labels_en[t] == labels_id[t])
    assert not untranslated, f"Labels without an English translation: {untranslated}"
    assert len(set(labels_id.values())) == len(labels_id), "two event types share a label"
