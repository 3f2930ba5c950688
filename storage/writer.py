"""Bulk writes of a crawl's records: buffered, flushed in batches, never a row at a time.

On PostgreSQL rows go in through COPY; elsewhere through executemany of one INSERT. During a
crawl, a writer process may do the writing (storage.write_process).
"""

from __future__ import annotations

import contextlib
import logging
import math
import time
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path

from sqlalchemy import DateTime, Engine, String, Table, bindparam, func, literal, select, update

from gatewatch.storage.models import CRAWL_TABLES, responses, template_links, urls
from gatewatch.storage.rows import ROW_TYPES, columns_of
from gatewatch.storage.write_process import TableSpec, WriterFailed, WriterProcess, write_batch

_TABLES: dict[str, tuple[Table, tuple[str, ...]]] = {
    name: (table, columns_of(name)) for name, (_, table) in ROW_TYPES.items()
}
# where a buffered row (run_id first) holds what the writer looks up
_URL_ID, _URL_TEXT = columns_of("urls").index("id"), columns_of("urls").index("url")
_RESPONSE_URL_ID = columns_of("responses").index("url_id")
_TEMPLATE_ID = columns_of("template_links").index("template_id")
_FLUSH_ORDER = tuple(table.name for table in CRAWL_TABLES)  # parents first
BATCH_SIZE = 20_000  # rows per flush: each flush is one transaction and a COPY or executemany
#                      per table, and 5,000-row batches wrote 25% slower (bench.bulk_insert)
HAND_OVER_ROWS = 5_000  # rows per batch for a writer process: it is off the crawl's path, and
#                         holds a batch in memory as Python objects (20,000 cost it 13 MB more)
FLUSH_SECONDS = 1.0  # a crawl's rows wait at most about this long before they are written (or
#                      handed over): a killed crawl loses only its last second, not its last batch

logger = logging.getLogger(__name__)


def table_spec(dialect: str, table: Table, columns: tuple[str, ...]) -> TableSpec:
    """How the driver alone inserts `columns` of `table` (storage.write_process)."""
    names = ", ".join(columns)
    if dialect == "postgresql":
        statement = f"COPY {table.name} ({names}) FROM STDIN"
    else:
        statement = f"INSERT INTO {table.name} ({names}) VALUES ({', '.join('?' * len(columns))})"
    types = [table.c[name].type for name in columns]
    return TableSpec(
        statement,
        tuple(i for i, kind in enumerate(types) if isinstance(kind, DateTime)),
        tuple(i for i, kind in enumerate(types) if isinstance(kind, String)),
    )


def _writer_target(engine: Engine) -> str | dict | None:
    """What a writer process connects to (a SQLite file, psycopg.connect's arguments), or
    None when it cannot share the database."""
    url = engine.url
    if engine.dialect.name == "sqlite":
        database = url.database
        if not database or database == ":memory:" or database.startswith("file:"):
            return None
        return str(Path(database).resolve())
    if engine.dialect.name == "postgresql" and engine.dialect.driver == "psycopg":
        # as SQLAlchemy connects: a password or options with spaces or "+" arrive intact
        _, arguments = engine.dialect.create_connect_args(url)
        return {name: value for name, value in arguments.items() if name != "context"}
    return None


class CrawlWriter:
    """Collects one run's rows and writes them in batches of `batch_size`.

    With `background`, batches are written by a writer process (storage.write_process) when
    the database allows it (a SQLite file, PostgreSQL): the crawl hands them over and goes on.
    If that process fails, its batches are written here and so is every later one.

    Rows are written once `batch_size` of them wait, or, with `flush_seconds`, when a row
    comes that long after the last write (a crawl: FLUSH_SECONDS). With `on_failure`, a write
    that fails twice (the second time on a new connection: a dropped connection is no reason
    to stop) stops the writer: `failure` says why, `on_failure` is called with it once, and
    nothing more is written or raised; the rows stay in memory (`pending`). Without it, a
    failed write raises and its rows stay queued.
    """

    def __init__(
        self,
        engine: Engine,
        run_id: int,
        batch_size: int | None = None,
        background: bool = False,
        on_failure: Callable[[str], None] | None = None,
        flush_seconds: float = math.inf,
    ) -> None:
        """`batch_size`: rows per batch, BATCH_SIZE by default (HAND_OVER_ROWS with a writer
        process)."""
        self.engine = engine
        self.on_failure = on_failure
        self.failure: str | None = None
        self.flush_seconds = flush_seconds
        self.due = time.monotonic() + flush_seconds
        self.run_id = run_id
        self.dialect = engine.dialect.name
        self.specs = (
            {name: table_spec(self.dialect, *_TABLES[name]) for name in _TABLES}
            if self.dialect in ("sqlite", "postgresql")
            else None
        )
        self.buffers: dict[str, list[tuple]] = {name: [] for name in _TABLES}
        self.pending = 0
        self.written = 0
        self.process: WriterProcess | None = None
        target = _writer_target(engine) if background else None
        if target is not None:
            try:
                self.process = WriterProcess(self.dialect, target, self.specs)
            except (WriterFailed, OSError) as error:
                logger.warning("no writer process (%s): rows are written by the crawl", error)
        if batch_size is None:
            batch_size = BATCH_SIZE if self.process is None else HAND_OVER_ROWS
        self.batch_size = batch_size

    def add(self, row: tuple) -> None:
        """Queue one row, of a type of storage.rows (its table is `row.table`)."""
        self.buffers[row.table].append((self.run_id, *row))
        self.pending += 1
        if self.pending >= self.batch_size or time.monotonic() >= self.due:
            self._hand_over()

    def add_rows(self, rows: list[tuple]) -> None:
        """Queue rows of one type of storage.rows."""
        if not rows:
            return
        run_id = self.run_id
        self.buffers[rows[0].table] += [(run_id, *row) for row in rows]
        self.pending += len(rows)
        if self.pending >= self.batch_size or time.monotonic() >= self.due:
            self._hand_over()

    def _batch(self) -> list[tuple[str, list[tuple]]]:
        return [(name, self.buffers[name]) for name in _FLUSH_ORDER if self.buffers[name]]

    def _clear(self) -> None:
        self.written += self.pending
        self.buffers = {name: [] for name in _TABLES}
        self.pending = 0

    def _hand_over(self) -> None:
        """The buffered rows go to the writer process, or into the database from here."""
        self.due = time.monotonic() + self.flush_seconds
        if not self.pending or self.failure is not None:
            return
        if self.process is not None:
            try:
                url_texts = {row[_URL_ID]: row[_URL_TEXT] for row in self.buffers["urls"]}
                self.process.hand_over(self._batch(), url_texts)
            except WriterFailed as error:
                self._take_back(error)
            else:
                self._clear()
                return
        self._write_here()

    def flush(self) -> None:
        """Every row added so far is in the database when this returns (or it raises)."""
        self._hand_over()
        if self.process is not None:
            try:
                self.process.wait()
            except WriterFailed as error:
                self._take_back(error)
                self._write_here()

    def close(self) -> None:
        """Stop the writer process, if any, once it has written what it was given; rows
        still buffered here stay for `flush`. Never raises: it runs on the way out."""
        if self.process is not None:
            process, self.process = self.process, None
            process.close()

    def _take_back(self, error: WriterFailed) -> None:
        """The writer failed: its uncommitted batches go back in front of the buffers, and
        from now on rows are written here."""
        logger.warning("%s; the crawl writes its rows itself from now on", error)
        process, self.process = self.process, None
        batches, first_may_be_committed = process.take_back()
        first = batches.pop(0) if batches else None
        self._put_back(batches)  # before asking the database, which may fail too
        if first is None:
            return
        if first_may_be_committed:  # the writer may have died between its commit and its answer
            try:
                if self._committed(first):
                    return
            except Exception as check_error:
                logger.warning(
                    "could not tell whether the writer committed its last batch (%s): "
                    "it is written again",
                    check_error,
                )
        self._put_back([first])

    def _put_back(self, batches: list) -> None:
        """Rows handed over and not written go back in front of the buffers."""
        buffers = {name: [] for name in _TABLES}
        count = 0
        for batch in batches:
            for name, rows in batch or ():
                buffers[name] += rows
                count += len(rows)
        for name in _TABLES:
            buffers[name] += self.buffers[name]
        self.buffers = buffers
        self.pending += count
        self.written -= count  # counted when handed over

    def _committed(self, batch) -> bool:
        """Whether a batch is in the database, by one of its keyed rows (URLs, responses), or
        by a template it brings: a template's links come in one add_rows call, so in one batch.
        Such a row cannot be there otherwise: written twice, the batch would be refused (URLs,
        responses), or the template's links would repeat on every page naming it."""
        rows = dict(batch)
        if rows.get("urls"):
            table, column, key = urls, urls.c.id, rows["urls"][0][_URL_ID]
        elif rows.get("responses"):
            key = rows["responses"][0][_RESPONSE_URL_ID]
            table, column = responses, responses.c.url_id
        elif rows.get("template_links"):
            key = rows["template_links"][0][_TEMPLATE_ID]
            table, column = template_links, template_links.c.template_id
        else:
            return False  # a page's own links alone: cannot tell, written again
        statement = select(func.count()).where(table.c.run_id == self.run_id, column == key)
        with self.engine.connect() as connection:
            return bool(connection.scalar(statement))

    def fail(self, error: BaseException) -> None:
        """The database cannot be written: stop writing, and say so once (`on_failure`).
        Also for the caller's own writes of the run (robots.txt, verdicts)."""
        if self.failure is not None:
            return
        error = getattr(error, "orig", None) or error  # the driver's words, not SQLAlchemy's
        first_line = (str(error).strip().splitlines() or [""])[0]
        self.failure = f"{error.__class__.__name__}: {first_line}"[:500]
        if self.on_failure is not None:
            self.on_failure(self.failure)

    def _write_here(self) -> None:
        if not self.pending or self.failure is not None:
            return
        if self.on_failure is None:
            self._insert_buffers()
            return
        try:
            self._insert_buffers()
        except Exception:
            try:
                self._insert_buffers()  # on a new connection: the old one may have been dropped
            except Exception as error:
                self.fail(error)

    def _insert_buffers(self) -> None:
        with self.engine.begin() as connection:
            if self.specs is not None:
                driver = connection.connection.driver_connection
                write_batch(driver, self.dialect, self.specs, self._batch())
            else:
                for name, rows in self._batch():
                    table, columns = _TABLES[name]
                    connection.execute(
                        table.insert(), [dict(zip(columns, row, strict=True)) for row in rows]
                    )
        self._clear()

    def url_texts(self, ids: list[int]) -> dict[int, str]:
        """The URLs of these ids: the crawl's queue keeps ids, and the text is in the database,
        or in rows not written yet."""
        if self.process is not None:
            try:
                self.process.confirm()  # before the query: a batch forgotten here is visible
            except WriterFailed as error:
                self._take_back(error)
        statement = select(urls.c.id, urls.c.url).where(
            urls.c.run_id == self.run_id, urls.c.id.in_(ids)
        )
        with self.engine.connect() as connection:
            rows = connection.execute(statement)
            # (not dict(rows): a Result has keys(), so dict() would read it as a mapping)
            found = {url_id: url for url_id, url in rows}  # noqa: C416
        missing = {url_id for url_id in ids if url_id not in found}
        if missing and self.process is not None:
            for url_id in list(missing):
                text = self.process.url_text(url_id)
                if text is not None:
                    found[url_id] = text
                    missing.discard(url_id)
        if missing:
            for row in self.buffers["urls"]:
                if row[_URL_ID] in missing:
                    found[row[_URL_ID]] = row[_URL_TEXT]
        return found

    def update_depths(self, depths: Iterable[tuple[int, int | None]]) -> None:
        """Correct the click depth of URLs once the whole link graph is known; `depths` is
        read in batches, as it may hold most URLs of the crawl."""
        self.flush()
        if self.failure is not None:
            return
        statement = (
            update(urls)
            .where(urls.c.run_id == self.run_id, urls.c.id == bindparam("url_id"))
            .values(depth=bindparam("new_depth"))
        )
        depths = iter(depths)
        with self._updating() as connection:
            while batch := list(islice(depths, self.batch_size)):
                connection.execute(
                    statement, [{"url_id": url_id, "new_depth": depth} for url_id, depth in batch]
                )

    def update_verdicts(self, verdicts: list[tuple[int, str, str]]) -> None:
        """Add the detectors' verdicts to responses: (url_id, flags to append, verdicts JSON)."""
        self.flush()
        if not verdicts or self.failure is not None:
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
        with self._updating() as connection:
            for start in range(0, len(rows), self.batch_size):
                connection.execute(statement, rows[start : start + self.batch_size])

    @contextlib.contextmanager
    def _updating(self) -> Iterator:
        """A transaction that updates rows already written; with `on_failure`, its failure
        stops the writer instead of raising."""
        try:
            with self.engine.begin() as connection:
                yield connection
        except Exception as error:
            if self.on_failure is None:
                raise
            self.fail(error)


def insert_rows(connection, table: Table, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Bulk insert of tuples in `columns` order on the driver: COPY on PostgreSQL, one
    executemany on SQLite. JSON columns take their JSON text."""
    dialect = connection.dialect.name
    if dialect in ("postgresql", "sqlite"):
        specs = {table.name: table_spec(dialect, table, columns)}
        write_batch(connection.connection.driver_connection, dialect, specs, [(table.name, rows)])
    else:
        connection.execute(table.insert(), [dict(zip(columns, row, strict=True)) for row in rows])
