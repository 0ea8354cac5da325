"""A hazard's fingerprint recognises it in a later ledger: full-width or half-width, spaces and
punctuation do not matter; the fast key must equal the plain definition."""

import re
import unicodedata

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
