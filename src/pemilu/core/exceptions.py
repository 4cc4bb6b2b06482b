"""Typed domain errors. Views, the API and the CLI map them to 400/403/404/409 and exit codes."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _


class DomainError(Exception):
    """A rule was broken; the message is user-facing and already translated."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFoundError(DomainError):
    """Missing, or outside the actor's region scope: both answer the same (404)."""

    status = 404


class PermissionDeniedError(DomainError):
    """Inside the actor's scope, but the actor's role may not do this (403)."""

    status = 403


def message_for_page(exc: DomainError) -> str:
    """What a page shows when its action refuses: the message of the broken rule. Out of scope (404) and
    without the role (403) are not shown on the page: they are raised again, to answer as such."""
    if isinstance(exc, (NotFoundError, PermissionDeniedError)):
        raise exc
    return exc.message


class ConflictError(DomainError):
    status = 409


class StageClosedError(DomainError):
    """The schedule stage that guards this action is not open."""

    status = 409


@dataclass(frozen=True)
class Blocker:
    code: str
    message: str


class TransitionBlocked(DomainError):
    status = 409

    def __init__(self, blockers: list[Blocker]) -> None:
        super().__init__("; ".join(b.message for b in blockers))
        self.blockers = blockers


@dataclass(frozen=True)
class RowError:
    """One problem in one row of an imported file (row = line number as the user sees it)."""

    row: int
    message: str
    column: str = ""

    def __str__(self) -> str:
        # Translated when shown, in the language of the request or command that shows it.
        if self.column:
            where = _("baris {row}, kolom {column}").format(row=self.row, column=self.column)
        else:
            where = _("baris {row}").format(row=self.row)
        return f"{where}: {self.message}"


class ImportFailed(DomainError):
    """The file was rejected whole; nothing was written."""

    def __init__(self, errors: list[RowError], summary: str = "") -> None:
        self.errors = errors
        head = summary or _("{n} kesalahan; tidak ada data yang disimpan").format(n=len(errors))
        lines = [str(e) for e in errors[:50]]
        if len(errors) > 50:
            lines.append(_("… dan {n} kesalahan lain").format(n=len(errors) - 50))
        super().__init__(head + "\n" + "\n".join(lines))
