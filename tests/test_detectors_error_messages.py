# ruff: noqa: RUF001  (messages in their own scripts)
"""Software says what went wrong in a line of its own, in the words most software uses: an
error word and its object ("unknown revision 'abc'", "Path not found", "Archive type not
allowed"). On a short page that says it is an error page, such a line is wording; elsewhere
("Unknown Pleasures", an empty listing) it is nothing."""

import pytest

from gatewatch.crawler.detectors import conclude, signals
from gatewatch.crawler.detectors.error_messages import statement
from gatewatch.crawler.detectors.text import Text
from gatewatch.crawler.parse import parse_html
from tests.test_detectors import START

MENU = (
    "<div class='menu'><a href='/log'>log</a> <a href='/graph'>graph</a> <a href='/tags'>tags"
    "</a> <a href='/help'>help</a></div>"
)


def judge(body: str):
    found = signals("https://code.test/repo/rev/1", 200, {}, parse_html(body.encode()), START)
    return found.found, {verdict.flag: verdict for verdict in conclude(found)}


def error_page(message: str, title: str = "repo: error") -> str:
    return (
        f"<!doctype html><title>{title}</title><body>{MENU}<div class='main'><p>An error "
        f"occurred while processing your request:</p><p>{message}</p></div></body>"
    )


@pytest.mark.parametrize(
    ("message", "flag", "code"),
    [
        ("unknown revision 'deadbeef'", "soft_404", "message_not_found"),
        ("No such branch", "soft_404", "message_not_found"),
        ("Path not found", "soft_404", "message_not_found"),
        ("Invalid project", "soft_404", "message_not_found"),
        ("Projekt ungültig.", "soft_404", "message_not_found"),
        ("无效项目", "soft_404", "message_not_found"),
        ("Download type not allowed", "soft_403", "message_access_denied"),
        ("read not authorized", "soft_401", "message_auth_required"),
    ],
)
def test_an_error_line_under_an_error_title_says_what_the_page_is(message, flag, code):
    found, verdicts = judge(error_page(message))
    assert set(verdicts) == {flag}
    assert found[code].startswith("line: ")
    assert code in verdicts[flag].reasons


def test_an_error_line_after_an_error_lead_needs_no_error_title():
    found, verdicts = judge(error_page("unknown changeset 'deadbeef'", title="repo"))
    assert found["message_not_found"] == "line: unknown changeset 'deadbeef'"
    assert set(verdicts) == {"soft_404"}


def test_a_short_line_of_an_error_page_is_read_like_a_heading_but_not_its_menu():
    # (an application's long menu of plain divs: the message is far from the content's start)
    menu = "".join(f"<p><a href='/{n}'>Projektübersicht {n}</a></p>" for n in range(35))
    body = (
        "<!doctype html><title>Fehler – Tracker</title><body><div class='menu'><p>Anmelden</p>"
        f"{menu}</div><div><p>Seite nicht gefunden</p></div></body>"
    )
    found, verdicts = judge(body)
    assert found["message_not_found"] == "line: seite nicht gefunden"
    assert "message_auth_required" not in found
    assert set(verdicts) == {"soft_404"}


def test_a_status_code_before_the_line_is_its_error_context():
    body = f"<!doctype html><title>Projects</title><body>{MENU}<div>404 - Unknown tag object</div>"
    found, verdicts = judge(body)
    assert found["message_not_found"] == "line: unknown tag object"
    assert set(verdicts) == {"soft_404"}


def test_an_error_title_names_its_statement():
    body = (
        "<!doctype html><title>Fehler: Ungültige Ticketnummer – Tracker</title><body>"
        "<h1>Fehler: Ungültige Ticketnummer</h1><p>Zurück zur Übersicht</p></body>"
    )
    found, verdicts = judge(body)
    assert found["message_not_found"] == "title: ungültige ticketnummer"
    assert set(verdicts) == {"soft_404"}


def test_an_empty_listing_in_an_error_box_is_a_soft_404_and_elsewhere_nothing():
    listing = "<!doctype html><title>Projects</title><body><div class='{}'>No projects found</div>"
    found, verdicts = judge(listing.format("error") + "<p>Projects index</p></body>")
    # (read as an error box's "no <object> found" in any language since the eighth round)
    said = found.get("message_not_found") or found.get("box_not_found")
    assert said in ("box error: no projects found", "error: no projects found")
    assert set(verdicts) == {"soft_404"}
    found, verdicts = judge(listing.format("empty") + "<p>Projects index</p></body>")
    assert "message_not_found" not in found
    assert verdicts == {}


@pytest.mark.parametrize(
    "body",
    [
        # the same words on pages that say no error
        "<title>Unknown Pleasures – Records</title><h1>Unknown Pleasures</h1><p>An LP, 1979.</p>",
        "<title>Repo</title><p>Bad Company</p><p>Path not found? See the help.</p>",
        "<title>Search</title><h1>Search</h1><p>No matches found.</p>",
        # an error title, but its statement is long prose
        "<title>Error</title><p>The unknown revision you asked for may be found in the "
        "archive of older releases, which we keep for ten years.</p>",
    ],
)
def test_the_same_words_on_a_page_that_says_no_error_are_nothing(body):
    found, verdicts = judge(f"<!doctype html>{body}")
    assert not [code for code in found if code.startswith("message_")]
    assert not {"soft_401", "soft_403"} & set(verdicts)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("no such file", "not_found"),
        ("could not find the user", "not_found"),
        ("repository does not exist", "not_found"),
        ("datenbank ungültig", "not_found"),
        ("неверная база данных", "not_found"),
        ("마일스톤 이름이 유효하지 않습니다", "not_found"),
        ("upload not permitted", "access_denied"),
        ("export nicht erlaubt", "access_denied"),
        ("доступ к кэшу запрещён", "access_denied"),
        ("accès au cache interdit", "access_denied"),
        ("push not authorized", "auth_required"),
        ("invalid username or password", "auth_required"),
        ("wrong password", "auth_required"),
        ("project was deleted", "not_found"),
        ("no permission to view", "access_denied"),
        ("this wiki is private", "access_denied"),
        ("the export requires authentication", "auth_required"),
        ("unknown error", None),  # an error word about an error names no missing object
        ("bad gateway", None),
        ("unbekannter fehler", None),
        ("not found", None),  # the error word alone names no object: the phrase lists' job
        ("unknown", None),
        ("the project you asked for is unknown to this server today", None),
    ],
)
def test_a_statement_is_an_error_word_and_its_object(text, kind):
    assert statement(Text(text)) == kind


def test_a_line_saying_unauthorized_under_a_forbidden_title_stays_a_soft_403():
    body = (
        f"<!doctype html><title>Forbidden</title><body>{MENU}<div class='alert alert-danger'>"
        "This action is unauthorized.</div></body>"
    )
    found, verdicts = judge(body)
    assert "message_auth_required" not in found
    assert set(verdicts) == {"soft_403"}


def test_a_denial_that_asks_to_authenticate_late_in_its_text_is_a_soft_401():
    filler = " ".join(["The following error was encountered while retrieving the URL."] * 4)
    body = (
        "<!doctype html><title>ERROR: Proxy access denied</title><body><h1>ERROR</h1>"
        f"<div class='error'>Proxy access denied.</div><p>{filler}</p><p>Contact the "
        "administrator if you have difficulties authenticating yourself.</p></body>"
    )
    _, verdicts = judge(body)
    assert set(verdicts) == {"soft_401"}
    assert verdicts["soft_401"].evidence["login_wording"] == "authenticating yourself"


def test_a_title_saying_no_such_object_needs_no_error_context():
    body = (
        f"<!doctype html><title>Project: No Such Object</title><body>{MENU}"
        "<p>No such object: 0123456789ab</p></body>"
    )
    found, verdicts = judge(body)
    assert found["message_not_found"] == "title: no such object"
    assert set(verdicts) == {"soft_404"}


@pytest.mark.parametrize(
    ("title", "flag"),
    [("未认证 - Printers", "soft_401"), ("Neautorizováno - Printers", "soft_401")],
)
def test_unauthorized_in_more_languages_is_a_401_heading(title, flag):
    body = f"<!doctype html><title>{title}</title><body><h1>{title.split(' - ')[0]}</h1></body>"
    _, verdicts = judge(body)
    assert set(verdicts) == {flag}


@pytest.mark.parametrize(
    ("heading", "flag"),
    [
        ("404 Internal Server Error", "soft_404"),
        ("403 Internal Server Error", "soft_403"),
        ("401 authentication needed", "soft_401"),
        ("401 Gallery Road", None),  # an address, no status
    ],
)
def test_a_heading_that_starts_with_a_status_code_states_it(heading, flag):
    _, verdicts = judge(f"<!doctype html><body><h1>{heading}</h1></body>")
    assert set(verdicts) == ({flag} if flag else set())


@pytest.mark.parametrize("heading", ["Authentication failed", "Login failed"])
def test_a_failed_sign_in_is_a_401_heading(heading):
    _, verdicts = judge(f"<!doctype html><title>{heading}</title><body><h1>{heading}</h1></body>")
    assert set(verdicts) == {"soft_401"}


def test_a_troubleshooting_page_listing_error_lines_states_none_of_them():
    body = (
        "<!doctype html><title>Troubleshooting</title><body><h2>Error: invalid token</h2>"
        "<p>Your session expired.</p><h2>Error: unknown revision</h2><p>Pull first.</p></body>"
    )
    found, verdicts = judge(body)
    assert not [code for code in found if code.startswith("message_")]
    assert verdicts == {}


@pytest.mark.parametrize(
    "entry", ["5 Invalid procedure call", "76 Path not found", "5 無効なプロシージャー呼び出しです"]
)
def test_a_numbered_entry_of_documented_error_codes_is_no_message(entry):
    # (LibreOffice's Basic help: a short page whose "Error codes:" list names one or two)
    page = (
        "<!doctype html><title>Kill Statement</title><body><div class='main'><h1>Kill"
        "</h1><p>Deletes a file from a disk.</p><p>Error codes:</p>"
        f"<p>{entry}</p></div></body>"
    )
    found, verdicts = judge(page)
    assert "message_not_found" not in found
    assert verdicts == {}


def test_unauthorized_as_a_word_of_a_sentence_is_no_login_wording():
    # "keep unauthorized users from reading the stored passwords": a manual's page
    page = (
        "<!doctype html><title>主密碼</title><body><div class='main'><h1>主密碼</h1>"
        "<p>設定主密碼，防止未經授權的使用者擅自存取儲存的密碼。</p></div></body>"
    )
    found, verdicts = judge(page)
    assert "login_wording" not in found
    assert verdicts == {}
    found, verdicts = judge("<!doctype html><title>未經授權</title><body><h1>未經授權</h1></body>")
    assert "soft_401" in verdicts


HEALTHY_SHORT_PAGES = {
    "a manual quoting one error": (
        "Troubleshooting - Docs",
        "<h1>Troubleshooting</h1><p>If the build prints:</p><p>Error: unknown revision "
        "'main'</p><p>fetch the branch first with git fetch origin main, then build again.</p>",
    ),
    "a list of a tool's errors": (
        "Error messages - Docs",
        "<h1>Error messages</h1><p>The CLI prints these errors:</p><ul><li>Error: invalid "
        "token</li></ul><p>Check your configuration file and run the command again.</p>",
    ),
    "a question in a help article's heading": (
        "Why your reset link has expired - Help Center",
        "<h1>Password reset link expired?</h1><p>Reset links are valid for one hour. If the "
        "link has expired, request a new one from the sign-in page.</p>",
    ),
    "a product page": (
        "Blue Widget 3000 - Shop",
        "<h1>Blue Widget 3000</h1><p>$19.99</p><p>Page not available in your region? Contact "
        "us.</p><p>Older models may have been removed from our catalog.</p>",
    ),
    "a template's hidden error box": (
        "Spring sale - Shop",
        "<h1>Spring sale</h1><p>Up to 40% off garden furniture this week only.</p>"
        "<div class='error-message is-hidden'>Error: invalid code</div>",
    ),
    "a status code in a blog title": (
        "404 Page Design Ideas",
        "<h1>404 Page Design Ideas</h1><p>Twelve friendly error pages and what they get right.</p>",
    ),
    "a German FAQ (liegt)": (
        "Fehler beim Drucken - Hilfe",
        "<h1>Fehler beim Drucken</h1><p>Druckt der Drucker nicht?</p><p>Das liegt oft am "
        "Treiber.</p><p>Installieren Sie den neuesten Treiber und starten Sie neu.</p>",
    ),
    "an Italian post (negative)": (
        "Errore frequente - Blog",
        "<h1>Errore frequente</h1><p>Le recensioni dei clienti.</p><p>Recensioni negative</p>"
        "<p>Come rispondere in tre passi.</p>",
    ),
}


@pytest.mark.parametrize("name", HEALTHY_SHORT_PAGES)
def test_short_healthy_pages_that_talk_of_errors_are_not_flagged(name):
    # (a review's pages: each was flagged by an earlier form of these rules)
    title, body = HEALTHY_SHORT_PAGES[name]
    page = (
        f"<!doctype html><title>{title}</title><body><nav><a href='/'>Home</a> <a href='/news'>"
        f"News</a></nav><main>{body}</main><footer>(c) Example</footer></body>"
    )
    _, verdicts = judge(page)
    assert verdicts == {}
