"""Rules of the tenth round, learnt from the fifth fresh side once it moved to tune (Plone,
pretix, ZoneMinder, Xymon, pywb), each written as the general form of what a not-found or
access-denied page does to the visitor, and each with a healthy look-alike that must stay
unflagged: a body whose class names the program's error view, a not-found heading that
hedges ("does not seem to exist")."""

from gatewatch.crawler.detectors import conclude, signals
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
