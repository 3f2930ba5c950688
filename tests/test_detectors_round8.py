# ruff: noqa: RUF001  (pages in their own scripts)
"""Rules of the eighth round that state a meaning in many languages, or a structure no
language has, each with the healthy pages it could be mistaken for."""

import pytest

from gatewatch.crawler.detectors import conclude, signals
from gatewatch.crawler.detectors.permission_denials import permission_denied
from gatewatch.crawler.detectors.sign_in_required import sign_in_required
from gatewatch.crawler.parse import parse_html
from tests.test_detectors import ARTICLE, START, html


def judge(url: str, body: bytes) -> dict:
    found = signals(url, 200, {}, parse_html(body), START)
    return {verdict.flag: verdict for verdict in conclude(found)}


def message_page(title: str, message: str, action: str = "") -> bytes:
    """An application's page replaced by one message box, its action a button."""
    return (
        f"<!doctype html><html><head><meta charset=utf-8><title>{title}</title></head>"
        f"<body><div class=page><main><div class='msg-bad'>{message}"
        f"<div class=buttons><button type=button onclick=\"location='/index.php'\">{action}"
        "</button></div></div></main></div></body></html>"
    ).encode()


# -- a sentence of a message box's list item that says the visitor has no permission, beside
# another sentence ("You are logged in as guest. You have no permissions ...")

DENIALS_IN_A_LINE = [
    (
        "Warning",
        "Access denied",
        'You are logged in as "guest". You have no permissions to access this page.',
        "If you think this is wrong, ask your administrators.",
    ),
    (
        "Warnung",
        "Zugriff verweigert",
        'Sie sind als "gast" angemeldet. Sie haben keine Berechtigung, diese Seite zu sehen.',
        "Wenn Sie meinen, das sei falsch, fragen Sie Ihre Administratoren.",
    ),
    (
        "Advertencia",
        "Acceso denegado",
        'Ha iniciado sesión como "invitado". No tiene permiso para acceder a esta página.',
        "Si cree que es un error, consulte a sus administradores.",
    ),
    (
        "Aviso",
        "Acesso negado",
        'Está autenticado como "convidado". Não possui permissão para aceder a esta página.',
        "Se acha que isto está errado, consulte os administradores.",
    ),
    (
        "Advarsel",
        "Tilgang nektet",
        'Du er innlogget som "gjest". Du har ikke tilgang til denne siden.',
        "Hvis du mener at dette er feil, kontakt administratorene.",
    ),
    (
        "Предупреждение",
        "Доступ запрещён",
        'Вы вошли как "гость". У вас нет доступа к этой странице.',
        "Если вы считаете это ошибкой, обратитесь к администраторам.",
    ),
]


@pytest.mark.parametrize(("title", "heading", "sentences", "help_line"), DENIALS_IN_A_LINE)
def test_a_denial_sentence_in_a_line_of_several_sentences_is_an_access_denied_page(
    title, heading, sentences, help_line
):
    message = f"{heading}<ul><li>{sentences}</li><li>{help_line}</li></ul>"
    verdict = judge("https://app.test/zabbix.php?action=user.list", message_page(title, message))
    assert set(verdict) == {"soft_403"}
    assert "permission_denied" in verdict["soft_403"].reasons
    assert verdict["soft_403"].evidence["permission_denied"]


def test_a_sentence_that_offers_two_readings_is_no_denial():
    # "does not exist or you have no permission": which one, the page does not say
    assert (
        permission_denied(["Objektet 'Notes' finns inte eller du har inte behörighet att se det."])
        is None
    )
    assert permission_denied(["The item does not exist or you do not have access to it."]) is None


@pytest.mark.parametrize(
    "lines",
    [
        # a help page about permissions
        [
            "Managing permissions",
            "If you have no permission to edit a page, ask an administrator for one.",
        ],
        # a role's settings
        ["This role has no permissions yet. Add some below."],
        # a shop's accessories and an accessible building
        ["You need no accessories for this lamp. It is accessible to everyone."],
        # a copyright line
        ["No rights reserved. You may copy this page."],
    ],
)
def test_lines_about_permissions_that_deny_nothing(lines):
    assert permission_denied(lines) is None


def test_a_thin_help_page_about_permissions_is_no_denial():
    main = (
        "<h1>Permissions</h1><p>Each project has its own permissions. If you do not have "
        "access to a project, ask its owner. Owners can grant access from the project's "
        "settings page, under Members.</p>"
    )
    assert judge("https://docs.test/help/permissions", html("Permissions - Help", main)) == {}


# -- a thin page whose first lines tell the visitor they are not signed in, or must sign in

SIGNED_OUT = [
    ("Warning", "You are not logged in", "You must login to view this page."),
    ("Avertissement", "Vous n'êtes pas connecté", "Vous devez vous identifier pour continuer."),
    ("Aviso", "No ha iniciado sesión", "Debe iniciar sesión para ver esta página."),
    ("Avviso", "Non sei autenticato", "Devi effettuare l'accesso per vedere questa pagina."),
    ("Ostrzeżenie", "Nie jesteś zalogowany.", "Musisz się zalogować, aby zobaczyć tę stronę."),
    ("Предупреждение", "Вы не вошли в систему", "Для просмотра страницы войдите в систему."),
    ("Uyarı", "Giriş yapmadınız", "Bu sayfayı görmek için oturum açmalısınız."),
    ("Varning", "Du är inte inloggad", "Du måste logga in för att se sidan."),
    ("警告", "ログインしていません", "このページを表示するにはログインが必要です。"),
    ("警告", "您尚未登录。", "您必须登录才能查看此页面。"),
    ("Cảnh báo", "Bạn chưa đăng nhập", "Bạn phải đăng nhập để xem trang này."),
]


@pytest.mark.parametrize(("title", "state", "request_line"), SIGNED_OUT)
def test_a_page_that_says_the_visitor_is_not_signed_in_is_a_login_wall(title, state, request_line):
    message = f"{state}<ul><li>{request_line}</li></ul>"
    verdict = judge("https://app.test/dashboard", message_page(title, message, "Login"))
    assert set(verdict) == {"soft_401"}
    assert "login_wording" in verdict["soft_401"].reasons
    assert verdict["soft_401"].evidence["login_wording"]


@pytest.mark.parametrize(
    "line",
    [
        "You are not logged in to Twitter.",  # a third party's session, a "Connect" beside it
        "Sie sind nicht bei Mastodon angemeldet.",
        "You are not logged in as an administrator.",  # a role: a denial, if anything
        "You do not have to log in to read the documentation.",
        "You don't need to sign in.",
        "No login required.",
        "Kein Login erforderlich.",
        "If you are not logged in, click Login at the top.",  # a help text's condition
        "Not logged in",  # a header's status label, no statement
        "Login not possible during maintenance.",
        "Fixed: users who were not logged in saw an error.",  # a changelog
        "You are logged in as alice.",
        "Vous n'êtes pas connecté à Internet.",
        "Why am I not logged in?",
    ],
)
def test_sentences_about_signing_in_that_ask_for_no_sign_in(line):
    assert sign_in_required([line]) is None


def test_a_settings_page_about_a_third_party_account_is_no_wall():
    main = (
        "<h1>Connected accounts</h1><p>You are not logged in to Twitter.</p>"
        "<button>Connect</button><p>You are not logged in to GitHub.</p><button>Connect</button>"
    )
    assert judge("https://app.test/settings/accounts", html("Settings", main)) == {}


def test_a_changelog_line_about_signed_out_users_is_no_wall():
    main = (
        "<h1>Release 2.4.1</h1><ul><li>Fixed: users who were not logged in saw a blank "
        "dashboard.</li><li>You must log in again after upgrading.</li></ul>"
    )
    assert judge("https://app.test/changelog/2.4.1", html("Changelog", main)) == {}


def test_an_article_that_says_you_must_sign_in_further_down_is_no_wall():
    main = f"<h1>Walking boots</h1><p>{ARTICLE}</p><p>You must log in to post a comment.</p>"
    assert judge("https://shop.test/blog/boots", html("Walking boots", main)) == {}


# -- a header and a navigation named by their ids, as pages before HTML5 mark them: chrome,
# not content


def legacy_layout(title: str, content: str) -> bytes:
    menu = "".join(f"<li><a href='/m/{n}'>Menu entry {n}</a></li>" for n in range(60))
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body>"
        f"<div id=app-header-container><div id=header><h1>{title}</h1></div>"
        f"<div id=main-navigation><ul>{menu}</ul></div></div>"
        f"<div id=body>{content}</div></body></html>"
    ).encode()


def test_a_header_and_a_navigation_named_by_id_are_not_main_content():
    page = parse_html(legacy_layout("Tickets", "<p>One ticket</p>"))
    assert page.main_word_count <= 4
    assert all(link.section != "main" for link in page.links)


def test_a_not_found_page_inside_a_menu_named_by_id_is_a_soft_404():
    content = "<h2>The page you requested could not be found</h2><p>Check the URL.</p>"
    verdict = judge("https://rt.test/NoSuchPage.html", legacy_layout("Page not found", content))
    assert set(verdict) == {"soft_404"}


def test_an_article_in_a_legacy_layout_is_no_error_page():
    body = legacy_layout("How we handle 404 errors", f"<p>{ARTICLE}</p>")
    assert judge("https://blog.test/2024/404-errors", body) == {}


# -- a numbered object that cannot be loaded, on an error page


@pytest.mark.parametrize(
    "message",
    [
        "Could not load ticket 999",
        "Unable to load issue #12",
        "Impossible de charger le ticket 42",
    ],
)
def test_a_numbered_object_that_cannot_be_loaded_is_a_soft_404(message):
    content = f"<div class=error>{message}</div>"
    verdict = judge(
        "https://rt.test/Ticket/Display.html?id=999", legacy_layout("RT Error", content)
    )
    assert set(verdict) == {"soft_404"}
    assert "message_not_found" in verdict["soft_404"].reasons


@pytest.mark.parametrize(
    "message", ["Could not load the page", "Failed to load resource", "Could not open file 3 times"]
)
def test_a_load_failure_of_no_numbered_object_is_no_soft_404(message):
    content = f"<div class=error>{message}</div>"
    verdict = judge(
        "https://rt.test/Ticket/Display.html?id=999", legacy_layout("RT Error", content)
    )
    assert "soft_404" not in verdict or "message_not_found" not in verdict["soft_404"].reasons


# -- "not found" as an adjective in more languages


@pytest.mark.parametrize(
    "message",
    ["Classe non trouvée.", "Třída nenalezena.", "Trieda sa nenašla.", "Clasa nu a fost găsită."],
)
def test_a_content_of_a_few_words_that_says_not_found_is_a_soft_404(message):
    body = message_page("Warning", f"<p>{message}</p>", "Retry")
    verdict = judge("https://app.test/zabbix.php?action=nosuch", body)
    assert set(verdict) == {"soft_404"}


def test_introuvable_in_an_article_is_no_soft_404():
    main = f"<h1>Le livre introuvable</h1><p>{ARTICLE}</p>"
    assert judge("https://books.test/livre-introuvable", html("Le livre introuvable", main)) == {}


# -- a heading that says a permission is missing is a denial, even where a catalog lists its
# words as a 401's


@pytest.mark.parametrize("title", ["権限がありません", "アクセス権がありません"])
def test_a_no_permission_heading_is_an_access_denied_page_not_a_wall(title):
    main = (
        "<p>You are not permitted to access this section.</p>"
        "<p>Please contact your administrator.</p><a href='/logout.php'>Login Again</a>"
    )
    verdict = judge("https://cacti.test/host.php", html(title, main, header=""))
    assert set(verdict) == {"soft_403"}


# -- "<site or program> Error" as a title: an "Error" heading (a weak sign)

SITE_ERROR = (
    "<h2>Site Error</h2><p>An error was encountered while publishing this resource.</p>"
    "<p><strong>Resource not found</strong></p><p>Sorry, the requested resource does not "
    "exist.</p><p>Check the URL and try again.</p><h3>Troubleshooting Suggestions</h3><ul>"
    "<li>The URL may be incorrect.</li><li>The parameters passed to this resource may be "
    "incorrect.</li><li>A resource that this resource relies on may be encountering an "
    "error.</li></ul><p>If the error persists please contact the site maintainer. Thank you "
    "for your patience.</p>"
)


def test_a_site_error_page_that_says_the_resource_does_not_exist_is_a_soft_404():
    verdict = judge("https://zope.test/no-such-page", html("Site Error", SITE_ERROR, header=""))
    assert set(verdict) == {"soft_404"}
    assert verdict["soft_404"].evidence["error_heading"] == "title: site error"


@pytest.mark.parametrize(
    ("title", "main"),
    [
        ("Human Error", f"<h1>Human Error</h1><p>A review of the film. {ARTICLE}</p>"),
        (
            "Syntax Error",
            "<h1>Syntax Error</h1><p>Python raises a syntax error when the parser finds code "
            "it cannot read: a missing colon, an unclosed bracket. The message names the line "
            "and points at the place with a caret.</p>",
        ),
    ],
)
def test_a_page_titled_with_a_kind_of_error_is_no_error_page(title, main):
    assert judge("https://docs.test/errors/syntax", html(title, main)) == {}
