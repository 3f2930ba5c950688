"""One parse of an HTML page: the links to follow and the few fields a crawl records.

Everything the crawl and the detectors need comes out of this single lxml parse, so a page
is never parsed twice on the hot path.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import lxml.etree
import lxml.html

NAVIGATION_TAGS = ("nav", "header", "footer", "aside")
NAVIGATION_ROLES = {
    "navigation": "nav",
    "banner": "header",
    "contentinfo": "footer",
    "complementary": "aside",
}
INVISIBLE_TAGS = ("script", "style", "noscript", "template", "svg")
MAX_ANCHOR_CHARS = 300


@dataclass(slots=True)
class Link:
    href: str
    anchor: str
    nofollow: bool
    section: str  # main, nav, header, footer or aside


@dataclass
class ParsedPage:
    title: str | None = None
    h1: str | None = None
    meta_robots: str | None = None
    canonical: str | None = None
    base_href: str | None = None
    links: list[Link] = field(default_factory=list)
    word_count: int = 0
    text: str = ""
    document: lxml.html.HtmlElement | None = field(default=None, repr=False)


def _clean(text: str | None, limit: int = 1000) -> str | None:
    if text is None:
        return None
    return " ".join(text.split())[:limit]


def _sections(document: lxml.html.HtmlElement) -> dict[lxml.html.HtmlElement, str]:
    """Map each <a> inside navigation, header, footer or aside to that section's name.

    A <header> or <footer> inside an <article> or <main> is part of the content.
    """
    placed: dict[lxml.html.HtmlElement, str] = {}
    containers = [(element, element.tag) for element in document.iter(*NAVIGATION_TAGS)]
    for element in document.xpath("//*[@role]"):
        section = NAVIGATION_ROLES.get(element.get("role", "").strip().lower())
        if section:
            containers.append((element, section))
    for container, section in containers:
        if section in ("header", "footer") and any(
            ancestor.tag in ("article", "main") for ancestor in container.iterancestors()
        ):
            continue
        for anchor in container.iter("a", "area"):
            placed.setdefault(anchor, "nav" if section == "nav" else section)
    return placed


def parse_html(body: bytes, encoding: str | None = None) -> ParsedPage:
    """Parse an HTML body; an empty or hopeless body gives an empty ParsedPage."""
    if not body.strip():
        return ParsedPage()
    parser = lxml.html.HTMLParser(encoding=encoding, remove_comments=True)
    try:
        document = lxml.html.document_fromstring(body, parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return ParsedPage()
    page = ParsedPage(document=document)
    for element in document.iter("title", "h1", "meta", "link", "base"):
        tag = element.tag
        if tag == "title" and page.title is None:
            page.title = _clean(element.text_content())
        elif tag == "h1" and page.h1 is None:
            page.h1 = _clean(element.text_content())
        elif tag == "meta":
            name = (element.get("name") or "").lower()
            if name in ("robots", "googlebot") and element.get("content"):
                content = _clean(element.get("content"))
                page.meta_robots = f"{page.meta_robots}, {content}" if page.meta_robots else content
        elif tag == "link" and page.canonical is None:
            if "canonical" in (element.get("rel") or "").lower().split():
                page.canonical = (element.get("href") or "").strip() or None
        elif tag == "base" and page.base_href is None:
            page.base_href = (element.get("href") or "").strip() or None

    sections = _sections(document)
    for anchor in document.iter("a", "area"):
        href = anchor.get("href")
        if href is None:
            continue
        href = href.strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
            continue
        rel = (anchor.get("rel") or "").lower().split()
        text = anchor.text_content() if anchor.tag == "a" else anchor.get("alt", "")
        page.links.append(
            Link(
                href=href,
                anchor=_clean(text, MAX_ANCHOR_CHARS) or "",
                nofollow="nofollow" in rel or "ugc" in rel or "sponsored" in rel,
                section=sections.get(anchor, "main"),
            )
        )

    lxml.etree.strip_elements(document, *INVISIBLE_TAGS, with_tail=False)
    body_element = document.find("body")
    text = " ".join((body_element if body_element is not None else document).itertext()).split()
    page.word_count = len(text)
    page.text = " ".join(text)
    return page
