"""What a header names, and how sure we are: the synonym list first, then the header's meaning.

A header in the list (after ``normalise_header``) names its fields for certain. Any other
header is read as the concepts its words carry (本周主要工作 = this week + work; 发现隐患数量 =
find + problem + count) and compared with the concepts of every field's synonyms: a weighted
overlap, where a discriminating concept on one side only (累计, 日期, 时限, 电话…) nearly rules
the field out. The locator then weighs these scores with the cells below the header.
"""

from __future__ import annotations

from functools import lru_cache

from huikan.recognise.vocabulary import (
    CONCEPT_WEIGHTS,
    CONCEPTS,
    DISCRIMINATING,
    SYNONYMS,
    UNKNOWN_WEIGHT,
    WEAK_SYNONYMS,
    fields_named,
    normalise_header,
)

CERTAIN = 1.0
THRESHOLD = 0.6  # below this a header names nothing
WEAK = 0.5  # a weak synonym: named only when the cells agree
_MISMATCH = 0.25  # a discriminating concept on one side only

_WORDS = {word: concept for concept, words in CONCEPTS.items() for word in words}
_LONGEST = max(map(len, _WORDS))


def concepts(header: str) -> dict[str, float]:
    """The concepts a normalised header is made of, each with its weight; characters no concept
    knows count one by one."""
    found: dict[str, float] = {}
    i, n = 0, len(header)
    while i < n:
        for size in range(min(_LONGEST, n - i), 0, -1):
            concept = _WORDS.get(header[i:i + size])
            if concept is not None:
                if concept == "FILLER":
                    found[f"~{header[i:i + size]}"] = CONCEPT_WEIGHTS["FILLER"]
                else:
                    found[concept] = CONCEPT_WEIGHTS.get(concept, 1.0)
                i += size
                break
        else:
            ch = header[i]
            if ch.isalnum():
                found[f"?{ch}"] = UNKNOWN_WEIGHT
            i += 1
    return found


def similarity(a: dict[str, float], b: dict[str, float]) -> float:
    """Weighted overlap of two concept sets, nearly nothing when they differ in a discriminating one."""
    if not a or not b:
        return 0.0
    common = sum(w for c, w in a.items() if c in b)
    union = sum(a.values()) + sum(w for c, w in b.items() if c not in a)
    score = common / union if union else 0.0
    if (a.keys() ^ b.keys()) & DISCRIMINATING:
        score *= _MISMATCH
    return score


FUZZY_LENGTH = 20  # a longer text is a sentence, not a header: only the list can name it


@lru_cache(maxsize=1)
def _prototypes() -> tuple[list[tuple[str, dict[str, float]]], dict[str, list[int]]]:
    """Every synonym's concepts, and by concept the synonyms that hold it (a header is compared only
    with synonyms that share a concept with it: a few dozen, not hundreds)."""
    protos = [(f, concepts(normalise_header(w))) for f, words in SYNONYMS.items() for w in words]
    index: dict[str, list[int]] = {}
    for i, (_, c) in enumerate(protos):
        for concept in c:
            if not concept.startswith(("~", "?")):
                index.setdefault(concept, []).append(i)
    return protos, index


@lru_cache(maxsize=65536)  # every importer asks about the same top rows of every file
def header_scores(header: str) -> tuple[tuple[str, float], ...]:
    """Every field a header may name with a score in (0, 1], best first. Exact synonyms score 1."""
    exact = fields_named(header)
    scored: dict[str, float] = {f: CERTAIN for f in exact}
    key = normalise_header(header)
    if not key or len(key) > FUZZY_LENGTH or "," in key or "。" in key or any(ch.isdigit() for ch in key):
        # a sentence or a value (场所12, 2处), not a header
        return tuple(scored.items())
    mine = concepts(key)
    content = [c for c in mine if not c.startswith(("~", "?"))]
    if not content:
        return tuple(scored.items())  # nothing but filler and unknown characters
    protos, index = _prototypes()
    best: dict[str, float] = {}
    for i in {i for c in content for i in index.get(c, ())}:
        field, prototype = protos[i]
        if field not in scored:
            best[field] = max(best.get(field, 0.0), similarity(mine, prototype))
    for field, score in best.items():
        if score >= THRESHOLD:
            scored[field] = round(min(score, 0.95), 3)
    for field, words in WEAK_SYNONYMS.items():
        if field not in scored and key in {normalise_header(w) for w in words}:
            scored[field] = WEAK
    return tuple(sorted(scored.items(), key=lambda fs: -fs[1]))


def best_field(header: str, fields: frozenset[str] | set[str], threshold: float = THRESHOLD) -> tuple[str, float] | None:
    """The field among ``fields`` a header names best, when it names one well enough."""
    for field, score in header_scores(header):
        if field in fields and score >= threshold:
            return field, score
    return None
