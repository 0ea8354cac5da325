"""A hazard's fingerprint recognises it in a later ledger: full-width or half-width, spaces and
punctuation do not matter; the fast key must equal the plain definition."""

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huikan.ledger.hazards import _key, fingerprint, fingerprints

# What ledgers hold: hanzi, ASCII, full-width forms, CJK punctuation, circled and bracketed
# numbers (①, ㈠), spaces of every width, and the odd combining mark pasted from elsewhere.
CHARS = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF),
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.characters(min_codepoint=0xFF01, max_codepoint=0xFF65),
    st.characters(min_codepoint=0x3000, max_codepoint=0x303F),
    st.characters(min_codepoint=0x2460, max_codepoint=0x24FF),
    st.characters(min_codepoint=0x3200, max_codepoint=0x325F),
    st.sampled_from(["\u0301", "\u0338", "\u00a0", "\u2002", "é", "Å"]),
)


def plain_key(s: str) -> str:
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", s)).lower()


@settings(max_examples=300)
@given(st.text(CHARS, max_size=40))
def test_fast_key_is_the_definition(s):
    assert _key(s) == plain_key(s)


@given(st.lists(st.tuples(st.text(CHARS, max_size=20), st.sampled_from(["郑州大剧院", "某ＫＴＶ", "", "场所 1"])), max_size=10))
def test_fingerprints_of_a_batch_are_each_rows(rows):
    descriptions, venues = [d for d, _ in rows], [v for _, v in rows]
    assert fingerprints(descriptions, venues) == [fingerprint(d, v) for d, v in rows]


def test_width_spaces_and_punctuation_do_not_matter():
    assert fingerprint("KTV 消防设施损坏。", "某ＫＴＶ") == fingerprint("ＫＴＶ消防设施损坏", "某KTV")
    assert fingerprint("灭火器过期", "图书馆") != fingerprint("灭火器缺失", "图书馆")


# Matching a row to a stored hazard by likeness: the same pairs as comparing every row with every
# stored hazard (what huikan did before the rapidfuzz prefilter), on texts that are often alike.
WORDS = ["消防", "通道", "堆放", "杂物", "灭火器", "过期", "疏散", "指示灯", "损坏", "线路", "老化", "配电室", "未", "已"]
DESCRIPTION = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map("".join)
VENUE = st.sampled_from(["", "剧院", "图书馆", "博物馆", "——"])  # (a venue of punctuation alone has an empty key)
ROW_NO = st.sampled_from(["", "1", "2"])  # the same 序号 adds to a pair's likeness


def brute_force(batch, prints, stored):
    """match_records as it was: every pair scored with difflib."""
    from huikan.ledger.hazards import _MATCH_THRESHOLD, _similarity

    matches, free = {}, {h.id: h for h in stored}
    for i, p in enumerate(prints):
        for h in sorted(stored, key=lambda h: h.id):
            if h.fingerprint == p and h.id in free:
                matches[i] = free.pop(h.id)
                break
    records = {i: batch.record(i) for i in range(len(batch)) if i not in matches}
    for score, i, hid in sorted(((_similarity(r, h), i, h.id) for i, r in records.items() for h in free.values()),
                                reverse=True):
        if score < _MATCH_THRESHOLD:
            break
        if i not in matches and hid in free:
            matches[i] = free.pop(hid)
    return matches


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(DESCRIPTION, VENUE, ROW_NO), min_size=1, max_size=12),
       st.lists(st.tuples(DESCRIPTION, VENUE, ROW_NO), min_size=1, max_size=30), st.sampled_from([1, 2, 8]))
def test_matching_finds_the_pairs_comparing_every_pair_finds(sent, kept, fetch):
    """Whatever how many candidates a row fetches at a time (1: every row fetches again and
    again as the others take its likeliest), and whatever venues and 序号 the rows and hazards
    have (a row looks among its venue's, none's and other venues' apart), the pairs are those
    of scoring every pair."""
    from types import SimpleNamespace

    import pytest

    from huikan.ledger import hazards
    from huikan.ledger.hazards import HazardBatch, match_records

    batch = HazardBatch({"row": list(range(len(sent))), "row_no": [n for _, _, n in sent],
                         "description": [d for d, _, _ in sent], "venue": [v for _, v, _ in sent],
                         **{f: [None] * len(sent) for f in ("venue_type", "item_number", "level", "major", "found_on",
                                                             "origin", "measures", "responsible", "funds",
                                                             "contingency", "deadline", "status", "done_on", "note")}})
    stored = [SimpleNamespace(id=k + 1, fingerprint=fingerprint(d, v), description=d, venue=v, row_no=n)
              for k, (d, v, n) in enumerate(kept)]
    prints = fingerprints([d for d, _, _ in sent], [v for _, v, _ in sent])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(hazards, "_FETCH", fetch)
        got = {i: h.id for i, h in match_records(batch, prints, stored).items()}
    assert got == {i: h.id for i, h in brute_force(batch, prints, stored).items()}


@pytest.mark.parametrize("row, hazard", [
    # Another venue (-0.2) with the same 序号 (+0.05): 0.889 - 0.15 = 0.739, a match.
    (("消防灭火器指示灯", "剧院", "3"), ("消防通道灭火器指示灯", "图书馆", "3")),
    # The same venue (+0.1) and 序号 (+0.05): 0.588 + 0.15 = 0.738, a match.
    (("消防通道灭火器", "剧院", "3"), ("消防堆放灭火器指示灯", "剧院", "3")),
    # No venue on the row: only the 序号 adds, 0.692 + 0.05 = 0.742.
    (("指示灯配电室灭火器杂物损坏", "", "3"), ("通道指示灯疏散配电室灭火器", "图书馆", "3")),
], ids=["other-venue", "same-venue", "row-without-venue"])
def test_a_pair_just_over_the_threshold_is_found_in_its_group(row, hazard):
    """The least ratio each group of a row's search needs is exactly what its venue and 序号 can add."""
    from types import SimpleNamespace

    from huikan.ledger.hazards import _MATCH_THRESHOLD, HazardBatch, _similarity, match_records

    batch = HazardBatch({"row": [0], "description": [row[0]], "venue": [row[1]], "row_no": [row[2]],
                         **{f: [None] for f in ("venue_type", "item_number", "level", "major", "found_on", "origin",
                                                "measures", "responsible", "funds", "contingency", "deadline",
                                                "status", "done_on", "note")}})
    stored = [SimpleNamespace(id=7, fingerprint="x", description=hazard[0], venue=hazard[1], row_no=hazard[2])]
    assert _MATCH_THRESHOLD <= _similarity(batch.record(0), stored[0]) < _MATCH_THRESHOLD + 0.03  # just over
    assert match_records(batch, ["y"], stored) == {0: stored[0]}
