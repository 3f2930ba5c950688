"""One gatewatch crawl in this process, as ``gatewatch crawl URL --db DB --json`` does it, without
the command line around it (so a benchmark measures the crawl even while the CLI changes).

    python -m bench.run_crawl http://127.0.0.1:PORT/ sqlite:///bench.db [PARSE [WRITE]]

PARSE, WRITE: --parse-workers and --write-workers, 0 or 1 ("-": the default).
"""

from __future__ import annotations

import json
import sys

from gatewatch.crawler.options import CrawlOptions
from gatewatch.crawler.run import run_crawl
from gatewatch.storage.database import open_database
from gatewatch.storage.runs import get_run
from gatewatch.storage.summary import run_summary


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if len(arguments) not in (2, 3, 4):
        print(
            "usage: python -m bench.run_crawl START_URL DATABASE_URL [PARSE [WRITE]]",
            file=sys.stderr,
        )
        return 2
    start_url, database = arguments[:2]
    workers = [int(value) if value != "-" else None for value in arguments[2:]] + [None, None]
    options = CrawlOptions(start_url=start_url, parse_workers=workers[0], write_workers=workers[1])
    run_id = run_crawl(options, database, show_progress=False)
    engine = open_database(database)
    run = get_run(engine, run_id)
    summary = run_summary(engine, run_id)
    print(json.dumps({"run": run.id, "status": run.status, "seconds": run.seconds, **summary}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
