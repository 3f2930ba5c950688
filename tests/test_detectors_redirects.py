"""Redirects that hide an error: to the home page, to an error or search page, to a login."""

from gatewatch.crawler.detectors import (
    probe_result,
    redirect_loop,
    redirect_verdicts,
    shared_redirect_targets,
    signals,
)
from gatewatch.crawler.parse import parse_html

START = "https://shop.test/"


def target_page(url: str, title: str, main: str):
    body = f"<html><head><meta charset=utf-8><title>{title}</title></head><body>"
    body += f"<header><a href='/'>Shop</a></header><main>{main}</main></body></html>"
    return signals(url, 200, {}, parse_html(body.encode()), START)


def flags(source, target_url, status=301, **kwargs):
    return {v.flag: v for v in redirect_verdicts(source, status, target_url, START, **kwargs)}


def test_a_deep_url_sent_to_the_home_page_is_a_soft_404():
    verdict = flags("https://shop.test/products/alpaca-scarf", "https://shop.test/")
    assert verdict["redirect_home"].reasons == ("redirect_to_home",)


def test_home_aliases_https_and_logout_redirects_are_fine():
    assert flags("http://shop.test/", "https://shop.test/") == {}
    assert flags("https://shop.test/index.php", "https://shop.test/") == {}
    assert flags("https://shop.test/en/", "https://shop.test/") == {}
    assert flags("https://shop.test/logout", "https://shop.test/", 302) == {}


def test_a_redirect_home_like_the_probe_says_so():
    probe = probe_result(
        "https://shop.test/zq", "random", 302, START, 200, signals(START, 200, {}, None, START)
    )
    verdict = flags("https://shop.test/old", START, 302, probes=[probe])["redirect_home"]
    assert verdict.reasons == ("redirect_to_home", "probe_to_home")


def test_a_redirect_to_a_login_url_is_a_login_wall():
    login = target_page(
        "https://shop.test/account/login",
        "Sign in",
        "<form action='/account/login'><input name=e><input type=password name=p></form>",
    )
    verdict = flags(
        "https://shop.test/account/orders",
        "https://shop.test/account/login?next=%2Faccount%2Forders",
        302,
        target=login,
    )["redirect_login"]
    assert set(verdict.reasons) == {
        "login_url",
        "return_parameter",
        "target_sign_in",
        "private_source",
    }


def test_a_redirect_to_an_identity_provider_is_a_login_wall():
    verdict = flags(
        "https://shop.test/intranet/",
        "https://login.microsoftonline.com/common/oauth2/authorize?redirect_uri=x",
        302,
    )["redirect_login"]
    assert "identity_provider" in verdict.reasons


def test_a_renamed_page_and_a_trailing_slash_are_fine():
    renamed = target_page(
        "https://shop.test/p/merino-sock-charcoal",
        "Merino sock | Shop",
        "<h1>Merino sock</h1><p>Knit in North Carolina from 17.5 micron merino, with a "
        "reinforced heel and toe that outlasts the cheap ones by years. $18.</p>",
    )
    assert flags("https://shop.test/p/merino-sock", renamed.url, target=renamed) == {}
    assert flags("https://shop.test/about", "https://shop.test/about/") == {}


def test_a_redirect_to_a_not_found_page_is_a_soft_404():
    not_found = target_page(
        "https://shop.test/page-not-found",
        "Page not found | Council",
        "<h1>Page not found</h1><p>It may have moved when we rebuilt the site.</p>",
    )
    verdict = flags("https://shop.test/bins/2019", not_found.url, target=not_found)["soft_404"]
    assert {"heading_not_found", "error_url", "redirected"} <= set(verdict.reasons)


def test_a_removed_product_sent_to_an_empty_search_is_a_soft_404():
    empty = target_page(
        "https://shop.test/search?q=sanding+set",
        "Search results",
        "<h1>Search results for 'sanding set'</h1><p>Your search returned no results.</p>",
    )
    verdict = flags("https://shop.test/sanding-set.html", empty.url, 302, target=empty)
    assert set(verdict["soft_404"].reasons) >= {"redirect_to_search", "empty_results"}


def test_a_redirect_ending_where_the_probe_ends_is_a_soft_404():
    probe = probe_result(
        "https://shop.test/zq", "random", 302, "https://shop.test/Error/NotFound?x=zq", 200, None
    )
    verdict = flags(
        "https://shop.test/manuals/sonar",
        "https://shop.test/Error/NotFound?x=/manuals/sonar",
        302,
        probes=[probe],
    )["soft_404"]
    assert "probe_final_url" in verdict.reasons


def test_many_removed_urls_sent_to_one_unrelated_page():
    pairs = [
        ("https://shop.test/products/detail/77", "https://shop.test/products/list"),
        ("https://shop.test/products/detail/78", "https://shop.test/products/list"),
        ("https://shop.test/old/spring-campaign", "https://shop.test/products/list"),
        ("https://shop.test/p/blue-shirt-old", "https://shop.test/p/blue-shirt"),
    ]
    verdicts = shared_redirect_targets(pairs, START)
    assert set(verdicts) == {source for source, _ in pairs[:3]}
    assert verdicts[pairs[0][0]].evidence["shared_redirect_target"].startswith("3 URLs")
    assert shared_redirect_targets(pairs[:2] + pairs[3:], START) == {}


def test_a_chain_that_comes_back_is_a_loop():
    assert redirect_loop(["https://a.test/x", "https://a.test/y", "https://a.test/x"])
    assert redirect_loop(["https://a.test/x", "https://a.test/y"]) is None
