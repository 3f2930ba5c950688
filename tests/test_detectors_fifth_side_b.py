# ruff: noqa: RUF001  (messages in their own scripts)
"""Rules of the tenth round (side b), learnt from the fifth fresh side once it moved to tune
(changedetection.io, SimpleSAMLphp, devpi-web, ArchiveBox, LemonLDAP::NG), each written as the
general form of what the page does to the visitor, each with a healthy look-alike: what a
closed <dialog> and a language picker say is no part of the page's content; a notice flashed
above a list that the object asked for does not exist; a message naming an object by its
identifier and saying it was not found; "not found" in catalog forms of more languages."""

import pytest

from gatewatch.crawler.detectors import conclude, signals
from gatewatch.crawler.detectors.named_absences import names_missing_object
from gatewatch.crawler.parse import parse_html
from tests.test_detectors import START

URL = "https://watch.example.org/p/abc"
PITCH = "<p>Our tool watches pages for you and tells you when they change, every day.</p>" * 5


def judge(body: bytes, url: str = URL) -> dict:
    found = signals(url, 200, {}, parse_html(body), START)
    return {verdict.flag: verdict for verdict in conclude(found)}


def page(content: str, after: str = "", title: str = "Watcher") -> bytes:
    return (
        f"<html><head><title>{title}</title></head><body><div class='content'>{content}</div>"
        f"{after}</body></html>"
    ).encode()


# -- what a closed <dialog> says is not drawn: no part of the content

LANGUAGES = " ".join(
    f"<form method='post' action='/set-language/{code}'><button>{name} language</button></form>"
    for code, name in [("cs", "Čeština"), ("de", "Deutsch"), ("fr", "Français"), ("it", "It")]
)
CLOSED_DIALOGS = (
    f"<dialog id='languages'><h2>Select Language</h2>{LANGUAGES}"
    "<p>Language support is in beta, please help us improve by opening a request with any"
    " updates you have for the translations of this tool.</p></dialog>"
    "<dialog id='ai'><h2>AI not configured</h2><p>Summaries are not yet enabled. Configure an"
    " AI provider in the settings to get started with summaries of the changes.</p></dialog>"
)
SIGN_IN = (
    "<form action='/login' method='post'><label>Password</label>"
    "<input type='password' name='password'><button>Login</button></form>"
)


def test_a_sign_in_page_whose_closed_dialogs_hold_many_words_is_still_read_as_one():
    assert (
        "password_main"
        in signals(URL, 200, {}, parse_html(page(PITCH + SIGN_IN, CLOSED_DIALOGS)), START).found
    )
    assert "soft_401" in judge(page(PITCH + SIGN_IN, CLOSED_DIALOGS))


def test_an_open_dialog_is_part_of_the_content():
    opened = CLOSED_DIALOGS.replace("<dialog id='ai'>", "<dialog id='ai' open>")
    closed = parse_html(page(PITCH, CLOSED_DIALOGS)).main_word_count
    assert parse_html(page(PITCH, opened)).main_word_count > closed


# -- a language picker is the site's chrome


def language_bar(count: int) -> str:
    codes = ["af", "ca", "cs", "da", "de", "el", "es", "fi", "fr", "he", "hr", "hu"][:count]
    return " | ".join(
        f"<a href='/module.php?language={code}'>Language {code}</a>" for code in codes
    )


def test_a_language_picker_is_no_part_of_the_content():
    with_bar = parse_html(page(f"<div id='languagebar'>{language_bar(12)}</div><p>No access</p>"))
    assert with_bar.main_text == "No access"


def test_a_few_links_with_a_language_in_their_urls_are_content():
    text = parse_html(page(f"<p>Read it in {language_bar(2)}.</p>")).main_text
    assert "Language af" in text


# -- a notice flashed above a list: the object asked for does not exist

WATCH_LIST = "".join(
    f"<tr><td>https://site{n}.example.org/page</td><td>Checked 2 hours ago</td>"
    f"<td>Changed 3 days ago</td><td>Edit History Preview</td></tr>"
    for n in range(25)
)


def flashed(message: str, kind: str = "error") -> bytes:
    notice = f"<ul class='messages'><li class='{kind}'>{message}</li></ul>"
    return page(f"{notice}<table>{WATCH_LIST}</table>", title="Change Detection")


@pytest.mark.parametrize(
    "message",
    [
        "No watch with the UUID 11111111-2222-4333-8444-555555555555 found.",
        "Keine Überwachung mit der UUID 4a5b6c7d gefunden.",
        "Nenhum monitoramento com o UUID 4a5b6c7d encontrado.",
        "找不到 UUID 為 4a5b6c7d 的監測任務。",
        "Snapshot 1796663042 does not exist.",
    ],
)
def test_an_error_notice_above_a_list_that_the_object_does_not_exist_is_a_soft_404(message):
    assert "soft_404" in judge(flashed(message))


def test_a_notice_that_is_no_error_above_a_list_is_the_list():
    assert judge(flashed("Watch 4a5b6c7d not found in the queue, it was checked.", "info")) == {}


def test_an_error_notice_of_an_empty_search_above_a_list_is_the_list():
    assert judge(flashed("No results found for your search.")) == {}
    assert judge(flashed("No results found for the given search.")) == {}


# -- a message naming an object by its identifier


@pytest.mark.parametrize(
    ("message", "said"),
    [
        ("No watch with the UUID 11111111-2222-4333-8444-555555555555 found.", True),
        ("Keine Überwachung mit der UUID 4a5b6c7d gefunden.", True),
        ("No se encontró ningún monitor con el UUID 4a5b6c7d.", True),
        ("Tidak ditemukan monitor dengan UUID 4a5b6c7d.", True),
        ("未找到 UUID 为 4a5b6c7d 的监控项。", True),
        ("No history found for the specified link, bad link?", True),
        ("Keinen Verlauf für den angegebenen Link gefunden, fehlerhafter Link?", True),
        ("找不到指定連結的歷史記錄，連結無效？", True),
        ("No history found for this week.", False),  # nothing the visitor gave: a list
        ("No watches found.", False),  # no identifier: an empty list
        ("Keine Einträge gefunden.", False),
        ("Watch 4a5b6c7d was checked and found changed twice today by the scheduler.", False),
    ],
)
def test_a_message_naming_an_object_by_its_identifier_says_it_is_missing(message, said):
    assert (names_missing_object(message) is not None) is said


# -- "not found" in the catalog forms of more languages


@pytest.mark.parametrize(
    "title",
    [
        "Bladsy nie gevind nie",
        "Sida vart ikkje funnen",
        "Siden ble ikke funnet",
        "Strani ni mogoče najti",
    ],
)
def test_a_not_found_title_in_more_languages_is_a_soft_404(title):
    body = page(f"<h1>{title}</h1><p>Tracking number 3a34281fbe.</p>", title=title)
    assert "soft_404" in judge(body)


# -- a block the browser does not draw (its own hidden attribute or inline style)

SEARCH_HELP = (
    "<div class='query_doc' style='display: none'>"
    + "<p>By using a search like fieldname:term you can search in the following fields.</p>" * 12
    + "</div>"
)


def not_found_under_a_hidden_help(help_block: str) -> bytes:
    return (
        "<html><head><title>index - Not Found</title></head><body><div class='header'>"
        f"<form action='/+search'><input name='query'>{help_block}</form></div>"
        "<div id='content'><h1>Not Found</h1><p>The following resource could not be found:</p>"
        "<p>/+nosuch</p></div></body></html>"
    ).encode()


def test_a_not_found_page_under_a_hidden_help_text_is_a_soft_404():
    assert "soft_404" in judge(not_found_under_a_hidden_help(SEARCH_HELP))


def test_a_hidden_block_is_no_part_of_the_content_but_a_hidden_page_is():
    shown = SEARCH_HELP.replace(" style='display: none'", "")
    assert parse_html(not_found_under_a_hidden_help(shown)).main_word_count > 100
    assert parse_html(not_found_under_a_hidden_help(SEARCH_HELP)).main_word_count < 20
    # (an application that hides itself until its script has started is the page itself)
    app = "<div id='app' style='display:none'><h1>Orders</h1><p>Your orders.</p></div>"
    assert "Your orders." in parse_html(page(app)).main_text


# -- "{{ }}" in an AngularJS view is a binding, not a template without its data


def angular_view(declared: str) -> bytes:
    return (
        f"<html><head><title>Notifications</title></head><body {declared}>"
        "<h1>{{translate('view')}}</h1><p>{{current.uid}} {{current.date}}</p></body></html>"
    ).encode()


def test_an_angular_view_before_its_script_ran_is_no_soft_404():
    assert judge(angular_view("ng-app='explorer'")) == {}


def test_a_server_template_rendered_without_its_data_is_still_read_as_one():
    found = signals(URL, 200, {}, parse_html(angular_view("")), START).found
    assert found.get("placeholder_title") == "{{"


# -- a message template: its title is its h1 and it asks not to be indexed


def message_page(title: str, robots: str = "noindex, nofollow") -> bytes:
    return (
        f"<html><head><title>{title}</title><meta name='robots' content='{robots}'></head>"
        f"<body><h1>{title}</h1><p>This endpoint is not enabled. Check the options in your"
        " configuration. If you report this error, please also report this tracking number:"
        " 6a1a08f50b</p></body></html>"
    ).encode()


@pytest.mark.parametrize(
    "title",
    [
        "No access",
        "Kein Zugriff",
        "Nemáte přístup",
        "Pas d'accès",
        "Sense accès",
        "Ni dostopa",
        "Prieigos nėra",
        "Ligipääs puudub",
        "Отказ в доступе",
        "無法存取",
    ],
)
def test_a_message_template_whose_heading_denies_access_is_a_soft_403(title):
    assert "soft_403" in judge(message_page(title))


def test_a_page_to_be_found_titled_no_access_is_no_denial():
    tour = (
        "<p>The band plays twelve cities this spring, with a new record and two new members."
        " Tickets are on sale at every venue.</p>"
    ) * 4
    band = (
        "<html><head><title>No Access</title><meta name='robots' content='index, follow'>"
        f"</head><body><h1>No Access</h1>{tour}</body></html>"
    ).encode()
    assert judge(band) == {}
    # (the same page asking not to be indexed is an application's message template)
    assert "soft_403" in judge(band.replace(b"index, follow", b"noindex"))


# -- "single sign-on" inside a sentence is a topic


def test_single_sign_on_said_in_a_sentence_is_no_sign_in_screen():
    body = page(
        "<h1>Status</h1><p>This is the page of your Single Sign-On session: here you can see"
        " how long it lasts and the attributes attached to it.</p><p>uid student</p>"
    )
    assert "single_sign_on" not in signals(URL, 200, {}, parse_html(body), START).found


def test_a_single_sign_on_button_is_still_one():
    body = page("<h1>Welcome</h1><p><a href='/sso'>Single sign-on</a></p>")
    assert "single_sign_on" in signals(URL, 200, {}, parse_html(body), START).found


def test_an_error_quoted_inside_a_manuals_sentence_is_no_notice():
    manual = (
        "<p>One of the most often reported issues when using the boot loader is that users get"
        " an error like <span class='errortext'>error symbol `grub_calloc' not found</span> and"
        " they are unable to boot the system anymore.</p>"
        + "<p>Most of the time this is caused by installing a new version of the loader.</p>"
        * 20
    )
    assert judge(page(manual, title="The boot loader")) == {}
