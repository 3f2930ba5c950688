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
from gatewatch.crawler.detectors.expired_links import CONDITIONS
from gatewatch.crawler.detectors.settings import DetectorSettings, Matchers
from gatewatch.crawler.parse import ParsedPage

# a flashed notice stands above what it is flashed over (a list, a form, a table), not inside
# running text: no paragraph of this many words before it (a manual's admonition, an error
# quoted between two paragraphs, is a part of the text)
PROSE_WORDS = 25
MAX_BEFORE = 20_000  # elements walked to reach the box (a hostile page holds more)
# a box that is a part of a sentence or a quoted output: "users get an error like <span
# class=errortext>symbol not found</span> and ...", "<pre class=error>fatal: ... not found"
QUOTED_TAGS = ("span", "em", "strong", "b", "i", "code", "tt", "kbd", "samp", "var", "q", "a")
QUOTED_TAGS += ("pre",)
MAX_QUOTED = 5000  # such elements looked at (a hostile page holds more)


def flash_observations(
    page: ParsedPage, match: Matchers, settings: DetectorSettings, found: dict
) -> None:
    """On a page too long to be an error page: what one or two error boxes say."""
    if not page.message_boxes or len(page.message_boxes) > MEANT_BOXES:
        return
    if any(_conditional(text) for _, text in page.message_boxes):
        return
    if _after_prose(page) or _quoted_box(page):
        return
    boxes: dict = {}
    box_observations(page, match, settings, boxes)
    if "error_box" not in boxes:
        return
    said = [code for code in ("box_not_found", "box_access_denied") if code in boxes]
    if said:
        found.update({code: boxes[code] for code in said})
        found.setdefault("error_box", boxes["error_box"])


def _conditional(text: str) -> bool:
    """The box says what happens if something is missing ("If the file is not found, ...")."""
    words = text.split(None, 1)
    return bool(words) and words[0].lower().strip(",:") in CONDITIONS


def _after_prose(page: ParsedPage) -> bool:
    """A paragraph of running text stands before the first of the page's message boxes."""
    tokens = {token.split()[0] for token, _ in page.message_boxes}
    for element in islice(page.document.iter(), MAX_BEFORE):
        if not isinstance(element.tag, str):
            continue
        names = f"{element.get('class') or ''} {element.get('id') or ''}".split()
        if not tokens.isdisjoint(names):
            return False
        if element.tag == "p" and len(element.text_content().split()) >= PROSE_WORDS:
            return True
    return True  # (not reached within the walk: as good as after the text)


def _quoted_box(page: ParsedPage) -> bool:
    """One of the page's message boxes is an inline element or a preformatted block."""
    tokens = {token.split()[0] for token, _ in page.message_boxes}
    for element in islice(page.document.iter(*QUOTED_TAGS), MAX_QUOTED):
        names = f"{element.get('class') or ''} {element.get('id') or ''}".split()
        if not tokens.isdisjoint(names):
            return True
    return False
