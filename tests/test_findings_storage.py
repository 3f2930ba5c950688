"""Findings are saved with their run, on SQLite and PostgreSQL alike: who links to a broken
page, what the previous run answered, which run came before, and the trend."""

import pytest
from sqlalchemy import insert, update

from gatewatch.crawler.urls import url_key
from gatewatch.reports.build import build_report, diff_runs, findings_for
from gatewatch.storage.database import open_database
from gatewatch.storage.findings import (
    findings_summary,
    inlink_sources,
    last_two_runs,
    previous_run_id,
    site_of_run,
    url_states,
)
from gatewatch.storage.models import links, page_templates, responses, runs, template_links, urls
from gatewatch.storage.records import url_records
from gatewatch.storage.runs import create_run, finish_run
from tests.conftest import run_gatewatch

SITE = "http://shop.test"


def write_run(
    engine, pages: dict[str, int], link_list: list[tuple[str, str, str]], templated: bool = False
) -> int:
    """A completed run of SITE: `pages` path -> status, `link_list` (source, target, section).
    `templated`: navigation links are stored as the crawl stores them, one template each."""
    run_id = create_run(engine, SITE + "/", {})
    ids = {path: number for number, path in enumerate(pages, start=1)}
    with engine.begin() as connection:
        connection.execute(
            insert(urls),
            [
                {
                    "run_id": run_id,
                    "id": ids[path],
                    "url": SITE + path,
                    "url_key": url_key(SITE + path),
                    "internal": True,
                    "found_via": "link",
                    "depth": 1,
                    "robots_disallowed": False,
                }
                for path in pages
            ],
        )
        connection.execute(
            insert(responses),
            [
                {
                    "run_id": run_id,
                    "url_id": ids[path],
                    "status": status,
                    "title": "<script>alert(1)</script>",
                    "attempts": 1,
                    "throttled": 0,
                }
                for path, status in pages.items()
            ],
        )
        own = [link for link in link_list if not templated or link[2] == "main"]
        connection.execute(
            insert(links),
            [
                {
                    "run_id": run_id,
                    "source_id": ids[source],
                    "target_id": ids[target],
                    "nofollow": False,
                    "section": section,
                }
                for source, target, section in own
            ],
        )
        for template_id, (source, target, section) in enumerate(link_list, start=1):
            if (source, target, section) in own:
                continue
            row = {"run_id": run_id, "template_id": template_id, "target_id": ids[target]}
            connection.execute(insert(template_links), {**row, "section": section})
            connection.execute(
                insert(page_templates),
                {"run_id": run_id, "template_id": template_id, "source_id": ids[source]},
            )
    finish_run(engine, run_id, "completed")
    return run_id


PAGES = {"/": 200, "/about": 200, "/guide": 200, "/account/": 401, "/price-list": 401}
LINKS = [
    ("/", "/account/", "nav"),
    ("/about", "/account/", "nav"),
    ("/", "/price-list", "main"),
    ("/about", "/price-list", "main"),
    ("/guide", "/price-list", "main"),
    ("/account/", "/price-list", "main"),  # a private page: does not count as public
    ("/", "/about", "main"),
]


def test_inlinks_of_problem_pages_are_read_per_source_and_section(database_url):
    engine = open_database(database_url)
    run_id = write_run(engine, PAGES, LINKS)
    wanted = [SITE + "/price-list", SITE + "/guide"]
    targets = {url: state.url_id for url, state in url_states(engine, run_id, wanted).items()}
    sources = inlink_sources(engine, run_id, targets)
    assert SITE + "/about" not in sources  # only the URLs asked about
    assert SITE + "/guide" not in sources  # nothing links to it
    assert {(s.url, s.section, s.status) for s in sources[SITE + "/price-list"]} == {
        (SITE + "/", "main", 200),
        (SITE + "/about", "main", 200),
        (SITE + "/guide", "main", 200),
        (SITE + "/account/", "main", 401),
    }


def test_links_stored_as_templates_count_as_each_pages_links(database_url):
    engine = open_database(database_url)
    nav = [(source, target, "nav") for source in PAGES for target in ("/about", "/guide")]
    link_list = LINKS + [link for link in nav if link[0] != link[1]]
    per_page = write_run(engine, PAGES, link_list)
    templated = write_run(engine, PAGES, link_list, templated=True)

    def seen(run_id):
        states = url_states(engine, run_id, [SITE + "/guide"])
        targets = {url: state.url_id for url, state in states.items()}
        sources = inlink_sources(engine, run_id, targets)[SITE + "/guide"]
        inlinks = {record["url"]: record["inlinks"] for record in url_records(engine, run_id)}
        return sorted((s.url, s.section, s.status) for s in sources), inlinks

    assert seen(templated) == seen(per_page)
    assert seen(templated)[1][SITE + "/guide"] == 4  # the other pages' navigation


def test_findings_are_saved_compared_with_the_previous_run_and_read_back(database_url):
    engine = open_database(database_url)
    first = write_run(engine, PAGES, LINKS)
    second = write_run(engine, {**PAGES, "/guide": 403, "/price-list": 200}, LINKS)
    assert previous_run_id(engine, second) == first
    assert last_two_runs(engine, site_of_run(engine, second)) == [first, second]

    report = build_report(engine, second)
    assert report.previous_run_id == first
    by_path = {f.url.removeprefix(SITE): f for f in report.findings}
    assert by_path["/price-list"].change == "fixed"
    assert by_path["/guide"].change == "new"
    assert by_path["/guide"].bucket == "fix_now"  # was 200: a regression
    assert by_path["/account/"].change == "persisting"
    assert by_path["/account/"].bucket == "intentionally_private"
    assert [point.run_id for point in report.trend] == [first, second]

    again = findings_for(engine, second)
    assert [(f.url, f.bucket, f.change) for f in again] == [
        (f.url, f.bucket, f.change) for f in report.findings
    ]
    assert again[0].reasons == report.findings[0].reasons
    assert again[0].title == "<script>alert(1)</script>"  # kept as is; escaped when shown

    older, found = diff_runs(engine, None, second)
    assert older == first
    assert {f.url.removeprefix(SITE): f.change for f in found} == {
        "/guide": "new",
        "/account/": "persisting",
        "/price-list": "fixed",
    }


def test_a_first_run_has_findings_but_no_changes(database_url):
    engine = open_database(database_url)
    run_id = write_run(engine, PAGES, LINKS)
    report = build_report(engine, run_id)
    assert report.previous_run_id is None
    buckets = {f.url.removeprefix(SITE): f.bucket for f in report.findings}
    assert buckets == {"/account/": "intentionally_private", "/price-list": "fix_now"}
    assert all(f.change is None for f in report.findings)
    assert report.trend[-1].counts == {"fix_now": 1, "review": 0, "intentionally_private": 1}


def test_a_run_still_crawling_is_classified_but_not_saved_until_it_ends(database_url):
    engine = open_database(database_url)
    run_id = write_run(engine, PAGES, LINKS)
    with engine.begin() as connection:
        connection.execute(update(runs).where(runs.c.id == run_id).values(status="running"))
    assert len(findings_for(engine, run_id)) == 2
    assert findings_summary(engine, run_id) is None
    finish_run(engine, run_id, "completed")
    assert len(findings_for(engine, run_id)) == 2
    assert findings_summary(engine, run_id)["counts"]["fix_now"] == 1


@pytest.mark.slow
def test_imported_backlinks_make_a_closed_page_urgent(database_url, tmp_path):
    engine = open_database(database_url)
    run_id = write_run(engine, {**PAGES, "/whitepaper": 401}, LINKS)
    alone = {f.url: f for f in build_report(engine, run_id).findings}[SITE + "/whitepaper"]
    assert alone.bucket == "intentionally_private"
    export = tmp_path / "moz.csv"
    export.write_text(
        "URL,Title,Anchor Text,Spam Score,Domain Authority,Page Authority,Target URL,Link Type\n"
        "news.example.org/a,News,the paper,1,66,40,shop.test/whitepaper,follow\n"
        "blog.example.net/b,Blog,this study,2,45,30,shop.test/whitepaper,follow\n",
        encoding="utf-8",
    )
    run_gatewatch("backlinks", "import", str(export), "--site", SITE + "/", "--db", database_url)
    report = build_report(engine, run_id)
    finding = {f.url: f for f in report.findings}[SITE + "/whitepaper"]
    assert finding.bucket == "fix_now"
    assert (finding.backlinks, finding.referring_domains) == (2, 2)
    assert any(reason.code == "backlinks" for reason in finding.reasons)
