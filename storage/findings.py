"""A run's findings and the queries that classification needs: who links to a broken URL, what
the previous run answered, which run came before.

Rows go in and out as plain dicts keyed by column name; reports/ turns them into Findings.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import JSON, Engine, and_, bindparam, delete, func, insert, select, text
from sqlalchemy.orm import aliased

from crawler.urls import url_key
from storage.models import finding_summaries, findings, links, responses, runs, urls
from storage.writer import insert_rows

BATCH_SIZE = 5000
FINDING_COLUMNS = tuple(column.name for column in findings.columns if column.name != "run_id")


@dataclass(frozen=True, slots=True)
class LinkSource:
    """A page of the run linking to a URL, and where on the page the link sits."""

    url: str
    section: str  # main, nav, header, footer or aside
    status: int | None  # the source page's own status
    flags: str | None  # the source page's flags ("noindex"...)


def save_findings(
    engine: Engine,
    run_id: int,
    rows: list[dict],
    previous_run_id: int | None,
    counts: dict[str, int],
    changes: dict[str, int],
) -> None:
    """Replace the run's findings with `rows` (dicts keyed by FINDING_COLUMNS minus `id`)."""
    columns = ("run_id", *FINDING_COLUMNS)
    encoded = {name for name in FINDING_COLUMNS if isinstance(findings.c[name].type, JSON)}
    values = [
        (run_id, number, *(_cell(row.get(key), key in encoded) for key in FINDING_COLUMNS[1:]))
        for number, row in enumerate(rows, start=1)
    ]
    with engine.begin() as connection:
        connection.execute(delete(findings).where(findings.c.run_id == run_id))
        connection.execute(delete(finding_summaries).where(finding_summaries.c.run_id == run_id))
        for start in range(0, len(values), BATCH_SIZE):
            insert_rows(connection, findings, columns, values[start : start + BATCH_SIZE])
        connection.execute(
            insert(finding_summaries).values(
                run_id=run_id,
                built_at=datetime.now(UTC),
                previous_run_id=previous_run_id,
                counts=counts,
                changes=changes,
            )
        )


def _cell(value, encoded: bool):
    return json.dumps(value) if encoded and value is not None else value


def load_findings(engine: Engine, run_id: int) -> list[dict] | None:
    """The run's saved findings, best first; None when they were never built."""
    with engine.connect() as connection:
        built = connection.execute(
            select(finding_summaries.c.run_id).where(finding_summaries.c.run_id == run_id)
        ).first()
        if built is None:
            return None
        query = select(findings).where(findings.c.run_id == run_id).order_by(findings.c.id)
        return [dict(row._mapping) for row in connection.execute(query)]


def findings_summary(engine: Engine, run_id: int) -> dict | None:
    """When the run's findings were built, against which run, and their counts."""
    with engine.connect() as connection:
        row = connection.execute(
            select(finding_summaries).where(finding_summaries.c.run_id == run_id)
        ).first()
    return dict(row._mapping) if row else None


CRAWL_TABLES = ("urls", "responses", "links", "sitemaps", "sitemap_urls")


def refresh_statistics(engine: Engine) -> None:
    """Let the database plan the report's joins from fresh statistics.

    Right after a crawl's bulk COPY PostgreSQL's tables have none (autovacuum comes later), and
    the records of a 50,000-URL run then take minutes instead of seconds to read. SQLite has
    none until asked, and without them it may pick an index by its run alone (a million rows)
    over the one that finds a URL's row. ANALYZE samples a bounded number of rows: about a
    second on PostgreSQL, milliseconds on SQLite, whatever the size.
    """
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA analysis_limit=1000")
            connection.exec_driver_sql("ANALYZE")
            return
        for table in CRAWL_TABLES:
            connection.execute(text(f"ANALYZE {table}"))


@dataclass(frozen=True, slots=True)
class UrlState:
    """What a run knows of one URL: its ids, whether it was fetched and what it answered."""

    url_id: int
    url_key: int
    fetched: bool
    status: int | None
    skip_reason: str | None

    @property
    def checked(self) -> bool:
        """The run can vouch for the URL: it fetched it, or robots.txt kept it out."""
        return self.fetched or self.skip_reason == "robots"


LOOKUP_BATCH = 500


def url_states(engine: Engine, run_id: int | None, wanted: Iterable[str]) -> dict[str, UrlState]:
    """The run's state of each URL in `wanted` that it met (looked up by URL key, in batches:
    a report asks about its findings' URLs, not about every URL of a million-URL run)."""
    if run_id is None:
        return {}
    by_key: dict[int, list[str]] = defaultdict(list)
    for url in set(wanted):
        by_key[url_key(url)].append(url)
    keys = list(by_key)
    query = (
        select(
            urls.c.url,
            urls.c.id,
            urls.c.url_key,
            responses.c.url_id,
            responses.c.status,
            urls.c.skip_reason,
        )
        .outerjoin(responses, and_(responses.c.run_id == run_id, responses.c.url_id == urls.c.id))
        .where(urls.c.run_id == run_id, urls.c.url_key.in_(bindparam("keys", expanding=True)))
    )
    found: dict[str, UrlState] = {}
    with engine.connect() as connection:
        for start in range(0, len(keys), LOOKUP_BATCH):
            batch = keys[start : start + LOOKUP_BATCH]
            for url, url_id, key, fetched_id, status, skip in connection.execute(
                query, {"keys": batch}
            ):
                if url in by_key[key]:
                    found[url] = UrlState(url_id, key, fetched_id is not None, status, skip)
    return found


def crawl_counts(engine: Engine, run_id: int) -> tuple[int, int]:
    """(internal URLs met, of those fetched) in the run. Only internal URLs are fetched, so
    each count reads one table's index."""
    met = select(func.count()).where(urls.c.run_id == run_id, urls.c.internal.is_(True))
    fetched = select(func.count()).where(responses.c.run_id == run_id)
    with engine.connect() as connection:
        return connection.execute(met).scalar() or 0, connection.execute(fetched).scalar() or 0


def first_statuses(engine: Engine, run_id: int) -> dict[str, int | None]:
    """URL -> the status of its first answer in the run, for URLs that were fetched."""
    query = (
        select(urls.c.url, responses.c.status)
        .join(responses, and_(responses.c.run_id == run_id, responses.c.url_id == urls.c.id))
        .where(urls.c.run_id == run_id, urls.c.internal.is_(True))
    )
    with engine.connect() as connection:
        return dict(connection.execute(query).all())


def inlink_sources(
    engine: Engine, run_id: int, targets: Mapping[str, int]
) -> dict[str, list[LinkSource]]:
    """For each target (URL -> its id in the run), the pages linking to it: one LinkSource per
    link, so a page linking twice appears twice. Looked up through the links' target index, in
    batches: a report asks about its findings, a small part of a big run's links."""
    source = aliased(urls)
    source_response = aliased(responses)
    query = (
        select(
            links.c.target_id,
            source.c.url,
            links.c.section,
            source_response.c.status,
            source_response.c.flags,
        )
        .join(source, and_(source.c.run_id == run_id, source.c.id == links.c.source_id))
        .outerjoin(
            source_response,
            and_(source_response.c.run_id == run_id, source_response.c.url_id == source.c.id),
        )
        .where(
            links.c.run_id == run_id,
            links.c.target_id.in_(bindparam("targets", expanding=True)),
            links.c.source_id != links.c.target_id,
        )
    )
    url_of = {url_id: url for url, url_id in targets.items()}
    ids = list(url_of)
    found: dict[str, list[LinkSource]] = defaultdict(list)
    with engine.connect() as connection:
        for start in range(0, len(ids), LOOKUP_BATCH):
            rows = connection.execute(query, {"targets": ids[start : start + LOOKUP_BATCH]})
            for target_id, source_url, section, status, flags in rows:
                found[url_of[target_id]].append(LinkSource(source_url, section, status, flags))
    return dict(found)


def site_of_run(engine: Engine, run_id: int) -> int | None:
    with engine.connect() as connection:
        return connection.execute(select(runs.c.site_id).where(runs.c.id == run_id)).scalar()


def previous_run_id(engine: Engine, run_id: int) -> int | None:
    """The latest completed run of the same site before this one."""
    site = select(runs.c.site_id).where(runs.c.id == run_id).scalar_subquery()
    query = (
        select(runs.c.id)
        .where(runs.c.site_id == site, runs.c.id < run_id, runs.c.status == "completed")
        .order_by(runs.c.id.desc())
        .limit(1)
    )
    with engine.connect() as connection:
        return connection.execute(query).scalar()


def last_two_runs(engine: Engine, site_id: int) -> list[int]:
    """The ids of the site's two latest completed runs, older first."""
    query = (
        select(runs.c.id)
        .where(runs.c.site_id == site_id, runs.c.status == "completed")
        .order_by(runs.c.id.desc())
        .limit(2)
    )
    with engine.connect() as connection:
        return sorted(connection.execute(query).scalars())


def trend_points(engine: Engine, run_id: int, limit: int = 12) -> list[tuple[int, datetime, dict]]:
    """(run id, started at, counts per bucket) of the site's built runs up to this one, oldest
    first."""
    site = select(runs.c.site_id).where(runs.c.id == run_id).scalar_subquery()
    query = (
        select(runs.c.id, runs.c.started_at, finding_summaries.c.counts)
        .join(finding_summaries, finding_summaries.c.run_id == runs.c.id)
        .where(runs.c.site_id == site, runs.c.id <= run_id)
        .order_by(runs.c.id.desc())
        .limit(limit)
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    return [(row[0], row[1], dict(row[2] or {})) for row in reversed(rows)]
