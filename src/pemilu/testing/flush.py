"""Empty the PostgreSQL test database between transactional tests with DELETE, not TRUNCATE.

A transactional test (``transaction=True``, ``transactional_db``, ``live_server``) ends with
Django's ``flush``, which on PostgreSQL is one ``TRUNCATE`` of every table (~100). TRUNCATE gives
each table and index a new file and PostgreSQL fsyncs every rebuilt index file before it commits
(wait event DataFileImmediateSync): 0.4 s per test on a quiet disk here, seconds while other work
writes to the disk. The tables of a test are small, so ``DELETE FROM`` each of them leaves the same
empty tables in a few milliseconds. Foreign keys are DEFERRABLE (Django creates them so), so the
DELETEs run in any order inside the flush's one transaction and the keys are checked at its commit.

Only the flush without ``reset_sequences`` and ``allow_cascade`` (the one pytest-django's fixtures use)
changes: sequences are not reset by it either way. Any other flush keeps Django's own TRUNCATE.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest


def _delete_flush(original: Callable[..., list[str]]) -> Callable[..., list[str]]:
    def sql_flush(self: Any, style: Any, tables: list[str], *, reset_sequences: bool = False,
                  allow_cascade: bool = False) -> list[str]:
        if reset_sequences or allow_cascade or not tables:
            return original(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        quote = self.quote_name
        return ["SET CONSTRAINTS ALL DEFERRED",
                *(f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(quote(table))}" for table in tables)]

    return sql_flush


@contextmanager
def delete_instead_of_truncate() -> Iterator[None]:
    from django.db.backends.postgresql.operations import DatabaseOperations

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(DatabaseOperations, "sql_flush", _delete_flush(DatabaseOperations.sql_flush))
        yield
