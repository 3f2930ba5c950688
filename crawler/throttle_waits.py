"""429 and 503: the page is fetched again after the wait the site asks for (Retry-After, or
1, 2, 4... seconds), up to a cap, without blocking the rest of the crawl; past the cap or
`max_retries`, the answer is recorded as it is.

A part of SiteSpider (crawler.spider): Scrapy's retry middleware is off, as it would put
the retry at the back of the queue, where a capped crawl may never reach it.
"""

from __future__ import annotations

import dataclasses

from gatewatch.crawler.headers import header, retry_after_seconds
from gatewatch.crawler.request_info import PageFetch, info_of

THROTTLE_STATUSES = (429, 503)
RETRY_PRIORITY = 1_000


class ThrottleWaits:
    """The spider's waits before fetching a throttled page again."""

    def _retry_later(self, response) -> bool:
        """Whether the page is fetched again later (False: its answer is recorded now)."""
        page: PageFetch = info_of(response)
        if page.attempts > self.options.max_retries:
            return False
        asked = retry_after_seconds(header(response.headers, "Retry-After", 100))
        wait = asked if asked is not None else float(2 ** (page.attempts - 1))
        if wait > self.options.retry_after_cap:
            return False
        again = dataclasses.replace(page, attempts=page.attempts + 1, throttled=page.throttled + 1)
        depth = self.frontier.depth_of(page.url_id)
        request = self._page_request(response.request.url, again, depth, RETRY_PRIORITY)
        from twisted.internet import reactor  # the one Scrapy installed, not a default

        self.pending_retries += 1
        reactor.callLater(wait, self._send_retry, request)
        return True

    def _send_retry(self, request) -> None:
        self.pending_retries -= 1
        if self.crawler.engine.running:
            self.crawler.engine.crawl(request)
