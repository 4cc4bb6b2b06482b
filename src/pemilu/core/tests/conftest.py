"""Fixtures shared by the core tests: the two kab/kota of the cross-region tests."""

from pemilu.core.tests.cross_region_world import world

__all__ = ["world"]
