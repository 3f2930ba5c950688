"""What an application's message box says (an error, warning or notice box: `div.error`,
`alert-danger`, `sysmsg`), read like a heading: `box_not_found`, `box_access_denied`, and
`error_box` when its class or its own heading says it is an error."""

from __future__ import annotations

from gatewatch.crawler.detectors.absent_objects import (
    LED_MESSAGE_WORDS,
    MESSAGE_WORDS,
    box_message,
    says_absent,
    says_disabled,
    says_none_found,
)
from gatewatch.crawler.detectors.named_absences import names_missing_object
from gatewatch.crawler.detectors.not_found_words import not_found_words
from gatewatch.crawler.detectors.reading import ERROR_BOX_WORDS, anchored, has_any
from gatewatch.crawler.detectors.settings import Matchers
from gatewatch.crawler.detectors.text import Text, heading_segments
from gatewatch.crawler.message_boxes import DIALOG
from gatewatch.crawler.parse import ParsedPage

MEANT_BOXES = 2


def box_observations(
    page: ParsedPage, match: Matchers, settings, found: dict, only_dialogs: bool = False
) -> None:
    """What the short message of an error, warning or notice box says, read like a heading:
    a not-found or access-denied sentence ("Ticket 999 does not exist.", "You don't have
    the required permissions."), wherever the box stands in the content. A box whose class
    names an error is itself a sign (weak: forms show errors too). `only_dialogs`: read the
    boxes of an error dialog opened at load alone (a long page's)."""
    # (what a box says is read by meaning where the page shows one or two messages: an error
    # page's; not a page of many, a chat's or a forum's "div.msg" items)
    few_boxes = len(page.message_boxes) <= MEANT_BOXES
    for token, text in page.message_boxes:
        if only_dialogs and DIALOG not in token:
            continue
        # (its own heading, "Error", taken off, and the identifier it names: the message)
        message, led = box_message(text, settings.error_heading) if few_boxes else (text, False)
        error_box = led or has_any(token.lower(), ERROR_BOX_WORDS)
        # (an error dialog a script opens at load: what it says is the page's message, but
        # a site's template dialog is on every page: that it is there says nothing)
        if "error_box" not in found and error_box and DIALOG not in token:
            found["error_box"] = f"{token}: {text[:60]}"
        said = match.body.search(Text.of(text))
        parts = heading_segments(text)
        names = anchored(parts, match, settings)
        if "box_not_found" not in found:
            # (an empty search's "nothing found" is no missing page; "no page found" is)
            phrase = said.get("not_found")
            words = None
            if not phrase and "empty_results" not in said:
                phrase = names.get("not_found")
                words = None if phrase else not_found_words(((token, text),), match, settings)
            if not phrase and not words and error_box and few_boxes and "empty_results" not in said:
                # "No such entry", "Brak takiego wpisu", "Kein Eintrag gefunden"
                # (longer when the box leads it with its own "Error" heading)
                longest = LED_MESSAGE_WORDS if led else MESSAGE_WORDS
                phrase = says_absent(message, longest) or says_none_found(message)
                phrase = phrase or names_missing_object(text)  # "No watch with the UUID 4a..."
            if phrase or words:
                found["box_not_found"] = f"{token}: {phrase}" if phrase else words
        denied = said.get("access_denied") or names.get("access_denied")
        if not denied and few_boxes and error_box:
            denied = says_disabled(message)  # "Command disabled by the server ..."
        if denied and "box_access_denied" not in found:
            found["box_access_denied"] = f"{token}: {denied}"
        if DIALOG in token and ("box_not_found" in found or "box_access_denied" in found):
            found.setdefault("error_box", f"{token}: {text[:60]}")  # (it says: no template)
