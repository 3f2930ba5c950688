# ruff: noqa: RUF001  (words in their own scripts)
"""The core words of "not found" / "does not exist" in each language, counted in translation
catalogs rather than chosen (bench/phrase_catalogs.py writes them as NOT_FOUND_WORDS)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bench.catalog_files import catalog_paths, entries, language_of

# -- the core words of "not found" in each language, found by counting rather than chosen
CORE_PACKAGES = (
    "misago",
    "wordpress",
    "postorius",
    "Kallithea",
    "weblate",
    "pretix",
    "wagtail",
    "ckan",
    "redmine",
)
# Counted again with these too (their English msgids say what is not there), and the word
# groups of both counts kept: more software dilutes a language's shares, and a group that is
# core over the first set stays a sign of "not found" ("eksisterer ikke" beside "finnes ikke").
MORE_CORE_PACKAGES = (
    "Trac",
    "roundup",
    "flask_appbuilder",
    "plone_app_locales",
    "docusaurus",
    "pretalx",
    "indico",
)
# English messages that say something is not there ("Requested thread does not exist.")
NOT_THERE = re.compile(
    r"\b(not found|could not be found|can't be found|cannot be found|does not exist"
    r"|doesn't exist|do not exist|no longer exists)\b",
    re.IGNORECASE,
)
# ... and messages that say something is there ("%d results found", "already exists"): a
# word of these is the verb, not its negation, and is not kept
THERE = re.compile(r"\b(found|exists?|available)\b", re.IGNORECASE)
NEGATION = re.compile(r"\b(no|not|never|cannot|nothing|none|without)\b|n't", re.IGNORECASE)
CORE_MAX_THERE = 0.02  # a core word group is in at most this share of those
CORE_MIN_SHARE = 0.15  # in at least this share of a language's not-there messages
CORE_MIN_RATIO = 15  # ... and this many times more often than in its other messages
CORE_MIN_PACKAGES = 2  # ... of at least two pieces of software
CORE_MIN_MESSAGES = 8  # languages with fewer not-there messages are left out


def _grams(text: str) -> set[str]:
    """Word 1-3-grams; in Chinese, Japanese and Korean, character 2-4-grams too."""
    words = re.findall(r"\w+", text)
    found = {" ".join(words[i : i + n]) for n in (1, 2, 3) for i in range(len(words) - n + 1)}
    if any(character >= "\u2e80" for character in text):
        joined = re.sub(r"\W", "", text)
        found |= {joined[i : i + n] for n in (2, 3, 4) for i in range(len(joined) - n + 1)}
    return found


def _keeps(gram: str) -> bool:
    if gram[0] >= "\u2e80":
        return len(gram) >= 3
    return " " in gram or len(gram) >= 6


# Groups the counting keeps that say no "not found" by themselves ("is not", "there is no",
# "was not", "does not", "found", "find"): a thin Bulgarian page titled "this is not all" is no
# error page. Left out by hand after reading the list: each needs only a thin page beside it.
TOO_GENERIC = {
    "ar": {"يتم العثور على"},
    "bg": {"не е"},
    "cy": {"ganfod", "nid yw r"},
    "eu": {"ez da"},
    "id": {"tidak ada"},
    "ja": {"しません"},
    "ko": {"하지않습", "을수없음", "찾을 수"},
    "lv": {"atrasts"},
    "ro": {"nu a fost"},
    "ru": {"s не"},  # ("%s не найден" less its placeholder)
    "sq": {"u gjet"},
}


def all_core_words(root: Path) -> dict[str, list[str]]:
    """The word groups of `core_words` over CORE_PACKAGES, and over MORE_CORE_PACKAGES too."""
    found: dict[str, set[str]] = defaultdict(set)
    for packages in (CORE_PACKAGES, CORE_PACKAGES + MORE_CORE_PACKAGES):
        for language, words in core_words(root, packages).items():
            found[language].update(words)
    return {language: sorted(words) for language, words in sorted(found.items())}


def core_words(root: Path, packages: tuple[str, ...] = CORE_PACKAGES) -> dict[str, list[str]]:
    """language -> the few words most "not found" / "does not exist" messages share there.

    Counted over every translated message of CORE_PACKAGES: a word group is core when it is
    in many of a language's not-there messages, seldom in its others, in two packages or
    more, and hardly ever in messages that say something is there (so "gevonden", found, is
    left out where "%d results found" has it). Of a group and a longer one holding it about
    as often, the longer is kept ("nicht gefunden" rather than "gefunden")."""
    counts: dict[str, _WordCounts] = defaultdict(_WordCounts)
    for package in packages:
        for path in catalog_paths(root, package):
            language = re.split(r"[_@-]", language_of(path))[0].lower()
            for msgid, text in entries(path).items():
                if text and len(text) <= 200 and msgid != text:
                    counts[language].add(package, msgid, text)
    result = {}
    for language, counted in sorted(counts.items()):
        kept = counted.core_groups(TOO_GENERIC.get(language, set()))
        if kept:
            result[language] = kept
    return result


@dataclass
class _WordCounts:
    """The word groups of one language's translated messages, counted for `core_words`."""

    # word group -> "package:msgid" of each not-there message holding it
    hits: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    background: defaultdict[str, int] = field(default_factory=lambda: defaultdict(int))
    others: int = 0  # messages that do not say something is not there
    total: int = 0  # messages that do
    # word group -> messages that say something is there, and how many those are
    present: defaultdict[str, int] = field(default_factory=lambda: defaultdict(int))
    present_messages: int = 0

    def add(self, package: str, msgid: str, text: str) -> None:
        grams = _grams(" ".join(text.lower().replace("\u2019", "'").split()))
        elsewhere = NOT_THERE.search(msgid) is None
        if elsewhere:
            self.others += 1
        else:
            self.total += 1
        if THERE.search(msgid) and not NEGATION.search(msgid):
            self.present_messages += 1
            for gram in grams:
                self.present[gram] += 1
        for gram in grams:
            if elsewhere:
                self.background[gram] += 1
            else:
                self.hits[gram].add(f"{package}:{msgid}")

    def core_groups(self, too_generic: set[str]) -> list[str]:
        """The core word groups, sorted: none when there are too few not-there messages."""
        if self.total < CORE_MIN_MESSAGES:
            return []
        share = {
            gram: len(messages) / self.total
            for gram, messages in self.hits.items()
            if self._is_core(gram, messages)
        }
        kept = [
            gram
            for gram in share
            if not any(
                gram != longer and gram in longer and share[longer] >= 0.8 * share[gram]
                for longer in share
            )
        ]
        return sorted(gram for gram in kept if gram not in too_generic)

    def _is_core(self, gram: str, messages: set[str]) -> bool:
        packages = {message.split(":", 1)[0] for message in messages}
        rate = (self.background.get(gram, 0) + 1) / (self.others + 1)
        fraction = len(messages) / self.total
        return (
            fraction >= CORE_MIN_SHARE
            and fraction / rate >= CORE_MIN_RATIO
            and len(packages) >= CORE_MIN_PACKAGES
            and _keeps(gram)
            and self.present.get(gram, 0) <= CORE_MAX_THERE * self.present_messages
        )
