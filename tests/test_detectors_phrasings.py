"""Phrasings many sites share, by what they mean: "you don't have access" denies access (it
asks nobody to sign in), "the link you followed may be broken" is a not-found page, and a
short page that lists status codes states none of them."""

import pytest

from gatewatch.crawler.detectors import conclude, signals
from gatewatch.crawler.parse import parse_html
from tests.test_detectors import START

NAV = "<nav><a href='/'>Home</a> <a href='/docs'>Docs</a> <a href='/blog'>Blog</a></nav>"


def flags(title: str, content: str) -> set[str]:
    body = f"<!doctype html><title>{title}</title><body>{NAV}<main>{content}</main></body>"
    found = signals("https://site.test/projects/x", 200, {}, parse_html(body.encode()), START)
    return {verdict.flag for verdict in conclude(found)}


@pytest.mark.parametrize(
    ("title", "content", "flag"),
    [
        ("Forbidden", "<h1>Forbidden</h1><p>You don't have access to this project.</p>",
         "soft_403"),
        ("Error", "<p>You are not permitted to view this document.</p>", "soft_403"),
        ("Restricted", "<h1>Access restricted</h1><p>This area is for staff members.</p>",
         "soft_403"),
        ("Site", "<p>The link you followed may be broken, or the page may have been removed.</p>",
         "soft_404"),
        ("Site", "<h1>Oops!</h1><p>We couldn't find what you were looking for.</p>", "soft_404"),
        ("Confirm", "<h1>Confirm</h1><p>This confirmation link expired or is invalid.</p>",
         "soft_404"),
        ("Account", "<h1>Account</h1><p>This account is inactive.</p>", "soft_403"),
    ],
)  # fmt: skip
def test_a_shared_phrasing_says_what_the_page_is(title, content, flag):
    assert flags(title, content) == {flag}


@pytest.mark.parametrize(
    "content",
    [
        "<h1>Status codes</h1><ul><li>401 Unauthorized</li><li>403 Forbidden</li>"
        "<li>404 Not Found</li></ul>",
        "<h1>Offers</h1><p>This offer is restricted to residents of the EU.</p>",
    ],
)
def test_a_short_page_listing_codes_or_restricting_an_offer_is_healthy(content):
    assert flags("Help", content) == set()


def test_a_status_code_before_page_not_found_is_stated():
    body = "<!doctype html><title>Wiki</title><body><main><p>404 Page not found</p></main></body>"
    found = signals("https://site.test/x", 200, {}, parse_html(body.encode()), START)
    assert found.found["code_not_found"] == "404 Page not found"
