# ruff: noqa: RUF001  (pages in their own scripts)
"""Rules of the ninth round, learnt from the fourth fresh side once it moved to tune (Horde,
Sympa, Sails...), each written as the general form of what an error, denial or sign-in page
says to the visitor about this request, and each with a healthy look-alike that must stay
unflagged: a title that names the error after the program's name, an error dialog the server
filled and a script opens at load, "unknown <object>" and absences in more languages, a
grant refused, a denial that asks an anonymous visitor whether they signed in, and the
sentence that the page the visitor asked for does not exist."""

import pytest

from gatewatch.crawler.detectors import conclude, signals
from gatewatch.crawler.detectors.absent_objects import box_message, says_absent
from gatewatch.crawler.detectors.phrases import ERROR_HEADING
from gatewatch.crawler.detectors.refusals import refused_grant
from gatewatch.crawler.detectors.requested_pages import requested_page_absent
from gatewatch.crawler.parse import parse_html
from tests.test_detectors import START, html

URL = "https://lists.example.org/wws/p/abc"


def judge(body: bytes, url: str = URL) -> dict:
    found = signals(url, 200, {}, parse_html(body), START)
    return {verdict.flag: verdict for verdict in conclude(found)}


# -- a title names the error after the program's name: its lines are the message


def fatal_error_page(message: str) -> bytes:
    """A groupware's fatal-error page: the error in the title's last segment and the h1."""
    return (
        "<html><head><title>Horde :: Fatal Error</title></head><body>"
        f"<h1>A fatal error has occurred</h1><h3>{message}</h3>"
        "<h3>Details have been logged for the administrator.</h3></body></html>"
    ).encode()


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        ("Permission denied.", "soft_403"),
        ("Zugriff verweigert.", "soft_403"),
        ("Not Found", "soft_404"),
        ("Share name nosuch not found", "soft_404"),
        ("見つかりません", "soft_404"),
    ],
)
def test_the_lines_under_a_title_that_names_the_error_are_its_message(message, flag):
    assert flag in judge(fatal_error_page(message))


def test_a_film_review_titled_after_a_kind_of_error_is_no_error_page():
    review = (
        "The film follows a pilot through the week before a crash. Not found in the first"
        " cut, the final scene was added in the edit and it changes the whole story. "
    ) * 4
    body = html("Reviews :: Cinema :: Human Error", f"<h1>Human Error</h1><p>{review}</p>")
    assert judge(body) == {}


def site_page(main: str, site_name: str = "Syntax Error") -> bytes:
    """A page of a site called "Syntax Error", which ends every title with its name."""
    return (
        f'<html><head><title>Members | Syntax Error</title><meta property="og:site_name"'
        f' content="{site_name}"></head><body><header><a href="/">Syntax Error</a></header>'
        f"<main><h1>Members</h1>{main}</main></body></html>"
    ).encode()


def test_a_site_named_after_a_kind_of_error_gives_its_pages_no_error_context():
    """The site's own name in the title ("Members | Syntax Error"), as the page declares it
    (og:site_name), is no error heading: a short line of its page is no error message."""
    main = "<p>The list of our members. Join us!</p><p>You are not authorized.</p>"
    assert judge(site_page(main)) == {}
    # (a site of another name, whose title says "Syntax Error": the line is its message)
    assert "soft_401" in judge(site_page(main, site_name="The Members Club"))


# -- an error dialog the server filled, which a script opens at load


def dialog_page(message: str, main: str = "<p>Welcome to the mailing list service.</p>",
                hidden: str = 'aria-hidden="true"', menu: str = "") -> bytes:  # fmt: skip
    """A mailing-list manager's page: its error in a Foundation "reveal" dialog outside
    <main>, hidden by aria-hidden until a script opens it."""
    return (
        "<html><head><title>Mailing lists service - home</title></head><body>"
        f'<div id="ErrorMsg" class="reveal medium" data-reveal role="dialog" {hidden}>'
        f'<div class="alert-box alert radius">{message}<br></div></div>'
        f"<nav><a href=/>Home</a> <a href=/lists>Index of lists</a>{menu}</nav>"
        f"<main>{main}</main><footer>Powered by Sympa</footer></body></html>"
    ).encode()


@pytest.mark.parametrize(
    "message",
    [
        "ERROR () - List 'nosuchlist' does not exist.",
        "FEHLER () - Liste 'nosuchlist' existiert nicht.",
        "ERROR () - Unknown action",
        "ERROR () - Acció desconeguda",
        "ΣΦΑΛΜΑ () - Άγνωστη ενέργεια",
        "VIGA () - Tundmatu tegevus",
        "ERROREA () - Ekintza ezezaguna",
        "ERRO () - Acción descoñecida",
        "VIGA () - Listi 'nosuchlist' ei ole olemas.",
        "ERROR () - La lista 'nosuchlist' existís pas.",
        "错误（） - 邮件地址nobody@example.org在邮件列表garden中未被找到。",
    ],
)
def test_an_opened_error_dialog_states_the_pages_error(message):
    assert "soft_404" in judge(dialog_page(message))


def test_an_opened_error_dialog_is_read_on_a_long_page_too():
    menu = " ".join(f"<a href=/opt{n}>Option {n}</a>" for n in range(40))
    main = "<h2>garden - Orchard Notes</h2>" + "<p>Subscribers, owners and moderators.</p>" * 30
    body = dialog_page(
        "ERROR (editsubscriber) - E-mail address nobody@example.org was not found in list garden.",
        main=main,
        menu=menu,
    )
    assert "soft_404" in judge(body)


def test_a_sites_template_error_dialog_says_nothing():
    """JupyterHub's: an error dialog on every page, a placeholder until a script fills it."""
    template = (
        '<div class="modal fade" id="error-dialog" role="dialog" aria-hidden="true">'
        '<div class="modal-header">Error</div><div class="modal-body">The error</div>'
        "<button>OK</button></div>"
    )
    body = html("Home", f"<h1>Home</h1>{template}<p><a href=/spawn>Start my server</a></p>")
    assert judge(body) == {}


def test_a_dialog_hidden_by_its_style_is_not_read():
    body = dialog_page(
        "ERROR () - List 'nosuchlist' does not exist.", hidden='style="display:none"'
    )
    assert judge(body) == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ERROR (review) - Authorization rejected.", "Authorization rejected."),
        ("错误（review） - Authorization rejected.", "Authorization rejected."),
        ("ERROREA () - Ekintza ezezaguna", "Ekintza ezezaguna"),
        ("에러 () - 확인 불가 작업", "확인 불가 작업"),
    ],
)
def test_a_box_heading_parted_by_a_dash_or_a_fullwidth_bracket(text, message):
    assert box_message(text, ERROR_HEADING) == (message, True)


@pytest.mark.parametrize(
    ("message", "said"),
    [
        ("No se encontró la carpeta x@example.org en la lista garden.", "no se encontró la"),
        ("Non se atopou o ficheiro x@example.org na lista garden.", "non se atopou o"),
        ("No s'ha trobat el paquet x@example.org en la llista garden.", "no s'ha trobat el"),
        ("No se encontraron resultados para su búsqueda.", None),  # (an empty search)
    ],
)
def test_an_impersonal_not_found_said_first_in_a_led_box(message, said):
    assert says_absent(message, 12) == said
    assert says_absent(message) is None  # (not in an unled message: "No existen tablas.")


def test_a_longer_absence_is_one_sentence():
    one = "E-mail address x@example.org was not found in list garden."
    assert says_absent(one) is None  # (8 words at most, unled)
    assert says_absent(one, 12) == "not found"
    assert says_absent("Not found. You may search the lists of this server here.", 12) is None


# -- a grant refused


@pytest.mark.parametrize(
    "statement",
    [
        "Authorization rejected",
        "Berechtigung zurückgewiesen",
        "Autorización rechazada",
        "Autorização rejeitada",
        "Felhatalmazás elutasítva",
        "S'ha rebutjat l'autorització",
        "Zugriff abgelehnt",
        "Request rejected",
    ],
)
def test_a_grant_refused(statement):
    assert refused_grant(statement.lower()) is not None


@pytest.mark.parametrize(
    "statement",
    [
        "Message rejected",  # a moderator's decision, no denial to the visitor
        "Comment declined",
        "Line number 12 rejected",
        "Your access request to the archive was reviewed and then rejected by the owner",
    ],
)
def test_what_else_is_rejected_is_no_denial(statement):
    assert refused_grant(statement.lower()) is None


# -- a denial that asks an anonymous visitor whether they signed in


SIGN_IN_BUTTON = (
    '<form action="/wws" method="post"><button type="submit" name="action_login">Login</button>'
    "</form>"
)
SIGN_OUT_FORM = (
    '<form action="/wws" method="post"><input type="hidden" name="action" value="logout">'
    '<button type="submit" name="action_logout">Logout</button></form>'
)
REJECTED = "ERROR (review) - Authorization rejected. Maybe you forgot to log in?"


def test_a_denial_asking_an_anonymous_visitor_to_sign_in_is_a_sign_in_wall():
    verdicts = judge(dialog_page(REJECTED, menu=SIGN_IN_BUTTON))
    assert set(verdicts) == {"soft_401"}
    assert "signed_out_denial" in verdicts["soft_401"].reasons


def test_the_same_denial_to_a_signed_in_visitor_is_a_denial():
    assert set(judge(dialog_page(REJECTED, menu=SIGN_OUT_FORM))) == {"soft_403"}


def test_a_sign_out_control_after_a_very_long_menu_still_shows_a_signed_in_visitor():
    """A signed-in page whose menu holds thousands of links before its sign-out form: where
    the sign-out is on the page does not matter."""
    menu = SIGN_IN_BUTTON + '<a href="/list/x">x</a>' * 3000 + SIGN_OUT_FORM
    assert set(judge(dialog_page(REJECTED, menu=menu))) == {"soft_403"}


def test_thousands_of_addresses_that_only_look_like_signing_out_are_no_sign_out():
    """ "/catalogout" and "blog-off" name no sign-out, however many (bench/detector_traps.py
    times a hostile page of such controls): the visitor is still anonymous."""
    menu = SIGN_IN_BUTTON + '<a href="/catalogout">x</a><input value="blog-off">' * 20_000
    verdicts = judge(dialog_page(REJECTED, menu=menu))
    assert set(verdicts) == {"soft_401"}
    assert "signed_out_denial" in verdicts["soft_401"].reasons


def test_a_link_whose_address_only_starts_like_signing_in_is_no_sign_in_control():
    """ "/news/signings" and "/log_insights" name no sign-in: the visitor may be signed in."""
    menu = '<a href="/news/signings">Signings</a><a href="/log_insights">Insights</a>'
    assert set(judge(dialog_page(REJECTED, menu=menu))) == {"soft_403"}


def test_a_session_notice_beside_a_denial_leaves_it_a_denial():
    """Trac's: "You are currently not logged in." in a box of its own, beside the denial."""
    main = (
        '<div class="notice">You are currently not logged in. You may want to do so now.</div>'
        '<div id="content" class="error"><h1>Error: Forbidden</h1>'
        "<p class=message>TICKET_CREATE privileges are required to perform this operation."
        " You don't have the required permissions.</p></div>"
    )
    body = html("Error: Forbidden - My Project", main)
    assert set(judge(body)) == {"soft_403"}


# -- the page the visitor asked for does not exist, in the page's own words


@pytest.mark.parametrize(
    "line",
    [
        "The page you were trying to reach doesn't exist.",
        "The page you seek doesn't exist.",
        "La page que vous demandez n'existe pas.",
        "Sidan du söker finns inte.",
        "Страница, которую вы запросили, не найдена.",
    ],
)
def test_the_page_the_visitor_asked_for_is_absent(line):
    assert requested_page_absent([line]) is not None
    body = html("New App", f"<h1>Something's fishy here.</h1><p>{line}</p>")
    assert "soft_404" in judge(body)


@pytest.mark.parametrize(
    "line",
    [
        "If the page you requested does not exist, the server answers with a 404.",
        "What if the page you want does not exist?",
        "The page lists every project that does not exist yet in the index of this site.",
    ],
)
def test_a_condition_or_a_question_about_a_missing_page_is_no_message(line):
    assert requested_page_absent([line]) is None
