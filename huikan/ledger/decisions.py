"""The clerk's decisions on a hazard, remembered so that a unit's re-sent ledger respects them.

When the clerk changes a field by hand (a status, 延期, 复查销号, the responsible person),
the hazard remembers what the unit's files said for that field before: that value is the
base of a three-way merge with the clerk's value (stored) and the next file's value. Stored
as a small JSON object in ``hazard.decisions``; NULL for the many hazards the clerk never
touched (the bulk insert writes nothing for them).
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

DECIDABLE = ("status", "done_on", "deadline", "responsible")
_DATES = ("done_on", "deadline")


def decode(raw: str | None) -> dict:
    """field -> the unit's last value, as Python values."""
    if not raw:
        return {}
    found = json.loads(raw)
    return {k: (date.fromisoformat(v) if k in _DATES and v else v) for k, v in found.items()}


def encode(decided: dict) -> str | None:
    if not decided:
        return None
    return json.dumps({k: (v.isoformat() if isinstance(v, date) else v) for k, v in sorted(decided.items())},
                      ensure_ascii=False)


def same(name: str, a, b) -> bool:
    if name == "funds" and a is not None and b is not None:
        return Decimal(a) == Decimal(b)
    return a == b


def remember(raw: str | None, name: str, unit_value) -> str | None:
    """The decisions after the clerk decides ``name``: the unit's value is kept as the base, once."""
    decided = decode(raw)
    if name not in decided:
        decided[name] = unit_value
    return encode(decided)
