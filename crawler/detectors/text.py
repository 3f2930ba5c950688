# ruff: noqa: RUF001, RUF002  (curly quotes and dashes are what is being normalised)
"""Phrase matching that stays fast with hundreds of phrases in a dozen languages.

A regex alternation of hundreds of phrases costs about 80 ns per character of text in
CPython; looking words up in a dict keyed by each phrase's first word costs about that per
word. Phrases in Chinese, Japanese or Korean, whose words are not separated by spaces, are
found with ``str.find`` instead (a few dozen C-level scans).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

QUOTES = (("’", "'"), ("‘", "'"), ("´", "'"), ("`", "'"), ("“", '"'), ("”", '"'))
UNSPACED = re.compile("[\u2e80-\U0010ffff]")
HEADING_SEPARATORS = re.compile(r"\s[-–—|·•~»«:/]\s|[|–—·•»«/:()\[\]!?¡¿.,;…]+")
WORD = re.compile(r"\w+")
QUESTION = re.compile("[?\uff1f\u00bf\u061f]")  # ?, full-width, inverted, Arabic
UNSPACED_SCRIPTS = "\u2e80"  # CJK radicals onwards: Chinese, Japanese, Korean
# a heading is read up to this many characters: no title or message is longer, and a main
# content of one long token ("a." a million times) read as a heading costs nothing more
HEADING_CHARS = 400


def normalise(text: str | None) -> str:
    """Lower case, plain quotes, single spaces, composed accents (NFC: a page typed with
    combining marks, "e" + U+0302 + U+0300, reads as "ề", as a browser shows it)."""
    if not text:
        return ""
    if not text.isascii():
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        for curly, plain in QUOTES:
            text = text.replace(curly, plain)
    return " ".join(text.lower().split())


def is_unspaced(character: str) -> bool:
    return character >= UNSPACED_SCRIPTS


def flatten(lists: Mapping[str, Iterable[str]] | Iterable[str]) -> list[str]:
    if isinstance(lists, Mapping):
        return [phrase for phrases in lists.values() for phrase in phrases]
    return list(lists)


@dataclass
class Text:
    """Normalised text and its words, computed once and searched with many phrase sets."""

    text: str
    words: list[str] = field(init=False)
    unspaced: bool = field(init=False)

    def __post_init__(self) -> None:
        self.words = WORD.findall(self.text)
        self.unspaced = not self.text.isascii() and UNSPACED.search(self.text) is not None

    @classmethod
    def of(cls, raw: str | None, limit: int | None = None) -> Text:
        text = normalise(raw)
        return cls(text[:limit] if limit else text)


class PhraseIndex:
    """Named phrase lists searched together: one pass over a text finds them all.

    `search(text)` returns {list name: first phrase found}; `search_all(text)` every
    (list name, phrase) found, longest phrase first at each position.
    """

    def __init__(self, lists: Mapping[str, Iterable[str]]) -> None:
        self.names = tuple(lists)
        self._by_first_word: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
        self._unspaced: list[tuple[str, str]] = []
        for name, phrases in lists.items():
            for phrase in sorted({normalise(p) for p in phrases if p.strip()}):
                if is_unspaced(phrase[0]):
                    self._unspaced.append((phrase, name))
                    continue
                words = tuple(WORD.findall(phrase))
                if words:
                    self._by_first_word.setdefault(words[0], []).append((words, phrase, name))
        for candidates in self._by_first_word.values():
            candidates.sort(key=lambda candidate: len(candidate[0]), reverse=True)

    def search_all(self, text: Text) -> list[tuple[str, str]]:
        found = []
        words = text.words
        index = self._by_first_word
        for position, word in enumerate(words):
            candidates = index.get(word)
            if not candidates:
                continue
            window = None
            for phrase_words, phrase, name in candidates:
                size = len(phrase_words)
                if size > 1:
                    if window is None or len(window) < size:
                        window = tuple(words[position : position + size])
                    if window[:size] != phrase_words:
                        continue
                found.append((name, phrase))
        if text.unspaced:
            found.extend((name, phrase) for phrase, name in self._unspaced if phrase in text.text)
        return found

    def search(self, text: Text) -> dict[str, str]:
        first: dict[str, str] = {}
        for name, phrase in self.search_all(text):
            first.setdefault(name, phrase)
        return first


class PhraseSet:
    """One phrase list; `search` returns the first phrase found in a Text, or None."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self._index = PhraseIndex({"": list(phrases)})

    def search(self, text: Text) -> str | None:
        return self._index.search(text).get("")

    def search_all(self, text: Text) -> list[str]:
        return [phrase for _, phrase in self._index.search_all(text)]


def segments(heading: str) -> list[str]:
    """The heading, then its parts between separators ("Page not found | Shop" -> both), of
    its first HEADING_CHARS characters."""
    return list(_segments(heading[: HEADING_CHARS * 8]))


@lru_cache(maxsize=512)
def _segments(heading: str) -> tuple[str, ...]:
    heading = normalise(heading)[:HEADING_CHARS]
    if not heading:
        return ()
    parts = [part.strip() for part in HEADING_SEPARATORS.split(heading)]
    return (heading, *[part for part in parts if part and part != heading])


def _leftover(segment: Text, phrase: str, filler: frozenset[str]) -> int:
    """How much of the segment is neither the phrase nor filler (words; CJK: 4 characters)."""
    rest = segment.text.replace(phrase, " ", 1)
    return counted_words([word for word in WORD.findall(rest) if word not in filler])


def counted_words(words: list[str]) -> int:
    """How many words, counting four characters of Chinese, Japanese or Korean as one."""
    spaced = unspaced = 0
    for word in words:
        if word[0] >= UNSPACED_SCRIPTS:  # (is_unspaced, inlined: called for every segment)
            unspaced += len(word)
        else:
            spaced += 1
    return spaced + (unspaced + 3) // 4


def heading_segments(heading: str | None) -> list[Text]:
    """A heading's segments, ready to be searched by `anchored` with many phrase sets. A
    segment that asks a question ("Password reset link expired?") states nothing: left out.
    (A page's title and h1 are read by several detectors: their segments are kept for the
    last pages' headings. The Text objects are shared: read them, never change them.)"""
    # (cut as `segments` cuts it, so that the cache never holds a hostile page's long title)
    return list(_heading_segments((heading or "")[: HEADING_CHARS * 8]))


@lru_cache(maxsize=512)
def _heading_segments(heading: str) -> tuple[Text, ...]:
    parts = segments(heading)
    if parts and QUESTION.search(parts[0]):
        asked = {piece.strip() for piece in QUESTION.split(parts[0])[:-1]}
        parts = [p for p in parts if not QUESTION.search(p) and not _asked(p, asked)]
    return tuple(Text(segment) for segment in parts)


def _asked(segment: str, asked: set[str]) -> bool:
    """The segment is (the end of) a piece of the heading that a question mark closes."""
    return any(piece.endswith(segment) for piece in asked)


def anchored_all(
    parts: list[Text],
    index: PhraseIndex,
    filler: frozenset[str],
    max_extra: int,
    exact: frozenset[str] = frozenset(),
) -> dict[str, str]:
    """For each list of the index, the phrase the heading consists of (see `anchored`).

    Lists named in `exact` allow no extra word at all.
    """
    found: dict[str, str] = {}
    for text in parts:
        for name, phrase in index.search_all(text):
            if name in found:
                continue
            size = max(1, len(WORD.findall(phrase))) if not is_unspaced(phrase[0]) else 2
            allowed = 0 if name in exact else min(max_extra, size)
            if _leftover(text, phrase, filler) <= allowed:
                found[name] = phrase
    return found


def anchored(
    heading: str | list[Text] | None, phrases: PhraseSet, filler: frozenset[str], max_extra: int
) -> str | None:
    """The phrase a heading consists of, give or take a few filler words, or None.

    "Page not found – Shop" and "Oops! This page can't be found" match; "How to fix 404 Not
    Found errors" does not: a heading that mentions the phrase is not the phrase. A phrase
    may carry at most `max_extra` other words, and no more words than it has itself.
    """
    if not heading:
        return None
    parts = heading_segments(heading) if isinstance(heading, str) else heading
    for text in parts:
        for found in phrases.search_all(text):
            size = max(1, len(WORD.findall(found))) if not is_unspaced(found[0]) else 2
            if _leftover(text, found, filler) <= min(max_extra, size):
                return found
    return None


def word_starts(words: Iterable[str], unspaced: Iterable[str] = ()) -> re.Pattern:
    """A pattern for any of the words at the start of a word, or any of `unspaced` anywhere
    (scripts written without spaces). One lookbehind before the alternation: a lookbehind
    in each branch makes the regex engine try every branch at every position (100 times
    slower on a heading)."""
    spaced = "|".join(map(re.escape, sorted(set(words), key=len, reverse=True)))
    rest = "|".join(map(re.escape, unspaced))
    return re.compile(rf"(?<!\w)(?:{spaced})" + (f"|{rest}" if rest else ""))
