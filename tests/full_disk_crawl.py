"""`gatewatch` with a SQLite database that cannot grow past a size: a full disk, as SQLite sees
it (the real SQLITE_FULL, "database or disk is full", on the same write path).

    python -m tests.full_disk_crawl PAGES[:BYTES] crawl URL --db sqlite:///FILE ...

PAGES: the database's size limit, in pages (PRAGMA max_page_count, set on every connection of
this process). A writer process connects with the driver alone: for it, BYTES limits the size of
every file this process and its children write (RLIMIT_FSIZE: a write past it fails with EFBIG,
"disk I/O error"; Python ignores the signal that would kill the process).
"""

from __future__ import annotations

import resource
import sys

from sqlalchemy import Engine, event


def limit_pages(pages: int) -> None:
    """Every SQLite connection opened from now on in this process stops at `pages` pages."""

    @event.listens_for(Engine, "connect")
    def _limit(connection, _record) -> None:
        if type(connection).__module__.startswith("sqlite3"):
            cursor = connection.cursor()
            cursor.execute(f"PRAGMA max_page_count = {pages}")
            cursor.close()


if __name__ == "__main__":
    pages, _, size = sys.argv[1].partition(":")
    limit_pages(int(pages))
    if size:
        resource.setrlimit(resource.RLIMIT_FSIZE, (int(size), int(size)))
    from gatewatch.cli.main import main

    main(sys.argv[2:], prog_name="gatewatch")
