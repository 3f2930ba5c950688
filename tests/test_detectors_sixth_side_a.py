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
