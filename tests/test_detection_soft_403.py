"""An access-denied page served with 200 is a soft 403, end to end: the crawl's export and
`gatewatch check` say so, with the fix; a query string the site ignores is no soft 404."""

import json

import pytest

from gatewatch.demo.server import serve
from gatewatch.demo.site import Page, Site
from tests.conftest import run_gatewatch

pytestmark = pytest.mark.crawl

FORBIDDEN = (
    "<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden</h1>"
    "</center><hr><center>nginx/1.24.0</center></body></html>"
)
CONTACT = (
    "<!doctype html><title>Contact - Mill Shop</title><main><h1>Contact</h1>"
    "<p>Call us on 555 0100.</p></main>"
)


@pytest.fixture(scope="module")
def server():
    site = Site(
        {
            "/": Page.html(
                "<!doctype html><title>Mill Shop</title><main><h1>Mill Shop</h1><p>Bread and "
                "cheese.</p><a href='/files/report'>Report</a>"
                "<a href='/contact?ref=home'>Contact</a></main>"
            ),
            "/files/report": Page.html(FORBIDDEN),
            "/contact": Page.html(CONTACT),
        }
    )
    with serve(site) as running:
        yield running


def test_the_export_flags_an_access_denied_page_as_soft_403(server, tmp_path):
    database = f"sqlite:///{tmp_path / 'crawl.db'}"
    run_gatewatch("crawl", f"{server.base_url}/", "--db", database)
    records = {
        json.loads(line)["url"].removeprefix(server.base_url): json.loads(line)
        for line in run_gatewatch("export", "--db", database).stdout.splitlines()
    }
    assert records["/files/report"]["flags"] == ["soft_403"]
    assert records["/contact?ref=home"]["flags"] == []


def test_check_explains_a_soft_403_and_its_fix(server):
    checked = json.loads(run_gatewatch("check", f"{server.base_url}/files/report", "--json").stdout)
    assert [verdict["flag"] for verdict in checked["verdicts"]] == ["soft_403"]
    people = run_gatewatch("check", f"{server.base_url}/files/report").stdout
    assert "answer 403 (or 404)" in people


def test_check_does_not_call_a_page_with_an_ignored_query_string_a_soft_404(server):
    checked = json.loads(
        run_gatewatch("check", f"{server.base_url}/contact?ref=home", "--json").stdout
    )
    assert checked["verdicts"] == []
    assert {probe["looks_like"] for probe in checked["probes"]} == {"source"}
