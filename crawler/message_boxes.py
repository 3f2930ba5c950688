"""The boxes a web application shows its message in ("div.error", "p.message",
"div.alert-danger", "div.sysmsg"), found by their class or id in the main content."""

from __future__ import annotations

from itertools import islice

import lxml.etree

from gatewatch.crawler.placement import (
    box_hidden,
    hidden_by_class,
    in_opened_error_dialog,
    section_of,
)

# class and id words of the box a web application shows its message in: "div.error",
# "p.message", "div.alert-danger", "div.system-message", "div.warningbox", "notice"
BOX_WORDS = ("error", "message", "msg", "alert", "warning", "notice", "danger")
# (each word less its first letter: "Error" and "error" alike, found by lxml in C)
_ANY_BOX_WORD = " or ".join(f"contains(., '{word[1:]}')" for word in BOX_WORDS)
BOX_NAMES = lxml.etree.XPath(f"//@class[{_ANY_BOX_WORD}]|//@id[{_ANY_BOX_WORD}]")
MAX_BOXES = 8
# elements named like a box looked at, at most (a hostile page names 90,000 of them; each
# costs its text, and on a page with an error dialog a walk up its ancestors)
MAX_CANDIDATES = 2_000
NOT_BOX_TAGS = frozenset({"a", "button", "input", "label", "option", "select", "textarea"})
MAX_BOX_WORDS = 24  # a box with more text holds content, not a message
ERROR_ICON_WORDS = ("error", "danger")  # (detectors/reading.py's ERROR_BOX_WORDS)
# the mark of a box in an error dialog a script opens at load (placement.py): an error
# page's message when it states one; a site's template dialog on any page otherwise
DIALOG = "(dialog)"


def names_a_box(class_and_id: str) -> bool:
    """Some class or id value (all of a page's, joined by spaces) holds a word BOX_NAMES
    looks for: without one the page has no message box, and BOX_NAMES need not walk it."""
    return any(word[1:] in class_and_id for word in BOX_WORDS)


def message_boxes(
    document, containers, content, error_dialog: bool = False
) -> list[tuple[str, str]]:
    """(class or id word, text) of the short message boxes in the main content, at most
    MAX_BOXES: what the detectors read like a heading (detectors/box_messages.py); and, when
    the page holds an error dialog (`error_dialog`), the boxes of that dialog if the server
    filled it (placement.in_opened_error_dialog), wherever it stands."""
    boxes = []
    seen = set()
    for name in islice(BOX_NAMES(document), MAX_CANDIDATES):
        token = next((t for t in name.split() if any(w in t.lower() for w in BOX_WORDS)), None)
        element = name.getparent()
        if token is None or element in seen or element.tag in NOT_BOX_TAGS or "btn" in token:
            continue
        seen.add(element)
        text = " ".join(" ".join(element.itertext()).split())[:400]
        if not text or text.count(" ") >= MAX_BOX_WORDS:
            continue
        if section_of(element, containers, content) != "main" or box_hidden(element):
            # (a box of an error dialog opened at load stands anywhere, hidden by aria-hidden)
            if not error_dialog or hidden_by_class(element):
                continue
            if not in_opened_error_dialog(element):
                continue
            token = f"{token} {DIALOG}"  # (what it says counts, not that it is there)
        elif not any(word in token.lower() for word in ERROR_ICON_WORDS) and _error_icon(element):
            token = f"{token} (error icon)"  # its icon says what its class does not
        boxes.append((token, text))
        if len(boxes) >= MAX_BOXES:
            break
    return boxes


def _error_icon(element) -> bool:
    """A message box whose icon's alt text or file name says it shows an error
    ("<img src=images/error-big.png alt=error>")."""
    for image in islice(element.iter("img"), 3):
        named = f"{image.get('alt') or ''} {image.get('src') or ''}".lower()
        if any(word in named for word in ERROR_ICON_WORDS):
            return True
    return False
