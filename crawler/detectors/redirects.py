"""Redirects that hide an error: to the home page, to an error or search page, to a login.

The crawler records every hop; these rules judge a chain by its first URL (the source), its
first status and its final URL (the target), with the target page's signals when fetched.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from gatewatch.crawler.detectors import urls
from gatewatch.crawler.detectors.model import ProbeResult, Signals, Verdict
from gatewatch.crawler.detectors.rules import Signal, decide
from gatewatch.crawler.detectors.settings import DEFAULT_SETTINGS, DetectorSettings
from gatewatch.crawler.detectors.soft404 import SOFT_404_SIGNALS
from gatewatch.crawler.detectors.urls import urlsplit

REDIRECT_LOGIN_SIGNALS = {
    "login_url": Signal("url", strong=True),
    "identity_provider": Signal("url", strong=True),
    "return_parameter": Signal("return", strong=False),
    "target_sign_in": Signal("target", strong=False),
    "private_source": Signal("source", strong=False),
}
REDIRECT_SOFT_404_SIGNALS = {
    **SOFT_404_SIGNALS,
    "probe_final_url": Signal("probe", strong=True),
    "error_url": Signal("target url", strong=True),
    "redirect_to_search": Signal("redirect", strong=True),
    "redirected": Signal("redirect", strong=False),
}
SIGN_IN_CODES = ("login_page", "password_main", "login_form", "single_sign_on")


def _path(url: str) -> str:
    return urlsplit(url).path.rstrip("/") or "/"


def _same_page(a: str, b: str) -> bool:
    """Same page give or take scheme, www, trailing slash and case."""
    return urls.same_site(a, b) and _path(a).lower() == _path(b).lower()


def redirect_verdicts(
    source_url: str,
    status: int,
    target_url: str | None,
    start_url: str,
    *,
    target: Signals | None = None,
    probes: Sequence[ProbeResult] = (),
    settings: DetectorSettings = DEFAULT_SETTINGS,
) -> list[Verdict]:
    """Verdicts on a redirect from `source_url`, whose chain ends at `target_url`.

    `target` is the signals of the final page when it was fetched; `probes` are the probes of
    the source's shape. Flags: redirect_login, redirect_home, soft_404.
    """
    if target_url is None or not 300 <= status < 400 or _same_page(source_url, target_url):
        return []
    if urls.login_path(source_url, settings) or urls.auth_path(source_url, settings):
        return []  # /login -> /login/, /logout -> /: the site's own sign-in flow
    login = _redirect_login(source_url, target_url, target, settings)
    if login:
        return [login]
    if urls.is_home(source_url, start_url, settings):
        return []
    if urls.is_home(target_url, start_url, settings) and urls.same_site(source_url, target_url):
        evidence = {"redirect_to_home": f"{status} to {target_url}"}
        if any(p.kind == "random" and p.looks_like == "home" for p in probes):
            evidence["probe_to_home"] = "URLs that cannot exist go there too"
        return [Verdict("redirect_home", tuple(evidence), evidence)]
    soft = _redirect_soft_404(source_url, status, target_url, target, probes, settings)
    return [soft] if soft else []


def _redirect_login(source_url, target_url, target, settings) -> Verdict | None:
    found: dict[str, object] = {}
    login = urls.login_path(target_url, settings)
    if login:
        found["login_url"] = login
    provider = urls.identity_provider(target_url, settings)
    if provider and (
        provider != urls.host(target_url) or not urls.same_site(source_url, target_url)
    ):
        found["identity_provider"] = provider
    parameter = urls.return_parameter(target_url, settings)
    if parameter:
        found["return_parameter"] = parameter
    if target is not None and any(code in target.found for code in SIGN_IN_CODES):
        found["target_sign_in"] = next(c for c in SIGN_IN_CODES if c in target.found)
    private = urls.private_path(source_url, settings)
    if private:
        found["private_source"] = private
    return decide("redirect_login", found, REDIRECT_LOGIN_SIGNALS)


# a probe that answered what its source or the URL without the parameter answers (probe.py)
IGNORED_VALUE = ("source", "default")


def _redirect_soft_404(source_url, status, target_url, target, probes, settings):
    found: dict[str, object] = {"redirected": f"{status} to {target_url}"}
    if target is not None and target.status is not None and 200 <= target.status < 300:
        found.update(target.found)
    for probe in probes:
        if (
            probe.kind == "random"
            and probe.looks_like not in IGNORED_VALUE  # (the value it varied is ignored)
            and probe.status is not None
            and 300 <= probe.status < 400
            and probe.final_url
            and _same_page(probe.final_url, target_url)
        ):
            found["probe_final_url"] = f"{probe.url} also ends at {_path(target_url)}"
            break
    error = urls.error_path(target_url)
    if error and not urls.error_path(source_url):
        found["error_url"] = error
    search = urls.search_page(target_url, settings)
    if search and not urls.search_page(source_url, settings):
        found["redirect_to_search"] = search
    return decide("soft_404", found, REDIRECT_SOFT_404_SIGNALS)


def redirect_loop(chain: Sequence[str]) -> Verdict | None:
    """A chain that comes back to a URL it has already visited."""
    seen: set[str] = set()
    for url in chain:
        if url in seen:
            return Verdict("redirect_loop", ("loop",), {"loop": " -> ".join(chain[:10])})
        seen.add(url)
    return None


def shared_redirect_targets(
    redirects: Iterable[tuple[str, str]],
    start_url: str,
    settings: DetectorSettings = DEFAULT_SETTINGS,
) -> dict[str, Verdict]:
    """Run level: removed URLs that all redirect to one unrelated page are soft 404s.

    `redirects` are (source, final target) pairs of the run's redirect chains. A target that
    at least `shared_target_min_sources` sources reach, none of them naming it (a renamed
    page keeps words of its old URL), is no replacement for them. The home page and sign-in
    pages are left to redirect_home and redirect_login. Returns {source: verdict}.
    """
    by_target: dict[str, list[str]] = defaultdict(list)
    for source, target in redirects:
        if (
            _same_page(source, target)
            or urls.is_home(target, start_url, settings)
            or urls.login_path(target, settings)
            or urls.login_path(source, settings)
            or not urls.same_site(source, target)
        ):
            continue
        target_words = urls.slug_words(target) | set(urls.segments(target))
        if urls.slug_words(source) & target_words:
            continue
        by_target[target].append(source)
    verdicts = {}
    for target, sources in by_target.items():
        if len(set(sources)) < settings.shared_target_min_sources:
            continue
        for source in sources:
            evidence = {
                "shared_redirect_target": f"{len(set(sources))} URLs redirect to {target}",
                "redirected": target,
            }
            verdicts[source] = Verdict("soft_404", tuple(evidence), evidence)
    return verdicts
