"""A URL is normalised once, so one address is one row however it was written."""

import pytest

from gatewatch.crawler.urls import InvalidURL, SiteScope, normalize_url, url_key


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("HTTP://Example.COM", "http://example.com/"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:80/a?b=1#frag", "http://example.com/a?b=1"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("http://example.com/a b", "http://example.com/a%20b"),
        ("http://example.com/caf%C3%A9", "http://example.com/caf%C3%A9"),
        ("http://example.com/café", "http://example.com/caf%C3%A9"),
        ("http://example.com./x", "http://example.com/x"),
    ],
)
def test_equivalent_spellings_normalise_to_one_url(written, expected):
    assert normalize_url(written) == expected


def test_relative_links_resolve_against_the_page():
    base = "http://example.com/blog/post/"
    assert normalize_url("../other", base) == "http://example.com/blog/other"
    assert normalize_url("./x#top", base) == "http://example.com/blog/post/x"
    assert normalize_url("//cdn.example.com/a", base) == "http://cdn.example.com/a"


def test_path_case_and_query_order_are_kept():
    assert normalize_url("http://example.com/A?b=2&a=1") == "http://example.com/A?b=2&a=1"


@pytest.mark.parametrize(
    "broken", ["http://[::1", "http://exa mple.com/", "http://example.com:99999/", "ftp://x/"]
)
def test_unusable_links_raise_a_clear_error(broken):
    with pytest.raises(InvalidURL):
        normalize_url(broken, "http://example.com/")


def test_url_key_is_stable_and_fits_a_signed_bigint():
    key = url_key("http://example.com/" + "x" * 10000)
    assert key == url_key("http://example.com/" + "x" * 10000)
    assert -(2**63) <= key < 2**63


def test_www_and_scheme_variants_are_one_site_by_default():
    scope = SiteScope("https://www.example.com/")
    assert scope.is_internal("https://example.com/a")
    assert scope.is_internal("http://www.example.com/a")
    assert not scope.is_internal("https://blog.example.com/")
    assert not scope.is_internal("https://example.org/")


def test_strict_scope_keeps_to_the_exact_host_and_scheme():
    scope = SiteScope("https://www.example.com/", www_equivalent=False, any_scheme=False)
    assert not scope.is_internal("https://example.com/a")
    assert not scope.is_internal("http://www.example.com/a")
    assert scope.is_internal("https://www.example.com/a")


def test_a_port_is_part_of_the_site():
    scope = SiteScope("http://127.0.0.1:8000/")
    assert scope.is_internal("http://127.0.0.1:8000/x")
    assert not scope.is_internal("http://127.0.0.1:9000/x")


def test_the_link_resolver_gives_what_normalize_url_gives():
    from gatewatch.crawler.urls import LinkResolver

    resolver = LinkResolver(max_entries=3)
    bases = ["http://a.test/x/y", "http://a.test/x/z?a=/b/c", "http://a.test/z/", "https://b.test/q?r=1",
             "http://a.test", "http://a.test/x/"]  # fmt: skip
    hrefs = ["/p", "p", "../p", "?page=2", "http://A.test:80/p#f", " /p q ", "//c.test/p",
             "mailto:x@y", "http://[bad", "#top", "/p", "p", "./q/../r", "../../s", "a:b/c",
             "x?y=1", "javascript:void(0)", ""]  # fmt: skip
    for base in bases:
        for href in hrefs:
            try:
                expected = normalize_url(href, base)
            except InvalidURL:
                with pytest.raises(InvalidURL):
                    resolver.resolve(href, base)
            else:
                assert resolver.resolve(href, base)[0] == expected, (href, base)
                # the frontier finds a link's target by this key
                assert resolver.resolve(href, base) == (expected, url_key(expected))


def test_the_link_resolver_never_answers_for_another_base():
    """Its cache is shared by every page of a crawl: a key must hold all a result depends on
    (once, "page.html" from https://b.example came back as https://a.example/page.html)."""
    from gatewatch.crawler.urls import LinkResolver

    resolver = LinkResolver()
    bases = ["https://a.example", "https://b.example", "https://b.example?x/y",
             "https://c.example#top/z", "https://a.example/", "https://a.example/d/e?f=/g/h",
             "https://a.example/d/e#/i/j", "https://b.example:8443/d/",
             "https://a.example?q"]  # fmt: skip
    hrefs = ["page.html", "../up", "/root", "?page=2", "sub/page", "./here"]
    for href in hrefs:
        for base in bases:
            assert resolver.resolve(href, base)[0] == normalize_url(href, base), (href, base)
