"""A notice the server flashes above an ordinary page: the answer to a request for an object
that does not exist, given as a redirect to a list (the watch list, the inbox, the admin's
index) whose error box says the object was not found ("No watch with the UUID ... found.",
"Snapshot with ID 42 doesn't exist."). The page is long (the list), so the boxes that an
error page's short content is read for are read here too, on two conditions: the page shows
one or two boxes (a flashed message, not a list of items styled as messages), and a box's
class names an error. What such a box says counts; that it is there does not.
"""

from __future__ import annotations

from itertools import islice

from gatewatch.crawler.detectors.box_messages import MEANT_BOXES, box_observations
from gatewatch.crawler.detectors.settings import Matchers
from gatewatch.crawler.parse import ParsedPage


def flash_observations(page: ParsedPage, match: Matchers, settings, found: dict) -> None:
    """On a page too long to be an error page: what one or two error boxes say."""
    if not page.message_boxes or len(page.message_boxes) > MEANT_BOXES:
        return
    # (a notice is a block of its own: not an error quoted inside a manual's sentence, "users
    # get an error like <span class=errortext>symbol not found</span> and ...")
    if _inline_box(page):
        return
    boxes: dict = {}
    box_observations(page, match, settings, boxes)
    if "error_box" not in boxes:
        return
    said = [code for code in ("box_not_found", "box_access_denied") if code in boxes]
    if said:
        found.update({code: boxes[code] for code in said})
        found.setdefault("error_box", boxes["error_box"])


INLINE_TAGS = ("span", "em", "strong", "b", "i", "code", "tt", "kbd", "samp", "var", "q", "a")
MAX_INLINE = 5000  # inline elements looked at (a hostile page holds more)


def _inline_box(page: ParsedPage) -> bool:
    """One of the page's message boxes is an inline element: a part of a sentence."""
    tokens = {token.split()[0] for token, _ in page.message_boxes}
    for element in islice(page.document.iter(*INLINE_TAGS), MAX_INLINE):
        names = f"{element.get('class') or ''} {element.get('id') or ''}".split()
        if not tokens.isdisjoint(names):
            return True
    return False
