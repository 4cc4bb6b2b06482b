"""Request id: every audit row written during a request carries the same id (NetBox style)."""

from __future__ import annotations

import contextvars
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

current_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "current_request_id", default=None
)


def new_request_id() -> str:
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rid = request.headers.get("X-Request-Id") or new_request_id()
        token = current_request_id.set(rid[:64])
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-Id"] = rid[:64]
        return response


class DomainErrorMiddleware:
    """Turn domain errors raised in HTML views into the right status pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.core.exceptions import PermissionDenied
        from django.http import Http404
        from django.shortcuts import render

        from pemilu.core.exceptions import DomainError, NotFoundError, PermissionDeniedError

        if isinstance(exception, NotFoundError):
            raise Http404(exception.message)
        if isinstance(exception, PermissionDeniedError):
            raise PermissionDenied(exception.message)
        if isinstance(exception, DomainError):
            return render(request, "error.html", {"message": exception.message}, status=exception.status)
        return None


class IndonesianFirstLocaleMiddleware:
    """Indonesian unless the user chose English with the language switch (the cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and most browsers in
    Indonesia's offices say English; the interface is Indonesian first, English by choice.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.utils import translation
        from django.utils.cache import patch_vary_headers

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            translation.activate(settings.LANGUAGE_CODE)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class NulInputMiddleware:
    """Refuse a NUL character anywhere in the path, the query, a form field or a JSON body with a
    400 naming the parameter: PostgreSQL text cannot hold NUL, so such a value reaching a query
    was a server error (found by schemathesis on PostgreSQL; issue 17 item 4)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        where = self._nul_in(request)
        if where is None:
            return self.get_response(request)

        from django.utils.translation import gettext as _

        message = _("{field}: karakter NUL tidak diizinkan").format(field=where)
        if request.path.startswith("/api/"):
            from pemilu.core.api import ErrorItem, error_response

            return error_response(message, "invalid", 400, [ErrorItem(field=where, message=message)])
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")

    @staticmethod
    def _nul_in(request: HttpRequest) -> str | None:
        if "\x00" in request.path:
            return "path"
        for key, value in request.GET.lists():
            if "\x00" in key or any("\x00" in v for v in value):
                return key.replace("\x00", "\\0")
        content_type = request.content_type or ""
        if content_type == "application/json":
            if b"\\u0000" in request.body or b"\x00" in request.body:
                return "body"
        elif request.method == "POST" and content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            for key, value in request.POST.lists():
                if "\x00" in key or any("\x00" in v for v in value):
                    return key.replace("\x00", "\\0")
        return None
