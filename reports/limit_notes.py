"""The report's notes on what a run's bounds left out: a site that made the crawl stop
recording (a possible crawl trap), URLs too long to fetch, sitemaps over the protocol's limit,
addresses not fetched. Read from the run's stats, where the crawl counts them
(crawler/limits.py, crawler/address_guard.py)."""

from __future__ import annotations

PREFIX = "gatewatch/limits/"


def _count(stats: dict, name: str) -> int:
    value = stats.get(PREFIX + name, 0)
    return value if isinstance(value, int) else 0


def limit_notes(stats: dict | None, settings: dict | None = None) -> list[str]:
    """One line per bound the run met, saying what was left out and which setting to raise."""
    stats, settings = stats or {}, settings or {}
    notes = []

    def setting(name: str) -> str:
        value = settings.get(name)
        return f"{value:,}" if isinstance(value, int) else "its default"

    urls = _count(stats, "urls_not_recorded")
    if urls:
        notes.append(
            f"possible crawl trap: the run met its limit of {setting('max_urls')} URLs and "
            f"{urls:,} more URLs were not recorded (max_urls)"
        )
    pages, links = _count(stats, "pages_over_link_limit"), _count(stats, "links_over_page_limit")
    if pages:
        notes.append(
            f"possible crawl trap: {pages:,} pages had more than "
            f"{setting('max_links_per_page')} links; {links:,} links were not read "
            "(max_links_per_page; the pages are flagged too_many_links)"
        )
    too_long = _count(stats, "url_too_long")
    if too_long:
        notes.append(
            f"URL too long: {too_long:,} URLs longer than {setting('max_url_length')} "
            "characters were recorded cut short and not fetched (max_url_length)"
        )
    over = _count(stats, "sitemaps_over_protocol")
    if over:
        extra = _count(stats, "sitemap_urls_over_file_limit")
        notes.append(
            f"sitemap over the protocol's limit: {over:,} sitemap files listed more than "
            f"{setting('max_sitemap_urls_per_file')} entries; {extra:,} entries were not read"
        )
    sitemap_urls = _count(stats, "sitemap_urls_not_recorded")
    not_read = _count(stats, "sitemaps_not_read")
    if sitemap_urls or not_read:
        notes.append(
            f"sitemaps: the run met its limit of {setting('max_sitemap_urls')} sitemap URLs; "
            f"{sitemap_urls:,} more URLs were not recorded and {not_read:,} sitemaps not read "
            "(max_sitemap_urls)"
        )
    files = _count(stats, "sitemap_files_not_read")
    if files:
        notes.append(
            f"sitemaps: the run met its limit of {setting('max_sitemap_files')} sitemap files; "
            f"{files:,} more sitemaps named by indexes, robots.txt or redirects were not read "
            "(max_sitemap_files)"
        )
    off_site = _count(stats, "sitemap_urls_off_site")
    if off_site:
        notes.append(
            f"sitemaps listed {off_site:,} URLs not on this site: not recorded (a sitemap may "
            "list only its own site's URLs)"
        )
    other_host = _count(stats, "sitemaps_other_host")
    if other_host:
        notes.append(
            f"{other_host:,} sitemaps named by an index or a redirect on another host were not "
            "read (the sitemap protocol does not allow it)"
        )
    private = stats.get("gatewatch/not_fetched/private_address", 0)
    if private:
        notes.append(
            f"{private:,} requests to private, loopback or link-local addresses were not made "
            "(allow_private_addresses)"
        )
    return notes
