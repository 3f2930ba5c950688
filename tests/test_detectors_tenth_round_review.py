"""Healthy pages the tenth round's new rules flagged, found by the round's last read: each
stays unflagged, beside the error page its rule was written for."""

import time

import pytest

from gatewatch.crawler.hidden_blocks import hidden_blocks
from gatewatch.crawler.parse import parse_html
from tests.test_detectors_fifth_side_a import HELP, judge, themed_page

ARTICLE = " ".join(
    f"Step {n}: open the settings, choose the profile you use, and save it before you go on."
    for n in range(1, 30)
)
FINDINGS = {"soft_404", "soft_401", "soft_403"}


def page(title: str, body: str, body_class: str = "") -> bytes:
    return (
        f"<!doctype html><html><head><title>{title}</title></head>"
        f"<body class='{body_class}'>{body}</body></html>"
    ).encode()


# -- a notice flashed above a list, not an error quoted further down a long page


@pytest.mark.parametrize(
    "quoted",
    [
        "<div class='admonition danger'><p>If the file config.yml is not found, version 2.4"
        " starts with defaults.</p></div>",
        "<div class='admonition error'><p>Error 1045: user not found.</p></div>",
        "<pre class='error'>fatal: repository 'v2' not found</pre>",
    ],
)
def test_an_error_quoted_in_a_long_manual_page_is_no_flashed_notice(quoted):
    body = page(
        "Upgrading to 2.4 - Manual",
        f"<main><h1>Upgrading to 2.4</h1><p>{ARTICLE}</p>{quoted}<p>{ARTICLE}</p></main>",
    )
    assert FINDINGS.isdisjoint(judge(body))


def test_a_notice_flashed_above_a_list_still_says_its_object_is_missing():
    rows = "".join(
        f"<tr><td>Watch {n}</td><td>https://site{n}.example</td></tr>" for n in range(60)
    )
    body = page(
        "Watches",
        "<main><div class='flash error'>No watch with the UUID 3f2a9c41 found.</div>"
        f"<h1>Watches</h1><table>{rows}</table></main>",
    )
    assert set(judge(body)) == {"soft_404"}


# -- a block hidden until a script shows it, when it holds the page itself


def test_a_post_hidden_until_a_script_shows_it_is_the_page_itself():
    post = (
        "<div id='page' style='display:none'><h2>Re: File not found error when saving</h2>"
        f"<p>{ARTICLE}</p><p>{ARTICLE}</p></div>"
    )
    body = page("Re: File not found error when saving - Forum", post)
    assert FINDINGS.isdisjoint(judge(body))


def test_nested_hidden_blocks_over_a_long_page_are_read_in_linear_time():
    paragraphs = "<p>A line of the page.</p>" * 100_000
    nested = "<div hidden>" * 400 + paragraphs + "<h1>Last</h1>" + "</div>" * 400
    document = parse_html(page("Long", nested)).document
    started = time.process_time()
    assert hidden_blocks(document) == []  # (all of them hold the page's heading)
    assert time.process_time() - started < 2  # (walking each block's subtree: about 8 s)


# -- words that mean other things


@pytest.mark.parametrize(
    "sentence",
    [
        "Cykeln är inte i gott tillstånd, men du får den billigt.",  # sv: a condition
        "Teil ei ole õigus, õige vastus on Tallinn.",  # et: "you are not right"
        "Teil ei ole õigust kaupa tagastada pärast 14 päeva.",  # et: a right in law
        "Nem jogod eldönteni, ki mit gondol.",  # hu: "not your right to decide"
        "游客没有发布文章的权限。",  # zh: what guests may do, on a help page
        "管理员没有修改的权限。",  # zh: the administrators', not the visitor's
    ],
)
def test_a_short_page_saying_someone_else_has_no_right_is_no_denial(sentence):
    body = themed_page("Hjälp", f"<p>{sentence}</p>", title="Hjälp")
    assert FINDINGS.isdisjoint(judge(body))


def test_you_have_no_permission_of_a_clause_is_still_a_denial():
    body = themed_page("错误", "<p>您没有查看该页面的权限。</p>", title="错误")
    assert set(judge(body)) == {"soft_403"}


@pytest.mark.parametrize(
    "title",
    [
        "Отказоустойчивый доступ в интернет",  # ru: fault-tolerant internet access
        "网站无法访问",  # zh: a site that cannot be reached (a help page's title)
        "Politiet fant ikke den savnede mannen",  # nb news: the police did not find him
        "Det finst ikkje betre kaffi",  # nn: there is no better coffee
        "Kan ikke finne ord",  # nb: a song's title
        "Ni mogoče najti besed",  # sl: a song's title
    ],
)
def test_a_title_using_a_word_of_refusal_or_absence_otherwise_is_no_finding(title):
    body = themed_page(title, "<p>访问 доступ. Kort tekst.</p>", title=title)
    assert FINDINGS.isdisjoint(judge(body))


@pytest.mark.parametrize(
    "body_class", ["category-error-handling", "has-error-boundary", "tag-error"]
)
def test_a_body_class_filing_the_post_under_a_topic_names_no_error_view(body_class):
    # (a post of a paragraph or two about an error: its class files it under the topic)
    body = themed_page("“File not found” when opening a shortcut", HELP, body_class)
    assert FINDINGS.isdisjoint(judge(body))
    assert set(judge(themed_page("This page does not exist", HELP, "http-error"))) == {"soft_404"}
