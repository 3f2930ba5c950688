"""What the spider's requests carry to their callbacks: one typed object under one meta key.

Each kind of request (a page, robots.txt, a sitemap, a probe, a page or probe sent to the
browser) has a class here, so that each field is declared once and a misspelt one fails at
once. Scrapy's own keys (`download_maxsize`, `download_latency`, `playwright`, ...) and the
download middlewares' (crawler.download_limits, crawler.scrapy_parts) stay in `request.meta`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

INFO = "gatewatch"  # the one key of request.meta that the spider's parts read


def info_of(request_or_response) -> Any:
    """The object a request carries (the response's: its request's)."""
    return request_or_response.meta[INFO]


@dataclass(slots=True)
class PageFetch:
    """A page of the site (crawler.page_responses)."""

    url_id: int
    attempts: int = 1  # fetches of this URL, this one included (429 and 503 are retried)
    throttled: int = 0  # 429 and 503 answers before this fetch
    hops: int = 0  # redirects followed to reach this URL, capped by `max_redirects`


@dataclass(slots=True)
class RobotsFetch:
    """robots.txt (crawler.robots_pages)."""

    hops: int = 0  # redirects followed, up to MAX_SUPPORT_REDIRECTS


@dataclass(slots=True)
class SitemapFetch:
    """A sitemap (crawler.sitemap_pages)."""

    sitemap_id: int
    parent_id: int | None  # the index that listed it, or the sitemap that redirected to it
    via: str  # robots, option, conventional, index, redirect
    hops: int = 0  # redirects followed, up to MAX_SUPPORT_REDIRECTS


@dataclass(slots=True)
class ProbeFetch:
    """A URL that cannot exist (crawler.probe_pages)."""

    shape: str
    kind: str
    probe_url: str
    first_status: int | None = None  # the first answer's, once a redirect was followed
    hops: int = 0  # redirects followed, up to `max_redirects`


@dataclass(slots=True)
class PageRender:
    """A page sent to the browser, with what its raw HTML showed (crawler.rendering)."""

    page: PageFetch
    raw_url: str
    raw_status: int
    raw_fields: dict  # the response's fields as read from the raw HTML
    raw_read: Any  # crawler.page_reader's reading of the raw HTML
    raw_headers: dict
    why: str  # "app_shell" or "always"


@dataclass(slots=True)
class ProbeRender:
    """A probe sent to the browser (crawler.rendering)."""

    probe: ProbeFetch  # its first_status set
    raw_url: str
    raw_status: int
    raw_page: Any  # crawler.parse's reading of the raw HTML
    raw_headers: dict
