"""A wiki's page that does not exist yet, in any language: on a page that asks not to be
indexed, the main content offers to create or edit this very page (`create_offer`)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote

from gatewatch.crawler.detectors.reading import joined
from gatewatch.crawler.detectors.text import WORD, normalise
from gatewatch.crawler.detectors.urls import is_script, urlsplit
from gatewatch.crawler.parse import ParsedPage

# A wiki's link or button to edit a page: the action (do=edit, action=edit), the page's name
# (id=, title=), and what makes it an edit of something else: one section, a red link to
# another page, an old revision
ACTION_PARAMETERS = ("do", "action")
EDIT_ACTIONS = frozenset({"edit", "create"})
NAME_PARAMETERS = ("id", "title", "page", "pagename")
OTHER_PAGE_PARAMETERS = ("section", "range", "redlink")  # (a red link: another page)
REVISION_PARAMETERS = ("rev", "oldid")


def create_offer(url: str, page: ParsedPage) -> str | None:
    """The main content offers to edit this very page, as a whole (not one of its sections):
    a link or a button to "?do=edit&id=<this page>", "?title=<this page>&action=edit". On a
    page that asks not to be indexed, that is a wiki's page that does not exist yet, in any
    language. The page is named by its title, an h1, or its own URL."""
    targets = [(link.href, link.section) for link in page.links if link.section == "main"]
    for target, section in [*targets, *page.form_targets]:
        lowered = target.lower()
        if section != "main" or ("edit" not in lowered and "create" not in lowered):
            continue  # (no edit action in it: urljoin and parse_qsl cost)
        split = urlsplit(joined(url, target))
        parameters = {key.lower(): value for key, value in parse_qsl(split.query)}
        if not any(parameters.get(key, "").lower() in EDIT_ACTIONS for key in ACTION_PARAMETERS):
            continue
        if any(key in parameters for key in OTHER_PAGE_PARAMETERS) or any(
            parameters.get(key, "0") not in ("", "0") for key in REVISION_PARAMETERS
        ):
            continue  # one section, another page, an old revision of a page that exists
        named = next((parameters[key] for key in NAME_PARAMETERS if parameters.get(key)), None)
        same_path = split.path.rstrip("/") == urlsplit(url).path.rstrip("/")
        # (host.php?action=edit on host.php: a new item, not this page)
        if named is None and same_path and not is_script(split.path):
            return target[:200]
        if named is not None and _names_this_page(named, url, page):
            return target[:200]
    return None


def _names_this_page(named: str, url: str, page: ParsedPage) -> bool:
    """The page name a link carries is this page's: its URL's last segment or name, or
    words of its title or an h1 ("wiki:new_page" in "wiki:new_page [Team Wiki]")."""
    names = _page_name(named)
    split = urlsplit(url)
    own = _page_name(unquote(split.path.rstrip("/").rsplit("/", 1)[-1]))
    for key, value in parse_qsl(split.query):
        if key.lower() in NAME_PARAMETERS:
            own |= _page_name(value)
    if names & own:
        return True
    for heading in (page.title, page.h1, *page.more_h1):
        words = f" {' '.join(WORD.findall(normalise(heading).replace('_', ' ')))} "
        if any(f" {name} " in words for name in names):
            return True
    return False


def _page_name(name: str) -> set[str]:
    """A wiki page's name as words, whole and without its namespace ("ns:my_page")."""
    whole = " ".join(WORD.findall(normalise(name).replace("_", " ")))
    last = " ".join(WORD.findall(normalise(re.split(r"[:/]", name)[-1]).replace("_", " ")))
    return {words for words in (whole, last) if words}
