"""What a hostile site may make a run fetch, hold and store: which sitemaps are read, and the
counts of what the run's bounds left out, kept in the run's stats for the report.

Sitemaps, by the sitemap protocol (sitemaps.org, "Sitemap file location"):
- robots.txt may name a sitemap on another host (cross-submission). gatewatch reads it when
  the address guard allows (a public address: crawler/address_guard.py), and keeps only the
  URLs on the crawled site: the rest are not the site's, and are counted, not stored.
- a sitemap index may list only sitemaps on its own host, and a sitemap redirect is followed
  only to its own host or to the site: others are recorded as not read, with why.
- a sitemap may list only its own host's URLs: URLs off the crawled site are counted, not
  stored (they were stored as external URLs and exported before).
- sitemaps named with --sitemap are the user's choice, read wherever they are.
Another port is another host here: http://127.0.0.1:8000 does not vouch for :6379.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlsplit

from gatewatch.crawler.urls import SiteScope

STATS_PREFIX = "gatewatch/limits/"

# the counters, as the report reads them (reports/limit_notes.py)
URL_TOO_LONG = "url_too_long"  # URLs longer than max_url_length, recorded cut short
LINKS_OVER_PAGE_LIMIT = "links_over_page_limit"  # links left out, pages over max_links_per_page
PAGES_OVER_LINK_LIMIT = "pages_over_link_limit"
URLS_NOT_RECORDED = "urls_not_recorded"  # new URLs met after max_urls
SITEMAPS_OVER_PROTOCOL = "sitemaps_over_protocol"  # files with more entries than allowed
SITEMAP_URLS_OVER_FILE_LIMIT = "sitemap_urls_over_file_limit"
SITEMAP_URLS_NOT_RECORDED = "sitemap_urls_not_recorded"  # past max_sitemap_urls for the run
SITEMAPS_NOT_READ = "sitemaps_not_read"  # sitemaps not fetched once the run's limit was met
SITEMAP_URLS_OFF_SITE = "sitemap_urls_off_site"  # listed URLs not on the crawled site
SITEMAPS_OTHER_HOST = "sitemaps_other_host"  # index entries, redirects to other hosts
SITEMAP_FILES_NOT_READ = "sitemap_files_not_read"  # sitemaps named past max_sitemap_files


def host_and_port(url: str) -> tuple[str, int | None]:
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = -1
    return (parts.hostname or "", port)


def sitemap_not_allowed(url: str, via: str, parent_url: str | None, scope: SiteScope) -> str | None:
    """Why a sitemap named `via` robots, index, redirect, option or conventional is not read
    (None: it may be read). `parent_url`: the index or sitemap that named or redirected."""
    if via in ("robots", "option", "conventional") or scope.is_internal(url):
        return None
    if parent_url is not None and host_and_port(url) == host_and_port(parent_url):
        return None
    named = "a sitemap index" if via == "index" else "a sitemap redirect"
    return f"not read: on another host than {named} may name (sitemap protocol)"


class LimitCounts:
    """How much a run's bounds left out, by counter; saved in the run's stats."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def add(self, name: str, count: int = 1) -> None:
        if count:
            self.counts[name] += count

    def save(self, stats) -> None:
        for name, count in self.counts.items():
            stats.set_value(STATS_PREFIX + name, count)
