"""Core words of "not found" in a short title, heading or content ("Die Seite existiert nicht",
"Страница не найдена", "不存在"), counted from translation catalogs (`Matchers.not_found_words`),
with one other word between them ("existiert noch nicht"), and not where they describe the
noun after them (Chinese 的: "不存在的情人", a song's name)."""

from __future__ import annotations

from gatewatch.crawler.detectors.settings import DetectorSettings, Matchers
from gatewatch.crawler.detectors.text import Text, counted_words, heading_segments

# what a site serves, named after 的 ("不存在的页面"): a missing page, not a name
SERVED_NOUNS = (
    "页", "頁", "网页", "網頁", "文件", "档案", "檔案", "链接", "鏈接", "連結", "内容", "內容",
    "资源", "資源", "帖子", "文章", "用户", "用戶", "地址", "网址", "網址", "商品", "产品",
    "產品", "对象", "對象", "路径", "路徑",
)  # fmt: skip


def not_found_words(texts, match: Matchers, settings: DetectorSettings) -> str | None:
    """ "where: words" when a short title, h1 or content holds core words of "not found"
    ("Die Seite existiert nicht", "Страница не найдена")."""
    for where, text in texts:
        for part in heading_segments(text) if text else ():
            if counted_words(part.words) > settings.not_found_words_max:
                continue
            words = match.not_found_words.search(part)
            if not words and part.unspaced:  # (Korean spaces its words, the counts did not)
                words = match.not_found_words.search(Text(part.text.replace(" ", "")))
            if not words:
                words = _with_a_word_between(part, match)
            if words and part.unspaced and _attributive(part.text, words):
                continue
            if words:
                return f"{where}: {words}"
    return None


def _attributive(text: str, words: str) -> bool:
    """Core words that describe the noun after them, by 的: "不存在的情人" ("the lover who does
    not exist", a song's name) names a thing and states nothing; not when that noun is a page
    or what a site serves ("不存在的页面", "a page that does not exist")."""
    at = text.find(words)
    rest = text[at + len(words) :] if at >= 0 else ""
    return rest.startswith("的") and len(rest) > 1 and not rest[1:].startswith(SERVED_NOUNS)


def _with_a_word_between(part: Text, match: Matchers) -> str | None:
    """Core words with one other word between them ("existiert noch nicht", "bestaat nog
    niet": "does not exist yet"), found by leaving out each word of the heading in turn."""
    if part.unspaced or not 3 <= len(part.words) <= 12:
        return None
    for index in range(1, len(part.words) - 1):
        shorter = Text(" ".join(part.words[:index] + part.words[index + 1 :]))
        words = match.not_found_words.search(shorter)
        if words:
            return f"{words} (+{part.words[index]})"
    return None
