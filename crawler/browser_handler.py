"""scrapy-playwright's download handler, started when a page is first rendered.

Its own handler starts Playwright (a Node.js driver process) when the crawl starts. Here
that waits for the first request marked `meta["playwright"]`, so a crawl that renders
nothing starts neither the driver nor the browser; every other request goes through
Scrapy's HTTP handler, which this handler extends, as before.
"""

from __future__ import annotations

import asyncio
import time

from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler


class LazyPlaywrightHandler(ScrapyPlaywrightDownloadHandler):
    """scrapy-playwright's download handler, starting Playwright and the browser at the
    first request to render instead of when the crawl starts."""

    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self._started: asyncio.Future | None = None

    async def _maybe_launch_in_thread(self) -> None:  # the engine started: not yet
        return None

    def _engine_started(self):  # the same, on Scrapy's older handler interface
        return None

    async def _download_request(self, request, spider=None):
        if self._started is None:
            self.stats.set_value("gatewatch/browser_started", time.time())
            self._started = asyncio.ensure_future(self._launch())
        await self._started
        return await super()._download_request(request, spider)
