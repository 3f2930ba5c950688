"""robots.txt, the crawl's first request: followed through redirects as search engines do,
then handed to the frontier, and the sitemaps it names and the start page queued.

A part of SiteSpider (crawler.spider): it uses the spider's frontier, options and sitemap
reading (crawler.sitemap_pages).
"""

from __future__ import annotations

import dataclasses
from urllib.parse import urljoin

import scrapy

from gatewatch.crawler.download_limits import BODY_LIMIT, KEEP_PARTIAL
from gatewatch.crawler.failures import describe_failure
from gatewatch.crawler.headers import header
from gatewatch.crawler.request_info import INFO, RobotsFetch, info_of
from gatewatch.crawler.robots import ROBOTS_MAX_BYTES, RobotsFile
from gatewatch.crawler.sitemap_pages import MAX_SUPPORT_REDIRECTS
from gatewatch.crawler.urls import origin_of

ROBOTS_PRIORITY = 10_000


class RobotsPages:
    """The spider's reading of robots.txt, and the start it gives the crawl."""

    def _robots_request(self) -> scrapy.Request:
        return scrapy.Request(
            urljoin(origin_of(self.options.start_url), "/robots.txt"),
            callback=self.parse_robots,
            errback=self.robots_failed,
            priority=ROBOTS_PRIORITY,
            dont_filter=True,
            meta={
                INFO: RobotsFetch(),
                "download_maxsize": self.options.max_page_bytes,
                BODY_LIMIT: ROBOTS_MAX_BYTES,
                KEEP_PARTIAL: True,
            },
        )

    def parse_robots(self, response):
        fetch: RobotsFetch = info_of(response)
        location = header(response.headers, "Location")
        if 300 <= response.status < 400 and location and fetch.hops < MAX_SUPPORT_REDIRECTS:
            target = urljoin(response.url, location)
            if not self.frontier.scope.is_internal(target):  # another host or port: not ours
                error = f"HTTP {response.status} to {location[:200]}: another site, not followed"
                return self._begin(RobotsFile.parse(response.url, None, b"", error=error))
            follow = dataclasses.replace(fetch, hops=fetch.hops + 1)
            return [  # search engines follow robots.txt redirects (http to https, www)
                response.request.replace(url=target, meta={**response.request.meta, INFO: follow})
            ]
        robots = RobotsFile.parse(response.url, response.status, response.body)
        return self._begin(robots)

    def robots_failed(self, failure):
        url = failure.request.url
        error = describe_failure(failure, self.options.max_page_bytes)
        return self._begin(RobotsFile.parse(url, None, b"", error=error))

    def _begin(self, robots: RobotsFile):
        """robots.txt is known: the sitemaps to read, and the start page, are queued."""
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
