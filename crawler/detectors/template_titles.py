"""An application's message page: its title is its h1, word for word, and it asks not to be
indexed. An error template names its message twice ("No access" / "No access") and keeps it
out of search engines; a published page whose words are the same ("No Access", a novel's, a
band's tour) names its site beside them in its title and asks to be found. On such a page the
heading is the message, though the text under it speaks of other things ("This endpoint is
not enabled", a tracking number): denied_headings.py need not find access named again."""

from __future__ import annotations

import re

from gatewatch.crawler.detectors.text import normalise
from gatewatch.crawler.parse import ParsedPage

NOINDEX = re.compile(r"\b(?:noindex|none)\b", re.IGNORECASE)


def message_template(page: ParsedPage) -> bool:
    """The title and the h1 say the same, and the page asks not to be indexed."""
    title, h1 = normalise(page.title), normalise(page.h1)
    if not title or title != h1:
        return False
    return NOINDEX.search(page.meta_robots or "") is not None
