"""A run's findings and the queries that classification needs: who links to a broken URL, what
the previous run answered, which run came before.

Rows go in as dicts and come out as read-only mappings, keyed by column name; reports/ turns
them into Findings.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from sqlalchemy import (
    ARRAY,
    JSON,
    BigInteger,
    Engine,
    and_,
    any_,
    bindparam,
    delete,
    func,
    insert,
    select,
    text,
)

from gatewatch.storage.models import (
    CRAWL_TABLES,
    all_links,
    finding_summaries,
    findings,
    responses,
    runs,
    urls,
)
from gatewatch.storage.url_identity import url_key
from gatewatch.storage.writer import insert_rows

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
    keys = FINDING_COLUMNS[1:]
    encoded = [i for i, key in enumerate(keys) if isinstance(findings.c[key].type, JSON)]
    values = []
    for number, row in enumerate(rows, start=1):
        cells = [row.get(key) for key in keys]
        for index in encoded:
            if cells[index] is not None:
                cells[index] = json.dumps(cells[index])
        values.append((run_id, number, *cells))
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


def load_findings(engine: Engine, run_id: int) -> list[Mapping] | None:
    """The run's saved findings (read-only mappings keyed by column), best first; None when
    they were never built."""
    with engine.connect() as connection:
        built = connection.execute(
            select(finding_summaries.c.run_id).where(finding_summaries.c.run_id == run_id)
        ).first()
        if built is None:
            return None
        query = select(findings).where(findings.c.run_id == run_id).order_by(findings.c.id)
        return list(connection.execute(query).mappings())


def findings_summary(engine: Engine, run_id: int) -> dict | None:
    """When the run's findings were built, against which run, and their counts."""
    with engine.connect() as connection:
        row = connection.execute(
            select(finding_summaries).where(finding_summaries.c.run_id == run_id)
        ).first()
    return dict(row._mapping) if row else None


def refresh_statistics(engine: Engine) -> None:
    """Let the database plan the report's joins from fresh statistics.

    Right after a crawl's bulk COPY PostgreSQL's tables have none (autovacuum comes later), and
    the records of a 50,000-URL run then take minutes instead of seconds to read. SQLite has
    none until asked, and without them it may pick an index by its run alone (a million rows)
    over the one that finds a URL's row. ANALYZE samples a bounded number of rows: about a
    second on PostgreSQL, milliseconds on SQLite, whatever the size.
    """
    from gatewatch.storage.database import is_read_only

    if is_read_only(engine):
        return
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA analysis_limit=1000")
            connection.exec_driver_sql("ANALYZE")
            return
        for table in CRAWL_TABLES:
            connection.execute(text(f"ANALYZE {table.name}"))


@dataclass(frozen=True, slots=True)
class UrlState:
    """What a run knows of one URL: its ids, whether it was fetched and what it answered."""

    url_id: int
    url_key: int
    fetched: bool
    status: int | None
    skip_reason: str | None
    concluded: bool = True  # its answer (at the end of its redirects) was known and read
    needs_rendering: bool = False  # a client-rendered page fetched but not judged

    @property
    def checked(self) -> bool:
        """The run can vouch for the URL: it fetched it and concluded from the answer, or
        robots.txt kept it out. A page flagged needs_rendering was fetched but not judged:
        not checked."""
        fetched = self.fetched and self.concluded and not self.needs_rendering
        return fetched or self.skip_reason == "robots"


MAX_HOPS_FOLLOWED = 20  # redirects followed to conclude; a longer chain concludes nothing


def response_concluded(status: int | None, error: str | None, retry_after: str | None) -> bool:
    """Whether a response says something about the page: a status, not "come back later" (429,
    503 with Retry-After), and no error (with a status, an error means the body was not read:
    cut short or over the size limit, so no soft 404 or soft access error could be judged)."""
    if status is None or error:
        return False
    return status != 429 and not (status == 503 and retry_after)


LOOKUP_BATCH = 500  # ids per query: SQLite's parameters
ARRAY_BATCH = 10_000  # PostgreSQL's array


def url_states(engine: Engine, run_id: int | None, wanted: Iterable[str]) -> dict[str, UrlState]:
    """The run's state of each URL in `wanted` that it met (looked up by URL key, in batches:
    a report asks about its findings' URLs, not about every URL of a million-URL run)."""
    if run_id is None:
        return {}
    by_key: dict[int, list[str]] = defaultdict(list)
    for url in set(wanted):
        by_key[url_key(url)].append(url)
    keys = list(by_key)
    query = _urls_and_responses(
        engine,
        run_id,
        urls.c.url_key,
        urls.c.url,
        urls.c.id,
        urls.c.url_key,
        responses.c.url_id,
        responses.c.status,
        urls.c.skip_reason,
        responses.c.flags,
        responses.c.error,
        responses.c.retry_after,
        responses.c.redirect_target_id,
    )
    found: dict[str, UrlState] = {}
    redirected: dict[str, int] = {}  # URL -> the id its redirect leads to
    with engine.connect() as connection:
        for batch in _batches(keys, engine):
            for (
                url,
                url_id,
                key,
                fetched_id,
                status,
                skip,
                flags,
                error,
                retry,
                target,
            ) in connection.execute(query, {"ids": batch}):
                if url in by_key[key]:
                    concluded = response_concluded(status, error, retry)
                    fetched = fetched_id is not None
                    found[url] = UrlState(
                        url_id,
                        key,
                        fetched,
                        status,
                        skip,
                        concluded=concluded,
                        needs_rendering="needs_rendering" in (flags or "").split(),
                    )
                    if target is not None and concluded:
                        redirected[url] = target
        ends = _redirect_ends(connection, run_id, set(redirected.values()), engine)
    for url, target in redirected.items():
        if not ends.get(target, False):
            found[url] = replace(found[url], concluded=False)
    return found


def _redirect_ends(connection, run_id: int, starts: set[int], engine: Engine) -> dict[int, bool]:
    """For each redirect target id, whether the chain from it ends in a concluded answer: a
    target left unfetched (a limit stopped the run first), a loop or a chain past
    MAX_HOPS_FOLLOWED concludes nothing. A target on another host is never fetched: the
    redirect away is the answer."""
    query = _urls_and_responses(
        engine,
        run_id,
        urls.c.id,
        urls.c.id,
        urls.c.internal,
        urls.c.skip_reason,
        responses.c.url_id,
        responses.c.status,
        responses.c.error,
        responses.c.retry_after,
        responses.c.redirect_target_id,
    )
    step: dict[int, int | bool] = {}  # id -> its next id, or whether it concluded
    pending = set(starts)
    for _ in range(MAX_HOPS_FOLLOWED):
        if not pending:
            break
        for batch in _batches(sorted(pending), engine):
            for url_id, internal, skip, fetched, status, error, retry, target in connection.execute(
                query, {"ids": batch}
            ):
                if fetched is None:
                    step[url_id] = not internal or skip == "robots"
                elif target is not None and response_concluded(status, error, retry):
                    step[url_id] = target
                else:
                    step[url_id] = response_concluded(status, error, retry)
        pending = {v for v in step.values() if type(v) is int and v not in step}
    ends = {}
    for start in starts:
        current, seen = start, set()
        while type(step.get(current)) is int and current not in seen:
            seen.add(current)
            current = step[current]
        ends[start] = step.get(current) is True
    return ends


def _urls_and_responses(engine: Engine, run_id: int, among, *columns):
    """The run's URLs whose `among` column is in the batch bound as `ids`, with their response
    (None columns when unfetched)."""
    return (
        select(*columns)
        .outerjoin(responses, and_(responses.c.run_id == run_id, responses.c.url_id == urls.c.id))
        .where(urls.c.run_id == run_id, _among(among, engine))
    )


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
    link, so a page linking twice appears twice.

    Two lookups by index, in batches: the links to the targets, then each source page once. A
    single join lets the planner guess from a site-wide average (template links make it huge)
    and scan every URL of the run for each batch.
    """
    url_of = {url_id: url for url, url_id in targets.items()}
    link_query = select(all_links.c.target_id, all_links.c.source_id, all_links.c.section).where(
        all_links.c.run_id == run_id,
        _among(all_links.c.target_id, engine),
        all_links.c.source_id != all_links.c.target_id,
    )
    source_query = (
        select(urls.c.id, urls.c.url, responses.c.status, responses.c.flags)
        .outerjoin(responses, and_(responses.c.run_id == run_id, responses.c.url_id == urls.c.id))
        .where(urls.c.run_id == run_id, _among(urls.c.id, engine))
    )
    with engine.connect() as connection:
        found_links = [
            row
            for batch in _batches(list(url_of), engine)
            for row in connection.execute(link_query, {"ids": batch})
        ]
        wanted = list({source_id for _, source_id, _ in found_links})
        sources = {
            source_id: (url, status, flags)
            for batch in _batches(wanted, engine)
            for source_id, url, status, flags in connection.execute(source_query, {"ids": batch})
        }
    found: dict[str, list[LinkSource]] = defaultdict(list)
    for target_id, source_id, section in found_links:
        url, status, flags = sources[source_id]
        found[url_of[target_id]].append(LinkSource(url, section, status, flags))
    return dict(found)


def _among(column, engine: Engine):
    """`column` is one of the batch's ids: one array parameter on PostgreSQL (a list of
    thousands of parameters costs more to send than to look up), a list elsewhere."""
    if engine.dialect.name == "postgresql":
        return column == any_(bindparam("ids", type_=ARRAY(BigInteger)))
    return column.in_(bindparam("ids", expanding=True))


def _batches(values: list, engine: Engine) -> Iterator[list]:
    size = ARRAY_BATCH if engine.dialect.name == "postgresql" else LOOKUP_BATCH
    for start in range(0, len(values), size):
        yield values[start : start + size]


def site_of_run(engine: Engine, run_id: int) -> int | None:
    with engine.connect() as connection:
        return connection.execute(select(runs.c.site_id).where(runs.c.id == run_id)).scalar()


DETECTION_ERROR_STAT = "gatewatch/detection_error"  # reports.completeness.DETECTION_ERROR


def concluded_run(status: str | None, stats: Mapping | None) -> bool:
    """Whether a run ended and concluded: completed, its detectors not failed (the storage
    side of reports.completeness.incomplete_reason)."""
    return status == "completed" and not (stats or {}).get(DETECTION_ERROR_STAT)


def previous_run_id(engine: Engine, run_id: int) -> int | None:
    """The latest run of the same site before this one that ended and concluded: an
    interrupted, failed or not concluded run vouches for nothing, so findings are compared
    with the last run that does (two incomplete runs in a row then lose no finding)."""
    site = select(runs.c.site_id).where(runs.c.id == run_id).scalar_subquery()
    query = (
        select(runs.c.id, runs.c.stats)
        .where(runs.c.site_id == site, runs.c.id < run_id, runs.c.status == "completed")
        .order_by(runs.c.id.desc())
    )
    with engine.connect() as connection:
        for found, stats in connection.execute(query):
            if concluded_run("completed", stats):
                return found
    return None


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
    first. Other runs that did not end and conclude are left out: a run killed half way
    counted half the findings, which would show as a drop."""
    site = select(runs.c.site_id).where(runs.c.id == run_id).scalar_subquery()
    query = (
        select(
            runs.c.id, runs.c.started_at, finding_summaries.c.counts, runs.c.status, runs.c.stats
        )
        .join(finding_summaries, finding_summaries.c.run_id == runs.c.id)
        .where(runs.c.site_id == site, runs.c.id <= run_id)
        .order_by(runs.c.id.desc())
    )
    rows = []
    with engine.connect() as connection:
        for row in connection.execute(query):
            if row[0] == run_id or concluded_run(row[3], row[4]):
                rows.append(row)
            if len(rows) == limit:
                break
    return [(row[0], row[1], dict(row[2] or {})) for row in reversed(rows)]
