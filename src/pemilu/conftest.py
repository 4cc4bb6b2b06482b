from __future__ import annotations

import pytest

from pemilu.testing.factories import Cast, make_cast


@pytest.fixture(autouse=True)
def _fast_hasher(settings: pytest.FixtureRequest) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _forget_process_caches() -> None:
    """Per-worker caches (tokens, election-night reference data) must not outlive a test's data."""
    from pemilu.core.auth import forget_tokens
    from pemilu.results.ingest import forget_reference

    forget_tokens()
    forget_reference()


@pytest.fixture(autouse=True)
def _indonesian_by_default() -> None:
    """A test that switches to English must not leave the next test in English."""
    from django.utils import translation

    translation.activate("id")


@pytest.fixture
def cast(db: None) -> Cast:
    return make_cast()
