"""huikan (回头看): track returns, deadlines and hazard rectification of a supervision campaign."""

__version__ = "0.1.0"
