# ruff: noqa: RUF001  (pages in their own scripts)
"""Rules of the eleventh round, learnt from half A of the sixth side once it moved to tune
(AWStats, BackupPC, SmokePing, darkstat, graphite-web), each written as the general form of
what a refused or not-found page says to the visitor, and each with a healthy look-alike
that must stay unflagged."""

import pytest

from gatewatch.crawler.detectors import conclude, signals
from gatewatch.crawler.detectors.restricted_actions import restricted_to_people
from gatewatch.crawler.parse import parse_html
from tests.test_detectors import START

URL = "https://backup.example.org/cgi/index.cgi?action=queue&host=web-01"
MENU = (
    "<div id='navigation'><h2>web-01</h2><a href='/cgi/index.cgi?host=web-01'>Home</a>"
    " <a href='/cgi/index.cgi?action=browse'>Browse</a> <a href='/cgi/index.cgi?action=log'>"
    "Log file</a><h2>Server</h2><a href='/cgi/index.cgi?action=status'>Status</a>"
    " <a href='/cgi/index.cgi?action=summary'>Summary</a></div>"
)


def judge(body: bytes, url: str = URL) -> dict:
    found = signals(url, 200, {}, parse_html(body), START)
    return {verdict.flag: verdict for verdict in conclude(found)}


def tool_page(title: str, content: str) -> bytes:
    """A page of a web tool drawn beside its menu, with no main element."""
    return (
        f"<html><head><title>Backups: {title}</title></head><body>{MENU}"
        f"<div id='content'>{content}</div></body></html>"
    ).encode()


# -- an action said to be for a class of people only, as an error's statement


@pytest.mark.parametrize(
    ("error", "statement"),
    [
        ("Error", "Only privileged users can view the job queues."),
        ("Error", "Only administrators may edit configuration settings."),
        ("Fehler", "Nur berechtigte Benutzer können die Protokolle ansehen."),
        ("Erreur", "Seuls les administrateurs peuvent modifier ce réglage."),
        ("Error", "Sólo los superusuarios pueden ver las opciones."),
        ("Chyba", "Pouze oprávnění uživatelé mají přístup k nastavení."),
        ("Fout", "Enkel gebruikers met bijzondere rechten kunnen de logboeken bekijken."),
        ("Помилка", "Тільки привілейований користувач може переглядати журнали."),
        ("错误", "只有特权用户可以查看日志。"),
        ("エラー", "権限があるユーザのみログを見ることができます。"),
    ],
)
def test_an_error_that_says_an_action_is_for_some_people_only_is_a_soft_403(error, statement):
    verdicts = judge(tool_page(error, f"<h1>{error}: {statement}</h1><p></p>"))
    assert set(verdicts) == {"soft_403"}
    assert "message_access_denied" in verdicts["soft_403"].reasons


def test_a_restriction_needs_people_and_what_they_may_do_at_the_start():
    assert restricted_to_people("only privileged users can view queues.")
    assert restricted_to_people("only one file can be uploaded at a time.") is None  # no people
    assert restricted_to_people("only one user can be signed in at a time.") is None  # a count
    assert restricted_to_people("only administrators") is None  # no action
    assert restricted_to_people("note that only members can post.") is None  # not its start


def test_a_note_that_only_members_may_comment_under_an_article_is_healthy():
    article = (
        b"<html><head><title>Spring meeting: the new pool</title></head><body>"
        b"<main><h1>Spring meeting: the new pool</h1>"
        b"<p>The board met on Tuesday and chose the builder for the new pool. Work starts in"
        b" May and the pool opens in the summer; the old changing rooms stay open until then."
        b" Thanks to everyone who came and asked questions about the costs.</p>"
        b"<p>Only registered members can comment on this article.</p></main></body></html>"
    )
    assert judge(article, "https://club.example.org/news/spring-meeting") == {}


def test_a_form_check_that_only_one_file_may_be_sent_is_no_refusal():
    body = tool_page(
        "Upload",
        "<h1>Upload a restore file</h1><p class='error'>Error: Only one file can be uploaded"
        " at a time.</p><form method='post' enctype='multipart/form-data'>"
        "<input type='file' name='file'><button>Upload</button></form>",
    )
    assert "soft_403" not in judge(body)


# -- "user" offered beside another kind of object is an object looked up, not a sign-in


@pytest.mark.parametrize(
    "heading",
    [
        "Error: Host o usuario desconocido web-07",
        "Error: Host o utente sconosciuti web-07",
        "Error: Unknown host or user web-07",
    ],
)
def test_an_unknown_host_or_user_is_a_soft_404_not_a_failed_sign_in(heading):
    assert set(judge(tool_page("Error", f"<h1>{heading}</h1><p></p>"))) == {"soft_404"}


@pytest.mark.parametrize(
    "message",
    ["Usuario o contraseña inválidos", "Utilizador ou senha incorrecto"],
)
def test_a_user_name_beside_a_password_is_still_a_failed_sign_in(message):
    body = (
        "<html><head><title>Sign in</title></head><body><main><h1>Sign in</h1>"
        f"<div class='alert alert-error'>{message}</div>"
        "<form method='post' action='/session'><input name='user'>"
        "<input type='password' name='password'><button>OK</button></form></main></body></html>"
    ).encode()
    assert "soft_404" not in judge(body, "https://club.example.org/session/new?next=/x")


# -- a denial to a visitor the page says is signed in as someone is a refusal, not a wall

ADMIN_LOGIN = (
    "<html><head><title>Log in | Site administration</title></head><body>"
    "<div id='header'><h1>Site administration</h1></div><div id='content'>"
    "<p class='errornote'>{note}</p>"
    "<form action='/admin/login/?next=/admin/' method='post' id='login-form'>"
    "<label>Username:</label><input name='username'><label>Password:</label>"
    "<input type='password' name='password'><input type='submit' value='Log in'>"
    "</form></div></body></html>"
)


@pytest.mark.parametrize(
    "note",
    [
        "You are authenticated as bob, but are not authorized to access this page."
        " Would you like to login to a different account?",
        "Sie sind als bob angemeldet, aber nicht berechtigt, diese Seite aufzurufen.",
        "Vous êtes connecté en tant que bob, mais vous n'êtes pas autorisé à accéder à cette page.",
    ],
)
def test_a_sign_in_form_under_a_denial_to_a_signed_in_visitor_is_a_soft_403(note):
    verdicts = judge(ADMIN_LOGIN.format(note=note).encode(), "https://ops.example.org/admin/")
    assert set(verdicts) == {"soft_403"}
    assert "signed_in_denial" in verdicts["soft_403"].reasons


def test_a_sign_in_form_that_says_the_visitor_is_not_signed_in_as_an_admin_is_a_wall():
    note = "You are not logged in as an administrator. Please log in to continue."
    verdicts = judge(ADMIN_LOGIN.format(note=note).encode(), "https://ops.example.org/admin/")
    assert set(verdicts) == {"soft_401"}


def test_a_profile_that_says_whom_the_visitor_is_signed_in_as_is_healthy():
    body = (
        b"<html><head><title>Your profile</title></head><body><main><h1>Your profile</h1>"
        b"<p>You are logged in as bob. Here you can change your e-mail address, your"
        b" language and the notices we send you about new comments on your posts.</p>"
        b"<p>Not allowed: names longer than 40 characters.</p></main></body></html>"
    )
    assert judge(body, "https://club.example.org/profile") == {}


# -- a table's column heading that starts with "Error" is no error lead


def report_page(column: str, caption: str) -> bytes:
    return (
        "<html><head><title>Statistics for www.example.org - errors</title>"
        "<meta name='robots' content='noindex,nofollow'></head><body>"
        "<table><tr><td><b>Statistics for:</b></td><td>www.example.org</td></tr>"
        "<tr><td><b>Last update:</b></td><td>07 Dec 2026 - 19:19</td></tr></table>"
        f"<table><tr><td class='title'>{caption}</td></tr><tr><td><table>"
        f"<tr><th>URL (2)</th><th>{column}</th><th>Referrers</th></tr>"
        "<tr><td>/missing.png</td><td>3</td><td>https://www.example.org/</td></tr>"
        "<tr><td>/old-page.html</td><td>3</td><td>https://blog.example.net/links.html</td></tr>"
        "</table></td></tr></table></body></html>"
    ).encode()


@pytest.mark.parametrize(
    ("column", "caption"),
    [
        ("Error Hits", "Required but not found URLs"),
        ("Erro Hits", "URLs solicitadas e não encontradas"),
        ("Ошибка Хиты", "Требуемые но не найденные URL"),
    ],
)
def test_a_report_of_not_found_urls_with_an_error_column_is_healthy(column, caption):
    assert judge(report_page(column, caption), "https://stats.example.org/?output=errors404") == {}


def test_an_error_line_above_a_not_found_statement_still_says_the_page_is_an_error():
    body = (
        b"<html><head><title>Statistics</title></head><body><div>"
        b"<p>Error while reading the request</p><p>Requested URL not found</p>"
        b"</div></body></html>"
    )
    assert set(judge(body, "https://stats.example.org/?output=x")) == {"soft_404"}


# -- a file named by its path that cannot be opened is a missing file's page


@pytest.mark.parametrize(
    ("heading", "message"),
    [
        ("File", "Can't open log file /var/lib/backups/pc/web-01/XferLOG.99"),
        ("Datei", "Kann LOG Datei nicht öffnen /var/lib/backups/pc/web-01/XferLOG.99"),
        ("Fichier", "Impossible d'ouvrir le fichier /var/lib/backups/pc/web-01/XferLOG.99"),
        ("Bestand", "Kan het logbestand /var/lib/backups/pc/web-01/XferLOG.99 niet openen"),
        ("Файл", "Не вдалося відкрити файл /var/lib/backups/pc/web-01/XferLOG.99"),
        ("日志文件", "无法打开日志文件 /var/lib/backups/pc/web-01/XferLOG.99"),
    ],
)
def test_a_file_that_cannot_be_opened_is_a_soft_404(heading, message):
    path = "/var/lib/backups/pc/web-01/XferLOG.99"
    body = tool_page(f"{heading} {path}", f"<h1>{heading} {path}</h1><p><pre>{message}</pre>")
    verdicts = judge(body, "https://backup.example.org/cgi/index.cgi?action=view&num=99")
    assert set(verdicts) == {"soft_404"}
    assert "message_not_found" in verdicts["soft_404"].reasons


def test_a_help_text_on_a_file_that_cannot_be_opened_is_healthy():
    body = tool_page(
        "Log files",
        "<h1>Log files</h1><p>If you cannot open /var/lib/backups/pc/web-01/XferLOG.0,"
        " check that the backup user may read it.</p>",
    )
    assert judge(body, "https://backup.example.org/cgi/index.cgi?action=help") == {}


def test_a_log_file_shown_is_healthy():
    body = tool_page(
        "File /var/lib/backups/pc/web-01/XferLOG.3",
        "<h1>File /var/lib/backups/pc/web-01/XferLOG.3</h1><pre>Running: rsync --server"
        " --sender -logDtpre.iLsfxC . /home/\nopen /home/alice/notes.txt\n"
        "Xfer PIDs are now 1234\nDone: 12 files, 3456 bytes</pre>",
    )
    assert judge(body, "https://backup.example.org/cgi/index.cgi?action=view&num=3") == {}


# -- a script's fatal error printed in a preformatted block under an error heading

FATAL = (
    "<html><head><title>{title}</title></head><body><h1>{heading}</h1><pre>{message}\n</pre>"
    "<p>For help, please send mail to the webmaster (<a href='mailto:root@localhost'>"
    "root@localhost</a>), giving this error message and the time and date of the error.</p>"
    "</body></html>"
)


@pytest.mark.parametrize(
    "message",
    [
        "ERROR: Section 'NoSuchTarget' does not exist (display webpage). at"
        " /usr/share/perl5/Monitor.pm line 1673.",
        "ERROR: unknown hierarchy nosuch",
        "Error: No such report 'weekly-9' in /var/www/app/report.php on line 88",
    ],
)
def test_a_fatal_error_that_says_the_object_does_not_exist_is_a_soft_404(message):
    body = FATAL.format(title="", heading="Software error:", message=message).encode()
    verdicts = judge(body, "https://mon.example.org/cgi/monitor.cgi?target=NoSuchTarget")
    assert set(verdicts) == {"soft_404"}
    assert "message_not_found" in verdicts["soft_404"].reasons


def test_a_preformatted_example_under_a_heading_that_is_no_error_is_healthy():
    body = FATAL.format(
        title="Sections",
        heading="Sections",
        message="Section 'Servers' does not exist at /usr/share/perl5/Monitor.pm line 12.",
    ).encode()
    assert judge(body, "https://mon.example.org/docs/sections") == {}


# -- a refusal's predicate in a longer statement, with what it is refused from


def plain_error(message: str) -> bytes:
    return (
        "<html><head><title>Statistics for www.example.org</title></head><body>"
        f"<span style='color: #880000'>Error: {message}</span><br><br>"
        "<b>Setup ('/etc/stats/site.conf' file, web server or permissions) may be wrong.</b>"
        "<br>Check config file, permissions and the documentation.</body></html>"
    ).encode()


@pytest.mark.parametrize(
    "message",
    [
        "Access to statistics is not allowed from your IP Address 10.0.0.7",
        "User 'bob' is not allowed to access statistics of this domain/config.",
        "Der Zugriff auf die Statistik ist von Ihrer IP-Adresse 10.0.0.7 verboten",
    ],
)
def test_an_error_that_says_access_is_not_allowed_from_where_is_a_soft_403(message):
    verdicts = judge(plain_error(message), "https://stats.example.org/cgi-bin/stats.pl?config=x")
    assert set(verdicts) == {"soft_403"}


def test_a_longer_statement_that_offers_two_readings_is_left_to_the_not_found_one():
    body = plain_error("Unknown order code or access to this order was refused by the shop")
    assert "soft_403" not in judge(body, "https://shop.example.org/order/ABC12/")


def test_a_rule_that_says_what_is_not_allowed_beside_an_article_is_healthy():
    body = (
        b"<html><head><title>House rules</title></head><body><main><h1>House rules</h1>"
        b"<p>Dogs are not allowed in the pool area from May to September.</p>"
        b"<p>Glass bottles are not permitted anywhere on the grounds.</p></main></body></html>"
    )
    assert judge(body, "https://club.example.org/rules") == {}


def test_a_catalan_failed_sign_in_names_a_credential():
    body = (
        "<html><head><title>Introduïu el nom d'usuari i la contrasenya</title>"
        "<meta name='robots' content='noindex'></head><body><main>"
        "<h1>Introduïu el nom d'usuari i la contrasenya</h1>"
        "<div><h2>Error</h2><p>Nom d'usuari o contrasenya incorrecta</p></div>"
        "<form method='post' action='/idp/step?state=1'><input name='username'>"
        "<input type='password' name='password'><button>Entra</button></form></main>"
        "</body></html>"
    ).encode()
    verdicts = judge(body, "https://idp.example.org/idp/step?state=1")
    assert set(verdicts) == {"soft_401"}
    assert "message_auth_required" in verdicts["soft_401"].reasons


# -- a longer error line its label leads, and what is allowed only to some people


@pytest.mark.parametrize(
    "message",
    [
        "Update of statistics has not been allowed from a browser"
        " (AllowToUpdateStatsFromBrowser should be set to 1).",
        "Full year view has not been allowed from a browser (AllowFullYearView should be set"
        " to 3).",
    ],
)
def test_a_long_error_line_that_says_an_action_is_not_allowed_is_a_soft_403(message):
    assert set(judge(plain_error(message), "https://stats.example.org/s.pl?update=1")) == {
        "soft_403"
    }


@pytest.mark.parametrize(
    "message",
    [
        "Access to statistics is only allowed from an authenticated session to authenticated"
        " users.",
        "Der Zugriff auf die Statistik ist nur für angemeldete Benutzer erlaubt.",
        "Only registered members can view the statistics of this site.",
    ],
)
def test_an_error_that_allows_only_signed_in_people_is_a_soft_401(message):
    verdicts = judge(plain_error(message), "https://stats.example.org/s.pl?config=members")
    assert set(verdicts) == {"soft_401"}
    assert "message_auth_required" in verdicts["soft_401"].reasons


def test_a_note_that_a_service_is_only_available_to_members_is_healthy():
    body = (
        b"<html><head><title>Sauna</title></head><body><main><h1>Sauna</h1>"
        b"<p>The sauna is open every day from 7 to 22. Towels can be rented at the desk.</p>"
        b"<p>The sauna is only available to registered members.</p></main></body></html>"
    )
    assert judge(body, "https://club.example.org/sauna") == {}
