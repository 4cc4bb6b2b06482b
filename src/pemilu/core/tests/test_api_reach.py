"""Every ``do_*`` action a user can take on a page has an API operation (issue 18 item 7).

Found by introspection, not by a list: the page views are walked from the URL resolver and the
operations from the ninja API; for each view or operation function the ``do_*`` functions it
references are collected from its code (its body, its lambdas and nested functions, following one
level of helper functions of the ``pemilu`` package), resolved to the function objects (so two
apps' ``do_upload_document`` stay two actions). The API's set must cover the pages' set.
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Callable, Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from pemilu.api import api

# Page actions that make no sense over the API, each with its reason. Keep it tiny.
EXCLUDED: dict[str, str] = {}

# Page actions whose operations helper `apimore` is adding (issue 18 item 7); only shrinks.
PENDING: set[str] = set()


def _codes(code: types.CodeType) -> Iterator[types.CodeType]:
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _codes(const)


def _candidates(name: str, namespace: dict[str, Any]) -> Iterator[Any]:
    """What ``name`` may be in a function of that module: a global, or an attribute of a module
    the module imported (``actions.do_x``)."""
    if name in namespace:
        yield namespace[name]
    for value in list(namespace.values()):
        if isinstance(value, types.ModuleType) and value.__name__.startswith("pemilu."):
            found = getattr(value, name, None)
            if found is not None:
                yield found


def _key(func: Callable[..., Any]) -> str:
    return f"{func.__module__}.{func.__qualname__}"


def actions_of(func: Any, depth: int = 1, seen: set[Any] | None = None) -> set[str]:
    """The ``do_*`` functions ``func`` references, following ``depth`` levels of helpers."""
    seen = set() if seen is None else seen
    func = inspect.unwrap(func)
    if func in seen or not isinstance(func, types.FunctionType):
        return set()
    seen.add(func)
    found: set[str] = set()
    namespace = func.__globals__
    for code in _codes(func.__code__):
        for name in code.co_names:
            for target in _candidates(name, namespace):
                if not isinstance(target, types.FunctionType) or not target.__module__.startswith("pemilu."):
                    continue
                if name.startswith("do_"):
                    found.add(_key(target))
                elif depth > 0:
                    found |= actions_of(target, depth - 1, seen)
    return found


def _view_functions(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, Any]]:
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            if p.app_name == "admin" or p.namespace == "api":
                continue
            yield from _view_functions(p, f"{prefix}{p.namespace}:" if p.namespace else prefix)
        elif isinstance(p, URLPattern):
            callback = p.callback
            view_class = getattr(callback, "view_class", None)
            if view_class is not None:
                for method in ("get", "post", "put", "patch", "delete", "form_valid"):
                    if hasattr(view_class, method):
                        yield f"{prefix}{p.name}", getattr(view_class, method)
            else:
                yield f"{prefix}{p.name}", callback


def page_actions() -> dict[str, set[str]]:
    """``do_*`` → the URL names of the pages that reach it."""
    reached: dict[str, set[str]] = {}
    for name, view in _view_functions(get_resolver()):
        for action in actions_of(view):
            reached.setdefault(action, set()).add(name)
    return reached


def api_actions() -> set[str]:
    found: set[str] = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                found |= actions_of(operation.view_func)
    return found


def _short(key: str) -> str:
    return key.removeprefix("pemilu.")


def test_the_introspection_sees_the_actions() -> None:
    """The walk itself: known page actions are found through lambdas, helpers and modules."""
    pages = {_short(k) for k in page_actions()}
    assert {"adhoc.actions.selection.do_verify", "schedule.actions.do_update_stage",
            "accounts.actions.do_grant_role", "results.actions.do_submit_result"} <= pages, sorted(pages)
    assert len(pages) >= 50
    assert "adhoc.actions.appointment.do_inaugurate" in {_short(k) for k in api_actions()}


def test_every_page_action_is_reachable_from_the_api() -> None:
    pages = page_actions()
    reachable = api_actions()
    missing = {_short(k): sorted(v) for k, v in pages.items()
               if k not in reachable and _short(k) not in EXCLUDED and _short(k) not in PENDING}
    assert not missing, f"page actions without an API operation: {missing}"
    stale = {k for k in PENDING if f"pemilu.{k}" in reachable or f"pemilu.{k}" not in pages}
    assert not stale, f"in the API now (or gone from the pages): drop from PENDING: {sorted(stale)}"
