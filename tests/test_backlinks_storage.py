"""Backlink imports kept per site, on SQLite and PostgreSQL, and `gatewatch backlinks`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from gatewatch.cli.main import main
from gatewatch.crawler.urls import url_key
from gatewatch.reports.backlinks import read_backlinks
from gatewatch.storage.backlinks import (
    BacklinkSummary,
    backlinks_by_url_key,
    latest_import,
    list_imports,
    save_import,
)
from gatewatch.storage.database import open_database
from gatewatch.storage.models import backlink_imports, runs
from gatewatch.storage.runs import create_run, ensure_site, find_site
from tests.conftest import run_gatewatch

EXPORTS = Path(__file__).parent / "fixtures" / "backlinks"
SITE = "https://www.example.com/"
TRAIL_X = "https://www.example.com/boots/trail-x"
ORDERS = "https://www.example.com/account/orders"


@pytest.fixture
def engine(database_url):
    return open_database(database_url)


def test_an_import_is_saved_and_summed_per_url(engine):
    site_id = ensure_site(engine, SITE)
    parsed = read_backlinks(EXPORTS / "ahrefs_backlinks.csv", SITE)
    import_id = save_import(engine, site_id, "ahrefs_backlinks.csv", parsed)
    saved = latest_import(engine, site_id)
    assert (saved.id, saved.format, saved.row_count, saved.skipped_count) == (
        import_id,
        "ahrefs",
        3,
        2,
    )
    assert saved.skipped == {"other_host": 1, "other_subdomain": 1}
    assert saved.encoding == "utf-16-le"
    summaries = backlinks_by_url_key(engine, site_id)
    assert summaries == {
        # a followed link (DR 71) and a group of 3 nofollow links (DR 38), from two domains
        url_key(TRAIL_X): BacklinkSummary(
            backlinks=4, referring_domains=2, best_domain_rating=71.0, followed=1
        ),
        url_key(ORDERS): BacklinkSummary(
            backlinks=1, referring_domains=1, best_domain_rating=90.0, followed=1
        ),
    }


def test_the_latest_import_of_the_site_is_the_one_that_counts(engine):
    site_id = ensure_site(engine, SITE)
    other_site = ensure_site(engine, "https://shop.example.net/")
    save_import(engine, site_id, "a.csv", read_backlinks(EXPORTS / "semrush_backlinks.csv", SITE))
    save_import(
        engine, site_id, "b.csv", read_backlinks(EXPORTS / "gsc_top_linked_pages.csv", SITE)
    )
    save_import(
        engine,
        other_site,
        "c.csv",
        read_backlinks(b"URL,Backlinks\n/boots/trail-x,999\n", "https://shop.example.net/"),
    )
    assert [item.file_name for item in list_imports(engine, site_id)] == ["b.csv", "a.csv"]
    summary = backlinks_by_url_key(engine, site_id)[url_key(TRAIL_X)]
    # Search Console's own counts; it does not tell nofollow, so its links count as followed
    assert summary == BacklinkSummary(
        backlinks=820, referring_domains=37, best_domain_rating=None, followed=820
    )


def test_an_import_that_kept_nothing_does_not_replace_a_good_one(engine):
    site_id = ensure_site(engine, SITE)
    good = save_import(
        engine, site_id, "a.csv", read_backlinks(EXPORTS / "moz_top_pages.csv", SITE)
    )
    save_import(engine, site_id, "b.csv", read_backlinks(EXPORTS / "gsc_latest_links.csv", SITE))
    assert latest_import(engine, site_id).id == good
    assert len(backlinks_by_url_key(engine, site_id)) == 2
    assert [item.file_name for item in list_imports(engine, site_id)] == ["b.csv", "a.csv"]


def test_a_site_without_imports_has_no_backlinks(engine):
    assert backlinks_by_url_key(engine, ensure_site(engine, SITE)) == {}


def test_many_rows_and_hostile_text_are_kept(engine):
    site_id = ensure_site(engine, SITE)
    lines = ["Target URL,Source URL,Anchor"]
    lines += [
        f'/p/{n},https://d{n % 50}.example.org/,"<script>{n}</script> \'"' for n in range(12000)
    ]
    parsed = read_backlinks("\n".join(lines).encode(), SITE)
    import_id = save_import(engine, site_id, "big.csv", parsed)
    summaries = backlinks_by_url_key(engine, site_id)
    assert len(summaries) == 12000
    assert summaries[url_key("https://www.example.com/p/7")].referring_domains == 1
    with engine.connect() as connection:
        count = connection.scalar(
            select(backlink_imports.c.row_count).where(backlink_imports.c.id == import_id)
        )
    assert count == 12000


def invoke(*arguments: str):
    return CliRunner().invoke(main, list(arguments), catch_exceptions=False, env={"COLUMNS": "200"})


def test_import_from_the_command_line_creates_the_site_without_a_crawl(database_url):
    result = invoke(
        "backlinks", "import", str(EXPORTS / "broken.csv"), "--site", SITE, "--db", database_url,
        "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert (record["format"], record["rows_read"], record["rows_kept"]) == ("csv", 7, 4)
    assert record["skipped"] == {"wrong_field_count": 1, "not_a_url": 1, "other_host": 1}
    assert "line 4: wrong number of fields (the header has 4)" in record["problems"]
    engine = open_database(database_url)
    site = find_site(engine, "www.example.com")
    assert latest_import(engine, site.id).id == record["import"]
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(runs)) == 0


def test_import_reuses_a_crawled_site_given_with_or_without_www(database_url):
    engine = open_database(database_url)
    create_run(engine, "https://example.com/", {})
    result = invoke(
        "backlinks", "import", str(EXPORTS / "semrush_backlinks.csv"), "--site", SITE,
        "--db", database_url,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Semrush backlinks" in result.output
    assert "saved as import" in result.output
    site = find_site(engine, "example.com")
    assert find_site(engine, "www.example.com") is None
    summary = backlinks_by_url_key(engine, site.id)[url_key("https://example.com/boots/trail-x")]
    assert (summary.backlinks, summary.referring_domains, summary.followed) == (2, 2, 1)


def test_a_file_with_nothing_usable_fails_and_saves_nothing(database_url):
    result = CliRunner().invoke(
        main,
        ["backlinks", "import", str(EXPORTS / "gsc_latest_links.csv"), "--site", SITE,
         "--db", database_url],
    )  # fmt: skip
    assert result.exit_code == 1
    assert "cannot give per-page counts" in result.output
    assert "nothing saved" in result.output
    engine = open_database(database_url)
    assert latest_import(engine, find_site(engine, SITE).id) is None


def test_an_unknown_site_name_asks_for_its_address(tmp_path):
    result = CliRunner().invoke(
        main,
        ["backlinks", "import", str(EXPORTS / "semrush_backlinks.csv"), "--site",
         "www.example.com", "--db", str(tmp_path / "g.db")],
    )  # fmt: skip
    assert result.exit_code == 1
    assert "--site https://www.example.com/" in result.output


def test_list_shows_imports_and_most_linked_urls(tmp_path):
    database = str(tmp_path / "g.db")
    for name in ("semrush_backlinks.csv", "ahrefs_best_by_links.csv"):
        invoke("backlinks", "import", str(EXPORTS / name), "--site", SITE, "--db", database)
    record = json.loads(
        invoke("backlinks", "list", "--site", SITE, "--db", database, "--top", "2", "--json").output
    )
    assert [item["format"] for item in record["imports"]] == ["ahrefs_best_by_links", "semrush"]
    assert record["top_targets"] == [
        {
            "url": "https://www.example.com/",
            "backlinks": 12400,
            "referring_domains": 310,
            "followed": 11000,
            "best_domain_rating": None,
        },
        {
            "url": TRAIL_X,
            "backlinks": 1250,
            "referring_domains": 42,
            "followed": 1100,
            "best_domain_rating": None,
        },
    ]
    table = invoke("backlinks", "list", "--site", "www.example.com", "--db", database).output
    assert "ahrefs" in table  # the column may be cut to the terminal's width
    assert "12,400" in table


def test_the_installed_command_documents_an_example():
    result = run_gatewatch("backlinks", "import", "--help")
    assert "gatewatch backlinks import ahrefs-backlinks.csv --site" in result.stdout
    assert "semrush" in result.stdout
