"""A database that fails under a crawl (dropped, unreachable): stop the crawl at the first
error, in one log line, instead of a traceback for every page that follows.

The crawl's end (crawler/run.py, cli/crawl.py) then fails the run, or says in one line that
it could not even record that.
"""

from __future__ import annotations

import logging

from scrapy.exceptions import CloseSpider
from sqlalchemy.exc import DBAPIError

from gatewatch.storage.database import database_problem

logger = logging.getLogger(__name__)
DATABASE_FAILED = "database_failed"  # the crawl's close reason


class StopOnDatabaseFailure:
    """Turns a database error raised in a callback into the crawl's end."""

    def __init__(self, stats) -> None:
        self.stats = stats
        self.reported = False

    @classmethod
    def from_crawler(cls, crawler) -> StopOnDatabaseFailure:
        return cls(crawler.stats)

    def process_spider_exception(self, response, exception):
        if not isinstance(exception, DBAPIError):
            return
        if not self.reported:
            self.reported = True
            problem = database_problem(exception)
            logger.error("the database failed; stopping the crawl: %s", problem)
            self.stats.set_value("gatewatch/database_error", problem)
        raise CloseSpider(DATABASE_FAILED)
