"""`gatewatch demo` runs offline: it serves the bundled site, crawls it and shows the problems."""

import json
from urllib.parse import urlsplit

from tests.conftest import run_gatewatch


def test_demo_crawls_the_bundled_site_and_lists_its_broken_pages(tmp_path):
    database = f"sqlite:///{tmp_path / 'demo.db'}"
    result = run_gatewatch("demo", "--db", database, "--port", "0", "--json")
    report = json.loads(result.stdout)
    assert report["status"] == "completed"
    problems = {urlsplit(record["url"]).path: record for record in report["problems"]}
    assert problems["/products/headlamp-300"]["status"] == 403
    assert problems["/products/headlamp-300"]["in_sitemap"]
    assert problems["/blog/spring-trail-report"]["status"] == 404
    assert "missing_challenge" in problems["/wholesale/price-list"]["flags"]
    assert "/about" not in problems
    assert not [s for s in report["sitemaps"] if s["error"]]  # a missing guessed sitemap is fine


def test_demo_prints_tables_for_people(tmp_path):
    result = run_gatewatch("demo", "--db", str(tmp_path / "demo.db"), "--port", "0")
    assert "could not reach" in result.stdout
    assert "/products/headlamp-300" in result.stdout
