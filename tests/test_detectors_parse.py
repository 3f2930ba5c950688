"""What the single parse gives the detectors: the main content, forms, markers, state."""

from gatewatch.crawler.parse import parse_html

PAGE = """<!doctype html><html lang="en"><head><meta charset=utf-8><title>Wholesale</title>
<meta http-equiv="refresh" content="30; url=/account/login">
<link rel="preload" href="/page-data/app.json" as="fetch">
<script type="application/ld+json">{"@type": "Article", "isAccessibleForFree": false}</script>
<script id="__NEXT_DATA__" type="application/json">{"page": "/_error"}</script>
<script>alert('Please log in');</script>
</head><body class="page-template error404">
<header><a href="/">Shop</a><form role="search" action="/search"><input name="q"></form>
<form action="/account/login"><input name="email"><input type="password" name="p"></form>
</header>
<nav><a href="/shoes">Shoes</a></nav>
<main><article><header><h1>Wholesale</h1></header>
<p>Please log in with your trade account.</p><img src="/a.png">
<form action="/account/login" method="post"><input type="email" name="e">
<input type="password" name="p"><input type="hidden" name="t"></form>
<aside class="members-only">Trade prices are for approved accounts.</aside>
</article></main>
<aside class="sidebar">Recent posts</aside>
<div hidden><form action="/newsletter"><input type="password" name="x"></form></div>
<footer><p>Shop Ltd</p></footer></body></html>"""


def test_the_main_content_leaves_navigation_header_footer_and_sidebars_out():
    page = parse_html(PAGE.encode())
    assert page.main_text == (
        "Wholesale Please log in with your trade account. Trade prices are for approved accounts."
    )
    assert page.main_word_count == len(page.main_text.split())
    assert "Shoes" in page.text
    assert "Shop Ltd" in page.text
    assert page.main_media == 1


def test_an_aside_inside_the_article_is_content_and_the_document_is_left_clean():
    page = parse_html(PAGE.encode())
    assert "approved accounts" in page.main_text
    assert "\x7f" not in "".join(page.document.itertext())
    assert page.text.isascii()


def test_forms_know_their_section_passwords_and_visibility():
    forms = parse_html(PAGE.encode()).forms
    summary = [(f.action, f.section, f.password_inputs, f.search, f.hidden) for f in forms]
    assert summary == [
        ("/search", "header", 0, True, False),
        ("/account/login", "header", 1, False, False),
        ("/account/login", "main", 1, False, False),
        ("/newsletter", "hidden", 1, False, True),  # a block the browser does not draw
    ]


def test_markers_state_and_structured_data_for_the_detectors():
    page = parse_html(PAGE.encode())
    assert page.accessible_for_free is False
    assert '"/_error"' in page.app_state
    assert "alert('Please log in')" in page.inline_script
    assert page.meta["http-equiv:refresh"] == "30; url=/account/login"
    assert page.resource_hints == ["/page-data/app.json"]
    assert "error404" in page.body_class.split()
    assert "error404" in page.markup_tokens
    assert page.lang == "en"


def test_a_page_without_semantic_sections_is_all_main_content():
    body = b"<html><body><div id=top><a href=/>Home</a></div><p>Text here.</p></body></html>"
    page = parse_html(body)
    assert page.main_text == "Home Text here."
    assert page.main_word_count == 3


def test_broken_bodies_still_parse():
    page = parse_html(b"<p>\x00\x01\x02 hello</p>")
    assert "hello" in page.text
    assert parse_html(b"").main_text == ""
