"""Sitemaps in the crawl: which to read (the protocol's rules on hosts, the run's limits on
files and URLs), fetching them a few at a time, and recording what they list.

A part of SiteSpider (crawler.spider), kept apart because it is one concern of the crawl: it
uses the spider's writer, frontier, options and limit counts.
"""

from __future__ import annotations

import logging
from urllib.parse import urljoin

import scrapy

from gatewatch.crawler import limits
from gatewatch.crawler.failures import describe_failure
from gatewatch.crawler.headers import header
from gatewatch.crawler.limits import sitemap_not_allowed
from gatewatch.crawler.request_info import INFO, SitemapFetch, info_of
from gatewatch.crawler.sitemaps import parse_sitemap
from gatewatch.crawler.urls import InvalidURL, normalize_url
from gatewatch.storage.rows import SitemapRow, SitemapUrlRow

logger = logging.getLogger(__name__)

SITEMAP_PRIORITY = 5_000
SITEMAP_URL_PRIORITY = -1_000_000
SITEMAPS_AT_ONCE = 2  # sitemaps being fetched or read at a time
MAX_REFUSED_SITEMAPS = 1_000  # sitemaps recorded as not read; more are counted in the stats
MAX_SUPPORT_REDIRECTS = 5  # robots.txt and sitemap redirects followed, as search engines do


class SitemapPages:
    """The spider's sitemap reading."""

    def _sitemap_request(
        self, url: str, via: str, parent_id: int | None, hops: int = 0, parent_url=None
    ):
        """A request for a sitemap, or None: read already, or not to be read (recorded with
        why: an unusable URL, another host, the run's limit of sitemap URLs met)."""
        try:
            url = normalize_url(url)
        except InvalidURL as error:
            url = url[: self.options.max_url_length]
            self._sitemap_not_read(f"invalid:{url}", url, parent_id, via, str(error))
            return None
        if len(url) > self.options.max_url_length:
            text = f"{url[: self.options.max_url_length]}..."
            self._sitemap_not_read(f"too-long:{text}", text, parent_id, via, "URL too long")
            return None
        if url in self.sitemap_ids:
            return None
        problem = sitemap_not_allowed(url, via, parent_url, self.frontier.scope)
        if problem is None and self.sitemap_files >= self.options.max_sitemap_files:
            limit = self.options.max_sitemap_files
            problem = f"not read: the run's limit of {limit:,} sitemap files was met"
            self.limit_counts.add(limits.SITEMAP_FILES_NOT_READ)
        elif problem is None and self.sitemap_urls >= self.options.max_sitemap_urls:
            limit = self.options.max_sitemap_urls
            problem = f"not read: the run's limit of {limit:,} sitemap URLs was met"
            self.limit_counts.add(limits.SITEMAPS_NOT_READ)
        elif problem is not None:
            self.limit_counts.add(limits.SITEMAPS_OTHER_HOST)
        if problem is not None:
            self._sitemap_not_read(url, url, parent_id, via, problem)
            return None
        sitemap_id = len(self.sitemap_ids)
        self.sitemap_ids[url] = sitemap_id
        self.sitemap_files += 1  # so at most max_sitemap_files requests wait in the queue
        return scrapy.Request(
            url,
            callback=self.parse_sitemap,
            errback=self.sitemap_failed,
            priority=SITEMAP_PRIORITY,
            dont_filter=True,
            meta={
                INFO: SitemapFetch(sitemap_id=sitemap_id, parent_id=parent_id, via=via, hops=hops),
                "download_maxsize": self.options.max_sitemap_bytes,
            },
        )

    def _read_already(self, url: str) -> bool:
        try:
            return normalize_url(url) in self.sitemap_ids
        except InvalidURL:
            return False

    def _sitemap_not_read(self, name: str, url: str, parent_id, via: str, why: str) -> None:
        if name in self.sitemap_ids or self.sitemaps_refused >= MAX_REFUSED_SITEMAPS:
            return  # an index may list 50,000 sitemaps: so many refusals are counted only
        self.sitemaps_refused += 1
        sitemap_id = len(self.sitemap_ids)
        self.sitemap_ids[name] = sitemap_id
        self.writer.add(
            SitemapRow(
                id=sitemap_id,
                url=url,
                parent_id=parent_id,
                found_via=via,
                kind=None,
                status=None,
                url_count=0,
                error=why,
            )
        )

    def sitemap_failed(self, failure):
        fetch: SitemapFetch = info_of(failure.request)
        error = describe_failure(failure, self.options.max_sitemap_bytes)
        self.writer.add(
            SitemapRow(
                id=fetch.sitemap_id,
                url=failure.request.url,
                parent_id=fetch.parent_id,
                found_via=fetch.via,
                kind=None,
                status=None,
                url_count=0,
                error=error,
            )
        )
        self.sitemaps_in_flight -= 1
        return self._queue_sitemaps([])

    def _queue_sitemaps(self, requests: list) -> list:
        """Sitemaps are read a few at a time, in the order found: each may be 50 MB, and an
        index may list 50,000; once the run's limit of sitemap URLs is met, the rest are
        recorded as not read instead of fetched."""
        self.sitemap_queue.extend(requests)
        released = []
        while self.sitemap_queue and self.sitemaps_in_flight < SITEMAPS_AT_ONCE:
            request = self.sitemap_queue.popleft()
            if self.sitemap_urls >= self.options.max_sitemap_urls:
                self.limit_counts.add(limits.SITEMAPS_NOT_READ)
                fetch: SitemapFetch = info_of(request)
                if self.sitemaps_refused < MAX_REFUSED_SITEMAPS:
                    self.sitemaps_refused += 1
                    limit = self.options.max_sitemap_urls
                    self.writer.add(
                        SitemapRow(
                            id=fetch.sitemap_id,
                            url=request.url,
                            parent_id=fetch.parent_id,
                            found_via=fetch.via,
                            kind=None,
                            status=None,
                            url_count=0,
                            error=f"not read: the run's limit of {limit:,} sitemap URLs was met",
                        )
                    )
                continue
            self.sitemaps_in_flight += 1
            released.append(request)
        return released

    def parse_sitemap(self, response):
        fetch: SitemapFetch = info_of(response)
        sitemap_id = fetch.sitemap_id
        requests = []
        kind, count, error = None, 0, None
        location = header(response.headers, "Location")
        if 300 <= response.status < 400 and location:
            request = None
            if fetch.hops < MAX_SUPPORT_REDIRECTS:
                target = urljoin(response.url, location)
                hops = fetch.hops + 1
                request = self._sitemap_request(target, "redirect", sitemap_id, hops, response.url)
            error = None if request else f"HTTP {response.status} to {location[:500]}: not followed"
            self.writer.add(
                SitemapRow(
                    id=sitemap_id,
                    url=response.request.url,
                    parent_id=fetch.parent_id,
                    found_via=fetch.via,
                    kind=None,
                    status=response.status,
                    url_count=0,
                    error=error,
                )
            )
            self.sitemaps_in_flight -= 1
            return self._queue_sitemaps([request] if request else [])
        if response.status != 200:
            guessed = fetch.via == "conventional" and response.status in (404, 410)
            error = None if guessed else f"HTTP {response.status}"
        else:
            parsed = parse_sitemap(
                response.body,
                self.options.max_sitemap_urls_per_file,
                self.options.max_url_length,
                max_bytes=self.options.max_sitemap_bytes,
            )
            if parsed.over_limit:
                self.limit_counts.add(limits.SITEMAPS_OVER_PROTOCOL)
                self.limit_counts.add(
                    limits.SITEMAP_URLS_OVER_FILE_LIMIT,
                    parsed.entries - self.options.max_sitemap_urls_per_file,
                )
            kind = parsed.kind
            count, notes = self._record_sitemap_urls(sitemap_id, parsed.urls)
            repeated = []
            for entry in parsed.sitemaps:
                request = self._sitemap_request(entry.url, "index", sitemap_id,
                                                parent_url=response.url)  # fmt: skip
                if request is not None:
                    requests.append(request)
                    count += 1
                elif self._read_already(entry.url):
                    repeated.append(entry.url[:200])
            if repeated:
                notes.append(f"lists sitemaps already read: {', '.join(repeated[:3])}")
            error = "; ".join(([parsed.error] if parsed.error else []) + notes) or None
        self.writer.add(
            SitemapRow(
                id=sitemap_id,
                url=response.request.url,
                parent_id=fetch.parent_id,
                found_via=fetch.via,
                kind=kind,
                status=response.status,
                url_count=count,
                error=error,
            )
        )
        self.sitemaps_in_flight -= 1
        return self._queue_sitemaps(requests) + self._top_up()

    def _record_sitemap_urls(self, sitemap_id: int, entries) -> tuple[int, list[str]]:
        """Record a sitemap's URLs on the site, up to the run's limit; (URLs recorded,
        notes on those left out)."""
        listed: set[int] = set()  # the URL ids this sitemap listed before
        count = off_site = not_recorded = 0
        frontier, writer = self.frontier, self.writer
        for entry in entries:
            if self.sitemap_urls >= self.options.max_sitemap_urls:
                not_recorded += 1
                continue
            if entry.too_long:
                url_id = frontier.meet_too_long(entry.url, "sitemap", None)
            else:
                try:
                    url = normalize_url(entry.url)
                except InvalidURL:
                    continue
                if not frontier.scope.is_internal(url):  # not the site's (sitemap protocol)
                    off_site += 1
                    continue
                url_id = frontier.meet(url, "sitemap", None, None).url_id
            if url_id is None or url_id in listed:
                continue
            listed.add(url_id)
            self.sitemap_urls += 1
            lastmod = (entry.lastmod or "")[:40] or None
            writer.add(SitemapUrlRow(sitemap_id=sitemap_id, url_id=url_id, lastmod=lastmod))
            count += 1
        notes = []
        if off_site:
            self.limit_counts.add(limits.SITEMAP_URLS_OFF_SITE, off_site)
            notes.append(f"{off_site:,} URLs not on the crawled site were not recorded")
        if not_recorded:
            self.limit_counts.add(limits.SITEMAP_URLS_NOT_RECORDED, not_recorded)
            notes.append(
                f"{not_recorded:,} URLs past the run's limit of "
                f"{self.options.max_sitemap_urls:,} sitemap URLs were not recorded"
            )
        return count, notes
