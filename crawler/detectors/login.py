"""Soft 401: a login wall served with 2xx (access-denied pages are forbidden.py's).

Strong signals are in the main content: a visible password field, a form that posts to a
sign-in URL, single-sign-on buttons, "please log in" wording, a "401 Unauthorized" or
"Authentication required" heading, a script that sends the visitor to a sign-in URL. A
"Sign in" link in the header is none of these. Weak ones: a sign-in heading, thin content,
noindex, a match with a probe that itself shows a sign-in screen. Never a wall: the sign-in
page itself, registration and password pages, and paywalled pages marked
isAccessibleForFree false (they are meant to be so).
"""

from __future__ import annotations

from collections.abc import Sequence

from gatewatch.crawler.detectors.model import ProbeResult, Signals, Verdict
from gatewatch.crawler.detectors.rules import Signal, decide
from gatewatch.crawler.detectors.settings import DetectorSettings
from gatewatch.crawler.detectors.soft404 import probe_match

LOGIN_WALL_SIGNALS = {
    "password_main": Signal("form", strong=True),
    "login_form": Signal("form", strong=True),
    "login_identifier": Signal("form", strong=True),
    "single_sign_on": Signal("form", strong=True),
    "script_login_redirect": Signal("form", strong=True),
    "login_wording": Signal("wording", strong=True),
    "auth_required": Signal("wording", strong=True),
    "code_unauthorized": Signal("code", strong=True),
    "message_auth_required": Signal("wording", strong=True),
    "signed_out_denial": Signal("wording", strong=True),
    "signed_out": Signal("session", strong=False),
    "server_signature": Signal("signature", strong=False),
    "login_heading": Signal("heading", strong=False),
    "login_action": Signal("action", strong=False),
    "login_markup": Signal("markup", strong=False),
    "thin_main": Signal("content", strong=False),
    "thin_prose": Signal("content", strong=False),
    "noindex": Signal("robots", strong=False),
    "probe_login_match": Signal("probe", strong=False),
}
# (a denial to a visitor signed in as someone is a 403, whatever sign-in form stands beside it)
NOT_A_WALL = ("login_page", "auth_page", "transaction_page", "paywall", "signed_in_denial")


def login_wall(
    signals: Signals,
    probes: Sequence[ProbeResult],
    settings: DetectorSettings,
    home: Signals | None = None,
) -> Verdict | None:
    """`home`: the home page's signals, to tell the site's own header login form (on every
    page of layouts without header/nav markup) from a wall's."""
    if signals.start or signals.status is None or not 200 <= signals.status < 300:
        return None
    if any(code in signals.found for code in NOT_A_WALL):
        return None
    found = _without_site_login_form(dict(signals.found), home)
    heading = found.get("auth_required")
    if heading and heading == found.get("access_denied") and not asks_to_sign_in(found):
        # one heading both lists read: a language says "Unauthorized" and "You have no
        # permission" alike ("Ez duzu baimenik", "Accès non autorisé"); nothing else on the
        # page asks the visitor to sign in, so it is the denial
        del found["auth_required"]
        found.pop("login_wording", None)
    matched = probe_match(signals, probes, settings)
    if matched and matched[0] == "probe_login_match":
        found["probe_login_match"] = matched[1]
    return decide("soft_401", found, LOGIN_WALL_SIGNALS)


def asks_to_sign_in(found: dict) -> bool:
    """Whether the page asks the visitor to sign in by anything but its heading (its words
    read again in the text are the heading's)."""
    heading = str(found.get("auth_required", "")).split(": ", 1)[-1]
    return any(
        code in found and code != "auth_required"
        for code, signal in LOGIN_WALL_SIGNALS.items()
        if signal.strong and not (code == "login_wording" and found.get(code) == heading)
    )


def _without_site_login_form(found: dict, home: Signals | None) -> dict:
    """Drop the password form the home page shows too: it is the site's, not a wall's."""
    if home is None or "password_forms" not in found:
        return found
    on_home = set(home.found.get("password_forms") or ())
    own = [action for action in found["password_forms"] if action not in on_home]
    if len(own) < len(found["password_forms"]) and not own:
        found.pop("password_main", None)
        found.pop("login_form", None)
        found.pop("login_action", None)
        found["site_login_form"] = "the home page shows the same password form"
    return found


def login_body(signals: Signals) -> Verdict | None:
    """A 403 whose body is a sign-in form: the status should be 401 with a challenge."""
    if signals.status != 403 or "login_page" in signals.found:
        return None
    codes = [c for c in ("password_main", "login_form", "single_sign_on") if c in signals.found]
    if not codes or "challenge_page" in signals.found or "challenge_header" in signals.found:
        return None
    return Verdict("login_body", tuple(codes), {code: signals.found[code] for code in codes})
