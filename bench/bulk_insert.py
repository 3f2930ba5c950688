"""Rows per second of storage.writer.CrawlWriter against plain executemany, SQLite and PostgreSQL.

    python -m bench.bulk_insert                       # 1,000,000 rows on both databases
    python -m bench.bulk_insert --rows 200000 --databases sqlite --json

The rows are one synthetic run (bench.synthetic_runs: urls, responses, links, sitemaps, about
8 links per page), built in memory first so that only writing is timed. Each method writes into
a fresh database: a new SQLite file, or a new PostgreSQL schema dropped afterwards.

Methods: ``CrawlWriter`` (what a crawl uses, with its own batch size: COPY on PostgreSQL,
driver executemany on SQLite);
``core executemany`` (``connection.execute(table.insert(), [dict, ...])`` in batches of 5,000);
``driver executemany`` (the DB-API cursor's ``executemany`` with tuples, same batches);
``driver COPY`` (PostgreSQL: psycopg's COPY straight from tuples, the floor).
Target: at least 100,000 rows/s on SQLite, COPY speed on PostgreSQL.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlalchemy import Engine, create_engine, text

from bench.measure import describe_load, emit, load_average, table
from bench.synthetic_runs import HOST, LINKS_PER_PAGE, Row, synthetic_rows
from gatewatch.storage.database import open_database
from gatewatch.storage.runs import create_run
from gatewatch.storage.writer import _FLUSH_ORDER, _TABLES, CrawlWriter

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
BATCH = 5000
Rows = list[Row]


def build_rows(total: int, seed: int = 1) -> Rows:
    """The first ``total`` rows of one synthetic run (about 10 rows per URL)."""
    return list(
        itertools.islice(synthetic_rows(max(10, total // (LINKS_PER_PAGE - 3)), seed), total)
    )


def _grouped(rows: Rows) -> dict[str, list[tuple]]:
    by_table: dict[str, list[tuple]] = defaultdict(list)
    for row in rows:
        by_table[row.table].append(row)
    return by_table


def write_with_writer(engine: Engine, run_id: int, rows: Rows) -> None:
    writer = CrawlWriter(engine, run_id)
    for row in rows:
        writer.add(row)
    writer.flush()


def write_with_core(engine: Engine, run_id: int, rows: Rows) -> None:
    by_table = _grouped(rows)
    with engine.begin() as connection:
        for name in _FLUSH_ORDER:
            table_object, columns = _TABLES[name]
            values = by_table.get(name, [])
            for start in range(0, len(values), BATCH):
                batch = [
                    dict(zip(columns, (run_id, *row), strict=True))
                    for row in values[start : start + BATCH]
                ]
                connection.execute(table_object.insert(), batch)


def write_with_driver(engine: Engine, run_id: int, rows: Rows) -> None:
    by_table = _grouped(rows)
    marker = "%s" if engine.dialect.name == "postgresql" else "?"
    with engine.begin() as connection:
        cursor = connection.connection.driver_connection.cursor()
        for name in _FLUSH_ORDER:
            table_object, columns = _TABLES[name]
            values = by_table.get(name, [])
            statement = (
                f"INSERT INTO {table_object.name} ({', '.join(columns)}) "
                f"VALUES ({', '.join([marker] * len(columns))})"
            )
            for start in range(0, len(values), BATCH):
                cursor.executemany(
                    statement, [(run_id, *row) for row in values[start : start + BATCH]]
                )


def write_with_copy(engine: Engine, run_id: int, rows: Rows) -> None:
    """PostgreSQL only: one COPY per table, no per-value cleaning (the floor for CrawlWriter)."""
    by_table = _grouped(rows)
    with engine.begin() as connection:
        cursor = connection.connection.driver_connection.cursor()
        for name in _FLUSH_ORDER:
            table_object, columns = _TABLES[name]
            statement = f"COPY {table_object.name} ({', '.join(columns)}) FROM STDIN"
            with cursor.copy(statement) as copy:
                for row in by_table.get(name, []):
                    copy.write_row((run_id, *row))


METHODS: dict[str, Callable[[Engine, int, Rows], None]] = {
    "CrawlWriter": write_with_writer,
    "core executemany": write_with_core,
    "driver executemany": write_with_driver,
    "driver COPY": write_with_copy,
}
POSTGRES_ONLY = {"driver COPY"}


@contextlib.contextmanager
def fresh_database(kind: str, postgres: str, folder: Path) -> Iterator[str]:
    """A new empty database URL: a SQLite file, or a PostgreSQL schema dropped afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / f'{uuid.uuid4().hex}.db'}"
        return
    schema = f"gw_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield f"{postgres}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def measure_method(kind: str, method: str, rows: Rows, postgres: str, folder: Path) -> dict:
    with fresh_database(kind, postgres, folder) as url:
        engine = open_database(url)
        run_id = create_run(engine, f"{HOST}/", {"bench": "bulk_insert"})
        load = load_average()
        started, cpu_started = time.monotonic(), time.process_time()
        METHODS[method](engine, run_id, rows)
        seconds = time.monotonic() - started
        cpu = time.process_time() - cpu_started
        engine.dispose()
    return {
        "database": kind,
        "method": method,
        "rows": len(rows),
        "seconds": seconds,
        "client_cpu_seconds": cpu,
        "rows_per_second": len(rows) / seconds,
        **load,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--postgres", default=POSTGRES, help="server URL (a schema is made)")
    parser.add_argument("--json", action="store_true")
    arguments = parser.parse_args(argv)
    kinds = [k.strip() for k in arguments.databases.split(",") if k.strip()]
    methods = [m.strip() for m in arguments.methods.split(",") if m.strip()]
    if set(kinds) - {"sqlite", "postgresql"} or set(methods) - set(METHODS):
        parser.error(f"--databases: sqlite, postgresql; --methods: {', '.join(METHODS)}")
    started = time.monotonic()
    rows = build_rows(arguments.rows)
    result: dict = {"rows": len(rows), "build_seconds": time.monotonic() - started}
    result["rows_by_table"] = dict(_count(rows))
    measurements = []
    with tempfile.TemporaryDirectory(prefix="gatewatch-bulk-") as folder:
        for kind in kinds:
            for method in methods:
                if kind != "postgresql" and method in POSTGRES_ONLY:
                    continue
                measurements.append(
                    measure_method(kind, method, rows, arguments.postgres, Path(folder))
                )
    result["measurements"] = measurements
    columns = (
        ("database", "database", "s"),
        ("method", "method", "s"),
        ("rows", "rows", ",d"),
        ("seconds", "seconds", ".1f"),
        ("rows_per_second", "rows/s", ",.0f"),
        ("client_cpu_seconds", "client CPU s", ".1f"),
        ("load_1m", "load", ".2f"),
    )
    by_table = ", ".join(f"{k} {v:,}" for k, v in result["rows_by_table"].items())
    text_out = f"{len(rows):,} rows ({by_table}); {describe_load(load_average())}\n"
    emit(result, arguments.json, text_out + table(measurements, columns))
    return 0


def _count(rows: Rows) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row.table] += 1
    return dict(counts)


if __name__ == "__main__":
    raise SystemExit(main())
