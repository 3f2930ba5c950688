"""The short lines of text of a page's main content: what a paragraph, a list item, a cell or
a run of text between two <br> says, when it says it in a few words ("unknown revision
'abc'"). The detectors read an error page's message in them (detectors/error_messages.py).
The same walk keeps the lines of a few sentences too ("You are logged in as guest. You have
no permissions to access this page."): a message whose sentences are read one by one."""

from __future__ import annotations

from itertools import islice

import lxml.etree

from gatewatch.crawler.placement import hides_itself

# Tags whose start and end break a line of text: a paragraph, a list item, a cell, a <br>.
LINE_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "center", "dd", "details",
    "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1",
    "h2", "h3", "h4", "h5", "h6", "header", "hr", "legend", "li", "main", "nav", "ol", "p",
    "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})  # fmt: skip
NOT_LINE_TAGS = frozenset({"pre", "textarea", "select", "button"})  # a trace, a form's values
MAX_LINES = 40
MAX_LINE_WORDS = 12  # a longer line is prose, not a message
MAX_LINE_CHARS = 200  # ... and so is a longer run of characters (scripts without spaces)
MAX_SENTENCES_WORDS = 40  # a line of a few sentences: a message box's, a list item's
MAX_SENTENCES_CHARS = 600
MAX_LEADING_NODES = 1000  # elements walked for an element's leading text (leading_text)


def short_lines(content: lxml.etree._Element, containers: dict) -> tuple[list[str], list[str]]:
    """The lines of `content` of fewer than MAX_LINE_WORDS words, in order, at most MAX_LINES;
    and, met on the way, the lines of fewer than MAX_SENTENCES_WORDS words (the short ones
    among them), at most MAX_LINES: navigation `containers`, preformatted blocks, form values
    and elements that hide themselves left out."""
    lines: list[str] = []
    longer: list[str] = []
    parts: list[str] = []

    def line_ends() -> None:
        text = " ".join(" ".join(parts).split())
        parts.clear()
        if not text:
            return
        if text.count(" ") < MAX_LINE_WORDS and len(text) <= MAX_LINE_CHARS:
            lines.append(text)
        if (
            len(longer) < MAX_LINES
            and text.count(" ") < MAX_SENTENCES_WORDS
            and len(text) <= MAX_SENTENCES_CHARS
        ):
            longer.append(text)

    walker = lxml.etree.iterwalk(content, events=("start", "end", "comment"))
    for event, element in walker:
        if len(lines) >= MAX_LINES:
            break
        if event == "comment":
            parts.append(element.tail or "")
            continue
        line_tag = element.tag in LINE_TAGS
        if event == "start":
            if line_tag:
                line_ends()
            skipped = element.tag in NOT_LINE_TAGS or hides_itself(element)
            if skipped or (element in containers and element is not content):
                walker.skip_subtree()
            else:
                parts.append(element.text or "")
            continue
        if line_tag:
            line_ends()
        if element is not content:
            parts.append(element.tail or "")
    line_ends()
    return lines[:MAX_LINES], longer


def leading_text(element: lxml.etree._Element, limit: int) -> str:
    """The first `limit` characters of `element.text_content()`, read no further than they
    reach, and no further than MAX_LEADING_NODES elements: a hostile page's element holds
    megabytes of text, or thousands of nested empty elements, and is read again for each of
    its ancestors."""
    parts: list[str] = []
    size = 0
    walker = lxml.etree.iterwalk(element, events=("start", "end", "comment", "pi"))
    for event, node in islice(walker, 2 * MAX_LEADING_NODES):
        # an element's text at its start; after it, a comment or a processing instruction,
        # the text that follows it
        after = node.tail if node is not element else None
        piece = node.text if event == "start" else after
        if piece:
            parts.append(piece)
            size += len(piece)
            if size >= limit:
                break
    return "".join(parts)[:limit]
