"""A redirect chain that never ends does not make a crawl that never ends: the crawl follows
`max_redirects` hops (10), records the next URL as not fetched, and flags the chain."""

import json
import re
from urllib.parse import urlsplit

import pytest

from gatewatch.demo.server import serve
from gatewatch.demo.site import Page, Site
from tests.conftest import run_gatewatch

pytestmark = pytest.mark.crawl


def _endless(target: str) -> Page:
    match = re.fullmatch(r"/endless/(\d+)", target)
    if match is None:
        return Page.html("<title>Not found</title>", status=404)
    return Page.redirect(f"/endless/{int(match.group(1)) + 1}", 301)


def test_an_endless_redirect_chain_stops_after_max_redirects(tmp_path):
    site = Site(fallback=_endless)
    site.add("/", Page.html('<title>Home</title><main><a href="/endless/0">On</a></main>'))
    database = f"sqlite:///{tmp_path / 'crawl.db'}"
    with serve(site) as server:
        summary = json.loads(
            run_gatewatch("crawl", f"{server.base_url}/", "--db", database, "--json").stdout
        )
        hits = dict(server.hits)
    assert summary["status"] == "completed"
    export = run_gatewatch("export", "--db", database).stdout
    records = {urlsplit(r["url"]).path: r for r in map(json.loads, export.splitlines())}
    # the chain's hops (its shape's probe, /endless/<random letters>, is not one)
    fetched = sorted(path for path in hits if re.fullmatch(r"/endless/\d+", path))
    assert len(fetched) == 11  # the first URL and 10 redirects followed, no more
    assert records["/endless/11"]["skip_reason"] == "redirect_limit"
    assert not records["/endless/11"]["fetched"]
    assert "redirect_chain_too_long" in records["/endless/0"]["flags"]


def test_check_says_an_endless_chain_is_too_long():
    site = Site(fallback=_endless)
    with serve(site) as server:
        result = json.loads(run_gatewatch("check", f"{server.base_url}/endless/0", "--json").stdout)
    assert [verdict["flag"] for verdict in result["verdicts"]] == ["redirect_chain_too_long"]
    assert len(result["redirects"]) == 10
