"""The model of short messages (bench/message_meaning.py) as one more piece of evidence where
the detectors read a short page's message: kept in bench/, not in the detectors (see
bench/message_model.py for why). `install(threshold)` puts it into the detectors of this
process; the bench scripts message_model_pages.py and message_model_speed.py use it.

    python -m bench.message_reading 0.9 bench/healthy_sweep.py --list   # any bench script

Where error_messages() (crawler/detectors/error_messages.py) found nothing, and nothing else
says what a near-thin page is (no heading, wording, box, code or status observation), the
model reads the title, the h1s, the message boxes and, on a page that says it is an error
page or a thin page, its first ten short lines (two lines read as errors are a list, and
left out); a title or line read whole or by its segments of two words or more ("Trac: Page
not found"), never a question. The first reading of probability >= the threshold becomes
message_not_found, message_access_denied or message_auth_required, explained as 'h1:
"Class not found." reads as not found (0.92)'. Each still needs a second family (thin
content, a code, an error heading...) for a verdict, as every wording does.
"""

from __future__ import annotations

import runpy
import sys

import gatewatch.crawler.detectors.error_messages as em
from bench import message_meaning
from gatewatch.crawler.detectors.text import heading_segments, is_unspaced

MODEL_KINDS = {"not_found": em.NOT_FOUND, "access_denied": em.DENIED, "sign_in": em.UNAUTHORIZED}
THRESHOLDS = {em.NOT_FOUND: 0.9, em.DENIED: 0.9, em.UNAUTHORIZED: 0.9}  # chosen on tune
MODEL_LINES = 10  # the short lines of a page read by the model, at most
ORIGINAL = em.error_messages
# (the module itself: the package's attribute "signals" is the function of that name)
signals_module = sys.modules["gatewatch.crawler.detectors.signals"]


def install(threshold: float | None = None) -> None:
    """Read short messages with the model in this process (signals.signals calls it)."""
    if threshold is not None:
        THRESHOLDS.update(dict.fromkeys(THRESHOLDS, threshold))
    signals_module.error_messages = error_messages_with_model


def uninstall() -> None:
    signals_module.error_messages = ORIGINAL


def error_messages_with_model(page, match, settings, found, heading_says) -> None:
    """error_messages(), then the model where it and everything before it said nothing."""
    ORIGINAL(page, match, settings, found, heading_says)
    if heading_says or any(code in found for code in (*em.SAID, *em.CODES)):
        return
    # (the lines and the error context exactly as error_messages() computed them)
    error_words = settings.error_heading
    context = any(code in found for code in em.ERROR_CONTEXT)
    page_text = f"{page.title or ''} {page.h1 or ''} {page.main_text}"
    lines: list[str] = []
    if context or em._mentions_error(page_text, error_words):
        lines = [line for line in page.short_lines if not em._numbered_entry(line)]
        if em._listed_codes(lines) > 1:
            lines = []
        elif not context:
            context = em._error_lead(page, lines, error_words)
    read_by_model(page, lines if context else None, settings, found)


def read_by_model(page, lines: list[str] | None, settings, found: dict) -> None:
    """See the module's docstring."""
    places = [
        ("title", page.title),
        ("h1", page.h1),
        *(("h1", heading) for heading in page.more_h1),
        *((f"box {token}", text) for token, text in page.message_boxes),
    ]
    if lines is None and page.main_word_count <= settings.thin_words:
        lines = [line for line in page.short_lines if not em._numbered_entry(line)]
    read = []
    for where, text in [*places, *(("line", line) for line in (lines or ())[:MODEL_LINES])]:
        said = model_reading(text)
        if said:
            read.append((where, text, *said))
    if len({text for where, text, *_ in read if where == "line"}) > 1:
        read = [item for item in read if item[0] != "line"]
    for where, text, kind, probability in read:
        code = em.KINDS[kind]
        if code not in found:
            meant = kind.replace("_", " ").replace("auth required", "a request to sign in")
            found[code] = f'{where}: "{text[:80]}" reads as {meant} ({probability:.2f})'
            return


def model_reading(text: str | None) -> tuple[str, float] | None:
    """(kind, probability) of a title, heading, box or line the model reads as an error
    message, at or above its kind's threshold; whole, or one segment of it."""
    if not text or "?" in text:
        return None
    candidates = [text]
    parts = heading_segments(text)
    if len(parts) > 1:
        candidates.extend(part.text for part in parts if len(part.words) > 1)
    for candidate in candidates:
        words = message_meaning.words_of(candidate)
        if len(words) < 2 and not (words and is_unspaced(words[0][0]) and len(words[0]) >= 4):
            continue  # one word ("Permissions", "Anmelden"): a menu's, a manual's heading
        said = message_meaning.meaning(candidate)
        if said:
            kind = MODEL_KINDS[said[0]]
            if said[1] >= THRESHOLDS[kind]:
                return kind, said[1]
    return None


if __name__ == "__main__":
    install(float(sys.argv[1]))
    script = sys.argv[2]
    sys.argv = sys.argv[2:]
    runpy.run_path(script, run_name="__main__")
