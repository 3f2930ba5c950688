"""Probes: URLs that cannot exist, fetched once per host and URL shape, to see how the site
answers a page it does not have (crawler.detectors.probe plans and judges them).

A part of SiteSpider (crawler.spider): it uses the spider's detection, frontier, options,
writer and rendering (a client-rendered shape's probes are rendered too).
"""

from __future__ import annotations

import dataclasses

import scrapy

from gatewatch.crawler.failures import describe_failure
from gatewatch.crawler.headers import charset, header, header_map, is_html
from gatewatch.crawler.options import ROBOTS_USER_AGENT
from gatewatch.crawler.parse import parse_html
from gatewatch.crawler.request_info import INFO, ProbeFetch, info_of
from gatewatch.crawler.urls import InvalidURL, normalize_url
from gatewatch.storage.rows import ProbeRow

PROBE_PRIORITY = 2_000  # a shape's probes come back before most of its pages
PROBE_MAX_BYTES = 2 * 1024 * 1024


class ProbePages:
    """The spider's probes."""

    def _probe_requests(self, url: str, redirect: bool = False) -> list:
        """Requests for the probes of `url`'s shape, if it is met first (and robots.txt
        allows them, when obeyed); `redirect`: `url` answered with a redirect."""
        if self.detection is None:
            return []
        requests = []
        robots = self.frontier.robots
        for shape, kind, probe_url in self.detection.plan_probes(url, redirect):
            if self.options.obey_robots and not robots.allows(probe_url, ROBOTS_USER_AGENT):
                continue
            probe = ProbeFetch(shape=shape, kind=kind, probe_url=probe_url)
            requests.append(self._probe_request(probe_url, probe))
            if kind == "bare":
                self.bare_probes_due.add(shape)
        return requests

    def _probe_request(self, url: str, probe: ProbeFetch):
        return scrapy.Request(
            url,
            callback=self.parse_probe,
            errback=self.probe_failed,
            priority=PROBE_PRIORITY,
            dont_filter=True,
            meta={INFO: probe, "download_maxsize": PROBE_MAX_BYTES},
        )

    def parse_probe(self, response):
        probe: ProbeFetch = info_of(response)
        status = response.status
        first_status = probe.first_status if probe.first_status is not None else status
        location = header(response.headers, "Location")
        if 300 <= status < 400 and location and probe.hops < self.options.max_redirects:
            try:
                target = normalize_url(location, response.url)
            except InvalidURL:
                target = None
            if target is not None and self.frontier.scope.is_internal(target):
                follow = dataclasses.replace(probe, first_status=first_status, hops=probe.hops + 1)
                return [self._probe_request(target, follow)]
        content_type = header(response.headers, "Content-Type", 255)
        page = None
        if not 300 <= status < 400 and is_html(content_type, response.body):
            try:
                page = parse_html(response.body, charset(content_type))
            except LookupError:  # a charset no codec knows: the probe's status still counts
                page = None
        render = self._render_probe(response, probe, first_status, page)
        if render is not None:
            return [render]
        result = self.detection.add_probe(
            probe.shape, probe.probe_url, probe.kind, first_status, response.url, status,
            page, header_map(response.headers),
        )  # fmt: skip
        self._record_probe(probe, result.final_url, result.final_status, result.simhash,
                           result.looks_like, None)  # fmt: skip
        return []

    def probe_failed(self, failure):
        probe: ProbeFetch = info_of(failure.request)
        error = describe_failure(failure, PROBE_MAX_BYTES)
        url = failure.request.url
        self.detection.add_probe(probe.shape, probe.probe_url, probe.kind, probe.first_status,
                                 url, None, None, {})  # fmt: skip
        self._record_probe(probe, url, None, None, None, error)

    def _record_probe(
        self, probe: ProbeFetch, final_url, final_status, simhash, looks_like, error
    ) -> None:
        """Record a probe's row. The random probe of a query value waits for the URL without
        the parameter (the "bare" probe), which may answer later: what it looks like
        ("default" or "page") is only known then (detectors.probe.defaulted_parameter), and
        the row says what detection used."""
        row = (probe, final_url, final_status, simhash, looks_like, error)
        if probe.kind == "random" and probe.shape in self.bare_probes_due:
            self.probe_rows_waiting[probe.shape] = row
            return
        self._write_probe(*row)
        if probe.kind == "bare":
            self.bare_probes_due.discard(probe.shape)
            waiting = self.probe_rows_waiting.pop(probe.shape, None)
            if waiting is not None:
                self._write_probe(*self._as_judged(waiting))

    def record_waiting_probes(self) -> None:
        """At the crawl's end: the random probes whose bare probe never answered."""
        for row in self.probe_rows_waiting.values():
            self._write_probe(*self._as_judged(row))
        self.probe_rows_waiting.clear()

    def _as_judged(self, row: tuple) -> tuple:
        """The row with what its probe looks like now to detection (None stays: it failed)."""
        probe, final_url, final_status, simhash, looks_like, error = row
        if looks_like is not None:
            judged = self.detection.probes.get(probe.shape, [])
            looks_like = next(
                (known.looks_like for known in judged if known.url == probe.probe_url),
                looks_like,
            )
        return probe, final_url, final_status, simhash, looks_like, error

    def _write_probe(
        self, probe: ProbeFetch, final_url, final_status, simhash, looks_like, error
    ) -> None:
        first_status = probe.first_status
        self.writer.add(
            ProbeRow(
                id=self.probe_count,
                shape=probe.shape,
                kind=probe.kind,
                url=probe.probe_url,
                status=first_status if first_status is not None else final_status,
                final_url=final_url,
                final_status=final_status,
                simhash=simhash or None,
                looks_like=looks_like,
                error=error,
            )
        )
        self.probe_count += 1
