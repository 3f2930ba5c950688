"""What a page's shape and URL say of it: an empty main content (its heading aside), a
canonical link to the home page, a late page of a listing, a URL whose words the title and
h1 never mention (`empty_main`, `canonical_home`, `pagination`, `slug_mismatch`)."""

from __future__ import annotations

import unicodedata

from gatewatch.crawler.detectors import urls
from gatewatch.crawler.detectors.probe import HEX_ID
from gatewatch.crawler.detectors.reading import joined
from gatewatch.crawler.detectors.text import WORD, Text, counted_words, normalise, segments
from gatewatch.crawler.detectors.urls import urlsplit
from gatewatch.crawler.parse import ParsedPage

RESIDUAL_CHARS = 4000  # (see _residual_words)


def shape_observations(url, page, thin, near_thin, settings, found) -> None:
    """An empty main content, a canonical to the home page, a late page of a listing, a URL
    the page never names."""
    residual = _residual_words(page) if page.main_word_count <= 40 else page.main_word_count
    if (
        residual <= settings.empty_words
        and page.main_media == 0
        and not any(form.section == "main" and not form.search for form in page.forms)
        and not _search_page(url, page)
    ):
        found["empty_main"] = residual
    if page.canonical and urls.segments(url) and _points_home(url, page.canonical):
        found["canonical_home"] = page.canonical
    number = urls.page_number(url)
    if number and number > 1 and thin:
        found["pagination"] = number
    mismatch = _slug_mismatch(url, page) if near_thin else None
    if mismatch:
        found["slug_mismatch"] = mismatch


def _points_home(url: str, href: str) -> bool:
    """A link to the root of a site ("/", "https://shop.test/", "https://shop.test")."""
    if not href.startswith(("http://", "https://", "/")):
        href = joined(url, href)
    split = urlsplit(href)
    return split.path in ("", "/") and not split.query and (bool(split.netloc) or href == "/")


def _search_page(url: str, page: ParsedPage) -> bool:
    """The main content is a search form that searches from this very page (action "" or
    the page's own path): a search page whose results a script fills in is not empty."""
    own = urlsplit(url).path
    return any(
        form.section == "main"
        and form.search
        and (not form.action or urlsplit(joined(url, form.action)).path == own)
        for form in page.forms
    )


def _residual_words(page: ParsedPage) -> int:
    """Main content words that are not its heading (the title or the h1 repeated), counting
    four characters of Chinese, Japanese or Korean as one word: a sentence of them has no
    spaces, and is more than one word (a search page's "please enable JavaScript"). Read up to
    RESIDUAL_CHARS characters: it is compared with a few words (a main content of one token
    without spaces, "a." a million times, is long whatever its end)."""
    text = f" {normalise(page.main_text[: RESIDUAL_CHARS * 4])[:RESIDUAL_CHARS]} "
    for heading in (page.h1, page.title):
        for part in segments(heading or ""):
            if len(part) > 2 and f" {part} " in text:
                text = text.replace(f" {part} ", " ", 1)
                break
    return counted_words(Text(text).words)


def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))[
        :4
    ]


def _slug_mismatch(url: str, page: ParsedPage) -> str | None:
    """The URL's last segment names something the title and h1 never mention."""
    last = (urls.segments(url) or [""])[-1].rsplit(".", 1)[0]
    if HEX_ID.match(last.lower()) or urls.is_script(urls.urlsplit(url).path):
        return None  # an id ("d966edb9ade2"), whose letters are no words; a program's name
    slug = {word for word in urls.slug_words(url) if not word.isdigit()}
    if len(slug) < 2 or not slug.isdisjoint({"page", "index"}):
        return None
    heading = normalise(f"{page.title or ''} {page.h1 or ''}")
    if not heading or (not heading.isascii() and max(heading) >= "\u2e80"):
        return None
    said = {_fold(word) for word in WORD.findall(heading)}
    if said.isdisjoint({_fold(word) for word in slug}):
        return urls.segments(url)[-1][:80]
    return None
