"""A crawl of the fixture site (tests/fixtures/site, served by a real local HTTP server)
records what a search engine meets, the same on SQLite and on PostgreSQL."""

import json
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from gatewatch.demo.server import serve
from gatewatch.demo.site import Site
from gatewatch.storage.database import open_database
from gatewatch.storage.models import all_links, runs, sitemap_urls, sitemaps, urls
from tests.conftest import FIXTURES, fresh_postgres_url, run_gatewatch

pytestmark = pytest.mark.crawl


def _path(url: str) -> str:
    """Paths for the fixture site's URLs; other URLs (external, unparsable) as they are."""
    if not url.startswith("http://127.0.0.1:"):
        return url
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def crawl(request, tmp_path_factory):
    if request.param == "sqlite":
        database = f"sqlite:///{tmp_path_factory.mktemp('fixture') / 'crawl.db'}"
    else:
        database = fresh_postgres_url(request.getfixturevalue("postgres_schema"))
    with serve(Site.from_directory(FIXTURES / "site")) as server:
        result = run_gatewatch(
            "crawl", f"{server.base_url}/", "--db", database, "--json", "--retry-after-cap", "5"
        )
        hits = dict(server.hits)
        base = server.base_url
    export = run_gatewatch("export", "--db", database, "--all")
    records = {_path(line["url"]): line for line in map(json.loads, export.stdout.splitlines())}
    return {
        "summary": json.loads(result.stdout),
        "records": records,
        "hits": hits,
        "base": base,
        "engine": open_database(database),
    }


def test_the_run_completes_and_records_robots_txt(crawl):
    assert crawl["summary"]["status"] == "completed"
    with crawl["engine"].connect() as connection:
        run = connection.execute(select(runs)).one()
    assert run.robots_status == 200
    assert "Disallow: /private/" in run.robots_body
    assert len(run.robots_hash) == 64


def test_the_run_counts_requests_and_statuses(crawl):
    with crawl["engine"].connect() as connection:
        stats = connection.execute(select(runs.c.stats)).scalar_one()
    assert stats["downloader/request_count"] == sum(crawl["hits"].values())
    assert stats["downloader/response_status_count/410"] == 1  # /gone
    assert stats["downloader/response_status_count/200"] > 10
    assert stats["response_received_count"] == stats["downloader/response_count"]
    assert stats["downloader/response_bytes"] > 0


def test_every_status_is_recorded_as_served(crawl):
    records = crawl["records"]
    expected = {
        "/": 200, "/page-a": 200, "/page-b": 200, "/target": 200, "/moved-301": 301,
        "/moved-302": 302, "/chain-1": 301, "/chain-2": 302, "/chain-3": 301, "/old-home": 301,
        "/auth-basic": 401, "/auth-missing": 401, "/forbidden": 403, "/gone": 410,
        "/missing": 404, "/error": 500, "/busy": 200, "/unavailable": 503, "/slow": 200,
        "/empty": 200, "/file.pdf": 200, "/sitemap-only": 200, "/nofollow-target": 200,
    }  # fmt: skip
    assert {path: records[path]["status"] for path in expected} == expected


def test_redirect_hops_chains_and_loops(crawl):
    records = crawl["records"]
    chain = records["/chain-1"]
    assert [hop["status"] for hop in chain["redirects"]] == [301, 302, 301]
    assert _path(chain["final_url"]) == "/target"
    assert chain["final_status"] == 200
    assert "redirect_loop" in records["/loop-a"]["flags"]
    assert records["/loop-a"]["final_url"] is None
    home = records["/old-home"]  # a redirect to a URL already fetched is still recorded
    assert home["redirects"][0]["location"] == "/"
    assert _path(home["final_url"]) == "/"


def test_auth_challenges_and_their_absence(crawl):
    records = crawl["records"]
    assert (records["/auth-basic"]["auth_scheme"], records["/auth-basic"]["auth_realm"]) == (
        "Basic",
        "Members",
    )
    assert "missing_challenge" not in records["/auth-basic"]["flags"]
    assert "missing_challenge" in records["/auth-missing"]["flags"]


def test_throttled_urls_are_retried_politely_or_recorded_without_waiting(crawl):
    records = crawl["records"]
    busy = records["/busy"]
    assert (busy["status"], busy["attempts"], busy["throttled"]) == (200, 2, 1)
    unavailable = records["/unavailable"]
    assert {"throttled", "retry_after_over_cap"} <= set(unavailable["flags"])
    assert unavailable["retry_after"] == "3600"  # not waited for: the crawl ended (within
    # run_gatewatch's bound of 300 s) and says the wait was over the cap


def test_robots_disallowed_urls_are_recorded_and_never_requested(crawl):
    records = crawl["records"]
    for path in ("/private/secret", "/private/from-sitemap"):
        assert records[path]["skip_reason"] == "robots"
        assert records[path]["fetched"] is False
        assert path not in crawl["hits"]
    assert records["/private/from-sitemap"]["in_sitemap"]


def test_every_kind_of_sitemap_is_read_and_problems_are_recorded(crawl):
    with crawl["engine"].connect() as connection:
        read = {
            _path(row.url): row
            for row in connection.execute(select(sitemaps))
        }  # fmt: skip
        lastmods = connection.execute(
            select(sitemap_urls.c.lastmod).where(sitemap_urls.c.lastmod.is_not(None))
        ).all()
    assert read["/sitemap_index.xml"].kind == "sitemapindex"
    assert read["/sitemap-products.xml.gz"].kind == "urlset"
    assert read["/sitemap.txt"].kind == "text"
    assert "malformed XML" in read["/sitemap-broken.xml"].error
    assert "already read" in read["/sitemap-self.xml"].error
    assert lastmods
    records = crawl["records"]
    for path in ("/sitemap-only", "/sitemap-gz-only", "/sitemap-txt-only"):
        assert records[path]["in_sitemap"]
        assert records[path]["found_via"] == "sitemap"
        assert records[path]["depth"] is None  # no link reaches it


def test_one_url_is_one_row_however_it_is_written(crawl):
    with crawl["engine"].connect() as connection:
        written = [row.url for row in connection.execute(select(urls.c.url))]
    assert len(written) == len(set(written))
    assert f"{crawl['base']}/target" in written  # /target#section and HTTP://HOST:PORT/target
    assert crawl["hits"]["/target"] == 1


def test_external_and_unparsable_links_are_recorded_never_fetched(crawl):
    records = crawl["records"]
    assert records["https://example.org/"]["skip_reason"] == "external"
    assert records["https://example.org/"]["internal"] is False
    invalid = [record for record in records.values() if "invalid_url" in record["flags"]]
    assert {record["url"] for record in invalid} >= {"http://[::1"}


def test_odd_responses_are_recorded_not_crashes(crawl):
    records = crawl["records"]
    assert records["/empty"]["size"] == 0
    assert records["/empty"]["title"] is None
    assert records["/file.pdf"]["content_type"].startswith("application/pdf")
    assert records["/slow"]["latency_ms"] >= 1500


def test_robots_directives_and_canonical(crawl):
    records = crawl["records"]
    assert "noindex" in records["/noindex-header"]["flags"]
    assert "noindex" in records["/noindex-meta"]["flags"]
    assert records["/canonical"]["canonical"]


def test_link_graph_with_sections_and_nofollow(crawl):
    engine = crawl["engine"]
    with engine.connect() as connection:
        ids = {_path(row.url): row.id for row in connection.execute(select(urls.c.id, urls.c.url))}
        home_links = connection.execute(
            select(all_links).where(all_links.c.source_id == ids["/"])
        ).all()
    by_target = {}
    for link in home_links:
        by_target.setdefault(link.target_id, []).append(link)
    nofollow = by_target[ids["/nofollow-target"]]
    assert all(link.nofollow for link in nofollow)
    assert {link.section for link in home_links} >= {"main", "nav"}
    assert crawl["records"]["/page-a"]["inlinks"] >= 1
    assert crawl["records"]["/page-a"]["depth"] == 1


def test_csv_export_has_a_row_per_url(crawl, tmp_path):
    url = crawl["engine"].url.render_as_string(hide_password=False)
    target = tmp_path / "out.csv"
    run_gatewatch("export", "--db", url, "--format", "csv", "-o", str(target))
    lines = target.read_text(encoding="utf-8").splitlines()
    internal = [r for r in crawl["records"].values() if r["internal"]]
    assert lines[0].startswith("url,status,final_url")
    assert len(lines) - 1 == len(internal)
