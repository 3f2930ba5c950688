"""Language pickers: a row or list of links to the same page in other languages ("Afrikaans |
Català | Čeština | ..."), each link naming its language by a code in its URL (`?language=ca`,
`?lang=pt-br`, `/set-language/de`). They are the site's chrome, not the page's content: a
picker of forty languages would make a five-word error page look like an article.

A picker is told by its links, not by its markup or its words: at least MIN_LANGUAGES links
with one parent (a list item's list), each URL carrying a language code, the codes all
different.
"""

from __future__ import annotations

import re
from itertools import islice

import lxml.etree

# a language code as a URL gives it: "ca", "pt-br", "zh_Hant_TW", "nb-NO"
CODE = r"[a-z]{2,3}(?:[-_][a-z0-9]{2,4}){0,2}"
QUERY_CODE = re.compile(
    rf"[?&;](?:lang|language|locale|hl|lng|setlang|set_language|ui_locales|_locale)=({CODE})"
    r"(?:[&#;]|$)",
    re.IGNORECASE,
)
PATH_CODE = re.compile(
    rf"/(?:set[-_]?)?(?:lang|language|locale)s?/({CODE})/?(?:[?#]|$)", re.IGNORECASE
)
KEYS = ("lang", "locale", "hl=", "lng=")  # in every address the two patterns match
MIN_LANGUAGES = 5
MAX_LINKS = 3000  # links looked at (a hostile page holds more)
HREFS = lxml.etree.XPath("//a/@href", smart_strings=False)


def language_pickers(document) -> list:
    """The elements that hold a language picker's links."""
    if not _names_a_language(document):
        return []
    codes: dict = {}
    for link in islice(document.iter("a"), MAX_LINKS):
        href = link.get("href") or ""
        lowered = href.lower()
        if not any(key in lowered for key in KEYS):  # (most links: no regex run)
            continue
        found = QUERY_CODE.search(href) or PATH_CODE.search(href)
        if found is None:
            continue
        holder = link.getparent()
        if holder is not None and holder.tag == "li" and holder.getparent() is not None:
            holder = holder.getparent()
        if holder is not None:
            codes.setdefault(holder, set()).add(found.group(1).lower())
    return [holder for holder, found in codes.items() if len(found) >= MIN_LANGUAGES]


def _names_a_language(document) -> bool:
    """Some link's address holds one of KEYS: the links of a page without one (most pages)
    are not looked at one by one (all its addresses, read at once, cost a tenth of that)."""
    addresses = " ".join(HREFS(document)).lower()
    return any(key in addresses for key in KEYS)
