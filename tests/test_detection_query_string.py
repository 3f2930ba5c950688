"""A harmless query string is not a soft 404: a crawl of a site that ignores `?ref=`,
`?utm_source=`, `?lang=`, `?v=`, whose probes of that shape come back as the page itself."""

import json

import pytest

from gatewatch.demo.server import serve
from gatewatch.demo.site import Page, Site
from tests.conftest import run_gatewatch

pytestmark = pytest.mark.crawl

LINKED = ("/contact?ref=footer", "/about?utm_source=newsletter", "/hours?lang=en", "/menu?v=2")
THIN_PAGES = {
    "/contact": ("Contact", "Call us on 555 0100 or write to hello@shop.test."),
    "/about": ("About us", "A family shop since 1982, in the old mill."),
    "/hours": ("Opening hours", "Monday to Saturday, 9 to 18."),
    "/menu": ("Menu", "Soup of the day, bread, cheese, coffee."),
}


def _page(title: str, text: str) -> Page:
    return Page.html(
        f"<!doctype html><html><head><title>{title} - Mill Shop</title></head><body>"
        f'<header><nav><a href="/">Home</a></nav></header>'
        f"<main><h1>{title}</h1><p>{text}</p></main></body></html>"
    )


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    links = "".join(f'<li><a href="{path}">{path}</a></li>' for path in LINKED)
    site = Site(
        {
            "/": Page.html(
                "<!doctype html><title>Mill Shop</title><main><h1>Mill Shop</h1>"
                f"<p>Bread, cheese and coffee from the old mill.</p><ul>{links}</ul></main>"
            ),
            **{path: _page(*content) for path, content in THIN_PAGES.items()},
        }
    )
    database = f"sqlite:///{tmp_path_factory.mktemp('query') / 'crawl.db'}"
    with serve(site) as server:
        summary = json.loads(
            run_gatewatch("crawl", f"{server.base_url}/", "--db", database, "--json").stdout
        )
    export = run_gatewatch("export", str(summary["run"]), "--db", database).stdout
    records = [json.loads(line) for line in export.splitlines()]
    return {record["url"].split("/", 3)[-1]: record for record in records}


def test_pages_linked_with_a_harmless_query_string_are_not_soft_404s(crawled):
    linked = {"/" + path: record for path, record in crawled.items() if "?" in path}
    assert set(linked) == set(LINKED)
    assert {path: record["flags"] for path, record in linked.items() if record["flags"]} == {}
