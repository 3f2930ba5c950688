"""Run one crawl in its own process (Scrapy's reactor cannot restart, and a crash or a leak must
not take the scheduler down), with a hard time limit on top of the crawl's own.

The process is `python -m gatewatch.cli.crawl_child`, which reads its CrawlOptions as JSON on
its standard input: every option reaches it as it is, none is turned into a flag and back."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from contextlib import suppress
from datetime import datetime
from typing import NamedTuple

from gatewatch.crawler.options import CrawlOptions
from gatewatch.storage.database import DATABASE_ENVIRONMENT_VARIABLE

# Past its own time limit a crawl still writes what it holds; after this it is stopped.
GRACE_SECONDS = 300
STOP_SECONDS = 60
CRAWL_CHILD = "gatewatch.cli.crawl_child"  # the module the crawl process runs


def crawl_request(options: CrawlOptions, scheduled_for: datetime) -> str:
    """What the crawl process reads on its standard input: its options whole, as JSON."""
    return json.dumps({"options": options.as_dict(), "scheduled_for": scheduled_for.isoformat()})


def read_crawl_request(text: str) -> tuple[CrawlOptions, datetime]:
    """The options and scheduled time of a `crawl_request`."""
    request = json.loads(text)
    return CrawlOptions(**request["options"]), datetime.fromisoformat(request["scheduled_for"])


class CrawlProcessEnd(NamedTuple):
    """How a crawl's process ended."""

    exit_code: int  # negative: killed by that signal
    pid: int

    def describe(self) -> str:
        if self.exit_code < 0:
            try:
                name = signal.Signals(-self.exit_code).name
            except ValueError:
                name = f"signal {-self.exit_code}"
            return f"the crawl process was killed ({name}) before it closed the run"
        return f"the crawl process exited with code {self.exit_code} before it closed the run"


def run_crawl_process(
    options: CrawlOptions, scheduled_for: datetime, database_url: str | None
) -> CrawlProcessEnd:
    """Crawl in a child process; returns how it ended, once it has. The database URL goes
    through the environment, not the command line, where `ps` would show its password."""
    environment = dict(os.environ)
    if database_url:
        environment[DATABASE_ENVIRONMENT_VARIABLE] = database_url
    command = [sys.executable, "-P", "-m", CRAWL_CHILD]  # -P: not the current directory
    limit = (options.time_limit or 0) + GRACE_SECONDS if options.time_limit else None
    process = subprocess.Popen(command, env=environment, stdin=subprocess.PIPE)
    try:
        with suppress(BrokenPipeError), process.stdin:  # a child gone already: its exit says why
            process.stdin.write(crawl_request(options, scheduled_for).encode())
        return CrawlProcessEnd(process.wait(timeout=limit), process.pid)
    except subprocess.TimeoutExpired:
        print(f"the crawl ran {limit:.0f} s and is being stopped", file=sys.stderr, flush=True)
        return CrawlProcessEnd(_stop(process), process.pid)
    finally:
        if process.poll() is None:  # we are being stopped ourselves: stop the crawl cleanly
            _stop(process)


def _stop(process: subprocess.Popen) -> int:
    """SIGTERM lets the crawl close its run as interrupted; SIGKILL if it does not listen.
    A killed crawl's run is marked interrupted by `mark_abandoned_runs`."""
    process.terminate()
    try:
        return process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait()
