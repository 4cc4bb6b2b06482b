"""The types of who acts and what they act on (issue 18 item 9), for signatures that took ``Any``.

- ``Viewer``: whoever makes a request, as Django types ``request.user`` — a ``User`` or the
  ``AnonymousUser``. Reads and permission checks take it (an anonymous viewer sees nothing).
- ``User`` (``pemilu.accounts.models``): the actor of a ``do_*`` action — a signed-in person or a
  named system user (``system:cli``); never anonymous.
- ``AuthedRequest``: the request of a page behind ``login_required`` or an API operation behind
  the API's authentication, where ``request.user`` is a ``User``.
- ``Scoped``/``ScopeTarget``: what ``ensure_can`` checks a role against — a row with a
  ``scope_code`` (every scoped model), a region code, or nothing (national).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, TypeAlias

from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from pemilu.accounts.models import User


Viewer: TypeAlias = "User | AnonymousUser"


class AuthedRequest(HttpRequest):
    """An ``HttpRequest`` whose user signed in (the page's ``login_required``, the API's auth)."""

    user: User  # narrower than HttpRequest's User | AnonymousUser


class Scoped(Protocol):
    @property
    def scope_code(self) -> str: ...


ScopeTarget: TypeAlias = "Scoped | str | None"
