"""Blocks a browser does not draw: an element hidden by its own `hidden` attribute or inline
style (`display: none`, `visibility: hidden`): a search help a link opens, a "checking now"
badge, a panel a script shows later. What they say is no part of the page as the visitor
sees it; counted as content, a help text of two hundred words makes a "Not Found" page look
like an article.

A block that holds the page's heading or its main content (`<div id="app" style="display:
none">` that a script shows once it has started, a post with its h2) is the page itself:
never left out.
"""

from __future__ import annotations

from itertools import islice

import lxml.etree

from gatewatch.crawler.placement import HIDDEN_STYLE

WITH_HIDING = lxml.etree.XPath("//body//*[@hidden or @style]")
# what the page itself is made of: a block that holds one is never left out (a forum post
# hidden until a script shows it has its h2, not always a main or an h1)
PAGE_ITSELF = lxml.etree.XPath(
    "//body//*[self::main or self::article or self::h1 or self::h2 or self::h3]"
)
NOT_BLOCKS = frozenset({"body", "html", "main", "article", "input", "option", "img", "iframe"})
MAX_BLOCKS = 400  # elements looked at (a hostile page holds more)
MAX_PARTS = 200  # headings and main blocks whose ancestors are marked


def hidden_blocks(document) -> list:
    """The elements hidden by their own attribute or inline style, less the page itself.

    Linear in the page: the ancestors of the page's headings and main blocks are marked
    once (a block's own subtree is never walked: 400 nested hidden blocks over 200,000
    paragraphs would walk it 400 times)."""
    holding = None  # (marked on the first hidden element: most pages have none)
    blocks = []
    for element in islice(WITH_HIDING(document), MAX_BLOCKS):
        if not isinstance(element.tag, str) or element.tag in NOT_BLOCKS:
            continue
        style = element.get("style") or ""
        if element.get("hidden") is None and not HIDDEN_STYLE.search(style):
            continue
        if holding is None:
            holding = _holding_the_page(document)
        if element in holding:
            continue
        blocks.append(element)
    return blocks


def _holding_the_page(document) -> set:
    """The elements that are, or hold, a heading or a main block of the page."""
    holding: set = set()
    for part in islice(PAGE_ITSELF(document), MAX_PARTS):
        while part is not None and part not in holding:
            holding.add(part)
            part = part.getparent()
    return holding
