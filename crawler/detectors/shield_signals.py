"""A response's status and headers, and a bot shield's challenge or block page: what they
say before the page's words are read (a 401 without WWW-Authenticate, a CDN's challenge, a
WAF's incident reference, a rate limit). Part of signals.signals()."""

from __future__ import annotations

import re

from gatewatch.crawler.detectors.reading import has_any
from gatewatch.crawler.detectors.settings import Matchers
from gatewatch.crawler.detectors.text import Text, normalise

# Markup of challenge and block pages (not of a login form's reCAPTCHA or Turnstile widget).
CHALLENGE_MARKUP = (
    "cf-challenge", "challenge-form", "challenge-platform", "px-captcha", "cf-wrapper",
    "cf-error-details", "cf-browser-verification",
)  # fmt: skip
WAF_REFERENCE = re.compile(
    r"(ray id|incident id|support id|reference #|event id|request id|block id)\s*[:#]?\s*"
    r"[\w.\-]{6,}",
    re.IGNORECASE,
)
RATE_LIMIT_HEADERS = ("x-ratelimit-remaining", "ratelimit-remaining", "x-rate-limit-remaining")
CHALLENGE_TITLES = ("just a moment", "attention required", "access denied", "403 forbidden")


def status_observations(status, headers, page, settings, match: Matchers, found) -> None:
    """What the status, the headers and a challenge or block page say: an empty
    WWW-Authenticate, a challenge header, a shield server, a challenge page, a WAF's
    reference, a rate limit."""
    if status == 401:
        found["www_authenticate"] = bool((headers.get("www-authenticate") or "").strip())
    for name, value in settings.challenge_headers:
        present = headers.get(name)
        if present is not None and value in present.lower():
            found["challenge_header"] = f"{name}: {present}"[:120]
            break
    server = (headers.get("server") or "").lower()
    vendor = next((v for v in settings.shield_servers if v in server), None)
    if vendor or "cf-ray" in headers:
        found["shield_server"] = vendor or "cloudflare (cf-ray)"
    if page is not None:
        title = normalise(page.title)
        lead = Text.of(f"{page.title or ''} {page.text[: settings.lead_chars]}")
        phrase = match.challenge.search(lead)
        token = next((t for t in page.markup_tokens if has_any(t.lower(), CHALLENGE_MARKUP)), None)
        if phrase or token:
            found["challenge_page"] = phrase or f"markup: {token}"
        reference = WAF_REFERENCE.search(page.text[:2000])
        if reference:
            found["waf_reference"] = reference.group(0)[:80]
        if title.startswith(CHALLENGE_TITLES) and "challenge_page" not in found and vendor:
            found["challenge_page"] = title[:80]
        phrase = match.rate_limit.search(Text.of(f"{page.title or ''} {page.h1 or ''}"))
        if phrase or (
            page.main_word_count <= settings.thin_words
            and match.rate_limit.search(Text.of(page.main_text, settings.lead_chars))
        ):
            found["rate_limit_text"] = phrase or "in content"
    if status in (403, 404):
        for name in RATE_LIMIT_HEADERS:
            if (headers.get(name) or "").strip() == "0":
                found["rate_limit_header"] = f"{name}: 0"
                break
        else:
            if headers.get("retry-after"):
                found["rate_limit_header"] = f"retry-after: {headers['retry-after']}"[:60]
