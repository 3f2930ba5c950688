"""The spider: robots.txt first, then sitemaps and the start page, then links, breadth-first.

Scrapy's redirect, retry-on-status, robots, offsite, depth and duplicate components are off:
every hop of a redirect, every 429 and every disallowed URL must be recorded, not hidden.
"""

from __future__ import annotations

import json
import logging
import time
from collections import deque
from datetime import UTC, datetime
from urllib.parse import urljoin

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from sqlalchemy.exc import DBAPIError

from crawler import limits
from crawler.detection import Detection
from crawler.detectors.settings import settings_from_mapping
from crawler.download_limits import BODY_LIMIT, KEEP_PARTIAL, body_not_read
from crawler.failures import describe_failure
from crawler.frontier import REDIRECT_LIMIT, Frontier
from crawler.headers import (
    auth_challenge,
    charset,
    header,
    header_map,
    is_html,
    redirect_location,
    retry_after_seconds,
)
from crawler.limits import LimitCounts
from crawler.options import ROBOTS_USER_AGENT, CrawlOptions
from crawler.page_reader import (
    LinkLimits,
    PageReaders,
    PageUnreadable,
    ReadLink,
    default_workers,
)
from crawler.parse import parse_html
from crawler.rendering import Renderer, RenderPages
from crawler.robots import ROBOTS_MAX_BYTES, RobotsFile
from crawler.scrapy_parts import RESPONSE_STATUS
from crawler.sitemap_pages import MAX_SUPPORT_REDIRECTS, SITEMAP_URL_PRIORITY, SitemapPages
from crawler.templates import LinkTemplates
from crawler.urls import InvalidURL, normalize_url, origin_of, shortened
from storage.database import database_problem
from storage.rows import LinkRow, ProbeRow, ResponseRow

logger = logging.getLogger(__name__)

THROTTLE_STATUSES = (429, 503)
ROBOTS_PRIORITY = 10_000
RETRY_PRIORITY = 1_000
PROBE_PRIORITY = 2_000  # a shape's probes come back before most of its pages
# Pages wait in the frontier, four bytes each, and are handed to Scrapy when fewer than this
# are in its queue or being fetched: held as Scrapy requests, a level of 100,000 links would
# cost more memory than the rest of the crawl.
QUEUE_LOW, QUEUE_BATCH = 200, 500


def response_flags(fields: dict, retry_after_cap: float) -> list[str]:
    """Verdicts that follow from one response alone (detectors add their own)."""
    flags = []
    status = fields.get("status")
    if fields.get("error"):
        flags.append("error")
    if status == 401 and not (fields.get("www_authenticate") or "").strip():
        flags.append("missing_challenge")
    if status is not None and 300 <= status < 400 and fields.get("redirect_target_id") is None:
        flags.append("broken_redirect")
    if status in THROTTLE_STATUSES and fields.get("throttled"):
        flags.append("throttled")
        asked = retry_after_seconds(fields.get("retry_after"))
        if asked is not None and asked > retry_after_cap:
            flags.append("retry_after_over_cap")
    directives = f"{fields.get('meta_robots') or ''},{fields.get('x_robots_tag') or ''}".lower()
    tokens = {token.strip() for token in directives.replace(":", ",").split(",")}
    if "noindex" in tokens or "none" in tokens:
        flags.append("noindex")
    if fields.get("links_dropped"):
        flags.append("too_many_links")
    return flags


class SiteSpider(SitemapPages, RenderPages, scrapy.Spider):
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
        self.pending_retries = 0
        self.started = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.keep_alive, signal=signals.spider_idle)
        return spider

    # ---- start: robots.txt, then sitemaps and the start page

    async def start(self):
        robots_url = urljoin(origin_of(self.options.start_url), "/robots.txt")
        yield scrapy.Request(
            robots_url,
            callback=self.parse_robots,
            errback=self.robots_failed,
            priority=ROBOTS_PRIORITY,
            dont_filter=True,
            meta={
                "download_maxsize": self.options.max_page_bytes,
                BODY_LIMIT: ROBOTS_MAX_BYTES,
                KEEP_PARTIAL: True,
            },
        )

    def parse_robots(self, response):
        hops = response.meta.get("robots_hops", 0)
        location = header(response.headers, "Location")
        if 300 <= response.status < 400 and location and hops < MAX_SUPPORT_REDIRECTS:
            target = urljoin(response.url, location)
            if not self.frontier.scope.is_internal(target):  # another host or port: not ours
                error = f"HTTP {response.status} to {location[:200]}: another site, not followed"
                return self._begin(RobotsFile.parse(response.url, None, b"", error=error))
            return [  # search engines follow robots.txt redirects (http to https, www)
                response.request.replace(
                    url=target, meta={**response.request.meta, "robots_hops": hops + 1}
                )
            ]
        robots = RobotsFile.parse(response.url, response.status, response.body)
        return self._begin(robots)

    def robots_failed(self, failure):
        url = failure.request.url
        error = describe_failure(failure, self.options.max_page_bytes)
        return self._begin(RobotsFile.parse(url, None, b"", error=error))

    def _begin(self, robots: RobotsFile):
        self.frontier.robots = robots
        if self.on_robots:
            self.on_robots(robots)
        found = [(url, "robots") for url in robots.sitemaps()]
        found += [(url, "option") for url in self.options.sitemaps]
        if self.options.guess_sitemap:
            found.append((urljoin(self.options.start_url, "/sitemap.xml"), "conventional"))
        requests = []
        for url, via in found:
            request = self._sitemap_request(url, via, parent_id=None)
            if request is not None:
                requests.append(request)
        self.start_id = self.frontier.meet(self.options.start_url, "seed", 0, None).url_id
        return self._queue_sitemaps(requests) + self._top_up()

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
        return [self._page_request(urls[url_id], url_id, depth) for url_id, depth in batch]

    # ---- pages

    def _page_request(self, url, url_id, depth, priority=None, attempts=1, throttled=0, hops=0):
        """`hops`: redirects followed to reach this URL, capped by `max_redirects`."""
        if priority is None:
            priority = SITEMAP_URL_PRIORITY if depth is None else -depth
        return scrapy.Request(
            url,
            callback=self.parse_page,
            errback=self.page_failed,
            priority=priority,
            dont_filter=True,
            meta={
                "url_id": url_id,
                "attempts": attempts,
                "throttled": throttled,
                "hops": hops,
                BODY_LIMIT: self.options.max_page_bytes,
                "download_fail_on_dataloss": False,  # a body cut short: its status is kept
            },
        )

    def page_failed(self, failure):
        meta = failure.request.meta
        self.fetched += 1
        self.errors += 1
        error = describe_failure(failure, self.options.max_page_bytes)
        status = meta.get(RESPONSE_STATUS)  # it answered, then its body was dropped
        if status is not None and "DOWNLOAD_MAXSIZE" in error:
            error = f"body over the size limit ({self.options.max_page_bytes:,}) once inflated"
            error += ": not read"
        self._record_response(meta, status=status, error=error)
        self.frontier.finished(meta["url_id"])
        return self._top_up()

    async def parse_page(self, response):
        meta = response.meta
        status = response.status
        if status in THROTTLE_STATUSES and self._retry_later(response):
            return []
        self.fetched += 1
        if status >= 500 or status == 429:
            self.errors += 1
        headers = response.headers
        content_type = header(headers, "Content-Type", 255)
        www_authenticate = header(headers, "WWW-Authenticate")
        scheme, realm = auth_challenge(www_authenticate)
        fields = {
            "status": status,
            "content_type": content_type,
            "size": len(response.body),
            "latency_ms": round(meta.get("download_latency", 0.0) * 1000, 1),
            "x_robots_tag": header(headers, "X-Robots-Tag"),
            "www_authenticate": www_authenticate,
            "auth_scheme": scheme,
            "auth_realm": realm,
            "retry_after": header(headers, "Retry-After", 100),
            "throttled": meta["throttled"] + (status in THROTTLE_STATUSES),
        }
        requests = []
        url_id = meta["url_id"]
        if 300 <= status < 400:
            location, unusable = redirect_location(headers)
            fields["location"] = (
                shortened(location, self.options.max_url_length) if location else location
            )
            if unusable:
                fields["error"] = unusable
            elif location:
                depth = self.frontier.depth_of(url_id)  # lowered since the request, maybe
                self._follow_redirect(response, url_id, depth, location, fields, requests)
        else:
            header_values = header_map(headers)
            found = None
            not_read = body_not_read(response)
            if not_read:
                fields["error"] = not_read
            elif is_html(content_type, response.body):
                try:
                    page = await self.readers.read(
                        response.body, charset(content_type), response.url, status, header_values
                    )
                except PageUnreadable as error:
                    fields["error"] = str(error)
                else:
                    fields.update(
                        title=page.title,
                        h1=page.h1,
                        meta_robots=page.meta_robots,
                        canonical=page.canonical,
                        word_count=page.word_count,
                    )
                    found = page.signals
                    if 200 <= status < 300:
                        if page.links_dropped:
                            fields["links_dropped"] = page.links_dropped
                            self.limit_counts.add(limits.PAGES_OVER_LINK_LIMIT)
                            self.limit_counts.add(limits.LINKS_OVER_PAGE_LIMIT, page.links_dropped)
                        requests += self._probe_requests(response.url)
                        render = self._render_page(response, page, fields, header_values)
                        if render is not None:  # recorded as the browser shows it
                            return [*requests, render, *self._top_up()]
                        depth = self.frontier.depth_of(url_id)  # read after the parse
                        self._follow_links(url_id, depth, page.links)
            if self.detection is not None:
                if found is None:  # not HTML, or unreadable: the signals of its status alone
                    found = self.detection.observe(url_id, response.url, status, header_values)
                else:
                    self.detection.keep(url_id, found)
                fields["simhash"] = found.simhash or None
                fields["signals"] = json.dumps(found.to_json(), ensure_ascii=False)
        self._record_response(meta, **fields)
        self.frontier.finished(url_id)
        return requests + self._top_up()

    def _follow_redirect(self, response, url_id, depth, location, fields, requests) -> None:
        try:
            target = normalize_url(location, response.url)
        except InvalidURL as error:
            fields["error"] = f"unusable Location header: {error}"
            return
        hops = response.meta.get("hops", 0) + 1
        over = hops > self.options.max_redirects  # an endless chain must not be an endless crawl
        meeting = self.frontier.meet(
            target, "redirect", depth, url_id, skip=REDIRECT_LIMIT if over else None
        )
        if meeting.url_id is None:
            fields["error"] = "redirect target not recorded: the run met its limit of URLs"
            return
        fields["redirect_target_id"] = meeting.url_id
        if self.detection is not None:
            self.detection.observe_redirect(
                url_id, response.url, response.status, meeting.url_id, target
            )
        self.frontier.add_redirect(url_id, meeting.url_id)
        if meeting.fetch:  # now, not in queue order: the chain's hop count goes with it
            self.frontier.take(meeting.url_id)
            requests.append(self._page_request(target, meeting.url_id, depth, hops=hops))

    def _follow_links(self, url_id, depth, links: list[ReadLink], raw_keys=None) -> None:
        """Meet each link's target and record the link (a page's links are unique already):
        the content's links as the page's, those of each navigation container through
        crawler.templates (stored once per run when other pages repeat them). `raw_keys`:
        of a rendered page, the links its raw HTML had; the others were found by rendering."""
        child_depth = None if depth is None else depth + 1
        frontier = self.frontier
        known, add_link = frontier.known, frontier.add_link
        rows = []
        blocks: dict[int, list] = {}
        for target, key, href, anchor, nofollow, section, block in links:
            target_id = known(key)
            if target_id is None:
                if target is None:
                    target_id = frontier.meet_invalid(href, url_id, child_depth)
                elif not target:  # longer than max_url_length: href is its start
                    target_id = frontier.meet_too_long(href, "link", url_id, child_depth, key)
                else:
                    via = "link" if raw_keys is None or key in raw_keys else "render"
                    target_id = frontier.meet(target, via, child_depth, url_id, key=key).url_id
                if target_id is None:  # the run met its limit of URLs
                    continue
            add_link(url_id, target_id)
            if not block:
                rows.append(
                    LinkRow(
                        source_id=url_id,
                        target_id=target_id,
                        anchor=anchor,
                        nofollow=nofollow,
                        section=section,
                    )
                )
            elif block in blocks:
                blocks[block].append((target_id, anchor, nofollow, section))
            else:
                blocks[block] = [(target_id, anchor, nofollow, section)]
        own, template_links, uses = self.templates.rows_of_page(url_id, blocks.values())
        self.writer.add_rows(template_links)
        self.writer.add_rows(uses)
        rows += own
        self.writer.add_rows(rows)

    def _record_response(self, meta, **fields) -> None:
        self.writer.add(
            ResponseRow(
                url_id=meta["url_id"],
                status=fields.get("status"),
                location=fields.get("location"),
                redirect_target_id=fields.get("redirect_target_id"),
                content_type=fields.get("content_type"),
                size=fields.get("size"),
                latency_ms=fields.get("latency_ms"),
                title=fields.get("title"),
                h1=fields.get("h1"),
                meta_robots=fields.get("meta_robots"),
                x_robots_tag=fields.get("x_robots_tag"),
                canonical=fields.get("canonical"),
                www_authenticate=fields.get("www_authenticate"),
                auth_scheme=fields.get("auth_scheme"),
                auth_realm=fields.get("auth_realm"),
                retry_after=fields.get("retry_after"),
                attempts=meta.get("attempts", 1),
                throttled=fields.get("throttled", meta.get("throttled", 0)),
                word_count=fields.get("word_count"),
                simhash=fields.get("simhash"),
                flags=" ".join(response_flags(fields, self.options.retry_after_cap)) or None,
                error=fields.get("error"),
                fetched_at=datetime.now(UTC),
                signals=fields.get("signals"),
            )
        )

    # ---- probes: URLs that cannot exist, once per host and URL shape

    def _probe_requests(self, url: str) -> list:
        if self.detection is None:
            return []
        requests = []
        robots = self.frontier.robots
        for shape, kind, probe_url in self.detection.plan_probes(url):
            if self.options.obey_robots and not robots.allows(probe_url, ROBOTS_USER_AGENT):
                continue
            meta = {"shape": shape, "kind": kind, "probe_url": probe_url, "first_status": None}
            requests.append(self._probe_request(probe_url, meta, hops=0))
        return requests

    def _probe_request(self, url: str, meta: dict, hops: int):
        return scrapy.Request(
            url,
            callback=self.parse_probe,
            errback=self.probe_failed,
            priority=PROBE_PRIORITY,
            dont_filter=True,
            meta={**meta, "probe_hops": hops, "download_maxsize": 2 * 1024 * 1024},
        )

    def parse_probe(self, response):
        meta = response.meta
        status = response.status
        first_status = meta["first_status"] if meta["first_status"] is not None else status
        location = header(response.headers, "Location")
        if 300 <= status < 400 and location and meta["probe_hops"] < self.options.max_redirects:
            try:
                target = normalize_url(location, response.url)
            except InvalidURL:
                target = None
            if target is not None and self.frontier.scope.is_internal(target):
                follow = {**meta, "first_status": first_status}
                return [self._probe_request(target, follow, meta["probe_hops"] + 1)]
        content_type = header(response.headers, "Content-Type", 255)
        page = None
        if not 300 <= status < 400 and is_html(content_type, response.body):
            try:
                page = parse_html(response.body, charset(content_type))
            except LookupError:  # a charset no codec knows: the probe's status still counts
                page = None
        render = self._render_probe(response, meta, first_status, page)
        if render is not None:
            return [render]
        result = self.detection.add_probe(
            meta["shape"], meta["probe_url"], meta["kind"], first_status, response.url, status,
            page, header_map(response.headers),
        )  # fmt: skip
        self._record_probe(meta, result.final_url, result.final_status, result.simhash,
                           result.looks_like, None)  # fmt: skip
        return []

    def probe_failed(self, failure):
        meta = failure.request.meta
        error = describe_failure(failure, 2 * 1024 * 1024)
        url = failure.request.url
        self.detection.add_probe(meta["shape"], meta["probe_url"], meta["kind"],
                                 meta["first_status"], url, None, None, {})  # fmt: skip
        self._record_probe(meta, url, None, None, None, error)

    def _record_probe(self, meta, final_url, final_status, simhash, looks_like, error) -> None:
        first_status = meta["first_status"]
        self.writer.add(
            ProbeRow(
                id=self.probe_count,
                shape=meta["shape"],
                kind=meta["kind"],
                url=meta["probe_url"],
                status=first_status if first_status is not None else final_status,
                final_url=final_url,
                final_status=final_status,
                simhash=simhash or None,
                looks_like=looks_like,
                error=error,
            )
        )
        self.probe_count += 1

    # ---- 429 and 503: wait as asked, up to a cap, without blocking the rest of the crawl

    def _retry_later(self, response) -> bool:
        meta = response.meta
        if meta["attempts"] > self.options.max_retries:
            return False
        asked = retry_after_seconds(header(response.headers, "Retry-After", 100))
        wait = asked if asked is not None else float(2 ** (meta["attempts"] - 1))
        if wait > self.options.retry_after_cap:
            return False
        request = self._page_request(
            response.request.url,
            meta["url_id"],
            self.frontier.depth_of(meta["url_id"]),
            priority=RETRY_PRIORITY,
            attempts=meta["attempts"] + 1,
            throttled=meta["throttled"] + 1,
            hops=meta.get("hops", 0),
        )
        from twisted.internet import reactor  # the one Scrapy installed, not a default

        self.pending_retries += 1
        reactor.callLater(wait, self._send_retry, request)
        return True

    def _send_retry(self, request) -> None:
        self.pending_retries -= 1
        if self.crawler.engine.running:
            self.crawler.engine.crawl(request)

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
