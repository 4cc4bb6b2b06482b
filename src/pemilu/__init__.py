"""pemilu: election administration for Indonesian election commissions."""

__version__ = "0.1.0"
