"""Returns as other offices make them (tests/fixtures/returns, see its README.md): 42 files of every
kind in several layouts each, imported in order through the CLI; what the clerk then sees must be
what a careful clerk reads from them (expected.json)."""

from __future__ import annotations

from pathlib import Path

from .corpus import check

CORPUS = Path(__file__).parent / "fixtures" / "returns"


def test_returns_from_other_offices_read_as_a_careful_clerk_reads_them(run):
    problems, files = check(CORPUS, run)
    assert files >= 40
    assert problems == []
