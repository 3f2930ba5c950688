"""One page in headless chromium, under the crawl's rules, for the crawl and for `check`.

Every page gets a browser context of its own (cookies, storage and cache start empty, as a
search engine's renderer does; a context costs a few milliseconds, far less than the page)
and the whole render, from the first byte to the DOM read, is bounded by one deadline: an
app that loops forever after its load event or keeps a request open cannot hold the crawl.
At the deadline the context is closed, which ends its renderer.

What the browser may fetch (BrowserPolicy): GET and HEAD only, from the site's own origins
(scheme, host and port) or the hosts the site's settings allow, nothing robots.txt disallows,
and no image, font or media file. The route only sees a request's first URL; chromium itself
is started behind a proxy that does not exist, bypassed for the allowed origins only
(crawler.rendering.chromium_arguments), so that a redirect of a subresource, a WebSocket or
anything else the route misses cannot connect elsewhere. WebSockets are refused outright.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from gatewatch.storage.url_identity import DEFAULT_PORTS, www_twin

BLOCKED_RESOURCES = frozenset({"image", "font", "media"})
BLOCKED_EXTENSIONS = (".ico", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".woff", ".woff2")
ALLOWED_METHODS = frozenset({"GET", "HEAD"})
CLOSE_SECONDS = 5.0  # closing a context whose renderer loops
# a page's DOM size, read before its HTML is copied out of the browser
DOM_SIZE = "document.documentElement ? document.documentElement.outerHTML.length : 0"


class RenderFailed(Exception):
    """The browser did not show the page: the reason, in one line."""


class CrawlEnded(RenderFailed):
    """The crawl ended (its time limit, SIGTERM) before the page was rendered."""


def origin_of(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of a URL, the port made explicit."""
    split = urlsplit(url)
    scheme = split.scheme.lower()
    try:
        port = split.port
    except ValueError:
        port = None
    return scheme, (split.hostname or "").lower(), port or DEFAULT_PORTS.get(scheme, 0)


def site_origins(
    start_url: str, www_equivalent: bool = True, allow_hosts: Iterable[str] = ()
) -> set[tuple[str, str, int]]:
    """The origins the browser may fetch: the start URL's (and its www twin's), and each
    allowed host (`host` for http and https on their usual ports, or `host:port`)."""
    scheme, host, port = origin_of(start_url)
    hosts = {host, www_twin(host)} if www_equivalent else {host}
    origins = {(scheme, name, port) for name in hosts}
    for allowed in allow_hosts:
        name, _, port_text = allowed.strip().lower().partition(":")
        if port_text.isdigit():
            origins |= {("http", name, int(port_text)), ("https", name, int(port_text))}
        elif name:
            origins |= {("http", name, 80), ("https", name, 443)}
    return origins


class BrowserPolicy:
    """What the browser must not fetch: `refuse(request)` says why, or None when allowed."""

    def __init__(
        self,
        start_url: str,
        www_equivalent: bool = True,
        allow_hosts: Iterable[str] = (),
        robots_allows: Callable[[str], bool] | None = None,
    ) -> None:
        self.origins = site_origins(start_url, www_equivalent, allow_hosts)
        self.robots_allows = robots_allows

    def refuse(self, request: Any) -> str | None:
        split = urlsplit(request.url)
        if split.scheme in ("data", "blob", "about"):
            return None
        if request.resource_type in BLOCKED_RESOURCES:
            return "resource"
        if split.path.lower().endswith(BLOCKED_EXTENSIONS):  # the favicon is not an "image"
            return "resource"
        if origin_of(request.url) not in self.origins:
            return "origin"
        if request.method.upper() not in ALLOWED_METHODS:
            return "method"
        if self.robots_allows is not None and not self.robots_allows(request.url):
            return "robots"
        return None

    def __call__(self, request: Any) -> bool:
        return self.refuse(request) is not None


@dataclass(slots=True)
class RenderedPage:
    url: str  # where the browser ended, after the app's own navigation
    status: int
    headers: dict[str, str]
    html: str


async def render_page(
    browser: Any,
    url: str,
    *,
    user_agent: str,
    policy: BrowserPolicy,
    timeout: float,
    settle_seconds: float,
    max_bytes: int,
    count: Callable[[str], None] = lambda name: None,
) -> RenderedPage:
    """The page as the browser shows it once loaded and settled, in a context of its own,
    all within `timeout + settle_seconds` (RenderFailed otherwise, or for a status not 2xx,
    or a DOM larger than `max_bytes`). `count(name)` counts the browser's requests."""
    context = await browser.new_context(
        user_agent=user_agent, service_workers="block", accept_downloads=False
    )
    try:
        return await asyncio.wait_for(
            _render(context, url, policy, timeout, settle_seconds, max_bytes, count),
            timeout + settle_seconds,
        )
    except TimeoutError:
        raise RenderFailed(
            f"the page did not finish rendering within {timeout + settle_seconds:g} s"
        ) from None
    except RenderFailed:
        raise
    except Exception as error:  # Playwright's: the first line says it
        first_line = (str(error).splitlines() or [""])[0]
        raise RenderFailed(f"{error.__class__.__name__}: {first_line}"[:300]) from None
    finally:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(context.close(), CLOSE_SECONDS)


async def _render(context, url, policy, timeout, settle_seconds, max_bytes, count):
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    async def route(route) -> None:
        refused = policy.refuse(route.request)
        count("requests")
        if refused is None:
            await route.continue_()
        else:
            count(f"blocked/{refused}")
            await route.abort()

    async def refuse_socket(socket) -> None:
        count("blocked/websocket")
        await socket.close()

    await context.route("**", route)
    await context.route_web_socket("**", refuse_socket)
    page = await context.new_page()
    try:
        response = await page.goto(url, wait_until="load", timeout=timeout * 1000)
    except PlaywrightTimeout:
        raise RenderFailed(f"the page did not load within {timeout:g} s") from None
    if response is None:
        raise RenderFailed("the browser got no response")
    if not 200 <= response.status < 300:
        raise RenderFailed(f"the browser got HTTP {response.status}")
    with contextlib.suppress(PlaywrightTimeout):
        await page.wait_for_load_state("networkidle", timeout=settle_seconds * 1000)
    size = await page.evaluate(DOM_SIZE)
    if size > max_bytes:
        raise RenderFailed(f"the rendered page is larger than {max_bytes:,} bytes ({size:,})")
    html = await page.content()
    return RenderedPage(page.url, response.status, await response.all_headers(), html)
