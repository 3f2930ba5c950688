"""`gatewatch demo` runs offline: it serves the bundled site, crawls it, sorts what it found into
buckets and writes the report."""

import json
from urllib.parse import urlsplit

import pytest

from tests.conftest import run_gatewatch

pytestmark = pytest.mark.crawl


def test_demo_crawls_the_bundled_site_and_sorts_its_broken_pages(tmp_path):
    database = f"sqlite:///{tmp_path / 'demo.db'}"
    report_path = tmp_path / "report.html"
    result = run_gatewatch(
        "demo", "--db", database, "--port", "0", "--json", "-o", str(report_path)
    )
    report = json.loads(result.stdout)
    assert report["status"] == "completed"
    found = {urlsplit(finding["url"]).path: finding for finding in report["findings"]}
    assert found["/products/headlamp-300"]["status"] == 403
    assert found["/products/headlamp-300"]["in_sitemap"]
    assert found["/products/headlamp-300"]["bucket"] == "fix_now"
    assert found["/blog/spring-trail-report"]["status"] == 404
    assert found["/products/gift-cards"]["kind"] == "soft_404"
    assert found["/members/trail-club"]["kind"] == "soft_401"
    assert found["/catalog/2019/spring-sale"]["kind"] == "redirect_home"
    assert "missing_challenge" in found["/wholesale/price-list"]["flags"]
    assert found["/admin/"]["bucket"] == "intentionally_private"
    assert "/about" not in found
    assert not [s for s in report["sitemaps"] if s["error"]]  # a missing guessed sitemap is fine
    html = report_path.read_text(encoding="utf-8")
    assert "/products/headlamp-300" in html
    assert "Fix now" in html


def test_demo_prints_tables_for_people(tmp_path):
    result = run_gatewatch("demo", "--db", str(tmp_path / "demo.db"), "--port", "0", cwd=tmp_path)
    assert "could not reach" in result.stdout
    assert "/products/headlamp-300" in result.stdout
    assert (tmp_path / "gatewatch-demo-report.html").exists()
