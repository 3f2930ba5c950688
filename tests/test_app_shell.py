"""What is an application's empty shell, and what is a server-rendered page that merely asks
for JavaScript (the real-page corpus crawled: Wagtail's admin pages were taken for shells,
left unjudged, and a rendered page whose <noscript> remained was still "a shell")."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

from gatewatch.crawler.app_shell import shell_evidence
from gatewatch.crawler.detection import Detection
from gatewatch.crawler.parse import parse_html
from gatewatch.demo.server import serve
from gatewatch.demo.site import Page, Site
from tests.conftest import FIXTURES, run_gatewatch

WAGTAIL = FIXTURES / "real" / "wagtail"
NOSCRIPT = b"<noscript>JavaScript is required to use this site, but it is disabled.</noscript>"
NOSCRIPT_WORDING = b"JavaScript is required to use Wagtail"
BUNDLES = b'<script src="/static/vendor.js"></script><script src="/static/core.js"></script>'


def _evidence(body: bytes, rendered: bool = False) -> str | None:
    return shell_evidence(body, parse_html(body).word_count, rendered=rendered)


@pytest.mark.parametrize(
    "name", ["admin-login.en.html", "admin-login.zh-hans.html", "password-reset.ja.html"]
)
def test_wagtails_server_rendered_admin_pages_are_no_shells(name):
    # 5 to 20 words, 14 script bundles, and "JavaScript is required to use Wagtail"
    body = (WAGTAIL / name).read_bytes()
    assert NOSCRIPT_WORDING in body
    assert parse_html(body).word_count <= 20
    assert _evidence(body) is None


def test_a_noscript_over_a_heading_or_a_field_is_a_server_rendered_page():
    heading = b"<body>" + NOSCRIPT + b"<h1>Reset your password</h1>" + BUNDLES
    field = b"<body>" + NOSCRIPT + b'<form><input name="q" type="search"></form>' + BUNDLES
    linked_heading = b"<body>" + NOSCRIPT + b'<h2><a href="/">Staff area</a></h2>' + BUNDLES
    for body in (heading, field, linked_heading):
        assert _evidence(body) is None


def test_a_noscript_with_nothing_else_drawn_is_still_a_shell():
    bare = b"<body>" + NOSCRIPT + b'<div class="spinner"></div>' + BUNDLES
    assert _evidence(bare) == "noscript asks for JavaScript, 2 script bundles"
    # what the noscript itself holds is no content of the page
    inside = b"<body><noscript><h1>Please enable JavaScript</h1><input></noscript>" + BUNDLES
    assert _evidence(inside) == "noscript asks for JavaScript, 2 script bundles"
    # hidden fields and buttons are no field to fill in
    hidden = b'<body><input type="hidden" name="csrf"><button>Go</button>' + NOSCRIPT + BUNDLES
    assert _evidence(hidden) == "noscript asks for JavaScript, 2 script bundles"


def test_a_password_field_is_a_sign_in_form_to_judge_whatever_the_root():
    body = b'<body><div id="root"></div><form><input type="password"></form>' + BUNDLES
    assert _evidence(body) is None
    # a heading beside an empty root does not make the page server-rendered: its content
    # is what the application draws in the root
    shell = b'<body><h1>Shop</h1><div id="root"></div>' + NOSCRIPT + BUNDLES
    assert (
        _evidence(shell) == "empty app root #root, noscript asks for JavaScript, 2 script bundles"
    )


def test_once_rendered_only_a_root_left_empty_makes_a_shell():
    # the browser ran the scripts: the <noscript> is still in the HTML, and means nothing
    drawn = b'<body><div id="root"><ul><li>Tent</li><li>Stove</li></ul></div>' + NOSCRIPT + BUNDLES
    assert _evidence(drawn) == "noscript asks for JavaScript, 2 script bundles"
    assert _evidence(drawn, rendered=True) is None
    empty = b'<body><div id="root"></div>' + NOSCRIPT + BUNDLES
    assert _evidence(empty, rendered=True) == "empty app root #root, 2 script bundles"


@pytest.mark.parametrize(
    "body",
    [
        BUNDLES + NOSCRIPT + b"<input " * 8000,
        BUNDLES + NOSCRIPT + b"<h1 " * 8000,
        BUNDLES + NOSCRIPT + b"<h1><b " * 8000,
        BUNDLES + NOSCRIPT + b"<noscript>" * 8000,
    ],
    ids=["input", "heading", "nested-heading", "noscript"],
)
def test_hostile_markup_is_read_in_linear_time(body):
    assert _evidence(body) is None or "noscript" in _evidence(body)


def test_the_crawl_judges_a_server_rendered_sign_in_page_that_asks_for_javascript(tmp_path):
    site = Site()
    site.add("/", Page.html('<html><body><a href="/p/4f2a9c">staff</a></body></html>'))
    site.add("/p/4f2a9c", Page.html((WAGTAIL / "admin-login.en.html").read_bytes()))
    database = f"sqlite:///{tmp_path / 'wagtail.db'}"
    with serve(site) as server:
        run_gatewatch("crawl", server.url("/"), "--db", database, "--quiet")
    export = run_gatewatch("export", "--db", database)
    records = {
        urlsplit(record["url"]).path: record
        for record in map(json.loads, export.stdout.splitlines())
    }
    flags = [verdict["flag"] for verdict in records["/p/4f2a9c"]["verdicts"]]
    assert flags == ["soft_401"]  # judged from its HTML: no browser, no needs_rendering


SHORT_APP = b"""<!doctype html><html><head><title>Shop</title></head><body>
<noscript>You need to enable JavaScript to run this app.</noscript><div id="root"></div>
<script src="/static/app.js"></script></body></html>"""
# a view of a few words and no heading: once drawn, nothing about it is a shell
SHORT_VIEW = b"""document.getElementById("root").innerHTML =
  "<ul><li><a href='/'>Tents</a></li><li>Stoves</li><li>Shoes</li></ul>";"""


@pytest.mark.browser
def test_a_short_rendered_view_is_judged_though_its_noscript_remains(tmp_path):
    site = Site()
    site.add("/", Page.html(SHORT_APP.replace(b"</body>", b"<a href='/p/7d01e3'>x</a></body>")))
    site.add("/p/7d01e3", Page.html(SHORT_APP))
    site.add(
        "/static/app.js", Page(body=SHORT_VIEW, headers=(("Content-Type", "text/javascript"),))
    )
    database = f"sqlite:///{tmp_path / 'short.db'}"
    with serve(site) as server:
        run_gatewatch("crawl", server.url("/"), "--db", database, "--quiet")
    export = run_gatewatch("export", "--db", database)
    records = {
        urlsplit(record["url"]).path: record
        for record in map(json.loads, export.stdout.splitlines())
    }
    flags = [verdict["flag"] for verdict in records["/p/7d01e3"]["verdicts"]]
    assert "rendered" in flags
    assert "needs_rendering" not in flags


# ---- a shell not rendered keeps the verdict its HTML says in words

NOT_FOUND_SHELL = b"""<!doctype html><html><head><title>404 Page not found</title></head>
<body><div id="root"></div><script src="/static/app.js"></script></body></html>"""
PLAIN_SHELL = NOT_FOUND_SHELL.replace(b"404 Page not found", b"Trailhead Outfitters")


def _conclude_unrendered(body: bytes, why: str) -> list:
    detection = Detection("http://shop.test/")
    page = parse_html(body)
    found = detection.observe(1, "http://shop.test/products/parka", 200, {}, page)
    found.found["app_shell"] = shell_evidence(body, page.word_count)
    found.found["not_rendered"] = why
    detection.keep(1, found)
    return [verdict for conclusion in detection.conclusions() for verdict in conclusion.verdicts]


def test_a_shell_whose_render_failed_keeps_the_verdict_its_html_says_in_words():
    [verdict] = _conclude_unrendered(NOT_FOUND_SHELL, "render failed: the page did not load")
    assert verdict.flag == "soft_404"
    assert verdict.evidence["not_rendered"] == "render failed: the page did not load"
    assert "not_rendered" in verdict.explain()


def test_a_shell_whose_html_says_nothing_stays_unjudged_when_not_rendered():
    verdicts = _conclude_unrendered(PLAIN_SHELL, "render failed: the page did not load")
    assert [verdict.flag for verdict in verdicts] == ["needs_rendering"]


def test_the_crawl_without_rendering_keeps_a_shells_worded_verdict(tmp_path):
    site = Site()
    site.add("/p/parka", Page.html(NOT_FOUND_SHELL))
    site.add("/p/tent", Page.html(PLAIN_SHELL))
    site.add("/", Page.html('<a href="/p/parka">parka</a> <a href="/p/tent">tent</a>'))
    database = f"sqlite:///{tmp_path / 'never.db'}"
    with serve(site) as server:
        run_gatewatch("crawl", server.url("/"), "--db", database, "--quiet", "--render", "never")
    export = run_gatewatch("export", "--db", database)
    records = {
        urlsplit(record["url"]).path: record
        for record in map(json.loads, export.stdout.splitlines())
    }
    parka = {verdict["flag"]: verdict for verdict in records["/p/parka"]["verdicts"]}
    assert list(parka) == ["soft_404"]
    assert parka["soft_404"]["evidence"]["not_rendered"] == "rendering is off (--render never)"
    assert [verdict["flag"] for verdict in records["/p/tent"]["verdicts"]] == ["needs_rendering"]


def test_check_without_rendering_keeps_a_shells_worded_verdict():
    site = Site()
    site.add("/p/parka", Page.html(NOT_FOUND_SHELL))
    with serve(site) as server:
        check = run_gatewatch("check", server.url("/p/parka"), "--render", "never", "--json")
    flags = [verdict["flag"] for verdict in json.loads(check.stdout)["verdicts"]]
    assert flags == ["soft_404"]


def test_what_a_script_template_holds_is_not_drawn():
    # SOGo's signed-in pages (AngularJS): a noscript, script bundles, and the views' headings,
    # fields and password fields inside <script type="text/ng-template">: a shell
    template = (
        b'<script type="text/ng-template" id="editor.html"><h2>Warning</h2><input name="q">'
        b'<input type="password" name="newPassword"></script><template><h1>Row</h1></template>'
    )
    body = b"<body>" + NOSCRIPT + b'<main ui-view="calendars"></main>' + template + BUNDLES
    assert _evidence(body) == "noscript asks for JavaScript, 2 script bundles"
    for name in ("calendar.en.html", "contacts.en.html", "preferences.en.html"):
        found = _evidence((FIXTURES / "real" / "sogo" / name).read_bytes())
        assert found is not None, name
        assert found.startswith("noscript asks for JavaScript"), name
    # the same heading, field or password field drawn by the server is read as before
    drawn = b"<body>" + NOSCRIPT + b"<h2>Warning</h2>" + template + BUNDLES
    assert _evidence(drawn) is None
    sign_in = b'<body><div id="root"></div><input type="password">' + template + BUNDLES
    assert _evidence(sign_in) is None
    # SOGo's own sign-in page (its form drawn by the server) and its not-found page are judged
    for name in ("sign-in-wall.en.html", "not-found.en.html"):
        assert _evidence((FIXTURES / "real" / "sogo" / name).read_bytes()) is None, name


@pytest.mark.parametrize(
    "body",
    [
        BUNDLES + NOSCRIPT + b"<script></script>" * 15000,
        BUNDLES + NOSCRIPT + b"<template>" * 25000,
        BUNDLES + NOSCRIPT + b"<script>" + b"<template></template>" * 12000,
    ],
    ids=["scripts", "open-templates", "templates-in-a-script"],
)
def test_script_and_template_elements_are_skipped_in_linear_time(body):
    assert _evidence(body) == "noscript asks for JavaScript, 2 script bundles"
