"""robots.txt and sitemaps that redirect (http to https, a moved file) are followed, as search
engines follow them."""

import json

import pytest

from gatewatch.demo.server import serve
from gatewatch.demo.site import Page, Site
from tests.conftest import run_gatewatch

pytestmark = pytest.mark.crawl

HTML = (("Content-Type", "text/html; charset=utf-8"),)


def test_redirected_robots_txt_and_sitemap_are_followed(tmp_path):
    site = Site()
    site.add("/robots.txt", Page.redirect("/robots-real.txt"))
    site.add(
        "/robots-real.txt",
        Page(
            body=b"User-agent: *\nDisallow: /secret\nSitemap: {{BASE}}/old-sitemap.xml\n",
            headers=(("Content-Type", "text/plain"),),
        ),
    )
    site.add("/old-sitemap.xml", Page.redirect("/sitemap-real.xml"))
    site.add(
        "/sitemap-real.xml",
        Page(
            body=b"<urlset><url><loc>{{BASE}}/listed</loc></url></urlset>",
            headers=(("Content-Type", "application/xml"),),
        ),
    )
    site.add("/", Page(body=b'<html><body><a href="/secret">s</a></body></html>', headers=HTML))
    site.add("/listed", Page(body=b"<html><title>Listed</title></html>", headers=HTML))
    site.add("/secret", Page(body=b"<html><title>Secret</title></html>", headers=HTML))
    database = f"sqlite:///{tmp_path / 'crawl.db'}"
    with serve(site) as server:
        run_gatewatch("crawl", f"{server.base_url}/", "--db", database, "-q")
        hits = server.hits
    lines = run_gatewatch("export", "--db", database).stdout.splitlines()
    records = {record["url"].split("/", 3)[3]: record for record in map(json.loads, lines)}
    assert records["listed"]["in_sitemap"]
    assert records["listed"]["status"] == 200
    assert records["secret"]["skip_reason"] == "robots"
    assert "/secret" not in hits
