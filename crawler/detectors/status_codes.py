"""Misused status codes: 401 without a challenge, bot shields, 403/404 as rate limiting."""

from __future__ import annotations

from gatewatch.crawler.detectors.model import Signals, Verdict

SHIELD_STATUSES = (403, 429, 503)
RATE_LIMIT_STATUSES = (403, 404)


def missing_challenge(signals: Signals) -> Verdict | None:
    """A 401 must carry WWW-Authenticate (RFC 9110): without it clients cannot recover."""
    if signals.status == 401 and signals.found.get("www_authenticate") is False:
        return Verdict("missing_challenge", ("no_www_authenticate",), {"no_www_authenticate": 401})
    return None


def bot_shield(signals: Signals) -> Verdict | None:
    """A 403/429/503 from a bot shield or WAF: not the site's verdict on the page.

    The shield's own header (cf-mitigated, x-datadome...) is enough; a challenge page or a
    WAF reference id needs a second sign (the shield's server header or the other one).
    """
    if signals.status not in SHIELD_STATUSES:
        return None
    found = signals.found
    codes = [
        code
        for code in ("challenge_header", "challenge_page", "waf_reference", "shield_server")
        if code in found
    ]
    decisive = "challenge_header" in codes or (
        ("challenge_page" in codes or "waf_reference" in codes) and len(codes) >= 2
    )
    if not decisive:
        return None
    return Verdict("bot_shield", tuple(codes), {code: found[code] for code in codes})


def disguised_rate_limit(signals: Signals) -> Verdict | None:
    """A 403 or 404 that is really a rate limit: it should be a 429 with Retry-After.

    Sound signs only: rate-limit headers (Retry-After, a RateLimit-Remaining of 0) or a
    rate-limit heading. A burst of 403s alone could be anything.
    """
    if signals.status not in RATE_LIMIT_STATUSES:
        return None
    codes = [c for c in ("rate_limit_header", "rate_limit_text") if c in signals.found]
    if not codes or "challenge_header" in signals.found:
        return None
    return Verdict("disguised_rate_limit", tuple(codes), {c: signals.found[c] for c in codes})
