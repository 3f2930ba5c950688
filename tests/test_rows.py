"""Each row type the crawl hands to storage names the columns of its table, in order."""

import pytest
from sqlalchemy import Column, Integer, MetaData, Table

from gatewatch.storage import rows
from gatewatch.storage.models import CRAWL_TABLES
from gatewatch.storage.writer import _TABLES


def test_every_crawl_table_has_a_row_type_whose_fields_are_its_columns():
    assert set(rows.ROW_TYPES) == {table.name for table in CRAWL_TABLES}
    for name, (row_type, table) in rows.ROW_TYPES.items():
        assert row_type.table == name == table.name
        later = rows.FILLED_LATER.get(name, ())
        columns = tuple(column.name for column in table.columns if column.name not in later)
        assert ("run_id", *row_type._fields) == columns
        assert _TABLES[name] == (table, columns)  # what the writer inserts


def test_a_column_added_to_a_table_and_not_to_its_row_stops_the_import(monkeypatch):
    probes = rows.ROW_TYPES["probes"][1]
    columns = [Column(column.name, column.type) for column in probes.columns]
    wider = Table("probes", MetaData(), *columns, Column("new", Integer))
    monkeypatch.setitem(rows.ROW_TYPES, "probes", (rows.ProbeRow, wider))
    with pytest.raises(RuntimeError, match=r"ProbeRow does not match the table 'probes'.*'new'"):
        rows.check_rows()


def test_a_row_is_built_by_name_and_is_a_tuple():
    row = rows.SitemapUrlRow(sitemap_id=3, url_id=7, lastmod=None)
    assert row == (3, 7, None)
    assert row.table == "sitemap_urls"
