"""Blocks a browser does not draw: an element hidden by its own `hidden` attribute or inline
style (`display: none`, `visibility: hidden`): a search help a link opens, a "checking now"
badge, a panel a script shows later. What they say is no part of the page as the visitor
sees it; counted as content, a help text of two hundred words makes a "Not Found" page look
like an article.

A block that holds the page's heading or its main content (`<div id="app" style="display:
none">` that a script shows once it has started) is the page itself: never left out.
"""

from __future__ import annotations

from itertools import islice

import lxml.etree

from gatewatch.crawler.placement import HIDDEN_STYLE

WITH_HIDING = lxml.etree.XPath("//body//*[@hidden or @style]")
PAGE_ITSELF = ("main", "article", "h1")
NOT_BLOCKS = frozenset({"body", "html", "main", "article", "input", "option", "img", "iframe"})
MAX_BLOCKS = 400  # elements looked at (a hostile page holds more)


def hidden_blocks(document) -> list:
    """The elements hidden by their own attribute or inline style, less the page itself."""
    blocks = []
    for element in islice(WITH_HIDING(document), MAX_BLOCKS):
        if not isinstance(element.tag, str) or element.tag in NOT_BLOCKS:
            continue
        style = element.get("style") or ""
        if element.get("hidden") is None and not HIDDEN_STYLE.search(style):
            continue
        if next(element.iter(*PAGE_ITSELF), None) is not None:
            continue
        blocks.append(element)
    return blocks
