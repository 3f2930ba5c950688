"""A denial that is a value in a table: "无权限" ("no permission") in the cell where a roles
table crosses a role with a setting, "Denied" in a permissions matrix. A table of data (two
rows and two columns or more) lays out what holds for whom; the page's own message stands
in a line of its own, not in one cell of a grid."""

from __future__ import annotations

from itertools import islice

from gatewatch.crawler.detectors.named_works import main_content
from gatewatch.crawler.detectors.text import normalise
from gatewatch.crawler.parse import ParsedPage

MIN_ROWS = 2
MIN_CELLS = 2  # in a row
MAX_TABLES = 10
MAX_CELLS = 400  # read in a table
CELL_CHARS = 200


def table_value(page: ParsedPage, line: str) -> str:
    """Why `line` (a line the content says) is a cell of a table of data, or ""."""
    content = main_content(page)
    wanted = normalise(line)
    if content is None or not wanted:
        return ""
    for table in islice(content.iter("table"), MAX_TABLES):
        rows = [row for row in table.iter("tr") if len(row.xpath("./td|./th")) >= MIN_CELLS]
        if len(rows) < MIN_ROWS:
            continue
        for cell in islice(table.iter("td"), MAX_CELLS):
            if normalise(cell.text_content()[:CELL_CHARS]) == wanted:
                return f"a table's cell: {wanted[:60]}"
    return ""
