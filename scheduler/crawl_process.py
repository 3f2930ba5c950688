"""Run one crawl in its own process (Scrapy's reactor cannot restart, and a crash or a leak must
not take the scheduler down), with a hard time limit on top of the crawl's own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime

from crawler.options import DEFAULT_USER_AGENT, CrawlOptions
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
    return arguments


def run_crawl_process(
    options: CrawlOptions, scheduled_for: datetime, database_url: str | None
) -> int:
    """Crawl in a child process; returns its exit code. The database URL goes through the
    environment, not the command line, where `ps` would show its password."""
    environment = dict(os.environ)
    if database_url:
        environment[DATABASE_ENVIRONMENT_VARIABLE] = database_url
    command = [sys.executable, "-m", "cli.main", *crawl_arguments(options, scheduled_for)]
    limit = (options.time_limit or 0) + GRACE_SECONDS if options.time_limit else None
    process = subprocess.Popen(command, env=environment)
    try:
        return process.wait(timeout=limit)
    except subprocess.TimeoutExpired:
        print(f"the crawl ran {limit:.0f} s and is being stopped", file=sys.stderr, flush=True)
        return _stop(process)
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
