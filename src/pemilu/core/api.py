"""The conventions every operation of the API follows (docs/architecture.md, "API conventions").

- **One error schema** (``ErrorOut``): ``{"detail": str, "code": str, "errors": [...]}`` for
  every 4xx the API answers — a broken rule (``DomainError``), a body or query ninja refuses
  (``ValidationError``, 422, one item per field), a missing or out-of-scope object (``Http404``),
  a refused role (``PermissionDenied``), no login (401). ``detail`` is always one translated
  sentence; ``errors`` names the fields (``field``) or an import's rows (``row``, ``column``).
- **One page schema** (``Page[T]``): every list answers ``{"count", "limit", "offset", "items"}``
  and takes ``limit`` (1…``MAX_LIMIT``, default ``DEFAULT_LIMIT``) and ``offset`` as query
  parameters (``PageParams``); ``paginate()`` builds it from a queryset or a list.
- Path parameters are named after the resource (``{applicant_id}``, ``{region_code}``);
  transitions are typed enums in the body, never free strings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Generic, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema, Status
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.openapi.schema import OpenAPISchema

from pemilu.core.bounds import SHORT_TEXT_MAX
from pemilu.core.exceptions import (
    ConflictError,
    DomainError,
    ImportFailed,
    NotFoundError,
    PermissionDeniedError,
    StageClosedError,
    TransitionBlocked,
)

T = TypeVar("T")
R = TypeVar("R")

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


# --- errors -----------------------------------------------------------------------------------

class ErrorItem(Schema):
    """One problem: a field of the request (``field``), or a row (and column) of an imported file."""

    message: str
    field: str | None = None
    row: int | None = None
    column: str | None = None
    code: str | None = None


class ErrorOut(Schema):
    detail: str = Field(..., description="one sentence, in the language of the request (Indonesian by default)")
    code: str = Field(..., description="stable machine-readable kind: invalid, not_found, forbidden, conflict, …")
    errors: list[ErrorItem] = Field(default_factory=list)


def error_body(detail: str, code: str, errors: Sequence[ErrorItem] = ()) -> dict[str, Any]:
    return {"detail": detail, "code": code, "errors": [e.model_dump(exclude_none=True) for e in errors]}


def throttled(detail: str) -> Status[object]:
    """The answer of a public form over its hourly limit (``core.ratelimit``): 429 with the form's
    own sentence (searches, reports, responses)."""
    return Status(429, error_body(detail, "throttled"))


def error_response(detail: str, code: str, status: int, errors: Sequence[ErrorItem] = ()) -> JsonResponse:
    """For middleware that answers an API request before ninja sees it (NUL bytes, upload size)."""
    return JsonResponse(error_body(detail, code, errors), status=status)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """``handler404``: a path under /api/ that matches no operation answers ``ErrorOut`` too."""
    if request.path.startswith("/api/"):
        return error_response(_("Tidak ditemukan."), "not_found", 404)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def _domain_code(exc: DomainError) -> str:
    if code := getattr(exc, "api_code", None):  # a subclass naming its own code
        return str(code)
    for cls, code in ((ImportFailed, "import_failed"), (TransitionBlocked, "transition_blocked"),
                      (StageClosedError, "stage_closed"), (NotFoundError, "not_found"),
                      (PermissionDeniedError, "forbidden"), (ConflictError, "conflict")):
        if isinstance(exc, cls):
            return code
    return "invalid"


def _domain_items(exc: DomainError) -> list[ErrorItem]:
    if isinstance(exc, ImportFailed):
        return [ErrorItem(row=e.row, column=e.column or None, message=e.message) for e in exc.errors]
    if isinstance(exc, TransitionBlocked):
        return [ErrorItem(code=b.code, message=b.message) for b in exc.blockers]
    return []


def _pydantic_message(err: dict[str, Any]) -> str:
    """An Indonesian (translatable) message for one of pydantic's error types."""
    kind = str(err.get("type", ""))
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return _("wajib diisi")
    if kind == "string_too_long":
        return _("paling banyak {n} karakter").format(n=ctx.get("max_length"))
    if kind == "string_too_short":
        return _("paling sedikit {n} karakter").format(n=ctx.get("min_length"))
    if kind in ("too_long", "too_short"):
        return _("jumlah isian di luar batas ({n})").format(n=ctx.get("max_length", ctx.get("min_length")))
    if kind == "greater_than_equal":
        return _("harus paling kecil {n}").format(n=ctx.get("ge"))
    if kind == "less_than_equal":
        return _("harus paling besar {n}").format(n=ctx.get("le"))
    if kind == "greater_than":
        return _("harus lebih dari {n}").format(n=ctx.get("gt"))
    if kind == "less_than":
        return _("harus kurang dari {n}").format(n=ctx.get("lt"))
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("harus bilangan bulat")
    if kind in ("float_parsing", "float_type", "decimal_parsing", "decimal_type", "finite_number",
                "decimal_max_digits", "decimal_max_places", "decimal_whole_digits"):
        return _("harus angka yang sah")
    if kind.startswith("date") and "time" not in kind:
        return _("harus tanggal (YYYY-MM-DD)")
    if kind.startswith("datetime") or kind.startswith("time"):
        return _("harus tanggal dan waktu (ISO 8601)")
    if kind in ("enum", "literal_error"):
        return _("harus salah satu dari: {values}").format(values=ctx.get("expected", ""))
    if kind in ("bool_parsing", "bool_type"):
        return _("harus true atau false")
    if kind in ("string_type", "string_unicode"):
        return _("harus teks")
    if kind == "string_pattern_mismatch":
        return _("formatnya tidak sesuai")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return _("harus objek JSON")
    if kind in ("list_type", "tuple_type", "set_type"):
        return _("harus daftar")
    if kind == "json_invalid":
        return _("bukan JSON yang sah")
    if kind == "extra_forbidden":
        return _("isian tidak dikenal")
    if kind == "value_error":  # our own validators: their message is already translated
        return str(ctx.get("error") or err.get("msg", "")).removeprefix("Value error, ")
    return _("nilai tidak sah")


def _field_name(loc: Sequence[Any]) -> str:
    """``("body", "payload", "dapils", 0, "seats")`` → ``dapils.0.seats``; ``("query", "limit")`` → ``limit``."""
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "form", "file"):
        parts = parts[2:] if len(parts) > 2 else parts[1:]
    elif parts and parts[0] in ("query", "path", "header", "cookie"):
        parts = parts[1:]
    return ".".join(parts) or "body"


def validation_items(errors: Sequence[dict[str, Any]]) -> list[ErrorItem]:
    return [ErrorItem(field=_field_name(e.get("loc", ())), message=_pydantic_message(e)) for e in errors]


def invalid_input(items: Sequence[ErrorItem], labels: Mapping[str, str] | None = None) -> str:
    """The one sentence of a refused input (the 422's ``detail``): its first five problems, each
    "field: message". A page passes its form's ``labels`` to name a field as the page shows it."""
    names = labels or {}
    head = "; ".join(f"{names.get(i.field or '', i.field)}: {i.message}" for i in items[:5])
    return _("Masukan tidak sah: {problems}").format(problems=head)


def install_error_handlers(api: NinjaAPI) -> None:
    """Every error the API answers has the ``ErrorOut`` shape."""

    def respond(request: HttpRequest, detail: str, code: str, status: int,
                errors: Sequence[ErrorItem] = ()) -> HttpResponse:
        return api.create_response(request, error_body(detail, code, errors), status=status)

    def on_domain(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return respond(request, exc.message, _domain_code(exc), exc.status, _domain_items(exc))

    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        items = validation_items(exc.errors)
        return respond(request, invalid_input(items), "invalid", 422, items)

    def on_404(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, _("Tidak ditemukan."), "not_found", 404)

    def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return respond(request, _("Peran Anda tidak mengizinkan tindakan ini di wilayah ini."), "forbidden", 403)

    def on_http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc, AuthenticationError):
            return respond(request, _("Perlu masuk: sesi atau token API (Authorization: Bearer)."),
                           "unauthenticated", exc.status_code)
        if isinstance(exc, Throttled):
            return respond(request, _("Terlalu banyak permintaan; coba lagi sebentar lagi."), "throttled", 429)
        if exc.status_code == 400:  # ninja: "Cannot parse request body"
            return respond(request, _("Isi permintaan tidak dapat dibaca (JSON tidak sah)."), "invalid", 400,
                           [ErrorItem(field="body", message=_("bukan JSON yang sah"))])
        if exc.status_code == 403:  # ninja's session auth: "CSRF check Failed"
            return respond(request, _("Token keamanan (CSRF) tidak cocok; muat ulang halaman lalu kirim lagi."),
                           "csrf", 403)
        return respond(request, exc.message, f"http_{exc.status_code}", exc.status_code)

    api.add_exception_handler(DomainError, on_domain)  # type: ignore[arg-type]
    api.add_exception_handler(ValidationError, on_validation)  # type: ignore[arg-type]
    api.add_exception_handler(Http404, on_404)  # type: ignore[arg-type]
    api.add_exception_handler(PermissionDenied, on_forbidden)  # type: ignore[arg-type]
    api.add_exception_handler(HttpError, on_http)  # type: ignore[arg-type]


class PemiluAPI(NinjaAPI):
    """``NinjaAPI`` with the error handlers installed and ``ErrorOut`` documented as the answer of
    every 4xx of every operation in the OpenAPI document (``"4XX"``), so clients see one schema."""

    def __init__(self, *, title: str, version: str, description: str, auth: Sequence[Callable[..., object]],
                 urls_namespace: str) -> None:
        super().__init__(title=title, version=version, description=description, auth=auth,
                         urls_namespace=urls_namespace)
        install_error_handlers(self)

    def get_openapi_schema(self, *, path_prefix: str | None = None,
                           path_params: dict[str, Any] | None = None) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        definition = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(definition.pop("$defs", {}))
        components["ErrorOut"] = definition
        ref = {"description": "Error (ErrorOut)",
               "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}}
        for operations in schema["paths"].values():
            for operation in operations.values():
                operation["responses"].setdefault("4XX", ref)
        return schema


# --- pages ------------------------------------------------------------------------------------

class PageParams(Schema):
    """``limit``/``offset`` of every list (``params: Query[PageParams]``, or a filter schema inheriting it)."""

    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"rows per page, at most {MAX_LIMIT}")
    offset: int = Field(0, ge=0, le=10_000_000)


class Page(Schema, Generic[T]):
    count: int = Field(..., description="rows in the whole list")
    limit: int
    offset: int
    items: list[T]


def paginate(rows: QuerySet[Any] | Sequence[R], params: PageParams,
             out: Callable[[R], Any] | None = None, *,
             out_page: Callable[[list[R]], Sequence[Any]] | None = None) -> dict[str, Any]:
    """One page of ``rows``: the count of the whole list and the slice ``[offset, offset + limit)``,
    each row passed through ``out`` when given — or the whole slice through ``out_page``, for what
    is read once per page rather than once per row (counts of related rows, settings per
    election). A queryset is counted and sliced in SQL."""
    count = rows.count() if isinstance(rows, QuerySet) else len(rows)
    chunk = list(rows[params.offset:params.offset + params.limit])
    if out_page is not None:
        items: Sequence[Any] = out_page(chunk)
    else:
        items = [out(r) for r in chunk] if out is not None else chunk
    return {"count": count, "limit": params.limit, "offset": params.offset, "items": items}


class StoredFileOut(Schema):
    """A stored upload as the API shows it (``core.files.StoredFile``): never its path."""

    id: int
    original_name: str
    content_type: str
    size: int
    sha256: str



class BlockerOut(Schema):
    """What stops a step today (candidacy's DCT, seats' decree): a rule's code and its message."""

    code: str
    message: str


class ReasonIn(Schema):
    """The one-line reason an audited step asks for (a role or token revoked, a staff candidate withdrawn)."""

    reason: str = Field(..., min_length=1, max_length=SHORT_TEXT_MAX)
