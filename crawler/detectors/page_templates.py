"""The view a page's body names: many programs write the template or view that drew the page
into the class of its <body> ("template-error_message-pt", "http-error", "page-error",
"error404"), whatever the site's theme. A body class with the part "error" says the page
was drawn by the program's error view: a weak sign (markup), that seconds what the page says
in words; alone it flags nothing.

Only the body's own class is read (a class of an element inside the page marks a form
field's message or a box, not the page); a part of a class, cut at "-" and "_", must be
"error" itself ("errors-and-warnings", "terror" are other words).
"""

from __future__ import annotations

import re

PART = re.compile(r"[-_.:]+")

# a class that files the page under a topic ("category-error-handling", "tag-error") or says
# what it holds ("has-error-boundary") names no view; nor does "error" followed by a topic
TOPIC_PREFIXES = frozenset({"category", "tag", "tags", "topic", "term", "has", "with", "postid"})
TOPIC_AFTER = frozenset(
    {"handling", "handler", "handlers", "boundary", "reporting", "tracking", "monitoring",
     "logging", "log", "logs", "codes", "messages", "free", "budget", "rate", "bars"}
)  # fmt: skip


def error_view(body_class: str) -> str | None:
    """ "body class: <token>" when a token of the body's class has a part "error" and files
    the page under no topic."""
    for token in body_class.split():
        parts = PART.split(token.lower())
        if "error" not in parts or parts[0] in TOPIC_PREFIXES:
            continue
        if not TOPIC_AFTER.isdisjoint(parts[parts.index("error") + 1 :]):
            continue
        return f"body class: {token[:60]}"
    return None
