"""Run one crawl in its own process (Scrapy's reactor cannot restart, and a crash or a leak must
not take the scheduler down), with a hard time limit on top of the crawl's own."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import datetime
from typing import NamedTuple

from crawler.options import DEFAULT_USER_AGENT, LIMIT_MINIMUMS, CrawlOptions
from storage.database import DATABASE_ENVIRONMENT_VARIABLE

# Past its own time limit a crawl still writes what it holds; after this it is stopped.
GRACE_SECONDS = 300
STOP_SECONDS = 60


def crawl_arguments(options: CrawlOptions, scheduled_for: datetime) -> list[str]:
    """`gatewatch crawl` arguments that reproduce these options."""
    arguments = [
        "crawl",
        options.start_url,
        "--quiet",
        "--scheduled-for",
        scheduled_for.isoformat(),
        "--concurrency",
        str(options.concurrency_per_host),
        "--delay",
        str(options.delay),
    ]
    for sitemap in options.sitemaps:
        arguments += ["--sitemap", sitemap]
    for pattern in options.include:
        arguments += ["--include", pattern]
    for pattern in options.exclude:
        arguments += ["--exclude", pattern]
    if options.max_pages is not None:
        arguments += ["--max-pages", str(options.max_pages)]
    if options.max_depth is not None:
        arguments += ["--max-depth", str(options.max_depth)]
    if options.time_limit:
        arguments += ["--time-limit", str(options.time_limit)]
    if options.user_agent != DEFAULT_USER_AGENT:
        arguments += ["--user-agent", options.user_agent]
    if not options.obey_robots:
        arguments.append("--ignore-robots")
    if options.parse_workers is not None:
        arguments += ["--parse-workers", str(options.parse_workers)]
    if options.write_workers is not None:
        arguments += ["--write-workers", str(options.write_workers)]
    arguments += ["--render", options.render, "--render-max-pages", str(options.render_max_pages)]
    arguments += ["--render-timeout", str(options.render_timeout)]
    for host in options.render_allow_hosts:
        arguments += ["--render-allow-host", host]
    if options.detector_settings:
        arguments += ["--detector-settings", json.dumps(options.detector_settings)]
    return arguments + _limit_arguments(options)


def _limit_arguments(options: CrawlOptions) -> list[str]:
    """The bounds a site's config sets (crawler/options.py), as `crawl` flags."""
    arguments = []
    for name in LIMIT_MINIMUMS:
        value = getattr(options, name)
        if value != CrawlOptions.__dataclass_fields__[name].default:
            arguments += [f"--{name.replace('_', '-')}", str(value)]
    if options.allow_private_addresses:
        arguments.append("--allow-private-addresses")
    return arguments


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
    command = [sys.executable, "-m", "cli.main", *crawl_arguments(options, scheduled_for)]
    limit = (options.time_limit or 0) + GRACE_SECONDS if options.time_limit else None
    process = subprocess.Popen(command, env=environment)
    try:
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
