"""One parse of an HTML page: the links to follow and the few fields a crawl records.

Everything the crawl and the detectors need comes out of this single lxml parse, so a page
is never parsed twice on the hot path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import islice
from urllib.parse import urlencode

import lxml.etree
import lxml.html

from gatewatch.crawler.forms import Form, read_forms
from gatewatch.crawler.hidden_blocks import hidden_blocks
from gatewatch.crawler.html_document import read_document
from gatewatch.crawler.language_pickers import language_pickers
from gatewatch.crawler.lines import short_lines
from gatewatch.crawler.message_boxes import message_boxes, names_a_box
from gatewatch.crawler.placement import closed_error_dialog, section_of

NAVIGATION_TAGS = ("nav", "header", "footer", "aside")
NAVIGATION_ROLES = {
    "navigation": "nav",
    "banner": "header",
    "contentinfo": "footer",
    "complementary": "aside",
}
INVISIBLE_TAGS = ("script", "style", "noscript", "template", "svg")
MEDIA_TAGS = ("img", "video", "audio", "iframe", "canvas", "object", "embed")
MAX_ANCHOR_CHARS = 300
MAX_META_CHARS = 300
MAX_STRUCTURED_DATA = 4  # JSON-LD blocks kept
MAX_STRUCTURED_DATA_CHARS = 50_000
MAX_STATE_CHARS = 200_000
MAX_INLINE_SCRIPT_CHARS = 4_000
MAX_MARKERS = 40
MORE_H1 = 2  # h1 headings kept after the first

# Scripts that hold a JavaScript framework's server state (Next.js, Nuxt, Gatsby): an error
# page rendered with status 200 often says "404" only there.
STATE_SCRIPT_IDS = frozenset({"__NEXT_DATA__", "__NUXT_DATA__", "__NUXT__"})
STATE_SCRIPT_PREFIXES = ("window.__NUXT__", "window.pagePath", "window.__INITIAL_STATE__")
FREE_ACCESS = re.compile(r'"isAccessibleForFree"\s*:\s*"?(true|false)', re.IGNORECASE)
# class and id tokens that name an error, login or challenge template (error404, cms-no-route,
# page-not-found, login-form, cf-challenge...): recorded for the detectors, nothing else.
MARKUP_WORDS = (
    "404", "notfound", "not-found", "not_found", "noroute", "no-route", "error", "login",
    "log-in", "signin", "sign-in", "password", "paywall", "captcha", "challenge",
)  # fmt: skip
CLASS_AND_ID = lxml.etree.XPath("//@class|//@id", smart_strings=False)
WITH_ROLE = lxml.etree.XPath("//*[@role]")
# A header or navigation named by its id, the way pages before HTML5 mark them
# ("div#header", "div#rt-header-container", "div#main-navigation"): a part of the id,
# between hyphens or underscores, of an element of the layout's top four levels (a "nav" id
# deeper down is a part of the content: an article's table of contents). (Not a footer's
# or a sidebar's: a table layout's "td#sidebar" and "div#footer" stand beside an article
# whose length they change little.)
CHROME_IDS = {"header": "header", "nav": "nav", "navigation": "nav", "navbar": "nav"}
_CHROME_ID = "[@id[contains(., 'header') or contains(., 'nav')]]"
WITH_CHROME_ID = lxml.etree.XPath(
    "|".join(f"/html/body{'/*' * depth}{_CHROME_ID}" for depth in range(1, 5))
)
ID_PARTS = re.compile(r"[-_\s]+")
MAX_CHROME_IDS = 40  # elements with such an id read (a layout has a few; a hostile page more)
# navigation containers kept, by tag, and by tag, id and role together: a page has a dozen,
# a hostile page tens of thousands, each of them walked again for its text and its media
MAX_CONTAINERS = 400
# Sentinel words (see _text_and_main): DEL characters, which XML allows but no page shows, and
# ASCII, so that the page's text stays a compact one-byte-per-character string.
CONTENT_START, CONTENT_END = "\x7fgw-main\x7f", "\x7fgw-/main\x7f"
CHROME_START, CHROME_END = "\x7fgw-nav\x7f", "\x7fgw-/nav\x7f"
SENTINELS = (CONTENT_START, CONTENT_END, CHROME_START, CHROME_END)
CHROME_SPAN = re.compile(re.escape(CHROME_START) + ".*?" + re.escape(CHROME_END) + " ", re.DOTALL)
IN_CONTENT = ("main", 0)  # a link outside any navigation container: section, block
UNFOLLOWED_HREFS = ("#", "javascript:", "mailto:", "tel:", "data:")
SENTINEL_WORD = re.compile("\x7fgw-/?(?:main|nav)\x7f ")


@dataclass(slots=True)
class Link:
    href: str
    anchor: str
    nofollow: bool
    section: str  # main, nav, header, footer or aside
    block: int = 0  # which navigation, header, footer or aside element holds it (1, 2...)


@dataclass
class ParsedPage:
    """The fields a crawl records, and what the detectors read (crawler/detectors).

    `main_text` is the visible text outside navigation, header, footer and asides (an aside
    inside an article stays: it is part of it); pages without such markup are all main.
    """

    title: str | None = None
    h1: str | None = None
    # the next h1 headings, when a page has several: a wiki's header may hold the site name
    # in the first h1, and the page's own heading in the next
    more_h1: list[str] = field(default_factory=list)
    # an error dialog the server filled may stand on the page (placement.py): its message is
    # read whatever the page's length
    error_dialog: bool = False
    meta_robots: str | None = None
    canonical: str | None = None
    base_href: str | None = None
    links: list[Link] = field(default_factory=list)
    word_count: int = 0
    text: str = ""
    document: lxml.html.HtmlElement | None = field(default=None, repr=False)
    # what the detectors read: the content outside navigation, header, footer and asides
    main_text: str = ""
    main_word_count: int = 0
    main_media: int = 0
    lang: str | None = None
    body_class: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    resource_hints: list[str] = field(default_factory=list)
    app_state: str = field(default="", repr=False)
    inline_script: str = field(default="", repr=False)  # small inline scripts (alerts, redirects)
    accessible_for_free: bool | None = None
    # the page's JSON-LD blocks (schema.org data), the first few, bounded: what a page says
    # it is about (detectors/healthy_context.py)
    structured_data: list[str] = field(default_factory=list, repr=False)
    # forms and markup_tokens are computed from the document on first use: most pages of a
    # crawl never need them (see the properties below)
    _containers: dict = field(default_factory=dict, repr=False, compare=False)
    _content: object = field(default=None, repr=False, compare=False)
    _forms: list[Form] | None = field(default=None, repr=False, compare=False)
    _markup_tokens: list[str] | None = field(default=None, repr=False, compare=False)
    _names_a_box: bool | None = field(default=None, repr=False, compare=False)
    _message_boxes: list[tuple[str, str]] | None = field(default=None, repr=False, compare=False)
    _lines: list[str] | None = field(default=None, repr=False, compare=False)
    _sentence_lines: list[str] = field(default_factory=list, repr=False, compare=False)

    @property
    def forms(self) -> list[Form]:
        """Forms, and inputs outside any form, with their section and password fields."""
        if self._forms is None:
            self._forms = (
                read_forms(self.document, self._containers, self._content)
                if self.document is not None and self._content is not None
                else []
            )
        return self._forms

    @property
    def form_targets(self) -> list[tuple[str, str]]:
        """(URL, section) of each form with hidden fields: its action with those fields as
        the query ("/doku.php?do=edit&id=x", a wiki's "create this page" button)."""
        if self.document is None or self._content is None:
            return []
        targets = []
        for form in self.document.iter("form"):
            hidden = [
                (control.get("name"), control.get("value") or "")
                for control in form.iter("input")
                if (control.get("type") or "").strip().lower() == "hidden" and control.get("name")
            ]
            if hidden:
                query = urlencode(hidden)
                action = (form.get("action") or "").strip().split("#", 1)[0]
                joiner = "&" if "?" in action else "?"
                section = section_of(form, self._containers, self._content)
                targets.append((f"{action}{joiner}{query}", section))
        return targets

    @property
    def markup_tokens(self) -> list[str]:
        """Class and id tokens naming an error, login or challenge template (error404...)."""
        if self._markup_tokens is None:
            self._read_class_and_id()
        return self._markup_tokens

    def _read_class_and_id(self) -> None:
        """Every class and id value of the document, read once (joined by spaces, not kept):
        the markup tokens, and whether a value names a box, so that the search for message
        boxes is skipped on a page that names none."""
        document = self.document
        joined = " ".join(CLASS_AND_ID(document)) if document is not None else ""
        self._markup_tokens = _markup_tokens(joined)
        self._names_a_box = names_a_box(joined)

    @property
    def message_boxes(self) -> list[tuple[str, str]]:
        """(class or id token, text) of the visible message boxes of the main content that
        hold a short text: where an application says "Ticket 999 does not exist"."""
        if self._message_boxes is None:
            if self._names_a_box is None:
                self._read_class_and_id()
            self._message_boxes = (
                message_boxes(self.document, self._containers, self._content, self.error_dialog)
                if self.document is not None and self._content is not None and self._names_a_box
                else []
            )
        return self._message_boxes

    @property
    def short_lines(self) -> list[str]:
        """The short lines of text of the main content, in order: what a paragraph, a list
        item, a cell or a run of text between two <br> says ("unknown revision 'abc'"),
        when it says it in a few words. Preformatted blocks and form values are left out."""
        if self._lines is None:
            self._read_lines()
        return self._lines

    @property
    def sentence_lines(self) -> list[str]:
        """The lines of the main content of a few sentences at most, short ones among them,
        in order ("You are logged in as guest. You have no permissions to access this
        page."): read in the same walk as short_lines."""
        if self._lines is None:
            self._read_lines()
        return self._sentence_lines

    def _read_lines(self) -> None:
        if self.document is not None and self._content is not None:
            self._lines, self._sentence_lines = short_lines(self._content, self._containers)
        else:
            self._lines, self._sentence_lines = [], []


def _clean(text: str | None, limit: int = 1000) -> str | None:
    if text is None:
        return None
    return " ".join(text.split())[:limit]


def _navigation_containers(
    document: lxml.html.HtmlElement, roles: list
) -> dict[lxml.html.HtmlElement, str]:
    """Navigation, header, footer and aside containers, by element.

    A <header> or <footer> inside an <article> or <main> is part of the content. Ancestors
    are looked up with a tag filter, which lxml applies in C (see _chrome_inside).
    """
    containers = [
        (element, element.tag)
        for element in islice(document.iter(*NAVIGATION_TAGS), MAX_CONTAINERS)
    ]
    semantic = any(section in ("header", "nav") for _, section in containers) or any(
        NAVIGATION_ROLES.get(element.get("role", "").strip().lower()) for element in roles
    )
    # (a page that marks its header and navigation as such is read by that markup alone)
    for element in () if semantic else WITH_CHROME_ID(document)[:MAX_CHROME_IDS]:
        section = _chrome_id(element.get("id", ""))
        if section and element.tag not in ("body", "html", "main"):
            containers.append((element, section))
    for element in roles:
        section = NAVIGATION_ROLES.get(element.get("role", "").strip().lower())
        if section:
            containers.append((element, section))
        elif _closed_dialog(element):
            containers.append((element, "dialog"))
    # (a <dialog> without "open" is not drawn until a script opens it: a language picker, a
    # confirmation, whatever it says)
    for element in islice(document.iter("dialog"), MAX_CONTAINERS):
        if element.get("open") is None:
            containers.append((element, "dialog"))
    containers.extend((element, "nav") for element in language_pickers(document))
    containers.extend((element, "hidden") for element in hidden_blocks(document))
    found: dict[lxml.html.HtmlElement, str] = {}
    for container, section in containers[: 2 * MAX_CONTAINERS]:
        if section in ("header", "footer") and (
            next(container.iterancestors("article", "main"), None) is not None
        ):
            continue
        found.setdefault(container, section)
    return found


def _closed_dialog(element) -> bool:
    """A modal dialog a script opens ("div.modal[role=dialog]", not yet "show"n): no part of
    the page's content until then (an application's "Add package" form, a confirmation)."""
    if element.get("role", "").strip().lower() != "dialog":
        return False
    classes = (element.get("class") or "").lower().split()
    return "modal" in classes and "show" not in classes and "in" not in classes


def _chrome_id(identifier: str) -> str | None:
    for part in ID_PARTS.split(identifier.strip().lower()):
        section = CHROME_IDS.get(part)
        if section:
            return section
    return None


def _sections(
    containers: dict[lxml.html.HtmlElement, str],
) -> dict[lxml.html.HtmlElement, tuple[str, int]]:
    """Map each <a> inside navigation, header, footer or aside to its innermost section, and
    that container's number on the page."""
    placed: dict[lxml.html.HtmlElement, tuple[str, int]] = {}
    for block, (container, section) in enumerate(containers.items(), 1):
        for anchor in container.iter("a", "area"):
            placed[anchor] = (section, block)  # the innermost container wins
    return placed


def _content_element(document, body, roles: list):
    """The page's main element if it has exactly one, else its body."""
    mains = list(document.iter("main"))
    if len(mains) != 1:
        mains = [element for element in roles if element.get("role") == "main"]
    if len(mains) == 1:
        return mains[0]
    return body if body is not None else document


def _chrome_inside(content, containers: dict) -> list:
    """The outermost navigation containers inside the content element, less asides inside
    an article or main (a pull quote, a members-only box: part of the content).

    Ancestors are looked up with a tag filter, which lxml applies in C: walking all of them
    in Python builds an lxml.html proxy per element and costs more than the rest.
    """
    tags = {"nav", "header", "footer", "aside", *(element.tag for element in containers)}
    chrome = []
    for container, section in containers.items():
        if container is content or any(
            ancestor in containers for ancestor in container.iterancestors(*tags)
        ):
            continue
        if (
            section == "aside"
            and next(container.iterancestors("article", "main"), None) is not None
        ):
            continue
        if content.tag == "main" and content not in container.iterancestors("main"):
            continue
        chrome.append(container)
    return chrome


def _markup_tokens(joined: str) -> list[str]:
    """Class and id tokens that contain one of MARKUP_WORDS (str.find: far faster than re),
    of the document's class and id values joined by spaces."""
    lowered = joined.lower()
    found: dict[str, None] = {}
    for word in MARKUP_WORDS:
        position = lowered.find(word)
        seen = 0
        while position >= 0 and len(found) < MAX_MARKERS and seen < 3:
            seen += 1
            start = max(lowered.rfind(space, 0, position) for space in " \n\t") + 1
            end = position + len(word)
            while end < len(lowered) and not lowered[end].isspace():
                end += 1
            found[joined[start:end]] = None
            position = lowered.find(word, end)
    return list(found)


def _mark(element, start: str, end: str, undo: list) -> None:
    """Put sentinel words around an element's text, so one itertext() pass shows its span.

    lxml refuses control characters that a broken page may hold: the ValueError goes up
    and the caller falls back to plain text.
    """
    text = element.text
    element.text = f" {start} {text or ''}"
    undo.append((element, "text", text))
    if len(element):
        last = element[-1]
        tail = last.tail
        last.tail = f"{tail or ''} {end} "
        undo.append((last, "tail", tail))
    else:
        element.text = f"{element.text} {end} "


def _text_and_main(root, content, containers) -> tuple[str, int, str, int]:
    """All visible text and its word count, plus the main content's text and media count.

    The main content is the content element less its navigation containers. Sentinel words
    mark where those start and end, so a single itertext() pass gives both texts.
    """
    chrome = _chrome_inside(content, containers)
    undo: list = []
    try:
        _mark(content, CONTENT_START, CONTENT_END, undo)
        for container in chrome:
            _mark(container, CHROME_START, CHROME_END, undo)
    except ValueError:
        chrome = []
    finally:
        words = " ".join(root.itertext()).split()
        for element, attribute, value in reversed(undo):
            setattr(element, attribute, value)
    joined = " ".join(words) + " "  # every word, sentinels too, is followed by one space
    text, marks = SENTINEL_WORD.subn("", joined)
    begin = joined.find(CONTENT_START)
    finish = joined.find(CONTENT_END)
    if 0 <= begin < finish:
        main = CHROME_SPAN.sub("", joined[begin + len(CONTENT_START) + 1 : finish])
    else:
        main = SENTINEL_WORD.sub("", CHROME_SPAN.sub("", joined))
    media = sum(1 for _ in content.iter(*MEDIA_TAGS))
    media -= sum(1 for container in chrome for _ in container.iter(*MEDIA_TAGS))
    return text.rstrip(), len(words) - marks, main.strip(), max(media, 0)


def parse_html(body: bytes, encoding: str | None = None) -> ParsedPage:
    """Parse an HTML body; an empty or hopeless body gives an empty ParsedPage."""
    if not body.strip():
        return ParsedPage()
    try:
        document = read_document(body, encoding)
    except (lxml.etree.ParserError, ValueError):
        return ParsedPage()
    page = ParsedPage(document=document, lang=_clean(document.get("lang"), 20))
    _read_tags(page, document)
    roles = WITH_ROLE(document)
    containers = _navigation_containers(document, roles)
    page.error_dialog = any(closed_error_dialog(element) for element in roles)
    page.links = _links(document, _sections(containers))

    body_element = document.find("body")
    page.body_class = " ".join(
        value for value in (document.get("class"), _attribute(body_element, "class")) if value
    )
    content = _content_element(document, body_element, roles)
    page._containers, page._content = containers, content

    lxml.etree.strip_elements(document, *INVISIBLE_TAGS, with_tail=False)
    root = body_element if body_element is not None else document
    page.text, page.word_count, page.main_text, page.main_media = _text_and_main(
        root, content, containers
    )
    page.main_word_count = page.main_text.count(" ") + 1 if page.main_text else 0
    return page


def _read_tags(page: ParsedPage, document) -> None:
    """The fields read from single tags: title, headings, meta, link, base and scripts."""
    states: list[str] = []
    inline: list[str] = []
    for element in document.iter("title", "h1", "meta", "link", "base", "script"):
        tag = element.tag
        if tag == "title":
            if page.title is None:
                page.title = _clean(element.text_content())
        elif tag == "h1":
            _read_heading(page, element)
        elif tag == "meta":
            _read_meta(page, element)
        elif tag == "link":
            _read_link(page, element)
        elif tag == "base":
            if page.base_href is None:
                page.base_href = (element.get("href") or "").strip() or None
        else:
            _read_script(page, element, states, inline)
    page.app_state = "\n".join(states)
    page.inline_script = "\n".join(inline)[: 4 * MAX_INLINE_SCRIPT_CHARS]


def _read_heading(page: ParsedPage, element) -> None:
    if page.h1 is None:
        page.h1 = _clean(element.text_content())
    elif len(page.more_h1) < MORE_H1:
        heading = _clean(element.text_content())
        if heading:
            page.more_h1.append(heading)


def _read_meta(page: ParsedPage, element) -> None:
    name = (element.get("name") or element.get("property") or "").lower()
    if not name and element.get("http-equiv"):
        name = "http-equiv:" + element.get("http-equiv").lower()
    content = element.get("content")
    if name in ("robots", "googlebot") and content:
        content = _clean(content)
        page.meta_robots = f"{page.meta_robots}, {content}" if page.meta_robots else content
    elif name and content is not None and name not in page.meta:
        page.meta[name] = content.strip()[:MAX_META_CHARS]
    if (element.get("itemprop") or "") == "isAccessibleForFree" and content:
        page.accessible_for_free = content.strip().lower() == "true"


def _read_link(page: ParsedPage, element) -> None:
    rel = (element.get("rel") or "").lower().split()
    if "canonical" in rel and page.canonical is None:
        page.canonical = (element.get("href") or "").strip() or None
    elif ("preload" in rel or "prefetch" in rel) and element.get("href"):
        page.resource_hints.append(element.get("href").strip())


def _read_script(page: ParsedPage, element, states: list[str], inline: list[str]) -> None:
    """Structured data's isAccessibleForFree, a framework's state, or a small inline script."""
    kind = (element.get("type") or "").lower()
    if "ld+json" in kind:
        match = FREE_ACCESS.search(element.text or "")
        if match and page.accessible_for_free is not False:
            page.accessible_for_free = match.group(1).lower() == "true"
        if len(page.structured_data) < MAX_STRUCTURED_DATA:
            page.structured_data.append((element.text or "")[:MAX_STRUCTURED_DATA_CHARS])
    elif element.get("src") is None:
        script = element.text or ""
        if element.get("id") in STATE_SCRIPT_IDS or script.lstrip().startswith(
            STATE_SCRIPT_PREFIXES
        ):
            states.append(script[:MAX_STATE_CHARS])
        elif len(script) <= MAX_INLINE_SCRIPT_CHARS and "json" not in kind:
            inline.append(script)


def _links(document, sections: dict) -> list[Link]:
    """Links to follow (a and area), with the navigation section and block that hold them."""
    links = []
    for anchor in document.iter("a", "area"):
        href = anchor.get("href")
        if href is None:
            continue
        href = href.strip()
        if not href or href.startswith(UNFOLLOWED_HREFS):
            continue
        rel = (anchor.get("rel") or "").lower().split()
        text = anchor.text_content() if anchor.tag == "a" else anchor.get("alt", "")
        section, block = sections.get(anchor, IN_CONTENT)
        links.append(
            Link(
                href=href,
                anchor=_clean(text, MAX_ANCHOR_CHARS) or "",
                nofollow="nofollow" in rel or "ugc" in rel or "sponsored" in rel,
                section=section,
                block=block,
            )
        )
    return links


def _attribute(element, name: str) -> str | None:
    return None if element is None else element.get(name)
