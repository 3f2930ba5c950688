# ruff: noqa: RUF001  (pages in their own scripts)
"""False alarms of review set 5 (tests/fixtures/review_healthy5) taken back by meaning, each
beside the error page it must not hide: a form's check of a value is not the page's message
(unless the form is the page's layout), a question with its answers discusses the error its
title names, a BankID sign-in is told by its buttons and not by the name alone, and 不存在的
before a noun describes a name ("不存在的情人") unless the noun is a page ("不存在的页面")."""

import pytest

from gatewatch.crawler.detectors import conclude, signals
from gatewatch.crawler.parse import parse_html
from tests.test_detectors import START


def flags(body: str) -> set[str]:
    found = signals("https://site.test/x/1", 200, {}, parse_html(body.encode()), START)
    return {verdict.flag for verdict in conclude(found)}


def page(title: str, main: str, h1: str = "") -> str:
    heading = f"<h1>{h1}</h1>" if h1 else ""
    return (
        f"<!doctype html><html><head><meta charset=utf-8><title>{title}</title></head><body>"
        "<header><nav><a href=/>Home</a> <a href=/shop>Shop</a> <a href=/help>Help</a></nav>"
        f"</header><main>{heading}{main}</main><footer>© 2026 Site</footer></body></html>"
    )


ERROR_BOX = "<p class=error>Invalid project.</p>"
FIELD = "<p><label>Project <input name=project value='acme-2'></label></p><button>Go</button>"


def test_an_invalid_value_inside_a_form_is_the_forms_check():
    form = f"<form method=post action=/projects>{ERROR_BOX}{FIELD}</form>"
    assert flags(page("Open a project – Site", form, "Open a project")) == set()


def test_the_same_message_outside_any_form_is_the_pages():
    assert flags(page("Error – Site", ERROR_BOX, "Error")) == {"soft_404"}


def test_a_form_that_holds_the_heading_is_the_layout_and_its_message_the_pages():
    wide = f"<form method=post action=/x><h1>Error</h1>{ERROR_BOX}{FIELD}</form>"
    assert flags(page("Error – Site", wide)) == {"soft_404"}


def test_a_box_that_counts_what_it_is_about_reports_a_batch():
    box = "<p class=error>2 rows invalid, not imported</p>"
    table = "<table><tr><td>17</td><td>Brightwater</td></tr></table>"
    assert flags(page("Import – Site", box + table, "Import results")) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<p>Appen BankID visar ett meddelande när koden är fel.</p>", set()),
        ("<h1>Logga in</h1><button>Logga in med BankID</button>", {"soft_401"}),
        ("<h1>Log in</h1><button>BankID on this device</button>", {"soft_401"}),
    ],
)
def test_bankid_is_a_sign_in_by_its_buttons_not_by_its_name(text, expected):
    assert flags(page("BankID – Site", text)) == expected


QUESTION = (
    "<div class=question><p>psql shows the table, but my app gets the error below.</p>"
    '<pre>ERROR: relation "users" does not exist</pre></div>'
)
ANSWER = (
    "<div class='answer accepted-answer'><p>Your migration created the table quoted, with a"
    " capital U; unquoted names are folded to lower case.</p></div>"
)


def test_a_question_with_its_answers_discusses_the_error_of_its_title():
    title = 'postgresql - ERROR: relation "users" does not exist - Q&amp;A'
    assert flags(page(title, QUESTION + ANSWER)) == set()
    assert flags(page(title, "<p>Sorry.</p>")) == {"soft_404"}


def test_what_does_not_exist_before_a_noun_describes_a_name():
    lyrics = "<p>歌手：林夕然</p><p>我把名字写在雨里</p>"
    assert flags(page("不存在的情人 - 歌词网", lyrics, "不存在的情人")) == set()
    assert flags(page("不存在的页面 - 网站", "<p>请返回首页。</p>", "不存在的页面")) == {"soft_404"}
