# ruff: noqa: RUF001  (pages in their own scripts)
"""Rules of the tenth round, learnt from the fifth fresh side once it moved to tune (Plone,
pretix, ZoneMinder, Xymon, pywb), each written as the general form of what a not-found or
access-denied page does to the visitor, and each with a healthy look-alike that must stay
unflagged: a body whose class names the program's error view, a not-found heading that
hedges ("does not seem to exist")."""

import pytest

from gatewatch.crawler.detectors import conclude, signals, word_counts
from gatewatch.crawler.detectors.page_templates import error_view
from gatewatch.crawler.parse import parse_html
from tests.test_detectors import START

URL = "https://club.example.org/p/44ee11b122c5"  # (names nothing: no slug to compare)
NAVIGATION = (
    "<header><a href='/'>Home</a> <a href='/news'>News</a> <a href='/events'>Events</a>"
    " <a href='/login'>Log in</a></header>"
)
FOOTER = "<footer><a href='/sitemap'>Site map</a> <a href='/contact'>Contact</a></footer>"
HELP = (
    "<p>We are sorry for the trouble, but what you were trying to reach is not at this"
    " address any more. You can use the links below to find what you were looking for, or"
    " search the site with the box at the top of every page.</p>"
    "<p>If you are sure that you have the right address and still see this, write to the"
    " people who run the site through the contact form, and say where the link came"
    " from.</p><p>Thank you.</p>"
)


def judge(body: bytes, url: str = URL) -> dict:
    found = signals(url, 200, {}, parse_html(body), START)
    return {verdict.flag: verdict for verdict in conclude(found)}


def themed_page(heading: str, content: str, body_class: str = "", title: str = "Club") -> bytes:
    """A page drawn inside a site's theme: navigation, the content, a footer."""
    return (
        f"<!doctype html><html><head><title>{title}</title></head>"
        f"<body class='{body_class}'>{NAVIGATION}<main><h1>{heading}</h1>{content}</main>"
        f"{FOOTER}</body></html>"
    ).encode()


# -- the body's class names the error view that drew the page


def test_a_body_class_with_the_part_error_names_the_error_view():
    assert error_view("col-content template-error_message-pt userrole-anonymous")
    assert error_view("http-error")
    assert error_view("page-error layout-wide")
    assert error_view("errors-and-warnings terror section-docs") is None
    assert error_view("") is None


def test_a_not_found_page_with_a_paragraph_of_help_drawn_by_the_error_view_is_a_soft_404():
    body = themed_page("Diese Seite existiert leider nicht.", HELP, "template-error_message")
    assert set(judge(body)) == {"soft_404"}


def test_the_same_page_in_an_ordinary_view_is_left_alone():
    # a heading alone, over a content longer than thin: not enough without a second sign
    body = themed_page("Diese Seite existiert leider nicht.", HELP, "template-document_view")
    assert judge(body) == {}


def test_a_page_of_the_error_view_that_says_no_error_is_left_alone():
    article = (
        "<p>Our spring fair opens on Saturday at ten, with seedlings, compost and tools for"
        " sale, and a talk on growing tomatoes under glass at noon.</p>"
    ) * 3
    body = themed_page("Spring fair announced", article, "template-error_message")
    assert judge(body) == {}


# -- a not-found heading that hedges


def test_a_heading_that_says_the_page_does_not_seem_to_exist_is_a_not_found_heading():
    body = themed_page("This page does not seem to exist…", HELP, "template-error_message")
    assert set(judge(body)) == {"soft_404"}
    thin = themed_page("Sorry, that page doesn't appear to exist", "<p>Try the search.</p>")
    assert set(judge(thin)) == {"soft_404"}


def test_an_article_on_things_that_seem_not_to_exist_is_no_error_page():
    essay = (
        "<p>Some plants in old gardening books do not seem to exist any more: nobody has"
        " seen the white tomato of 1890 since the war, and the seed banks have no record"
        " of it. We asked our members to look in their sheds for old seed packets.</p>"
    ) * 3
    body = themed_page("The tomato that does not seem to exist any more", essay)
    assert judge(body) == {}


# -- a denial of permission in more words and more of its forms


def error_page(message: str, title: str = "Monitor - Error") -> bytes:
    """A program's short error page: "<Program> Error" and the message in its own lines."""
    return (
        f"<html><head><title>{title}</title></head><body><h1>{title}</h1>"
        f"<p>{message}</p><p>Please contact your administrator.</p></body></html>"
    ).encode()


@pytest.mark.parametrize(
    "message",
    [
        # (not Swedish "tillstånd", Estonian "õigus", Hungarian "jog": each is also a
        # condition, "correct" or a right in law, tests/test_detectors_tenth_round_review.py)
        "Nemate potrebne dozvole za ovu stranicu.",  # Bosnian, Croatian, Serbian "dozvola"
        "U heeft niet de rechten om deze pagina te bekijken.",  # a purpose after it ("om")
        "このページのｱｸｾｽ権がありません。",  # half-width katakana, as a browser shows them
        "您没有查看该页面的权限。",  # the permission of a clause: "没有 ... 的权限"
    ],
)
def test_a_short_error_page_that_denies_the_visitor_a_permission_is_a_soft_403(message):
    assert set(judge(error_page(message))) == {"soft_403"}


@pytest.mark.parametrize(
    "message",
    [
        "Om du inte har tillstånd till denna sida, fråga administratören.",  # a condition
        "Jogi tanácsadás a klub tagjainak minden csütörtökön.",  # "jogi": legal
        "您没有账户吗？注册后可以查看该页面的权限说明。",  # a question, another sentence
        "管理员可以修改用户的权限。",  # who may change permissions: no "have no"
    ],
)
def test_a_permission_named_without_a_denial_to_the_visitor_is_no_soft_403(message):
    assert judge(error_page(message, title="Club")) == {}


# -- a heading that a language writes alike for "Unauthorized" and "no permission"


def test_a_heading_read_as_both_a_401_and_a_denial_with_nothing_asking_to_sign_in_is_a_denial():
    # "Accès non autorisé": French for "Unauthorized" and for "access not allowed"
    body = themed_page(
        "Accès non autorisé",
        "<p>Vous ne pouvez pas voir cette page. Écrivez à l'administration du site si vous"
        " pensez que ce message est une erreur.</p>",
    )
    assert set(judge(body)) == {"soft_403"}


def test_the_same_heading_over_a_sign_in_form_is_a_login_wall():
    body = themed_page(
        "Accès non autorisé",
        "<p>Veuillez vous connecter pour continuer.</p><form method='post' action='/login'>"
        "<input name='login'><input type='password' name='password'><button>Connexion"
        "</button></form>",
    )
    assert set(judge(body)) == {"soft_401"}


# -- Vietnamese spaces its syllables: its words are counted as words


def vietnamese_denial(lang: str) -> bytes:
    menu = (
        "Trang chủ Tin tức Sự kiện Giới thiệu câu lạc bộ Hướng dẫn làm vườn Trồng cà chua"
        " Làm phân hữu cơ Liên hệ Sơ đồ trang"
    )
    return (
        f"<!doctype html><html lang='{lang}'><head><title>Câu lạc bộ</title></head><body>"
        f"<main><p>{menu}</p><h1>Không đủ quyền truy cập</h1><p>Bạn không có đủ quyền để"
        " truy cập vào trang này. Nếu bạn cho rằng thông báo này không đúng, vui lòng liên"
        " hệ người quản trị hệ thống của câu lạc bộ làm vườn.</p></main></body></html>"
    ).encode()


def test_a_vietnamese_denial_of_sixty_seven_syllables_is_a_thin_page():
    assert word_counts.syllable_words(parse_html(vietnamese_denial("vi"))) < 60
    assert set(judge(vietnamese_denial("vi"))) == {"soft_403"}
    assert set(judge(vietnamese_denial("vi-VN"))) == {"soft_403"}


def test_words_of_other_languages_are_counted_by_their_spaces():
    page = parse_html(vietnamese_denial("en"))
    assert word_counts.syllable_words(page) == page.main_word_count > 60


# -- an error page whose message is the permission it needs


@pytest.mark.parametrize(
    "message",
    [
        "Permissions nécessaires pour cette ressource.",
        "Permission required.",
        "Berechtigung erforderlich für diese Seite.",
    ],
)
def test_an_error_page_that_says_a_permission_is_required_is_a_soft_403(message):
    assert set(judge(error_page(message))) == {"soft_403"}


@pytest.mark.parametrize(
    ("message", "title"),
    [
        ("Permission required.", "Club"),  # not an error page
        ("No permission is required for this page.", "Monitor - Error"),
        ("Permissions required to edit a page: editor.", "Monitor - Error"),
        ("Permission required for the garden shed key.", "Monitor - Error"),
    ],
)
def test_a_permission_said_required_elsewhere_is_no_soft_403(message, title):
    assert judge(error_page(message, title=title)) == {}


# -- a gone phrase in a timeline's entry: when something happens, not what the page is


def dashboard(entry: str) -> bytes:
    return themed_page(
        "Spring Fair",
        "<p>Shop address: https://club.example.org/fair/</p><h2>Your timeline</h2>"
        f"<ul><li>{entry}</li></ul><p>Your shop is live.</p>",
    )


@pytest.mark.parametrize(
    "entry",
    [
        "2027/02/05 23:59 チケット販売終了",
        "23:59 – No longer available for sale",
        "05.02.2027 Nicht mehr verfügbar",
    ],
)
def test_a_gone_phrase_after_a_time_of_day_or_a_date_is_a_timeline_entry(entry):
    assert judge(dashboard(entry)) == {}


def test_a_gone_phrase_that_is_the_page_s_message_still_counts():
    body = themed_page("Spring Fair", "<p>販売終了しました。</p><p>2027/02/05</p>")
    assert set(judge(body)) == {"soft_404"}
