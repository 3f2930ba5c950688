"""A permission said to be required, on a page that says it is an error: "Permissions
nécessaires pour cette ressource.", "Permission required.", "Berechtigung erforderlich."
under an "Error" heading. The error the page reports is that the visitor lacks it: a denial
(``permission_denied``), said by its need rather than by a negation.

Only where the page's heading says it is an error ("ZoneMinder Error", "Fehler"), in a
short sentence that starts with the permission and says nothing but the need and what it
is for: a help text's "Permissions required to edit a page: editor" names a role, "No
permission is required" negates the need, and a question or a condition states nothing.
"""

from __future__ import annotations

import re

from gatewatch.crawler.detectors.expired_links import CONDITIONS
from gatewatch.crawler.detectors.permission_denials import (
    NEED,
    NEGATIONS,
    PAGE_WORD,
    PERMISSION,
    SENTENCE_END,
    THIS,
)
from gatewatch.crawler.detectors.text import QUESTION, normalise

MAX_WORDS = 8  # a sentence of the need, and what it is for, at most
# what a need may be for: this page, this resource ("pour cette ressource", "for this page")
FOR = frozenset({"for", "pour", "für", "para", "per", "voor", "dla", "для", "för", "til"})


def required_permission(lines: list[str]) -> str | None:
    """ "required: <sentence>" for the first line of an error page that says a permission
    is required for this page (or for nothing named)."""
    for line in lines:
        for sentence in SENTENCE_END.split(normalise(line[:400])):
            if _needs_permission(sentence):
                return f"required: {sentence[:80]}"
    return None


def _needs_permission(sentence: str) -> bool:
    words = re.findall(r"[\w']+", sentence)
    if not 2 <= len(words) <= MAX_WORDS or QUESTION.search(sentence) or ":" in sentence:
        return False
    if not NEGATIONS.isdisjoint(words) or not CONDITIONS.isdisjoint(words):
        return False
    permission = PERMISSION.match(sentence)  # (it starts the sentence)
    need = NEED.match(words[1]) if permission else None
    if need is None:
        return False
    rest = words[2:]
    return not rest or (
        rest[0] in FOR and (not THIS.isdisjoint(rest) or any(map(PAGE_WORD.match, rest[1:])))
    )
