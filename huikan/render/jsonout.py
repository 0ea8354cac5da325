"""Reports as JSON: exactly the report's data, nothing else on stdout."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal


def _default(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def dumps(data) -> str:
    # Compact: with indent, json falls back to its pure-Python encoder (5x slower on big ledgers).
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=_default)
