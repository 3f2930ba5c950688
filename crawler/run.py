"""Run one crawl in this process: create the run, crawl, close the run whatever happens.

Scrapy's reactor cannot be restarted, so a process runs one crawl; long-running callers
(the scheduler, the tests) start a subprocess per crawl.
"""

from __future__ import annotations

import contextlib
import gc
import json
import logging
import sys
from collections.abc import Iterator
from datetime import datetime

from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.utils.defer import deferred_from_coro
from sqlalchemy.exc import SQLAlchemyError

from gatewatch.crawler.options import CrawlOptions, scrapy_settings
from gatewatch.crawler.page_reader import usable_cores
from gatewatch.crawler.progress import CrawlProgress
from gatewatch.crawler.spider import SiteSpider
from gatewatch.storage.database import open_database
from gatewatch.storage.findings import refresh_statistics
from gatewatch.storage.runs import (
    create_run,
    finish_run,
    mark_abandoned_runs,
    record_honesty,
    record_robots,
)
from gatewatch.storage.writer import FLUSH_SECONDS, CrawlWriter

COMPLETED_REASONS = {"finished", "closespider_timeout", "closespider_pagecount"}
DATABASE_FAILED = "database_failed"  # the spider's close reason when a write could not be made
CRAWL_GC_THRESHOLD = 10_000  # allocations between young collections during a crawl (700)


def _json_safe(stats: dict) -> dict:
    return json.loads(
        json.dumps(
            stats,
            default=lambda value: value.isoformat() if isinstance(value, datetime) else str(value),
        )
    )


@contextlib.contextmanager
def _collector_for_crawl() -> Iterator[None]:
    """Python's cycle collector, set for a crawl. What the imports built (Scrapy, Twisted,
    SQLAlchemy: most of the objects it tracks) is frozen, so that full collections no longer
    walk it, and young collections run less often. Measured on a 5,000-page crawl: 13% of the
    crawl process's time went to collections, pauses of up to 0.1 s that left the page reader
    idle too; with this, a third of that, and the crawl 10% faster. Restored afterwards.
    No collection before the freeze: it took 60 ms, for the little garbage startup leaves,
    which the first collection after the crawl frees."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(CRAWL_GC_THRESHOLD, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


class CrawlFailed(RuntimeError):
    """The crawl could not go on (the database cannot be written); the message says why in one
    line, and what became of the run."""


def _first_line(error: BaseException) -> str:
    error = getattr(error, "orig", None) or error  # the driver's words, not SQLAlchemy's
    return f"{error.__class__.__name__}: {(str(error).strip().splitlines() or [''])[0]}"[:500]


def _stop_crawl(crawler):
    """What the writer calls when the database cannot be written: the crawl stops at once
    (requests under way end, no new one starts), and the run is closed as failed."""

    def stop(_why: str) -> None:
        engine = crawler.engine
        if engine is not None and engine.spider is not None:
            deferred_from_coro(engine.close_spider_async(reason=DATABASE_FAILED))

    return stop


def _guarded(writer: CrawlWriter, write):
    """The crawl's own writes of the run (robots.txt, probe verdicts): a failure stops the
    crawl as the writer's does; nothing is written once the writer has stopped."""

    def guarded(*arguments) -> None:
        if writer.failure is not None:
            return
        try:
            write(*arguments)
        except SQLAlchemyError as error:
            writer.fail(error)

    return guarded


def _close_failed(engine, run_id: int, stats: dict, why: str) -> CrawlFailed:
    """Mark the run failed and say so; if even that write cannot be made, the run stays
    "running", which no report reads as complete and the next crawl marks interrupted."""
    try:
        finish_run(engine, run_id, "failed", stats, why)
    except SQLAlchemyError as error:
        return CrawlFailed(
            f"{why}; run {run_id} could not be marked failed either ({_first_line(error)}): "
            "it is left running, and is marked interrupted by the next crawl"
        )
    return CrawlFailed(f"{why}; run {run_id} is marked failed")


def default_write_workers() -> int:
    """A writer process when the crawl, its page reader and the writer each have a core.
    On two cores it took a tenth of the crawl process's work away but made the crawl no
    faster (the cores were busy already), and it holds 20 MB (README, benchmarks)."""
    if sys.platform == "win32":  # its pipes are multiprocessing's POSIX ones
        return 0
    return 1 if usable_cores() >= 3 else 0


def run_crawl(
    options: CrawlOptions,
    database: str | None = None,
    show_progress: bool = True,
    log_level: str = "WARNING",
    scheduled_for: datetime | None = None,
) -> int:
    """Crawl `options.start_url` into the database; returns the run id.

    The run ends `completed`, `interrupted` (Ctrl-C, SIGTERM) or `failed` (with the error);
    whatever was collected before the end is kept.
    """
    engine = open_database(database)
    run_id = _start_run(engine, options, scheduled_for)

    def on_robots(robots) -> None:
        record_robots(
            engine, run_id, robots.url, robots.status, robots.body, robots.body_hash, robots.error
        )

    def on_honesty(honesty: dict[str, str]) -> None:
        record_honesty(engine, run_id, honesty)

    process = CrawlerProcess(scrapy_settings(options, log_level))
    logging.getLogger("scrapy").setLevel(log_level)
    crawler = process.create_crawler(SiteSpider)
    watch = _SpiderWatch(crawler, show_progress)
    writers = default_write_workers() if options.write_workers is None else options.write_workers
    writer = CrawlWriter(
        engine,
        run_id,
        background=writers > 0,
        on_failure=_stop_crawl(crawler),
        flush_seconds=FLUSH_SECONDS,
    )
    try:
        process.crawl(
            crawler,
            options=options,
            writer=writer,
            on_robots=_guarded(writer, on_robots),
            on_honesty=_guarded(writer, on_honesty),
        )
        with _collector_for_crawl():
            process.start()
    except BaseException as error:
        _close_stopped(engine, run_id, writer, crawler, error)
        raise
    finally:
        writer.close()
    if writer.failure is None:
        writer.flush()  # rows the spider's own close could not write (it was interrupted)
    if writer.failure is not None:
        why = (
            f"the database could not be written ({writer.failure}): the crawl stopped, "
            f"{writer.pending:,} rows not saved"
        )
        raise _close_failed(engine, run_id, _json_safe(crawler.stats.get_stats()), why)
    _refresh_statistics(engine)
    _close_ended(engine, run_id, watch.reason, _json_safe(crawler.stats.get_stats()))
    return run_id


def _start_run(engine, options: CrawlOptions, scheduled_for: datetime | None) -> int:
    """A new run (earlier runs left running by a dead process are marked interrupted first)."""
    try:
        mark_abandoned_runs(engine)
        return create_run(engine, options.start_url, options.as_dict(), scheduled_for)
    except SQLAlchemyError as error:
        raise CrawlFailed(f"could not start a run in the database: {_first_line(error)}") from None


class _SpiderWatch:
    """Shows the progress display while the spider runs (if asked) and keeps its close
    reason. Scrapy holds signal handlers weakly: keep this object until the crawl ends."""

    def __init__(self, crawler, show_progress: bool) -> None:
        self.reason: str | None = None
        self.show_progress = show_progress
        self.progress: list[CrawlProgress] = []
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    def opened(self, spider) -> None:
        if self.show_progress:
            self.progress.append(CrawlProgress(spider))
            self.progress[0].start()

    def closed(self, spider, reason) -> None:
        self.reason = reason
        for display in self.progress:
            display.stop()


def _close_stopped(engine, run_id: int, writer: CrawlWriter, crawler, error) -> None:
    """Close a run whose crawl raised (Ctrl-C, an error): interrupted or failed, with the
    rows the writer could not save, if any."""
    writer_error = None
    try:
        writer.flush()
    except Exception as flush_error:  # the database may be what failed
        writer_error = f"; could not save the last {writer.pending} rows: {flush_error}"
    if writer.failure is not None:
        writer_error = f"; could not save the last {writer.pending} rows: {writer.failure}"
    status = "interrupted" if isinstance(error, KeyboardInterrupt) else "failed"
    message = f"{error.__class__.__name__}: {error}{writer_error or ''}"
    finish_run(engine, run_id, status, _json_safe(crawler.stats.get_stats()), message)


def _refresh_statistics(engine) -> None:
    try:  # PostgreSQL plans the report's joins badly on tables just filled by COPY
        refresh_statistics(engine)
    except Exception as error:
        logging.getLogger(__name__).warning("could not refresh table statistics: %s", error)


def _close_ended(engine, run_id: int, reason: str | None, stats: dict) -> None:
    """Close a run whose crawl ended by itself: completed, interrupted by a signal, or failed."""
    if reason in COMPLETED_REASONS:
        detection_error = stats.get("gatewatch/detection_error")
        problem = f"detectors failed, no verdicts: {detection_error}" if detection_error else None
        finish_run(engine, run_id, "completed", stats, problem)
    elif reason == "shutdown":
        finish_run(engine, run_id, "interrupted", stats, "stopped by a signal (Ctrl-C or SIGTERM)")
    else:
        why = f"the crawl ended: {reason}" if reason else "the crawl did not start"
        finish_run(engine, run_id, "failed", stats, f"{why}; see the log above")
