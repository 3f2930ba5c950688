"""Soft 403: an access-denied page ("403 Forbidden", "You don't have permission to access this
resource") served with 2xx. Not a login wall: it asks nobody to sign in, and its fix is to
answer 403 (or 404).

Strong signals: the title or h1 says access is denied, an access-denied sentence leads a
short content or stands in a message box. Weak ones: thin content (or thin prose: an error
page whose stack trace makes it long; or a short content whose first line says the title's
denial again: a block page that explains itself), noindex, error markup, an error box, an
"Error" heading.
A page that also asks the visitor to sign in is a login wall (login.py), not this.
"""

from __future__ import annotations

from gatewatch.crawler.detectors.model import Signals, Verdict
from gatewatch.crawler.detectors.rules import Signal, decide

SOFT_403_SIGNALS = {
    "access_denied": Signal("wording", strong=True),
    "access_denied_text": Signal("wording", strong=True),
    "box_access_denied": Signal("wording", strong=True),
    "message_access_denied": Signal("wording", strong=True),
    "permission_denied": Signal("wording", strong=True),
    "signed_in_denial": Signal("wording", strong=True),
    "code_forbidden": Signal("code", strong=True),
    "server_signature": Signal("signature", strong=False),
    "thin_main": Signal("content", strong=False),
    "thin_prose": Signal("content", strong=False),
    "denial_restated": Signal("content", strong=False),
    "noindex": Signal("robots", strong=False),
    "error_markup": Signal("markup", strong=False),
    "error_box": Signal("markup", strong=False),
    "error_heading": Signal("markup", strong=False),
}
NOT_DENIED = ("paywall", "login_page", "auth_page")


def access_denied(signals: Signals) -> Verdict | None:
    if signals.start or signals.status is None or not 200 <= signals.status < 300:
        return None
    if any(code in signals.found for code in NOT_DENIED):
        return None
    return decide("soft_403", signals.found, SOFT_403_SIGNALS)
