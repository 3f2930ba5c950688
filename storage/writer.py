"""Bulk writes of a crawl's records: buffered, flushed in batches, never a row at a time.

On PostgreSQL rows go in through COPY; elsewhere through executemany of one INSERT.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from itertools import islice

from sqlalchemy import DateTime, Engine, String, Table, bindparam, func, literal, select, update

from storage.models import links, probes, responses, sitemap_urls, sitemaps, urls

URL_COLUMNS = (
    "run_id", "id", "url", "url_key", "internal", "found_via", "found_on_id", "depth",
    "robots_disallowed", "skip_reason",
)  # fmt: skip
RESPONSE_COLUMNS = (
    "run_id", "url_id", "status", "location", "redirect_target_id", "content_type", "size",
    "latency_ms", "title", "h1", "meta_robots", "x_robots_tag", "canonical", "www_authenticate",
    "auth_scheme", "auth_realm", "retry_after", "attempts", "throttled", "word_count", "simhash",
    "flags", "error", "fetched_at", "signals",
)  # fmt: skip
LINK_COLUMNS = ("run_id", "source_id", "target_id", "anchor", "nofollow", "section")
SITEMAP_COLUMNS = (
    "run_id", "id", "url", "parent_id", "found_via", "kind", "status", "url_count", "error",
)  # fmt: skip
SITEMAP_URL_COLUMNS = ("run_id", "sitemap_id", "url_id", "lastmod")
PROBE_COLUMNS = (
    "run_id", "id", "shape", "kind", "url", "status", "final_url", "final_status", "simhash",
    "looks_like", "error",
)  # fmt: skip

_TABLES: dict[str, tuple[Table, tuple[str, ...]]] = {
    "urls": (urls, URL_COLUMNS),
    "responses": (responses, RESPONSE_COLUMNS),
    "links": (links, LINK_COLUMNS),
    "sitemaps": (sitemaps, SITEMAP_COLUMNS),
    "sitemap_urls": (sitemap_urls, SITEMAP_URL_COLUMNS),
    "probes": (probes, PROBE_COLUMNS),
}
SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S.%f"  # SQLAlchemy's storage format for DateTime in SQLite
# parents first, so that a reader never sees a response without its URL
_FLUSH_ORDER = ("sitemaps", "urls", "sitemap_urls", "responses", "links", "probes")


def _text(value: object) -> object:
    """PostgreSQL rejects NUL characters in text; hostile pages contain them."""
    if isinstance(value, str) and "\x00" in value:
        return value.replace("\x00", "\ufffd")
    return value


def _sqlite_moments(row: tuple, indexes: list[int]) -> tuple:
    values = list(row)
    for index in indexes:
        if isinstance(values[index], datetime):
            values[index] = values[index].strftime(SQLITE_DATETIME)
    return tuple(values)


BATCH_SIZE = 20_000  # rows per flush: each flush is one transaction and a COPY or executemany
#                      per table, and 5,000-row batches wrote 25% slower (bench.bulk_insert)


class CrawlWriter:
    """Collects one run's rows and writes them in batches of `batch_size`."""

    def __init__(self, engine: Engine, run_id: int, batch_size: int = BATCH_SIZE) -> None:
        self.engine = engine
        self.run_id = run_id
        self.batch_size = batch_size
        self.use_copy = engine.dialect.name == "postgresql"
        self.use_driver = engine.dialect.name == "sqlite"
        self.buffers: dict[str, list[tuple]] = {name: [] for name in _TABLES}
        self.pending = 0
        self.written = 0

    def add(self, table: str, *values: object) -> None:
        """Queue one row of `table`, its values in the column order above, without run_id."""
        self.buffers[table].append((self.run_id, *values))
        self.pending += 1
        if self.pending >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        with self.engine.begin() as connection:
            for name in _FLUSH_ORDER:
                rows = self.buffers[name]
                if not rows:
                    continue
                table, columns = _TABLES[name]
                if self.use_copy:
                    self._copy(connection, table, columns, rows)
                elif self.use_driver:
                    self._sqlite_insert(connection, table, columns, rows)
                else:
                    connection.execute(
                        table.insert(), [dict(zip(columns, row, strict=True)) for row in rows]
                    )
        self.written += self.pending
        self.buffers = {name: [] for name in _TABLES}
        self.pending = 0

    @staticmethod
    def _copy(connection, table: Table, columns: tuple[str, ...], rows: list[tuple]) -> None:
        """COPY; only the text columns are looked at for NULs (links have one in six)."""
        texts = [i for i, name in enumerate(columns) if isinstance(table.c[name].type, String)]
        cursor = connection.connection.driver_connection.cursor()
        statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
        with cursor.copy(statement) as copy:
            write = copy.write_row
            for row in rows:
                for index in texts:
                    value = row[index]
                    if value and "\x00" in value:
                        row = [_text(value) for value in row]
                        break
                write(row)

    @staticmethod
    def _sqlite_insert(connection, table: Table, columns: tuple[str, ...], rows: list[tuple]):
        """executemany on the driver: SQLAlchemy's per-row parameter processing costs more
        than the insert itself. Datetimes are written as SQLAlchemy writes them in SQLite."""
        moments = [i for i, name in enumerate(columns) if isinstance(table.c[name].type, DateTime)]
        if moments:
            rows = [_sqlite_moments(row, moments) for row in rows]
        marks = ", ".join("?" * len(columns))
        statement = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})"
        connection.exec_driver_sql(statement, rows)

    def url_texts(self, ids: list[int]) -> dict[int, str]:
        """The URLs of these ids: the crawl's queue keeps ids, and the text is here."""
        self.flush()
        statement = select(urls.c.id, urls.c.url).where(
            urls.c.run_id == self.run_id, urls.c.id.in_(ids)
        )
        with self.engine.connect() as connection:
            return {url_id: url for url_id, url in connection.execute(statement)}

    def update_depths(self, depths: Iterable[tuple[int, int | None]]) -> None:
        """Correct the click depth of URLs once the whole link graph is known; `depths` is
        read in batches, as it may hold most URLs of the crawl."""
        self.flush()
        statement = (
            update(urls)
            .where(urls.c.run_id == self.run_id, urls.c.id == bindparam("url_id"))
            .values(depth=bindparam("new_depth"))
        )
        depths = iter(depths)
        with self.engine.begin() as connection:
            while batch := list(islice(depths, self.batch_size)):
                connection.execute(
                    statement, [{"url_id": url_id, "new_depth": depth} for url_id, depth in batch]
                )

    def update_verdicts(self, verdicts: list[tuple[int, str, str]]) -> None:
        """Add the detectors' verdicts to responses: (url_id, flags to append, verdicts JSON)."""
        self.flush()
        if not verdicts:
            return
        flags = func.coalesce(responses.c.flags + literal(" "), literal("")) + bindparam("more")
        statement = (
            update(responses)
            .where(
                responses.c.run_id == self.run_id, responses.c.url_id == bindparam("target_url_id")
            )
            .values(
                flags=func.nullif(func.trim(flags), literal("")),
                verdicts=bindparam("found"),
            )
        )
        rows = [
            {"target_url_id": url_id, "more": more, "found": found}
            for url_id, more, found in verdicts
        ]
        with self.engine.begin() as connection:
            for start in range(0, len(rows), self.batch_size):
                connection.execute(statement, rows[start : start + self.batch_size])


def insert_rows(connection, table: Table, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Bulk insert of tuples in `columns` order on the driver: COPY on PostgreSQL, one
    executemany on SQLite. JSON columns take their JSON text."""
    if connection.dialect.name == "postgresql":
        CrawlWriter._copy(connection, table, columns, rows)
    elif connection.dialect.name == "sqlite":
        CrawlWriter._sqlite_insert(connection, table, columns, rows)
    else:
        connection.execute(table.insert(), [dict(zip(columns, row, strict=True)) for row in rows])
