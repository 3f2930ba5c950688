"""Two synthetic crawl runs of one site, written through CrawlWriter, for timing reports and diffs.

    python -m bench.synthetic_runs --urls 50000 --database sqlite:///synthetic.db
    python -m bench.synthetic_runs --urls 1000000 --database postgresql://postgres@127.0.0.1/test

No crawl happens: rows are made up, deterministically from (seed, URL number), with a realistic
mix -- mostly 200 pages, 301s (some forming chains), 401 (with and without WWW-Authenticate),
403, 404, 410, 500, soft 404s and login walls flagged in ``responses.flags``, robots-disallowed
URLs that were not fetched, sitemap membership (an index and children of 50,000 URLs), and ~8
links per page in ``nav`` and ``main`` sections. The second run differs from the first: about a
third of the errors are fixed, 2% of the good pages break, 1% of URLs are gone and 2% are new.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterator
from datetime import UTC, datetime

from bench.measure import describe_load, emit, load_average, table
from gatewatch.storage.database import open_database
from gatewatch.storage.rows import (
    LinkRow,
    ResponseRow,
    SitemapRow,
    SitemapUrlRow,
    UrlRow,
)
from gatewatch.storage.runs import create_run, finish_run
from gatewatch.storage.url_identity import url_key
from gatewatch.storage.writer import BATCH_SIZE, CrawlWriter

HOST = "https://shop.synthetic.test"
SITEMAP_SIZE = 50_000
LINKS_PER_PAGE = 8
NAVIGATION = (0, 1, 2)  # the home page and the two section pages, linked from every page
Row = UrlRow | ResponseRow | LinkRow | SitemapRow | SitemapUrlRow

# (upper bound of a uniform draw, kind); kinds map to what a crawl would record.
_MIX = (
    (0.80, "page"),
    (0.85, "redirect"),
    (0.87, "not_found"),
    (0.875, "gone"),
    (0.89, "unauthorized"),
    (0.905, "forbidden"),
    (0.91, "server_error"),
    (0.92, "soft_404"),
    (0.93, "login_wall"),
    (0.95, "disallowed"),
    (1.0, "page"),
)
_STATUS = {
    "page": 200,
    "redirect": 301,
    "not_found": 404,
    "gone": 410,
    "unauthorized": 401,
    "forbidden": 403,
    "server_error": 500,
    "soft_404": 200,
    "login_wall": 200,
}
_ERRORS = {"not_found", "gone", "unauthorized", "forbidden", "server_error", "soft_404"}


def draw(number: int, salt: int) -> float:
    """A deterministic uniform number in [0, 1) for URL ``number`` (cheaper than a Random)."""
    value = (number * 0x9E3779B1 + salt * 0x85EBCA77) & 0xFFFFFFFF
    value ^= value >> 15
    value = (value * 0x2C1B3C6D) & 0xFFFFFFFF
    value ^= value >> 12
    return value / 2**32


def kind_of(number: int, seed: int, second_run: bool) -> str | None:
    """What URL ``number`` is in a run (None: not in that run)."""
    if number in NAVIGATION:
        return "page"
    first = next(kind for bound, kind in _MIX if draw(number, seed) < bound)
    if not second_run:
        return first
    change = draw(number, seed + 1)
    if change < 0.01:
        return None  # gone from the site
    if first in _ERRORS and change < 0.34:
        return "page"  # fixed
    if first == "page" and change > 0.98:
        return "not_found" if change > 0.99 else "forbidden"  # broke
    return first


def url_of(number: int, kind: str) -> str:
    if number == 0:
        return f"{HOST}/"
    if number in NAVIGATION:
        return f"{HOST}/{('blog', 'shop')[number - 1]}/"
    if kind == "disallowed":
        return f"{HOST}/account/orders/{number}"
    if kind == "unauthorized":
        return f"{HOST}/members/area-{number}"
    section = ("blog", "shop")[number % 2]
    return f"{HOST}/{section}/category-{number % 97}/item-{number}"


def url_count(urls: int, second_run: bool) -> int:
    """URL numbers in a run: the second run has 2% new ones at the end."""
    return urls + (urls // 50 if second_run else 0)


def _response(
    number: int, kind: str, url: str, target: tuple[int, str] | None, fetched_at: datetime
) -> dict:
    status = _STATUS[kind]
    response = {
        "url_id": number,
        "status": status,
        "content_type": "text/html; charset=utf-8",
        "size": 9000 + number % 4000 if status == 200 else 600,
        "latency_ms": 5.0 + number % 40,
        "attempts": 1,
        "throttled": 0,
        "fetched_at": fetched_at,
    }
    if kind == "redirect" and target:
        response.update(location=target[1], redirect_target_id=target[0], size=0)
    elif status == 200:
        title = f"Item {number} | Synthetic Outfitters"
        if kind == "soft_404":
            title, response["flags"] = "Page not found", "soft_404"
        elif kind == "login_wall":
            title, response["flags"] = "Sign in", "soft_401 login_form"
        response.update(title=title, h1=title, canonical=url, word_count=1200)
        response["simhash"] = (number * 0x9E3779B97F4A7C15) % 2**63
    elif kind == "unauthorized":
        if number % 2:
            response.update(www_authenticate='Basic realm="Members"', auth_scheme="basic")
            response["auth_realm"] = "Members"
        else:
            response["flags"] = "missing_challenge"
    return response


def synthetic_rows(
    urls: int, seed: int = 1, second_run: bool = False, fetched_at: datetime | None = None
) -> Iterator[Row]:
    """The rows of one run (storage.rows), as a crawl hands them to CrawlWriter."""
    fetched_at = fetched_at or datetime.now(UTC)
    count = url_count(urls, second_run)
    sitemap_children = -(-count // SITEMAP_SIZE)
    yield SitemapRow(
        id=0, url=f"{HOST}/sitemap_index.xml", parent_id=None, found_via="robots", kind="index",
        status=200, url_count=0, error=None,
    )  # fmt: skip
    for child in range(1, sitemap_children + 1):
        yield SitemapRow(
            id=child, url=f"{HOST}/sitemaps/{child}.xml", parent_id=0, found_via="sitemap",
            kind="urlset", status=200, url_count=SITEMAP_SIZE, error=None,
        )  # fmt: skip
    for number in range(count):
        kind = kind_of(number, seed, second_run)
        if kind is None:
            continue
        url = url_of(number, kind)
        in_sitemap = draw(number, seed + 2) < (0.8 if kind == "page" else 0.3)
        found_via = "sitemap" if in_sitemap and number % 3 == 0 else "link"
        depth = min(1 + number.bit_length() // 3, 12) if number else 0
        skip = "robots" if kind == "disallowed" else None
        yield UrlRow(
            id=number, url=url, url_key=url_key(url), internal=True, found_via=found_via,
            found_on_id=0 if number else None, depth=depth,
            robots_disallowed=kind == "disallowed", skip_reason=skip,
        )  # fmt: skip
        if in_sitemap:
            sitemap_id = 1 + number // SITEMAP_SIZE
            yield SitemapUrlRow(sitemap_id=sitemap_id, url_id=number, lastmod="2026-11-01")
        if skip:
            continue
        target = None
        if kind == "redirect":  # to another URL of the run; redirects to redirects are chains
            target_number = int(draw(number, seed + 3) * count)
            target_kind = kind_of(target_number, seed, second_run)
            if target_kind and target_number != number:
                target = (target_number, url_of(target_number, target_kind))
        response = _response(number, kind, url, target, fetched_at)
        yield ResponseRow(**{field: response.get(field) for field in ResponseRow._fields})
        if _STATUS[kind] != 200:
            continue
        for position in range(LINKS_PER_PAGE):
            if position < len(NAVIGATION):
                yield LinkRow(
                    source_id=number, target_id=NAVIGATION[position], anchor="Home",
                    nofollow=False, section="nav",
                )  # fmt: skip
            else:
                linked = int(draw(number * LINKS_PER_PAGE + position, seed + 4) * count)
                yield LinkRow(
                    source_id=number, target_id=linked, anchor=f"Item {linked}",
                    nofollow=position == 7, section="main",
                )  # fmt: skip


def write_run(engine, urls: int, seed: int, second_run: bool, batch_size: int = BATCH_SIZE) -> dict:
    """Create a run, write its rows through CrawlWriter, finish it; returns figures."""
    run_id = create_run(engine, f"{HOST}/", {"synthetic": True, "urls": urls, "seed": seed})
    writer = CrawlWriter(engine, run_id, batch_size=batch_size)
    started = time.monotonic()
    cpu_started = time.process_time()
    for row in synthetic_rows(urls, seed, second_run):
        writer.add(row)
    writer.flush()
    seconds = time.monotonic() - started
    finish_run(engine, run_id, "completed", {"synthetic_rows": writer.written})
    return {
        "run": run_id,
        "urls": url_count(urls, second_run),
        "rows": writer.written,
        "seconds": seconds,
        "cpu_seconds": time.process_time() - cpu_started,
        "rows_per_second": writer.written / seconds,
        **load_average(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=50_000, help="URLs in the first run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", required=True, help="database URL or SQLite file")
    parser.add_argument("--json", action="store_true")
    arguments = parser.parse_args(argv)
    if arguments.urls < 10:
        parser.error("--urls must be at least 10")
    engine = open_database(arguments.database)
    runs = [
        {"name": name, **write_run(engine, arguments.urls, arguments.seed, second)}
        for name, second in (("first", False), ("second", True))
    ]
    engine.dispose()
    result = {"database": engine.url.render_as_string(), "runs": runs}
    columns = (
        ("name", "run", "s"),
        ("run", "id", "d"),
        ("urls", "URLs", ",d"),
        ("rows", "rows", ",d"),
        ("seconds", "seconds", ".1f"),
        ("rows_per_second", "rows/s", ",.0f"),
        ("load_1m", "load", ".2f"),
    )
    text = f"{result['database']}: {describe_load(load_average())}\n" + table(runs, columns)
    emit(result, arguments.json, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
