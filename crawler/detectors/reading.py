"""Reading a page's headings and links the same way in every detector module: phrase lists
matched in heading segments, the first heading that says a thing, a target the page gives
(href, form action, refresh) resolved against its URL."""

from __future__ import annotations

from urllib.parse import urljoin

from gatewatch.crawler.detectors.settings import DetectorSettings, Matchers
from gatewatch.crawler.detectors.text import anchored_all

ERROR_BOX_WORDS = ("error", "danger")  # a message box whose class says it shows an error
EXACT_HEADINGS = frozenset({"error_heading"})  # "Error" only when the heading is just that


def anchored(parts, match: Matchers, settings: DetectorSettings) -> dict[str, str]:
    return anchored_all(
        parts, match.headings, match.filler, settings.heading_extra_words, EXACT_HEADINGS
    )


def first_heading(headings: dict, name: str, code: str, found: dict) -> None:
    for where, names in headings.items():
        if name in names:
            found[code] = f"{where}: {names[name]}"
            return


def joined(url: str, target: str) -> str:
    """`target` (an href, a form action, a refresh target: what the page says) resolved
    against the page's URL; "" for one urljoin refuses ("a://[" is no URL)."""
    try:
        return urljoin(url, target)
    except ValueError:
        return ""


def has_any(token: str, markers: tuple[str, ...]) -> bool:
    """A markup token (a class, an id) that holds one of the markers."""
    return any(marker in token for marker in markers)
