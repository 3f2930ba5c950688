"""The rows a crawl hands to storage, one type per table, each field named once.

The crawler builds them by keyword (`UrlRow(id=..., url=..., ...)`) and gives them to
storage.writer.CrawlWriter, which adds the run's id in front: a row type's fields are its
table's columns after `run_id`, in the table's order, but for the columns filled after the
crawl (`FILLED_LATER`). `check_rows` holds them to storage.models when this module is
imported, so a column added to a table and not to its row (or the other way) stops every
crawl at once instead of shifting values into the wrong columns.

They are NamedTuples: a row is a tuple, as cheap to build and to keep as one, and the writer
sends plain tuples on (storage.write_process pickles them, and a tuple subclass pickles four
times slower).
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import Table

from gatewatch.storage.models import (
    links,
    page_templates,
    probes,
    responses,
    sitemap_urls,
    sitemaps,
    template_links,
    urls,
)


class UrlRow(NamedTuple):
    """A URL met in the crawl, fetched or not (crawler.frontier)."""

    id: int
    url: str
    url_key: int
    internal: bool
    found_via: str  # seed, sitemap, link, redirect, render
    found_on_id: int | None
    depth: int | None
    robots_disallowed: bool
    skip_reason: str | None  # why it was not fetched; None: fetched

    table = "urls"


class ResponseRow(NamedTuple):
    """What a fetched URL answered (crawler.page_responses)."""

    url_id: int
    status: int | None
    location: str | None
    redirect_target_id: int | None
    content_type: str | None
    size: int | None
    latency_ms: float | None
    title: str | None
    h1: str | None
    meta_robots: str | None
    x_robots_tag: str | None
    canonical: str | None
    www_authenticate: str | None
    auth_scheme: str | None
    auth_realm: str | None
    retry_after: str | None
    attempts: int
    throttled: int
    word_count: int | None
    simhash: int | None
    flags: str | None  # space-separated verdict codes
    error: str | None
    fetched_at: datetime
    signals: str | None  # JSON: the detectors' observations

    table = "responses"


class LinkRow(NamedTuple):
    """A link of a page's own (not of a navigation template)."""

    source_id: int
    target_id: int
    anchor: str | None
    nofollow: bool
    section: str

    table = "links"


class TemplateLinkRow(NamedTuple):
    """A link of a navigation template, stored once per run (crawler.templates)."""

    template_id: int
    target_id: int
    anchor: str | None
    nofollow: bool
    section: str

    table = "template_links"


class PageTemplateRow(NamedTuple):
    """A page shows a navigation template's links."""

    source_id: int
    template_id: int

    table = "page_templates"


class SitemapRow(NamedTuple):
    """A sitemap met in the crawl, read or not (crawler.sitemap_pages)."""

    id: int
    url: str
    parent_id: int | None
    found_via: str
    kind: str | None
    status: int | None
    url_count: int
    error: str | None

    table = "sitemaps"


class SitemapUrlRow(NamedTuple):
    """A sitemap lists a URL."""

    sitemap_id: int
    url_id: int
    lastmod: str | None

    table = "sitemap_urls"


class ProbeRow(NamedTuple):
    """A URL that cannot exist, fetched to see how the site answers it (crawler.probe_pages)."""

    id: int
    shape: str
    kind: str
    url: str
    status: int | None
    final_url: str | None
    final_status: int | None
    simhash: int | None
    looks_like: str | None
    error: str | None

    table = "probes"


ROW_TYPES: dict[str, tuple[type[NamedTuple], Table]] = {
    row_type.table: (row_type, table)
    for row_type, table in (
        (UrlRow, urls),
        (ResponseRow, responses),
        (LinkRow, links),
        (TemplateLinkRow, template_links),
        (PageTemplateRow, page_templates),
        (SitemapRow, sitemaps),
        (SitemapUrlRow, sitemap_urls),
        (ProbeRow, probes),
    )
}
FILLED_LATER = {"responses": ("verdicts",)}  # by storage.writer.CrawlWriter.update_verdicts


def columns_of(table_name: str) -> tuple[str, ...]:
    """The columns a row of this table is written to, in order: run_id, then its fields."""
    return ("run_id", *ROW_TYPES[table_name][0]._fields)


def check_rows() -> None:
    """Raise when a row type's fields are not its table's columns (storage.models)."""
    for name, (row_type, table) in ROW_TYPES.items():
        later = FILLED_LATER.get(name, ())
        expected = tuple(column.name for column in table.columns if column.name not in later)
        if columns_of(name) != expected:
            raise RuntimeError(
                f"gatewatch.storage.rows.{row_type.__name__} does not match the table {name!r} "
                f"of gatewatch.storage.models: its columns are {columns_of(name)}, "
                f"the table's {expected}"
            )


check_rows()
