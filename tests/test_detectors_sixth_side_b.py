# ruff: noqa: RUF001  (messages in their own scripts)
"""Rules of the eleventh round (side b), learnt from half of the sixth fresh side once it moved
to tune (e2guardian, Rails, motionEye, Review Board, OCS Inventory), each written as the
general form of what the page does to the visitor, each with a healthy look-alike: a sentence
that says what the visitor asked for does not exist is a not-found, even when it names the
access they tried ("The information you are trying to access does not exist"), and the
information, data or item asked for is the subject of such a sentence as a page is."""

import pytest

from gatewatch.crawler.detectors import conclude, signals
from gatewatch.crawler.detectors.permission_denials import permission_denied
from gatewatch.crawler.parse import parse_html
from tests.test_detectors import START

URL = "https://inventory.example.org/p/abc"
MENU = (
    "<nav><ul><li><a href='/computers'>All computers</a></li><li><a href='/software'>All"
    " software</a></li><li><a href='/groups'>Groups</a></li></ul></nav>"
)


def judge(body: bytes, url: str = URL) -> dict:
    found = signals(url, 200, {}, parse_html(body), START)
    return {verdict.flag: verdict for verdict in conclude(found)}


def page(content: str, title: str = "Inventory") -> bytes:
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>{MENU}"
        f"<div class='content'>{content}</div></body></html>"
    ).encode()


# -- "what you tried to access does not exist": a not-found, not a refusal

ABSENT_INFORMATION = [
    "The information you are trying to access does not exist",
    "Die Information auf die Sie zugreifen möchten existiert nicht.",
    "A informação que você está tentando acessar não existe",
    "Информация, к которой Вы хотите получить доступ не существует",
    "The data you requested does not exist.",
]


@pytest.mark.parametrize("message", ABSENT_INFORMATION)
def test_information_the_visitor_tried_to_access_that_does_not_exist_is_a_soft_404(message):
    verdicts = judge(page(f"<p>{message}</p>"))
    assert "soft_404" in verdicts
    assert "soft_403" not in verdicts


@pytest.mark.parametrize("message", ABSENT_INFORMATION)
def test_a_sentence_that_says_something_does_not_exist_denies_no_permission(message):
    assert permission_denied([message]) is None


@pytest.mark.parametrize(
    "message",
    [
        "You don't have access to this page.",
        "Sie haben keinen Zugriff auf diese Seite.",
        "У вас нет доступа к этой странице.",
    ],
)
def test_a_denial_of_access_stays_a_denial(message):
    assert permission_denied([message]) is not None


def test_a_page_about_missing_data_in_general_is_healthy():
    article = (
        "<h1>Keeping an inventory</h1><p>An inventory tells you what exists on your network:"
        " the information you are trying to keep is only as good as the agents that send it."
        " When a computer no longer reports, its record stays until you remove it, so the"
        " list shows machines that may not exist any more. Review the list every month, and"
        " ask each team which machines they still run, which they retired, and which moved"
        " to another site. A tidy inventory makes audits quick and licences cheap.</p>"
    )
    assert judge(page(article, title="Keeping an inventory")) == {}


# -- a block page: its title's denial said again as the first line of a short content

REASONS = (
    "<p>Access to the page http://shop.example.com/ was denied for this reason: the site is"
    " listed in the category of gambling sites that the network's policy does not allow."
    " You see this message because the page you tried to open holds, or is thought to hold,"
    " content judged unsuitable. If you have questions, ask your network administrator, who"
    " can review the list of blocked categories.</p><p>Powered by a web filter</p>"
)


def block_page(title: str, line: str, reasons: str = REASONS) -> bytes:
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><table><tr>"
        f"<td><font size=6><b>{line}</b></font></td></tr><tr><td>{reasons}</td></tr>"
        "</table></body></html>"
    ).encode()


@pytest.mark.parametrize(
    ("title", "line"),
    [
        ("WebFilter - Acceso denegado", "EL ACCESO HA SIDO DENEGADO"),
        ("WebFilter - Toegang geweigerd", "De toegang werd geweigerd!!"),
        ("WebFilter - Přístup zakázán", "PŘÍSTUP ZAKÁZÁN -"),
        ("WebFilter - A hozzáférés tiltva", "A hozzáférés tiltva!"),
        ("WebFilter - Erişim engellendi", "Erişim engellendi"),
        ("WebFilter - הגישה נדחית", "הגישה נדחתה!"),
        ("Permission denied", "Permission denied"),
    ],
)
def test_a_short_page_that_says_its_titles_denial_again_as_its_first_line_is_a_soft_403(
    title, line
):
    found = signals(URL, 200, {}, parse_html(block_page(title, line)), START)
    assert "denial_restated" in found.found
    assert "soft_403" in judge(block_page(title, line))


def test_a_title_that_says_unauthorized_too_stays_a_request_to_sign_in():
    found = signals(
        URL,
        200,
        {},
        parse_html(block_page("В доступе отказано - Printer", "В доступе отказано")),
        START,
    )
    assert "denial_restated" not in found.found


def test_a_band_page_that_opens_with_its_denial_title_but_speaks_of_its_tour_is_healthy():
    tour = (
        "<p>The band plays twelve cities this spring, with a new record and two new members."
        " Tickets are on sale at every venue, and the support act is announced soon.</p>"
    ) * 3  # (more than a thin page's words: thin, the title alone would flag it)
    page = block_page("Bandname - Acceso denegado", "Acceso denegado", tour)
    assert "denial_restated" not in signals(URL, 200, {}, parse_html(page), START).found
    assert judge(page) == {}


def test_a_first_line_that_does_not_say_the_denial_again_is_no_restatement():
    page = block_page("WebFilter - Access denied", "Welcome to the network of the library")
    assert "denial_restated" not in signals(URL, 200, {}, parse_html(page), START).found


def test_a_long_article_under_a_denial_title_is_healthy():
    article = REASONS * 3
    page = block_page("Access denied - a novel", "Access denied", article)
    assert "denial_restated" not in signals(URL, 200, {}, parse_html(page), START).found
    assert judge(page) == {}


def test_a_topic_heading_that_holds_the_words_among_more_is_no_restatement():
    page = block_page(
        "Access denied - News", "Access rights denied to contractors of the city in the year 2019"
    )
    assert "denial_restated" not in signals(URL, 200, {}, parse_html(page), START).found


# -- the page as a browser reads it

EARLY_END = (
    b"<html><head><title>Blocked</title><style>p{color:red}</style></head>"
    b"<style>.x{}</style><script>var a = 1;</script></html>"
    b"<body><h3>Your access to the following address has been blocked:</h3>"
    b"<p>http://shop.example.com/</p></body>"
)


def test_a_body_after_an_early_html_end_tag_is_read():
    page = parse_html(EARLY_END)
    assert "has been blocked" in page.main_text


def test_a_page_that_ends_properly_is_read_as_before():
    page = parse_html(b"<html><head><title>Shop</title></head><body><p>Hello</p></body></html>")
    assert page.main_text == "Hello"


def test_a_logical_order_hebrew_label_is_read_as_iso_8859_8():
    body = (
        "<html><head><meta http-equiv='Content-Type' content='text/html; charset=ISO-8859-8-I'>"
        "<title>הגישה נדחתה</title></head><body><p>הגישה נדחתה</p></body></html>"
    ).encode("iso-8859-8")
    assert parse_html(body).title == "הגישה נדחתה"


def test_a_title_the_phrase_lists_read_as_a_denial_counts_as_the_first_lines_title():
    # (a template's title with a broken entity: the lists read "interdit", the words cannot)
    page = block_page("WebFilter - Acc&eagrav;s interdit", "Accès interdit !")
    found = signals(URL, 200, {}, parse_html(page), START)
    assert "denial_restated" in found.found
    assert "soft_403" in judge(page)


# -- a class every error page of a program carries names no 404

REJECTED_CHANGE = (
    b"<html><head><title>The change you wanted was rejected (422)</title></head>"
    b"<body class='rails-default-error-page'><div class='dialog'><div><h1>The change you"
    b" wanted was rejected.</h1><p>Maybe you tried to change something you didn't have access"
    b" to.</p></div><p>If you are the application owner check the logs for more"
    b" information.</p></div></body></html>"
)


def test_an_error_page_class_shared_by_a_programs_422_and_500_pages_is_no_404():
    assert "soft_404" not in judge(REJECTED_CHANGE)


def test_the_same_class_on_a_page_that_says_not_found_is_a_soft_404():
    missing = REJECTED_CHANGE.replace(
        b"The change you wanted was rejected", b"The page you were looking for doesn't exist"
    ).replace(b" (422)", b" (404)")
    assert b"rejected" not in missing
    assert "soft_404" in judge(missing)


# -- Chinese "无权" ("no right to"), said to the visitor


@pytest.mark.parametrize("message", ["您无权存取这个资料", "你無權查看此內容", "无权限"])
def test_no_right_said_to_the_visitor_is_a_permission_denial(message):
    assert permission_denied([message]) is not None
    assert "soft_403" in judge(page(f"<p>{message}</p>"))


@pytest.mark.parametrize("message", ["此用户无权发布文章", "我们无权决定退款", "会员无权查看"])
def test_no_right_of_someone_else_is_no_denial_to_the_visitor(message):
    assert permission_denied([message]) is None


HELP = (
    "<p>If you see this message when you open a shared folder, the owner has not given you"
    " access yet. Ask the owner to share the folder with your account, or request access from"
    " the folder's page. Administrators can review access in the admin console under Sharing."
    " Access can take a few minutes to apply after it was granted. Still stuck? Contact"
    " support and tell us the folder's address and the account you use.</p>"
)
NOVEL = (
    "<p>A thriller about a hacker who finds the one door no password opens. When Mia gains"
    " access to the bank's vault system, she learns that someone else has been inside for"
    " years. 320 pages, paperback and e-book. Available from all good bookshops and from the"
    " publisher's site. Reviews: 'A page-turner' (The Daily). Jane Roe lives in Leeds with"
    " her two cats.</p>"
)


@pytest.mark.parametrize(
    ("title", "content"),
    [("Access denied - Help Center", HELP), ("Access Denied - a novel by Jane Roe", NOVEL)],
)
def test_a_short_page_under_a_denial_title_that_denies_nothing_again_is_healthy(title, content):
    page = block_page(title, "Access denied", content)
    assert "denial_restated" not in signals(URL, 200, {}, parse_html(page), START).found
    assert judge(page) == {}
