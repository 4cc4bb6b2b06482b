"""The recap's per-process cache stays bounded whatever regions clients ask for."""

import pytest

from pemilu.results import localcache


def test_it_never_holds_more_than_max_entries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(localcache, "MAX_ENTRIES", 50)
    localcache.forget()
    for i in range(500):
        assert localcache.remember(("children", f"12.76.{i}"), lambda i=i: i) == i  # type: ignore[misc]
        assert len(localcache._store) <= 50
    assert localcache.remember(("children", "12.76.499"), lambda: -1) == 499  # still cached
    localcache.forget()
