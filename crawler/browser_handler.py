"""scrapy-playwright's download handler, started when a page is first rendered, rendering
each page through crawler.browser_page.

Its own handler starts Playwright (a Node.js driver process) when the crawl starts. Here
that waits for the first request marked `meta["playwright"]`, so a crawl that renders
nothing starts neither the driver nor the browser; every other request goes through
Scrapy's HTTP handler, which this handler extends, as before. scrapy-playwright launches and
closes the browser; a page is rendered by crawler.browser_page.render_page (a context per
page, one deadline for the whole render, the crawl's rules on every request the page makes),
not by scrapy-playwright's own download, which has no overall deadline.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from scrapy.http import HtmlResponse
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

from gatewatch.crawler.browser_page import BrowserPolicy, CrawlEnded, RenderedPage, render_page
from gatewatch.crawler.rendering import (
    PAGES_AT_ONCE,
    RENDER_SETTLE,
    RENDER_TIMEOUT,
    ChromiumMissing,
    check_chromium,
    chromium_path,
    warn_without_sandbox,
)

logger = logging.getLogger(__name__)
CLOSING_POLL_SECONDS = 0.5


class LazyPlaywrightHandler(ScrapyPlaywrightDownloadHandler):
    """scrapy-playwright's download handler, starting Playwright and the browser at the
    first request to render instead of when the crawl starts."""

    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self._started: asyncio.Future | None = None
        self._policy: BrowserPolicy | None = None
        self._tabs: asyncio.Semaphore | None = None

    async def _maybe_launch_in_thread(self) -> None:  # the engine started: not yet
        return None

    def _engine_started(self):  # the same, on Scrapy's older handler interface
        return None

    async def _download_request(self, request, spider=None):
        if self._started is None:
            self._started = asyncio.ensure_future(self._start_browser())
        await self._started
        await self._maybe_launch_browser()
        render = asyncio.ensure_future(self._render(request, spider or self._crawler.spider))
        closing = asyncio.ensure_future(self._crawl_closing())
        await asyncio.wait({render, closing}, return_when=asyncio.FIRST_COMPLETED)
        closing.cancel()
        if not render.done():  # the crawl is ending (time limit, SIGTERM): do not wait
            render.cancel()
            with contextlib.suppress(BaseException):
                await render
            raise CrawlEnded("not rendered: crawl ended")
        rendered = render.result()
        body = rendered.html.encode("utf-8")
        return HtmlResponse(
            url=rendered.url, status=rendered.status, body=body, encoding="utf-8",
            request=request, flags=["playwright"],
        )  # fmt: skip

    async def _render(self, request, spider) -> RenderedPage:
        options = spider.options
        meta = request.meta
        if self._tabs is None:
            self._tabs = asyncio.Semaphore(PAGES_AT_ONCE)
        async with self._tabs:
            return await render_page(
                self.browser,
                request.url,
                user_agent=options.user_agent,
                policy=self._browser_policy(spider),
                timeout=meta[RENDER_TIMEOUT],
                settle_seconds=meta[RENDER_SETTLE],
                max_bytes=options.max_page_bytes,
                count=lambda name: self.stats.inc_value(f"gatewatch/browser/{name}"),
            )

    async def _crawl_closing(self) -> None:
        """Returns once the crawl is closing: Scrapy waits for every download in progress
        before it closes, and a render may have many seconds to go."""
        while self._crawler.crawling:
            slot = getattr(self._crawler.engine, "_slot", None)
            if slot is not None and getattr(slot, "closing", None) is not None:
                return
            await asyncio.sleep(CLOSING_POLL_SECONDS)

    async def _start_browser(self) -> None:
        """Playwright, once chromium is known to be there (else one clear line, and each
        page to render fails with it: the pages are kept, flagged needs_rendering)."""
        path = self.config.launch_options.get("executable_path") or chromium_path()
        try:
            check_chromium(path)
        except ChromiumMissing as error:
            logger.error("%s", error)
            raise
        self.stats.set_value("gatewatch/browser_started", time.time())
        warn_without_sandbox()
        await self._launch()

    def _browser_policy(self, spider) -> BrowserPolicy:
        if self._policy is None:
            options = spider.options
            frontier = spider.frontier

            def robots_allows(url: str) -> bool:
                robots = getattr(frontier, "robots", None)
                return robots is None or robots.allows(url, options.user_agent)

            self._policy = BrowserPolicy(
                options.start_url, options.www_equivalent, options.render_allow_hosts,
                robots_allows,
            )  # fmt: skip
        return self._policy
