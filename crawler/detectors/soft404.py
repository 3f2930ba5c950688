"""Soft 404: a page that answers 2xx but says, or is, "not found".

Strong signals: the page matches its shape's probe (the site's own error template), its
title or h1 is a not-found phrase, a not-found phrase leads thin content, a framework's
error state, a not-found sentence in a message box, nothing at all in the main content, a
template rendered without its data, a wiki's offer to create the very page (on a page not
to be indexed).
Weak ones: thin content, noindex, error classes, an error box, an "Error" heading, a
canonical pointing to the home page, a URL the title never mentions, an empty page of a
listing, an empty result. A verdict needs a strong signal and a second family (see rules.py).

An empty main content seconded only by noindex is no verdict: an application's pages ask
not to be indexed, all of them, and a page of one whose content its scripts draw (a graph
tree, a calendar, a chart) or whose list is empty today is exactly that. A missing page
says so, or matches the probe, or points its canonical home.

A message box beside a sign-in form of the main content (a password field, and a form that
posts to a sign-in URL or names a sign-in in its markup) is that form's message: "wrong user
name or password" after a failed attempt, or the boxes a script shows when one fails.
Its words make no soft 404; the page is a sign-in page.
"""

from __future__ import annotations

from collections.abc import Sequence

from gatewatch.crawler.detectors.model import ProbeResult, Signals, Verdict
from gatewatch.crawler.detectors.rules import Signal, decide
from gatewatch.crawler.detectors.settings import DetectorSettings
from gatewatch.crawler.fingerprint import distance

SOFT_404_SIGNALS = {
    "probe_match": Signal("probe", strong=True),
    "heading_not_found": Signal("wording", strong=True),
    "heading_not_found_words": Signal("wording", strong=True),
    "content_not_found": Signal("wording", strong=True),
    "expired_link": Signal("wording", strong=True),
    "script_not_found": Signal("wording", strong=True),
    "framework_404": Signal("markup", strong=True),
    "code_not_found": Signal("code", strong=True),
    "placeholder_title": Signal("template", strong=True),
    "placeholder_text": Signal("template", strong=True),
    "empty_main": Signal("content", strong=True),
    "create_offer": Signal("wiki", strong=True),
    "box_not_found": Signal("wording", strong=True),
    "message_not_found": Signal("wording", strong=True),
    "thin_main": Signal("content", strong=False),
    "thin_prose": Signal("content", strong=False),
    "error_markup": Signal("markup", strong=False),
    "error_box": Signal("markup", strong=False),
    "server_signature": Signal("signature", strong=False),
    "error_heading": Signal("markup", strong=False),
    "noindex": Signal("robots", strong=False),
    "canonical_home": Signal("canonical", strong=False),
    "slug_mismatch": Signal("url", strong=False),
    "pagination": Signal("url", strong=False),
    "empty_results": Signal("listing", strong=False),
    "redirected": Signal("redirect", strong=False),
}


def probe_match(
    signals: Signals, probes: Sequence[ProbeResult], settings: DetectorSettings
) -> tuple[str, str] | None:
    """("probe_match" or "probe_login_match", evidence) if the page looks like a probe.

    Only probes that show a template are compared: answered at the probe's own URL, or
    redirected to a page that is itself an error or login page. A probe sent to an ordinary
    page (a category, the home page) says nothing about pages that look like that page, nor
    does a probe that got the page it came from ("source") or the page the software shows
    without the parameter ("default": the value fell back to its default).
    """
    for probe in probes:
        if probe.kind != "random" or probe.final_status is None or probe.final_status >= 500:
            continue
        redirected = probe.status is not None and 300 <= probe.status < 400
        if probe.looks_like in ("home", "empty", "source", "default") or (
            redirected and probe.looks_like == "page"
        ):
            continue
        if redirected and signals.url == probe.final_url:
            continue
        if not signals.simhash or not probe.simhash:
            continue  # no text, no fingerprint: two empty pages are not one template
        bits = distance(signals.simhash, probe.simhash)
        if bits <= settings.probe_max_distance:
            code = "probe_login_match" if probe.looks_like == "login" else "probe_match"
            return code, f"{bits} bits from {probe.url} ({probe.status})"
    return None


def soft_404(
    signals: Signals, probes: Sequence[ProbeResult], settings: DetectorSettings
) -> Verdict | None:
    if signals.start or signals.status is None or not 200 <= signals.status < 300:
        return None
    found = dict(signals.found)
    if _beside_sign_in_form(found):
        for code in BOX_WORDING:
            if str(found.get(code, "")).startswith("box "):
                del found[code]
        found.pop("box_not_found", None)
    matched = probe_match(signals, probes, settings)
    if matched and matched[0] == "probe_match":
        found["probe_match"] = matched[1]
    verdict = decide("soft_404", found, SOFT_404_SIGNALS)
    if verdict is not None and _families(verdict) == EMPTY_AND_NOINDEX:
        return None
    return verdict


EMPTY_AND_NOINDEX = frozenset({"content", "robots"})
BOX_WORDING = ("message_not_found",)  # also read from a box: its evidence starts with "box "


def _beside_sign_in_form(found: dict) -> bool:
    """A visible password field in the main content, in a form that signs in by its action or
    its markup."""
    return "password_main" in found and ("login_action" in found or "login_markup" in found)


def _families(verdict: Verdict) -> frozenset[str]:
    return frozenset(SOFT_404_SIGNALS[code].family for code in verdict.reasons)
