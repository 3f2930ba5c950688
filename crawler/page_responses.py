"""Pages: each response recorded with what it says (status, headers, title, verdicts that
follow from it alone), its redirect or its links followed, and its signals kept for the
detectors.

A part of SiteSpider (crawler.spider): it uses the spider's frontier, page readers, writer,
detection, rendering, probes and waits.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import scrapy

from gatewatch.crawler import limits
from gatewatch.crawler.download_limits import BODY_LIMIT, body_not_read
from gatewatch.crawler.failures import describe_failure
from gatewatch.crawler.frontier import REDIRECT_LIMIT
from gatewatch.crawler.headers import (
    auth_challenge,
    charset,
    header,
    header_map,
    is_html,
    redirect_location,
    retry_after_seconds,
)
from gatewatch.crawler.page_reader import PageUnreadable, ReadLink
from gatewatch.crawler.request_info import INFO, PageFetch, info_of
from gatewatch.crawler.scrapy_parts import RESPONSE_STATUS
from gatewatch.crawler.sitemap_pages import SITEMAP_URL_PRIORITY
from gatewatch.crawler.throttle_waits import THROTTLE_STATUSES
from gatewatch.crawler.urls import InvalidURL, normalize_url, shortened
from gatewatch.storage.rows import LinkRow, ResponseRow


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


class PageResponses:
    """The spider's pages: fetch, read, record, follow."""

    def _page_request(self, url: str, page: PageFetch, depth: int | None, priority=None):
        """`depth`: clicks from the start page, None for a URL met only in sitemaps."""
        if priority is None:
            priority = SITEMAP_URL_PRIORITY if depth is None else -depth
        return scrapy.Request(
            url,
            callback=self.parse_page,
            errback=self.page_failed,
            priority=priority,
            dont_filter=True,
            meta={
                INFO: page,
                BODY_LIMIT: self.options.max_page_bytes,
                "download_fail_on_dataloss": False,  # a body cut short: its status is kept
            },
        )

    def page_failed(self, failure):
        page: PageFetch = info_of(failure.request)
        self.fetched += 1
        self.errors += 1
        error = describe_failure(failure, self.options.max_page_bytes)
        status = failure.request.meta.get(RESPONSE_STATUS)  # it answered, then its body went
        if status is not None and "DOWNLOAD_MAXSIZE" in error:
            error = f"body over the size limit ({self.options.max_page_bytes:,}) once inflated"
            error += ": not read"
        self._record_response(page, status=status, error=error)
        self.frontier.finished(page.url_id)
        return self._top_up()

    async def parse_page(self, response):
        page: PageFetch = info_of(response)
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
            "latency_ms": round(response.meta.get("download_latency", 0.0) * 1000, 1),
            "x_robots_tag": header(headers, "X-Robots-Tag"),
            "www_authenticate": www_authenticate,
            "auth_scheme": scheme,
            "auth_realm": realm,
            "retry_after": header(headers, "Retry-After", 100),
            "throttled": page.throttled + (status in THROTTLE_STATUSES),
        }
        requests = []
        url_id = page.url_id
        if 300 <= status < 400:
            location, unusable = redirect_location(headers)
            fields["location"] = (
                shortened(location, self.options.max_url_length) if location else location
            )
            if unusable:
                fields["error"] = unusable
            elif location:
                depth = self.frontier.depth_of(url_id)  # lowered since the request, maybe
                self._follow_redirect(response, page, depth, location, fields, requests)
                # a redirect is judged with its own shape's probes (do URLs that cannot exist
                # end where it ends?): a shape met only as redirects is probed here
                requests += self._probe_requests(response.url, redirect=True)
        else:
            header_values = header_map(headers)
            found = None
            not_read = body_not_read(response)
            if not_read:
                fields["error"] = not_read
            elif is_html(content_type, response.body):
                try:
                    read = await self.readers.read(
                        response.body, charset(content_type), response.url, status, header_values
                    )
                except PageUnreadable as error:
                    fields["error"] = str(error)
                else:
                    fields.update(
                        title=read.title,
                        h1=read.h1,
                        meta_robots=read.meta_robots,
                        canonical=read.canonical,
                        word_count=read.word_count,
                    )
                    found = read.signals
                    if 200 <= status < 300:
                        if read.links_dropped:
                            fields["links_dropped"] = read.links_dropped
                            self.limit_counts.add(limits.PAGES_OVER_LINK_LIMIT)
                            self.limit_counts.add(limits.LINKS_OVER_PAGE_LIMIT, read.links_dropped)
                        requests += self._probe_requests(response.url)
                        render = self._render_page(response, read, fields, header_values)
                        if render is not None:  # recorded as the browser shows it
                            return [*requests, render, *self._top_up()]
                        depth = self.frontier.depth_of(url_id)  # read after the parse
                        self._follow_links(url_id, depth, read.links)
            if self.detection is not None:
                if found is None:  # not HTML, or unreadable: the signals of its status alone
                    found = self.detection.observe(url_id, response.url, status, header_values)
                else:
                    self.detection.keep(url_id, found)
                fields["simhash"] = found.simhash or None
                fields["signals"] = json.dumps(found.to_json(), ensure_ascii=False)
        self._record_response(page, **fields)
        self.frontier.finished(url_id)
        return requests + self._top_up()

    def _follow_redirect(self, response, page: PageFetch, depth, location, fields, requests):
        url_id = page.url_id
        try:
            target = normalize_url(location, response.url)
        except InvalidURL as error:
            fields["error"] = f"unusable Location header: {error}"
            return
        hops = page.hops + 1
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
            followed = PageFetch(url_id=meeting.url_id, hops=hops)
            requests.append(self._page_request(target, followed, depth))

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

    def _record_response(self, page: PageFetch, **fields) -> None:
        self.writer.add(
            ResponseRow(
                url_id=page.url_id,
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
                attempts=page.attempts,
                throttled=fields.get("throttled", page.throttled),
                word_count=fields.get("word_count"),
                simhash=fields.get("simhash"),
                flags=" ".join(response_flags(fields, self.options.retry_after_cap)) or None,
                error=fields.get("error"),
                fetched_at=datetime.now(UTC),
                signals=fields.get("signals"),
            )
        )
