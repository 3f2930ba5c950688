"""`gatewatch check URL`: fetch one URL and its probes, and explain what the detectors conclude.

Like a search engine's URL inspection: the status, each redirect hop, what the page shows,
how the site answers URLs of the same shape that cannot exist, and the verdict. A plain
blocking HTTP client is enough for a handful of requests, and keeps Scrapy's reactor out.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from gatewatch.crawler.address_guard import addresses_of, is_public, may_fetch
from gatewatch.crawler.check_render import CheckBrowser, RenderChange
from gatewatch.crawler.detection import worded_without_render
from gatewatch.crawler.detectors import (
    DEFAULT_SETTINGS,
    ProbeResult,
    Signals,
    Verdict,
    conclude,
    defaulted_parameter,
    echoes_source,
    probe_result,
    probe_urls,
    redirect_loop,
    redirect_verdicts,
    signals,
)
from gatewatch.crawler.fingerprint import distance
from gatewatch.crawler.headers import charset, is_html
from gatewatch.crawler.options import DEFAULT_USER_AGENT
from gatewatch.crawler.parse import ParsedPage, parse_html
from gatewatch.crawler.urls import InvalidURL, SiteScope, normalize_url, origin_of

MAX_BYTES = 5 * 1024 * 1024


class CheckError(Exception):
    """The URL could not be checked at all (unusable URL)."""


@dataclass
class Hop:
    url: str
    status: int | None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    error: str | None = None

    @property
    def location(self) -> str | None:
        return self.headers.get("location")


@dataclass
class Probe:
    result: ProbeResult
    hops: list[Hop]
    distance: int | None  # simhash bits between the probe's page and the checked page


@dataclass
class CheckResult:
    url: str
    hops: list[Hop]
    signals: Signals | None
    probes: list[Probe]
    verdicts: list[Verdict]
    rendered: RenderChange | None = None  # what rendering changed, when the page was rendered
    raw_verdicts: list[Verdict] = field(default_factory=list)  # from the raw HTML, if rendered

    @property
    def final(self) -> Hop:
        return self.hops[-1]

    def to_json(self) -> dict:
        return {
            "url": self.url,
            "status": self.hops[0].status,
            "final_url": self.final.url,
            "final_status": self.final.status,
            "error": self.final.error,
            "redirects": [
                {"url": hop.url, "status": hop.status, "location": hop.location}
                for hop in self.hops[:-1]
            ],
            "signals": self.signals.found if self.signals else {},
            "probes": [
                {**probe.result.to_json(), "distance": probe.distance} for probe in self.probes
            ],
            "verdicts": [verdict.to_json() for verdict in self.verdicts],
            "rendered": self.rendered.to_json() if self.rendered else None,
            "raw_verdicts": [verdict.to_json() for verdict in self.raw_verdicts],
        }


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # every hop is answered to us, as in the crawl


def fetch(url: str, user_agent: str, timeout: float) -> Hop:
    opener = urllib.request.build_opener(_NoRedirects)
    request = urllib.request.Request(url, headers={"User-Agent": user_agent})
    try:
        with opener.open(request, timeout=timeout) as response:
            return Hop(url, response.status, _headers(response.headers), response.read(MAX_BYTES))
    except urllib.error.HTTPError as answer:
        body = answer.read(MAX_BYTES) if answer.fp is not None else b""
        return Hop(url, answer.code, _headers(answer.headers), body)
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return Hop(url, None, error=f"{error.__class__.__name__}: {reason}"[:300])


def _headers(message) -> dict[str, str]:
    headers: dict[str, str] = {}
    for name, value in message.items():
        name = name.lower()
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    return headers


def hop_guard(start_url: str) -> Callable[[str], str | None]:
    """Why a redirect's target is not fetched (None: it may be), as in the crawl
    (crawler.address_guard): an address that is not public, unless the checked site is on one
    and the target is on the same site. The URL the user names is fetched wherever it is."""
    scope = SiteScope(start_url)
    site_private = not all(map(is_public, addresses_of(urlsplit(start_url).hostname or "")))

    def refusal(url: str) -> str | None:
        host = urlsplit(url).hostname or ""
        for address in addresses_of(host):
            if not may_fetch(url, address, scope, site_private, allow_all=False):
                return (
                    f"not fetched: {host} is {address}, a private, loopback or link-local "
                    "address (a redirect named it)"
                )
        return None

    return refusal


def follow(
    url: str,
    user_agent: str,
    timeout: float,
    max_redirects: int,
    guard: Callable[[str], str | None] | None = None,
) -> list[Hop]:
    """Every hop from `url` to the answer that is not a redirect (or a loop, or the cap).
    `guard` says why a redirect's target is not to be fetched: the hop then ends there."""
    hops = [fetch(url, user_agent, timeout)]
    seen = {url}
    while len(hops) <= max_redirects:
        hop = hops[-1]
        if hop.status is None or not 300 <= hop.status < 400 or not hop.location:
            break
        try:
            target = normalize_url(urljoin(hop.url, hop.location))
        except InvalidURL:
            break
        if target in seen:
            hops.append(Hop(target, None, error="redirect loop"))
            break
        seen.add(target)
        refusal = guard(target) if guard is not None else None
        if refusal is not None:
            hops.append(Hop(target, None, error=refusal))
            break
        hops.append(fetch(target, user_agent, timeout))
    return hops


@dataclass
class FetchProbe:
    """Fetch one probe URL hop by hop and fingerprint where it lands: (hops, result)."""

    start_url: str
    user_agent: str
    timeout: float
    max_redirects: int
    guard: Callable[[str], str | None]
    browser: CheckBrowser

    def __call__(self, kind: str, probe_url: str) -> tuple[list[Hop], ProbeResult]:
        probe_hops = follow(
            probe_url, self.user_agent, self.timeout, self.max_redirects, self.guard
        )
        landed = probe_hops[-1]
        landed_signals, rendered = _read(landed, self.start_url, self.browser)
        # the page it was judged by, rendered or not, as a crawl's probe (Detection.add_probe)
        page = rendered.rendered_page if rendered is not None else _page(landed)
        result = probe_result(
            probe_url, kind, probe_hops[0].status, landed.url, landed.status,
            landed_signals, page.main_text if page is not None else "",
        )  # fmt: skip
        return probe_hops, result


def _page(hop: Hop) -> ParsedPage | None:
    content_type = hop.headers.get("content-type")
    if hop.status is None or not is_html(content_type, hop.body):
        return None
    return parse_html(hop.body, charset(content_type))


def _signals(hop: Hop, start_url: str, browser: CheckBrowser | None = None) -> Signals | None:
    return _read(hop, start_url, browser)[0]


def _read(
    hop: Hop, start_url: str, browser: CheckBrowser | None
) -> tuple[Signals | None, RenderChange | None]:
    """The hop's signals, from the page the browser renders when it is rendered."""
    if hop.status is None:
        return None, None
    if browser is None:
        return signals(hop.url, hop.status, hop.headers, _page(hop), start_url), None
    return browser.read(hop.url, hop.status, hop.headers, hop.body, _page(hop), start_url)


def check_url(
    url: str,
    user_agent: str = DEFAULT_USER_AGENT,
    timeout: float = 30.0,
    max_redirects: int = 10,
    render: str = "auto",
) -> CheckResult:
    """Fetch `url` (hop by hop), the site's home page and the probes of its shape; conclude.
    `render`: auto renders a client-rendered app's shell in headless chromium (and probes of
    its shape), always every HTML page, never none (a shell is then not judged)."""
    try:
        url = normalize_url(url)
    except InvalidURL as error:
        raise CheckError(f"not an http(s) URL: {error}") from None
    start_url = origin_of(url) + "/"
    browser = CheckBrowser(render, start_url, user_agent, timeout)
    try:
        return _check(url, start_url, user_agent, timeout, max_redirects, browser)
    finally:
        browser.close()


def _check(url, start_url, user_agent, timeout, max_redirects, browser) -> CheckResult:
    guard = hop_guard(start_url)
    hops = follow(url, user_agent, timeout, max_redirects, guard)
    final = hops[-1]
    final_signals, rendered = _read(final, start_url, browser)
    home = None
    if final_signals is not None and not final_signals.start:
        home_hop = follow(start_url, user_agent, timeout, max_redirects, guard)[-1]
        home = _signals(home_hop, start_url, browser)
    fetch = FetchProbe(start_url, user_agent, timeout, max_redirects, guard, browser)
    probes = []
    for kind, probe_url in probe_urls(url):
        probe_hops, result = fetch(kind, probe_url)
        if final.url == url:
            result = echoes_source(result, url, final_signals, DEFAULT_SETTINGS.probe_max_distance)
        bits = None
        if final_signals is not None and final_signals.simhash and result.simhash:
            bits = distance(final_signals.simhash, result.simhash)
        probes.append(Probe(result, probe_hops, bits))
    results = defaulted_parameter(
        [probe.result for probe in probes], DEFAULT_SETTINGS.probe_max_distance
    )
    for probe, result in zip(probes, results, strict=True):
        probe.result = result
    first = hops[0]
    verdicts: list[Verdict] = []
    still_moving = final.status is not None and 300 <= final.status < 400 and final.location
    if len(hops) > max_redirects and still_moving:
        evidence = {"hops": f"still redirecting after {max_redirects} redirects"}
        verdicts.append(Verdict("redirect_chain_too_long", ("hops",), evidence))
    elif first.status is not None and 300 <= first.status < 400:
        loop = redirect_loop([hop.url for hop in hops])
        if loop is not None or final.error == "redirect loop":
            verdicts.append(loop or Verdict("redirect_loop", ("loop",), {"loop": final.url}))
        else:
            # (the probes of its shape were made from this very redirect: they vary what it may
            # ignore, so it is judged by the host's probe, as a crawl judges its shape's source)
            host_probe = fetch(*probe_urls(f"{start_url}gatewatch-probe")[0])[1]
            verdicts += redirect_verdicts(
                url, first.status, final.url, start_url, target=final_signals,
                probes=[host_probe],
            )  # fmt: skip
    if final_signals is not None:
        judged = conclude(final_signals, results, home=home)
        if "not_rendered" in final_signals.found:
            judged = worded_without_render(final_signals, judged, results, home=home)
        verdicts += judged
    raw_verdicts = conclude(rendered.raw_signals, results, home=home) if rendered else []
    return CheckResult(url, hops, final_signals, probes, verdicts, rendered, raw_verdicts)
