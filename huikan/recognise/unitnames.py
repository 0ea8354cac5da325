"""The one unit-matching function: exact name, alias, then normalised forms.

People write 郑州市文广新局, 郑州市文化广电新闻出版局, 郑州文广新局 and
河南省文物局 / 省文物局 for the same units. Normalisation folds those spellings;
it never guesses between two units: an unknown or ambiguous name is an error that
lists the closest known units.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from huikan.errors import UnknownUnitError
from huikan.recognise.labels import labelled_values
from huikan.recognise.vocabulary import SEAL_MARK

# Long official forms folded to the short forms people write (order matters: longest first).
_FOLDS = (
    ("文化广电新闻出版旅游局", "文广新旅局"),
    ("文化广电和旅游局", "文广旅局"),
    ("文化广电旅游局", "文广旅局"),
    ("文化广电新闻出版局", "文广新局"),
    ("文化广播电视新闻出版局", "文广新局"),
    ("旅游发展委员会", "旅游委"),
    ("旅游委员会", "旅游委"),
    ("文化市场综合执法支队", "文化执法支队"),
    ("文化市场综合执法大队", "文化执法大队"),
    ("文化市场执法支队", "文化执法支队"),
    ("文化市场执法大队", "文化执法大队"),
)
_PROVINCE = re.compile(r"^(河南省|河南|省)")
# A prefecture-level city name written with or without 市: 郑州市文广新局 = 郑州文广新局.
_CITY_SUFFIX = re.compile(r"^(\w{2,3}?)市(?!场)")
_SEAL = re.compile(SEAL_MARK)  # 开封市文广新局（盖章）
_DROP = re.compile(r"[\s　·•\-_—()（）\[\]【】「」“”\"'、，,。.]")


# The place a unit's name starts with, read from its comparison key (where a city's 市 is
# dropped): everything before the first word of an office's kind (文…, 旅…, 执法…, 博物…).
_PLACE_KEY = re.compile(r"^([\u4e00-\u9fff]{1,6}?)(?=文|旅|执|博|图|美|艺|群|剧|非|广|体|新闻|教|公|财|卫|宣)")


# A place as a name starts with it: 滑县, 兰考县, 郑州(市) — the city's 市 is dropped as keys drop it.
_WRITTEN_PLACE = re.compile(r"^(?:河南省)?(?:([\u4e00-\u9fff]{1,4}?[县区])|([\u4e00-\u9fff]{2,4}?)市(?!场))")


def place_of(name: str) -> str:
    """郑州 for 郑州市文广新局, 郑州二七区 for 郑州市二七区文化局, "" for a provincial unit (河南博物院)."""
    return _place_of_key(normalise_unit_name(name))


def _place_of_key(key: str) -> str:
    m = _PLACE_KEY.match(key)
    return m[1] if m else ""


def normalise_unit_name(name: str) -> str:
    """A comparison key: the same for every way people write one unit's name."""
    key = unicodedata.normalize("NFKC", str(name))
    key = _SEAL.sub("", key)
    key = _DROP.sub("", key)
    for long, short in _FOLDS:
        key = key.replace(long, short)
    key = _PROVINCE.sub("", key)
    key = _CITY_SUFFIX.sub(r"\1", key)
    return key


TITLE_LINES = 3  # a document's title: its first non-blank lines


def document_lines(text: str) -> list[str]:
    """A document's non-blank lines, stripped; its title is the first TITLE_LINES."""
    return [line.strip() for line in text.splitlines() if line.strip()]


@dataclass(frozen=True)
class KnownUnit:
    id: int
    name: str
    aliases: tuple[str, ...] = ()


class UnitMatcher:
    """Resolves names to units; built once per command from the unit list."""

    def __init__(self, units: list[KnownUnit]):
        self.units = {u.id: u for u in units}
        self._exact: dict[str, int] = {}
        self._keys: dict[str, set[int]] = {}
        for u in units:
            for spelling in (u.name, *u.aliases):
                self._exact.setdefault(spelling.strip(), u.id)
                self._keys.setdefault(normalise_unit_name(spelling), set()).add(u.id)
        # The places the list's units belong to (郑州, 滑县…): a provincial unit's name after one of them
        # (洛阳市文物局) is that place's office, not the province's.
        self._places = {m[1] or m[2] for u in units for spelling in (u.name, *u.aliases)
                        if (m := _WRITTEN_PLACE.match(unicodedata.normalize("NFKC", spelling)))}

    def __len__(self) -> int:
        return len(self.units)

    def match(self, name: str) -> KnownUnit:
        """The unit a name means; UnknownUnitError (with suggestions) otherwise."""
        raw = str(name).strip()
        if raw in self._exact:
            return self.units[self._exact[raw]]
        key = normalise_unit_name(raw)
        ids = self._keys.get(key, set())
        if len(ids) == 1:
            return self.units[next(iter(ids))]
        if len(ids) > 1:
            raise UnknownUnitError(raw, sorted(self.units[i].name for i in ids), ambiguous=True)
        raise UnknownUnitError(raw, self.suggest(raw))



    def resolve(self, typed: str) -> KnownUnit:
        """The unit a clerk means by what they type after --unit: a name or alias as match() reads
        it, a text holding one unit's name (as file names are read), or a part of names that only
        one unit has (周口 when the list has one unit of 周口). Several: an error listing them all."""
        try:
            return self.match(typed)
        except UnknownUnitError as unknown:
            within = self.search_text(typed)
            if within is not None:
                return within
            key = normalise_unit_name(typed)
            ids = {i for spelling, found in self._keys.items() if key and key in spelling for i in found}
            if len(ids) == 1:
                return self.units[ids.pop()]
            if ids:
                names = sorted((self.units[i].name for i in ids), key=lambda n: (len(n), n))
                raise UnknownUnitError(str(typed).strip(), names, ambiguous=True) from None
            raise unknown from None

    def find(self, name: str) -> KnownUnit | None:
        try:
            return self.match(name)
        except UnknownUnitError:
            return None

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        """The closest known unit names of the same place, best first: 周口市… never suggests 郑州市…,
        and a district or county that is not on the list suggests nothing of its city."""
        key = normalise_unit_name(name)
        if not key:
            return []
        place = place_of(name)
        scores: dict[int, float] = {}
        for spelling_key, ids in self._keys.items():
            if _place_of_key(spelling_key) != place:
                continue
            ratio = difflib.SequenceMatcher(None, key, spelling_key).ratio()
            if key in spelling_key or spelling_key in key:
                ratio = max(ratio, 0.6)
            for i in ids:
                scores[i] = max(scores.get(i, 0.0), ratio)
        best = sorted((s, self.units[i].name) for i, s in scores.items() if s >= 0.45)
        best.sort(key=lambda pair: -pair[0])
        return [name for _, name in best[:limit]]

    def _after_a_place(self, key: str, folded: str) -> bool:
        """Whether a place-less key (文物局 of 河南省文物局) stands right after a place in the text at
        every place it appears: 洛阳市文物局 is not the province's 文物局."""
        if _place_of_key(key):
            return False
        start = folded.find(key)
        while start >= 0:
            before = folded[:start]
            if not any(before.endswith(place) or before[:-1].endswith(place) and before[-1:] in "市县区"
                       for place in self._places):
                return False
            start = folded.find(key, start + 1)
        return True

    def search_document(self, text: str) -> KnownUnit | None:
        """The unit a document's own text says sent it: its 填报单位 line, else its title (the first
        lines), else its signature (the last lines). A unit merely mentioned in the body is not
        the sender, so the body is not searched."""
        lines = document_lines(text)
        labelled = [unit for line in lines[:40] if (unit := labelled_values(line).get("unit"))]
        for line in (*labelled, *lines[:TITLE_LINES], *reversed(lines[-4:])):
            if found := self.search_text(line):
                return found
        return None

    def search_text(self, text: str) -> KnownUnit | None:
        """The one unit whose name or alias appears in a text (a file name); None if none or several."""
        folded = normalise_unit_name(text)
        hits = [k for k in self._keys if len(k) >= 2 and k in folded and not self._after_a_place(k, folded)]
        # Only the longest spellings count: 滑县文化执法大队 hides 滑县 inside it.
        maximal = [k for k in hits if not any(k != other and k in other for other in hits)]
        ids = set().union(*(self._keys[k] for k in maximal))
        return self.units[ids.pop()] if len(ids) == 1 else None
