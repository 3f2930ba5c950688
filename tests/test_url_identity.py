"""One www. rule for every part: a host and its www twin are one site."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from gatewatch.cli.common import rules_for_run
from gatewatch.crawler.urls import SiteScope
from gatewatch.reports.classify import is_start_page
from gatewatch.storage.url_identity import bare_host, site_host, www_twin

SITE = """\
[[sites]]
name = "shop"
start_url = "https://example.com/"
schedule = "daily at 03:00 UTC"

[sites.rules]
important_public_inlinks = 7
"""


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://www.Example.com/", "example.com"),
        ("https://example.com:443/a", "example.com"),
        ("http://www.example.com:8080/", "example.com:8080"),
        ("http://127.0.0.1:8791/blog/", "127.0.0.1:8791"),
    ],
)
def test_a_site_is_its_host_without_www_and_its_port_unless_the_default(url, host):
    assert site_host(url) == host


def test_the_www_twin_of_a_host_and_back():
    assert www_twin("example.com") == "www.example.com"
    assert www_twin("www.example.com") == "example.com"
    assert bare_host("WWW.example.com") == bare_host("example.com") == "example.com"


def test_the_crawl_and_the_report_agree_on_the_www_twin():
    assert SiteScope("https://example.com/").is_internal("https://www.example.com/a")
    assert not SiteScope("https://example.com/", www_equivalent=False).is_internal(
        "https://www.example.com/a"
    )
    assert is_start_page("https://www.example.com/", "https://example.com")


def test_a_run_of_the_www_twin_gets_the_configured_sites_rules(tmp_path):
    path = tmp_path / "gatewatch.toml"
    path.write_text(SITE)
    rules = rules_for_run(path, SimpleNamespace(start_url="https://www.example.com/"))
    assert rules.important_public_inlinks == 7
    assert rules_for_run(path, SimpleNamespace(start_url="https://shop.example.com/")) is None
