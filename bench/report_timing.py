"""How long reports take on big runs: build_report, render_html and diff for two synthetic runs.

    python -m bench.report_timing                                  # 50k and 1M, both databases
    python -m bench.report_timing --urls 50000 --databases sqlite --json
    python -m bench.report_timing --existing sqlite:///synthetic.db   # runs written before

For each size and database: a fresh database (SQLite file, or a PostgreSQL schema dropped
after) gets two synthetic runs of one site (bench.synthetic_runs), then this times
``build_report`` of the first run (nothing to compare with), ``build_report`` of the second
(classify + compare + save findings), ``render_html`` of that report, and ``diff_runs`` of the
two (``--analyze``: after ANALYZE, which PostgreSQL needs after a bulk load). Each size and
database runs in its own process, so peak RSS is that case's own. "report s" is what a person
waits for once the first run was built when it ended: the second's build, render and diff.
``--existing URL`` times the two latest runs already in that database (written once by
``python -m bench.synthetic_runs``: a million-URL pair takes minutes to write).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from importlib.util import find_spec
from pathlib import Path

from sqlalchemy import select

from bench.bulk_insert import POSTGRES, fresh_database
from bench.measure import ChildFailed, describe_load, emit, load_average, run_measured, table
from bench.synthetic_runs import write_run
from gatewatch.storage.database import open_database
from gatewatch.storage.models import runs

COLUMNS = (
    ("database", "database", "s"),
    ("urls", "URLs", ",d"),
    ("write_seconds", "write 2 runs s", ".1f"),
    ("build_first_seconds", "build 1st s", ".1f"),
    ("build_second_seconds", "build 2nd s", ".1f"),
    ("render_seconds", "render s", ".1f"),
    ("html_mb", "HTML MB", ".1f"),
    ("diff_seconds", "diff s", ".2f"),
    ("report_seconds", "report s", ".1f"),
    ("findings", "findings", ",d"),
    ("analyzed", "ANALYZE", ""),
    ("peak_rss_mb", "peak MB", ".0f"),
    ("load_1m", "load", ".2f"),
)


def _timed(function, *arguments, **keywords):
    started = time.monotonic()
    value = function(*arguments, **keywords)
    return value, time.monotonic() - started


def latest_runs(engine) -> tuple[int, int]:
    with engine.connect() as connection:
        ids = connection.execute(select(runs.c.id).order_by(runs.c.id.desc()).limit(2)).scalars()
        newer, older = list(ids)
    return older, newer


def time_one(
    database_url: str, urls: int, seed: int = 1, analyze: bool = False, existing: bool = False
) -> dict:
    """Write two runs into ``database_url`` and time reporting on them (this process).

    ``analyze``: refresh the planner's statistics after writing. Right after a bulk load
    PostgreSQL has none and may pick nested loops: url_records is ~40x slower at 20k URLs.
    """
    from gatewatch.reports.build import build_report, diff_runs
    from gatewatch.reports.render import render_html
    from gatewatch.storage.findings import crawl_counts, refresh_statistics

    engine = open_database(database_url)
    started = time.monotonic()
    if existing:
        first, second = latest_runs(engine)
        result = {"urls": crawl_counts(engine, second)[0], "write_seconds": None}
    else:
        first = write_run(engine, urls, seed, second_run=False)["run"]
        second = write_run(engine, urls, seed, second_run=True)["run"]
        result = {"urls": urls, "write_seconds": time.monotonic() - started}
    result.update(load_average(), analyzed=analyze)
    if analyze:  # the crawl tables only: a whole shared database may hold thousands
        refresh_statistics(engine)
    _, result["build_first_seconds"] = _timed(build_report, engine, first)
    report, result["build_second_seconds"] = _timed(build_report, engine, second)
    html, result["render_seconds"] = _timed(render_html, report)
    (_, changes), result["diff_seconds"] = _timed(diff_runs, engine, first, second)
    result["report_seconds"] = sum(
        result[key] for key in ("build_second_seconds", "render_seconds", "diff_seconds")
    )
    result["findings"] = len(report.findings)
    result["changes"] = {
        change: sum(1 for f in changes if f.change == change)
        for change in sorted({f.change for f in changes if f.change})
    }
    result["html_mb"] = len(html.encode()) / 1e6
    engine.dispose()
    return result


def _child(kind: str, urls: int, postgres: str, analyze: bool, existing: str | None) -> dict:
    """Run one case in a new process: its own peak RSS, no cache left by the previous case."""
    command = [sys.executable, "-m", "bench.report_timing", "--one", kind, "--urls", str(urls)]
    command += ["--postgres", postgres] + (["--analyze"] if analyze else [])
    command += ["--existing", existing] if existing else []
    usage = run_measured(command)
    result = json.loads(usage.stdout)
    result.update(database=kind, peak_rss_mb=usage.peak_rss_mb, cpu_seconds=usage.cpu)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", default="50000,1000000", help="comma-separated run sizes")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--postgres", default=POSTGRES, help="server URL (a schema is made)")
    parser.add_argument(
        "--analyze", action="store_true", help="run ANALYZE after writing, before timing"
    )
    parser.add_argument(
        "--existing", metavar="URL", help="time the two latest runs already in this database"
    )
    parser.add_argument("--one", choices=("sqlite", "postgresql"), help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true")
    arguments = parser.parse_args(argv)
    missing = [
        name
        for name in ("gatewatch.reports.build", "gatewatch.reports.render")
        if not find_spec(name)
    ]
    if missing:
        print(f"{', '.join(missing)} not there yet: nothing to time", file=sys.stderr)
        return 2
    sizes = [int(size) for size in arguments.urls.split(",") if size.strip()]
    if arguments.one and arguments.existing:
        print(json.dumps(time_one(arguments.existing, 0, analyze=arguments.analyze, existing=True)))
        return 0
    if arguments.one:
        with (
            tempfile.TemporaryDirectory(prefix="gatewatch-report-") as folder,
            fresh_database(arguments.one, arguments.postgres, Path(folder)) as url,
        ):
            print(json.dumps(time_one(url, sizes[0], analyze=arguments.analyze)))
        return 0
    kinds = [kind.strip() for kind in arguments.databases.split(",") if kind.strip()]
    if arguments.existing:
        kinds = ["sqlite" if arguments.existing.startswith("sqlite") else "postgresql"]
        sizes = [0]
    if set(kinds) - {"sqlite", "postgresql"}:
        parser.error("--databases: sqlite, postgresql")
    cases = []
    try:
        for size in sizes:
            for kind in kinds:
                cases.append(
                    _child(kind, size, arguments.postgres, arguments.analyze, arguments.existing)
                )
    except ChildFailed as error:
        print(error, file=sys.stderr)
        return 1
    result = {"cases": cases, "load_after": load_average()}
    text = f"{describe_load(result['load_after'])}\n" + table(cases, COLUMNS)
    emit(result, arguments.json, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
