"""How much text each field of the ledger keeps: the one table of limits for every way text
comes in (a file's cells, the command line). A file's longer text is kept in 备注 or its row
skipped with a note (the importers); a longer option is refused naming it (the command line)."""

from __future__ import annotations

TEXT_LIMIT = 32_767  # characters: Excel's own limit for a cell, so every text can be exported whole
# Fields the ledger keeps in bounded columns (their lengths in tables.py); the rest are texts.
LIMITS = {
    "unit": 100, "category": 50, "row_no": 20, "venue": 200, "venue_type": 100, "level": 50, "origin": 20,
    "responsible": 100, "lead_name": 50, "liaison_name": 50, "person_name": 50, "lead_title": 100,
    "liaison_title": 100, "person_title": 100, "lead_phone": 50, "liaison_phone": 50, "person_phone": 50,
    "lead_mobile": 50, "liaison_mobile": 50, "person_mobile": 50, "role": 50, "aliases": 500, "verified_by": 50,
}


def limit_of(name: str) -> int:
    return LIMITS.get(name, TEXT_LIMIT)
