"""The spider: robots.txt first, then sitemaps and the start page, then links, breadth-first.

Scrapy's redirect, retry-on-status, robots, offsite, depth and duplicate components are off:
every hop of a redirect, every 429 and every disallowed URL must be recorded, not hidden.

Each concern of the crawl is a part of its own, mixed in here: robots.txt
(crawler.robots_pages), sitemaps (crawler.sitemap_pages), pages (crawler.page_responses),
probes (crawler.probe_pages), waits on 429 and 503 (crawler.throttle_waits) and rendering
(crawler.rendering). This module holds what they share, the queue that feeds Scrapy from
the frontier, and the crawl's end. What a request carries to its callback is typed
(crawler.request_info); what the crawl records, too (storage.rows).
"""

from __future__ import annotations

import logging
import time
from collections import deque

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from sqlalchemy.exc import DBAPIError

from gatewatch.crawler import limits
from gatewatch.crawler.detection import Detection
from gatewatch.crawler.detectors.settings import settings_from_mapping
from gatewatch.crawler.frontier import Frontier
from gatewatch.crawler.limits import LimitCounts
from gatewatch.crawler.options import CrawlOptions
from gatewatch.crawler.page_reader import LinkLimits, PageReaders, default_workers
from gatewatch.crawler.page_responses import PageResponses
from gatewatch.crawler.probe_pages import ProbePages
from gatewatch.crawler.rendering import Renderer, RenderPages
from gatewatch.crawler.request_info import PageFetch
from gatewatch.crawler.robots_pages import RobotsPages
from gatewatch.crawler.sitemap_pages import SitemapPages
from gatewatch.crawler.templates import LinkTemplates
from gatewatch.crawler.throttle_waits import ThrottleWaits
from gatewatch.storage.database import database_problem

logger = logging.getLogger(__name__)

# Pages wait in the frontier, four bytes each, and are handed to Scrapy when fewer than this
# are in its queue or being fetched: held as Scrapy requests, a level of 100,000 links would
# cost more memory than the rest of the crawl.
QUEUE_LOW, QUEUE_BATCH = 200, 500


class SiteSpider(
    RobotsPages,
    SitemapPages,
    PageResponses,
    ProbePages,
    ThrottleWaits,
    RenderPages,
    scrapy.Spider,
):
    """Crawls one site into one run."""

    name = "gatewatch"

    def __init__(
        self, options: CrawlOptions, writer, on_robots=None, on_honesty=None, **kwargs
    ) -> None:
        super().__init__(**kwargs)
        self.options = options
        self.writer = writer
        self.on_robots = on_robots
        self.on_honesty = on_honesty
        self.detection = (
            Detection(
                options.start_url,
                options.max_probe_shapes_per_host,
                settings_from_mapping(options.detector_settings),
            )
            if options.detect
            else None
        )
        self.probe_count = 0
        self.bare_probes_due: set[str] = set()  # shapes whose bare probe has not answered yet
        self.probe_rows_waiting: dict[str, tuple] = {}  # their random probe's row, by shape
        self.readers = PageReaders(
            default_workers() if options.parse_workers is None else options.parse_workers,
            options.start_url,
            options.detector_settings if options.detect else None,
            limits=LinkLimits(options.max_links_per_page, options.max_url_length),
        )
        self.frontier = Frontier(options, writer.add)
        self.renderer = Renderer(options.render, options.render_max_pages, options.render_timeout)
        self.sitemap_ids: dict[str, int] = {}
        self.sitemap_urls = 0  # recorded in this run, every sitemap together
        self.sitemaps_refused = 0
        self.sitemap_files = 0  # sitemap requests made in this run: at most max_sitemap_files
        self.sitemap_queue: deque = deque()  # sitemap requests not sent yet
        self.sitemaps_in_flight = 0
        self.limit_counts = LimitCounts()
        self.templates = LinkTemplates()
        self.start_id: int | None = None
        self.fetched = 0
        self.errors = 0
        self.pending_retries = 0  # throttled pages waiting for their time (crawler.throttle_waits)
        self.started = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.keep_alive, signal=signals.spider_idle)
        return spider

    async def start(self):
        yield self._robots_request()  # then crawler.robots_pages queues the rest

    # ---- the queue: pages wait in the frontier until Scrapy's queue runs low

    def _top_up(self) -> list:
        # Scrapy's queue length lags behind: requests returned by callbacks are queued later
        if not self.frontier.waiting or self.frontier.fetching >= QUEUE_LOW:
            return []
        return self._next_requests(QUEUE_BATCH)

    def _next_requests(self, count: int, links_done: bool = False) -> list:
        batch = self.frontier.next_to_fetch(count, links_done)
        if not batch:
            return []
        urls = self.writer.url_texts([url_id for url_id, _ in batch])
        return [
            self._page_request(urls[url_id], PageFetch(url_id=url_id), depth)
            for url_id, depth in batch
        ]

    def keep_alive(self, spider):
        # idle and no retry to wait for: no page is being fetched, whatever the frontier counts
        requests = self._next_requests(QUEUE_BATCH, links_done=not self.pending_retries)
        for request in requests:
            self.crawler.engine.crawl(request)
        if requests:
            raise DontCloseSpider("fetching the waiting pages")
        if self.pending_retries > 0:
            raise DontCloseSpider("waiting to retry throttled URLs")

    # ---- the end

    def closed(self, reason: str) -> None:
        try:
            self._finish(reason)
        except DBAPIError as error:  # dropped or unreachable: the run's end says so
            logger.error("the database failed at the crawl's end: %s", database_problem(error))

    def _finish(self, reason: str) -> None:
        self.readers.close()
        self.record_waiting_renders()
        if self.detection is not None:
            self.record_waiting_probes()
        self.limit_counts.add(limits.URLS_NOT_RECORDED, self.frontier.not_recorded)
        self.limit_counts.add(limits.URL_TOO_LONG, self.frontier.too_long)
        self.limit_counts.save(self.crawler.stats)
        if self.start_id is not None:
            self.writer.update_depths(self.frontier.depth_corrections(self.start_id))
        if self.detection is None and self.renderer.records:
            self.writer.update_verdicts(
                [(c.url_id, "rendered", c.verdicts_json()) for c in self.render_conclusions([])]
            )
        if self.detection is not None:
            try:
                self._conclude()
            except Exception as error:  # the crawl's records are kept; say what is missing
                logger.exception("the detectors failed; pages are recorded without verdicts")
                self.crawler.stats.set_value(
                    "gatewatch/detection_error", f"{error.__class__.__name__}: {error}"[:500]
                )
        self.writer.flush()

    def _conclude(self) -> None:
        conclusions = self.render_conclusions(list(self.detection.conclusions()))
        self.writer.update_verdicts(
            [
                (found.url_id, " ".join(found.new_flags), found.verdicts_json())
                for found in conclusions
            ]
        )
        if self.on_honesty:
            self.on_honesty(self.detection.honesty())
