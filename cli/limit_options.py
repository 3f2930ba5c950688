"""The crawl's bounds as command-line options (crawler/options.py holds their defaults)."""

from __future__ import annotations

from collections.abc import Callable

import click

from crawler.options import CrawlOptions

_DEFAULTS = CrawlOptions.__dataclass_fields__


def _default(name: str):
    return _DEFAULTS[name].default


LIMIT_OPTIONS = (
    click.option(
        "--max-url-length",
        type=int,
        default=_default("max_url_length"),
        show_default=True,
        help="Longer URLs are recorded cut short (url_too_long), never fetched.",
    ),
    click.option(
        "--max-links-per-page",
        type=int,
        default=_default("max_links_per_page"),
        show_default=True,
        help="Links read from one page; the rest are counted and the page flagged.",
    ),
    click.option(
        "--max-urls",
        type=int,
        default=_default("max_urls"),
        show_default=True,
        help="URLs a run records (fetched or not); more are counted: a possible crawl trap.",
    ),
    click.option(
        "--max-sitemap-urls-per-file",
        type=int,
        default=_default("max_sitemap_urls_per_file"),
        show_default=True,
        help="Entries read from one sitemap file (the protocol allows 50,000).",
    ),
    click.option(
        "--max-sitemap-urls",
        type=int,
        default=_default("max_sitemap_urls"),
        show_default=True,
        help="Sitemap URLs a run records, all sitemaps together.",
    ),
    click.option(
        "--max-sitemap-files",
        type=int,
        default=_default("max_sitemap_files"),
        show_default=True,
        help="Sitemap files a run reads, indexes included; the rest are recorded as not read.",
    ),
    click.option(
        "--allow-private-addresses",
        is_flag=True,
        help="Fetch private, loopback and link-local addresses even when the site is not on one.",
    ),
)


def limit_options(command: Callable) -> Callable:
    """Add the bounds' options to a click command."""
    for option in reversed(LIMIT_OPTIONS):
        command = option(command)
    return command
