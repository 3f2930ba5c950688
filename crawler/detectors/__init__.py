"""Detectors: soft 404s, login walls and misused status codes, with reasons and evidence.

Two stages fit a streaming crawl:

1. `signals(url, status, headers, page, start_url)` per response, in the crawl: what the
   response shows. `headers` maps lower-case names to values; `page` is the ParsedPage of
   an HTML body (2xx and 4xx alike) or None. The result is a few hundred bytes of JSON
   (`Signals.to_json()`), to store with the response; `Signals.simhash` is the content
   fingerprint for its BIGINT column.
2. `conclude(signals, probes, home=home_signals)` once the probes of the URL's shape are
   known (at the end of the crawl is simplest): the verdicts, each with reason codes and
   evidence. Pure: run it again after changing the settings, or from `gatewatch check`.

Redirect chains are judged with `redirect_verdicts(source, first_status, final_url, start,
target=final_signals, probes=...)`, and at the end of the run `shared_redirect_targets`
finds unrelated pages many removed URLs redirect to. `ProbePlanner.plan(url)` says which
probe URLs to fetch as HTML pages are met; `probe_result(...)` turns a probe's answer into
the fingerprint `conclude` compares pages with; `shape_honesty` says, for the run's record,
whether a shape answers URLs that cannot exist with a real 404.

    >>> from gatewatch.crawler.parse import parse_html
    >>> page = parse_html(b"<title>Page not found - Shop</title><main><p>Sorry.</p></main>")
    >>> found = signals("https://shop.test/p/1", 200, {}, page, "https://shop.test/")
    >>> [verdict.explain() for verdict in conclude(found)]
    ['soft_404: heading_not_found (title: page not found), empty_main (1), thin_main (1)']
"""

from __future__ import annotations

from collections.abc import Sequence

from gatewatch.crawler.detectors.forbidden import access_denied
from gatewatch.crawler.detectors.login import login_body, login_wall
from gatewatch.crawler.detectors.model import ProbeResult, Signals, Verdict
from gatewatch.crawler.detectors.probe import (
    ProbePlanner,
    defaulted_parameter,
    echoes_source,
    host_key,
    probe_result,
    probe_urls,
    shape_honesty,
    shape_key,
)
from gatewatch.crawler.detectors.redirects import (
    redirect_loop,
    redirect_verdicts,
    shared_redirect_targets,
)
from gatewatch.crawler.detectors.settings import DEFAULT_SETTINGS, DetectorSettings
from gatewatch.crawler.detectors.signals import signals
from gatewatch.crawler.detectors.soft404 import soft_404
from gatewatch.crawler.detectors.status_codes import (
    bot_shield,
    disguised_rate_limit,
    missing_challenge,
)

WORDING = (
    "heading_not_found", "heading_not_found_words", "content_not_found", "script_not_found",
    "code_not_found", "box_not_found", "message_not_found", "expired_link",
)  # fmt: skip
# the codes by which a login wall or an access-denied page says what it is in words
SAYS = (
    "login_wording", "auth_required", "access_denied", "access_denied_text",
    "box_access_denied", "code_unauthorized", "code_forbidden", "message_access_denied",
    "message_auth_required", "permission_denied", "signed_in_denial",
)  # fmt: skip

__all__ = [
    "DEFAULT_SETTINGS",
    "DetectorSettings",
    "ProbePlanner",
    "ProbeResult",
    "Signals",
    "Verdict",
    "conclude",
    "defaulted_parameter",
    "echoes_source",
    "host_key",
    "needs_rendering",
    "probe_result",
    "probe_urls",
    "redirect_loop",
    "redirect_verdicts",
    "shape_honesty",
    "shape_key",
    "shared_redirect_targets",
    "signals",
]


def conclude(
    found: Signals,
    probes: Sequence[ProbeResult] = (),
    settings: DetectorSettings = DEFAULT_SETTINGS,
    home: Signals | None = None,
) -> list[Verdict]:
    """The verdicts on one response, from its signals and its shape's probes.

    `home` is the signals of the site's home page, when known: a password form it shows too
    is the site's header login, not a wall.

    A page is a login wall, an access-denied page or a soft 404, only one of them. A page
    that asks the visitor to sign in is a login wall, even if it also says "access denied".
    When a soft 404's rule holds too, the one whose page says so in words wins (a "not found"
    message next to a header sign-in form is a soft 404); otherwise the wall or the denial
    does, since letting crawlers see the real status fixes both.
    """
    verdicts = [
        verdict
        for check in (missing_challenge, bot_shield, disguised_rate_limit, login_body)
        if (verdict := check(found)) is not None
    ]
    shell = needs_rendering(found)
    if shell is not None:  # what the page is shows only in a browser: no soft 404, no wall
        verdicts.append(shell)
        return verdicts
    closed = login_wall(found, probes, settings, home) or access_denied(found)
    soft = soft_404(found, probes, settings)
    if closed is not None and soft is not None:
        closed_says = any(code in closed.reasons for code in SAYS)
        soft_says = any(code in soft.reasons for code in WORDING)
        verdicts.append(soft if soft_says and not closed_says else closed)
    elif closed is not None or soft is not None:
        verdicts.append(closed or soft)
    return verdicts


def needs_rendering(found: Signals) -> Verdict | None:
    """A client-rendered page read from its shell (crawler.app_shell): not judged. The
    evidence says why it was not rendered (rendering off, the budget spent, a failure)."""
    if "app_shell" not in found.found:
        return None
    codes = tuple(code for code in ("app_shell", "not_rendered") if code in found.found)
    return Verdict("needs_rendering", codes, {code: found.found[code] for code in codes})
