"""How many words a page's main content holds, counted as words in every language: Vietnamese
writes a space between the syllables of a word, so its words counted by spaces are syllables
(what "thin" is measured by, detectors/signals.py)."""

from __future__ import annotations

from gatewatch.crawler.parse import ParsedPage

# Vietnamese writes a space between the syllables of a word: its words, counted by spaces,
# are syllables, about this many to a word of the same page in English (the median of 51
# pages of the corpus's tune side in both, their untranslated menus counted too: 1.27)
SYLLABLES_PER_WORD = 1.3
SYLLABLE_LANGUAGES = ("vi",)


def syllable_words(page: ParsedPage) -> int:
    """The main content's words, counted as words where a page's language spaces its
    syllables (Vietnamese: "Bạn không có đủ quyền" is five syllables, three words)."""
    language = (page.lang or "").lower().replace("_", "-").split("-")[0]
    if language in SYLLABLE_LANGUAGES:
        return round(page.main_word_count / SYLLABLES_PER_WORD)
    return page.main_word_count
