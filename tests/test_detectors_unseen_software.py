# ruff: noqa: RUF001  (pages in their own scripts)
"""Rules of the eighth round written as the general form of what software nobody tuned on
says (its misses were the evidence): a message box recognised by its markup in any naming,
its own heading and the identifier it names taken off, what is left read by meaning in
many languages. Each with a healthy look-alike that must stay unflagged."""

import pytest

from gatewatch.crawler.detectors import conclude, signals
from gatewatch.crawler.detectors.absent_objects import (
    box_message,
    says_absent,
    says_disabled,
    without_identifier,
)
from gatewatch.crawler.detectors.phrases import ERROR_HEADING
from gatewatch.crawler.parse import parse_html
from tests.test_detectors import START, html


def judge(url: str, body: bytes) -> dict:
    found = signals(url, 200, {}, parse_html(body), START)
    return {verdict.flag: verdict for verdict in conclude(found)}


def box_page(box: str, cls: str = "sysmsg") -> bytes:
    """An LDAP browser's page: a menu, then one message table with its own heading."""
    return html(
        "Directory admin (1.2) -",
        "<p><a href=/>Home</a> | <a href=/purge>Purge caches</a></p>"
        f"<table class={cls}><tr><td class=head>{box}</td></tr></table>"
        "<p>Use the menu to the left to navigate</p>",
    )


# -- "msg" names a message box as "message" does ("sysmsg", "flash_msg", "msg-bad")


def test_a_message_box_named_msg_is_read():
    page = parse_html(box_page("Error</td></tr><tr><td>No such entry (uid=nobody)"))
    assert page.message_boxes == [("sysmsg", "Error No such entry (uid=nobody)")]


# -- a box's own heading and the identifier it names are not its message


@pytest.mark.parametrize(
    ("text", "message", "led"),
    [
        ("Error No such entry (uid = nobody , ou = People)", "No such entry", True),
        ("Fehler Kein Eintrag gefunden (dc = nowhere)", "Kein Eintrag gefunden", True),
        ('Fejl Skemaet findes ikke: "nosuchattr"', "Skemaet findes ikke", True),
        ("Erreur L'entrée (uid=nobody,dc=org) n'existe pas.", "L'entrée n'existe pas.", True),
        ("Errors in the form: see below", "Errors in the form: see below", False),
        ("错误：没有这样的条目", "没有这样的条目", True),
        ("Error in chapter 3: no such theorem", "Error in chapter 3: no such theorem", False),
    ],
)
def test_a_box_message_without_its_heading_and_identifier(text, message, led):
    assert box_message(text, ERROR_HEADING) == (message, led)


def test_an_identifier_in_brackets_quotes_or_after_a_colon_is_left_out():
    assert without_identifier("Hata (uid=nobody,dc=com) kaydı yok.") == "Hata kaydı yok."
    assert without_identifier("Ошибка: «nosuchattr»") == "Ошибка"


# -- an object that does not exist, said by meaning in many languages


@pytest.mark.parametrize(
    "message",
    [
        "No such entry", "Brak takiego wpisu", "Böyle bir kayıt yok", "Ingen slik oppføring",
        "Sem tal entrada", "Нет такого элемента", "没有这样的格式项目", "L'entrée n'existe pas.",
        "Indgangen findes ikke.", "Der Eintrag existiert nicht", "La tabla no existe",
        # glibc's "No such file or directory" and kin, as its catalogs say them
        "Aucun fichier ou dossier de ce type", "Nessun processo corrisponde",
        "No existe el fichero o el directorio", "Laitetta ei ole", "Tokio proceso nėra",
        "Нема такве датотеке или директоријума", "Non hai tal proceso", "沒有此一檔案或目錄",
        "그런 파일이나 디렉터리가 없습니다", "Dosiero aŭ dosierujo ne ekzistas",
    ],
)  # fmt: skip
def test_a_short_message_says_its_object_is_absent(message):
    assert says_absent(message)


@pytest.mark.parametrize(
    "message",
    [
        "No existen tablas.",  # an empty list, its object after "does not exist"
        "Keine Kommentare",  # "no comments": an empty list, no "such"
        "Aucun résultat",
        "Not found any items",
        "Bạn không có quyền truy cập trang này",  # "you have no permission": a denial
        "Sivu ei ole saatavilla",  # "the page is not available"
        "This page explains what to do when a file does not exist on the server at all",
    ],
)
def test_an_empty_list_or_a_long_sentence_says_no_object_is_absent(message):
    assert says_absent(message) is None


def test_a_box_saying_no_such_entry_under_its_error_heading_is_a_soft_404():
    for box in (
        "Error</td></tr><tr><td>No such entry (uid=nobody,ou=People,dc=example,dc=com)",
        "Błąd</td></tr><tr><td>Brak takiego wpisu (uid=nobody,ou=People,dc=example,dc=com)",
        "Fejl</td></tr><tr><td>Indgangen (uid=nobody,dc=com) findes ikke.",
    ):
        verdict = judge("https://shop.test/cmd.php?dn=uid%3Dnobody", box_page(box))["soft_404"]
        assert "box_not_found" in verdict.reasons


def test_an_empty_table_notice_in_a_message_box_is_no_soft_404():
    body = box_page("No existen tablas.", cls="message")
    assert judge("https://shop.test/db/schema", body) == {}


# -- an action that is switched off, said by meaning: a denial


@pytest.mark.parametrize(
    "message",
    [
        "Command disabled by the server configuration The command could not be run: export",
        "Befehl durch Server-Konfiguration deaktiviert",
        "Comando deshabilitado por la configuración del servidor",
        "Komenda wyłączona w konfiguracji serwera",
        "コマンドはサーバーの構成によって無効",
    ],
)
def test_a_message_says_the_action_asked_for_is_disabled(message):
    assert says_disabled(message)


@pytest.mark.parametrize(
    "message",
    [
        "Notifications are disabled",
        "JavaScript is disabled in your browser",
        "Disabled",
        "Functional cookies disabled",  # a cookie banner's: "function" is no whole word here
    ],
)
def test_a_state_that_is_switched_off_is_no_denial(message):
    assert says_disabled(message) is None


def test_a_box_saying_the_command_is_disabled_is_a_soft_403():
    box = (
        "<img src=/images/error.png alt=error>Command disabled by the server configuration"
        "</td></tr><tr><td>The command could not be run."
    )
    verdict = judge("https://shop.test/cmd.php?cmd=export", box_page(box))["soft_403"]
    assert "box_access_denied" in verdict.reasons


def test_a_notice_that_notifications_are_disabled_is_no_denial():
    box = "Notifications are disabled</td></tr><tr><td>Turn them on in the settings."
    assert judge("https://shop.test/status", box_page(box, cls="notice")) == {}


# -- the title and the h1 name the page twice: a denial in one of them, and in the other a
# catalog's "unauthorized" phrase that says "access denied" or names a permission, is a denial


@pytest.mark.parametrize("h1", ["В доступе отказано", "権限がありません"])
def test_a_translated_denial_under_an_english_permission_denied_title_is_a_soft_403(h1):
    body = html(
        "Permission Denied - Wiki",
        f"<h1>{h1}</h1><div class='alert'>Sorry.</div><p><a href=/a/>Back to the article</a></p>",
    )
    flags = judge("https://shop.test/wiki/secret/", body)
    assert set(flags) == {"soft_403"}


def test_an_unauthorized_heading_under_a_sign_in_title_stays_a_login_wall():
    body = html(
        "Sign in - Wiki",
        "<h1>Unauthorized</h1><form method=post action=/login><input name=user>"
        "<input type=password name=pw><button>Sign in</button></form>",
    )
    assert set(judge("https://shop.test/wiki/secret/", body)) == {"soft_401"}


# -- "<object> deleted" as the heading of a thin page, in a language


@pytest.mark.parametrize(
    "heading",
    ["Article deleted", "Artikel gelöscht", "Статья удалена", "Článok bol vymazaný",
     "Artykuł usunięty", "Makale silindi", "Artigo removido"],
)  # fmt: skip
def test_a_thin_page_headed_object_deleted_is_a_soft_404(heading):
    body = html(
        f"{heading} - Wiki",
        f"<h1>{heading}</h1><p>The article was removed by an editor.</p>"
        "<p><a href=/restore>Restore</a></p>",
    )
    verdict = judge("https://shop.test/wiki/old-article/", body)["soft_404"]
    assert "heading_not_found" in verdict.reasons


@pytest.mark.parametrize(
    "heading",
    [
        "Deleted Scenes",
        "How files are removed",
        "Removed",
        "Why my old tweets got deleted",
        "Wisdom Teeth Removed",
    ],
)
def test_a_heading_about_deleting_is_no_deleted_object(heading):
    body = html(f"{heading} - Blog", f"<h1>{heading}</h1><p>A short note.</p>")
    assert judge("https://shop.test/blog/note/", body) == {}


# -- an absence said after its subject, in a short line of an error page or as a thin page's
# whole content


def test_an_error_pages_line_saying_the_article_was_not_found_is_a_soft_404():
    body = html(
        "Erreur - Wiki",
        "<h1>Aucun resultat</h1><p>Cet article n'a pas été trouvé</p><p><a href=/>Accueil</a></p>",
    )
    verdict = judge("https://shop.test/wiki/nope/", body)["soft_404"]
    assert "message_not_found" in verdict.reasons


@pytest.mark.parametrize(
    "text", ["There is no such module installed.", "GRAFIKS NEPASTĀV", "Böyle bir modül yok."]
)
def test_a_content_that_is_one_statement_of_absence_is_a_soft_404(text):
    verdict = judge("https://shop.test/module/x", html("Console", f"<p>{text}</p>"))["soft_404"]
    assert "message_not_found" in verdict.reasons


@pytest.mark.parametrize(
    "text",
    [
        "Keys not found? Ask at the front desk.",  # a question
        "No comments yet.",  # an empty list
        "Not found what you need? Call us on 0800 123 456 any day of the week.",
    ],
)
def test_a_thin_page_that_asks_or_lists_nothing_states_no_absence(text):
    assert judge("https://shop.test/help/keys", html("Help desk", f"<p>{text}</p>")) == {}


# -- a modal dialog a script opens is no part of the page's content until then


ADD_PACKAGE_DIALOG = (
    "<div id=add_box class=modal role=dialog><div class=modal-dialog><div class=modal-content>"
    "<h3>Add Package</h3><p>Paste your links or upload a container.</p>"
    + "".join(
        f"<label>Field {n}</label><input name=f{n}><p>The value of field number {n} of the "
        "new package, as the queue shows it.</p>"
        for n in range(8)
    )
    + "</div></div></div>"
)


def test_a_closed_dialog_is_left_out_of_the_main_content():
    body = html(
        "Sorry, something went wrong",
        "<p>Error 404: The requested URL was not found on the server.</p>" + ADD_PACKAGE_DIALOG,
    )
    page = parse_html(body)
    assert "Add Package" not in page.main_text
    verdict = judge("https://shop.test/files/xyz", body)["soft_404"]
    assert "thin_main" in verdict.reasons


def test_an_open_dialog_is_content():
    shown = ADD_PACKAGE_DIALOG.replace("class=modal ", "class='modal show' ")
    page = parse_html(html("Queue", "<p>Your queue.</p>" + shown))
    assert "Add Package" in page.main_text


# -- a password beside many settings to choose is an account's settings form, no sign-in


def test_a_profile_form_with_a_password_and_many_settings_is_no_login_wall():
    settings = "".join(
        f"<label><input type=checkbox name=show_{n} checked>Show shelf {n}</label>"
        for n in range(10)
    )
    form = (
        "<h1>alice's profile</h1><form method=post><input type=email name=email "
        "value=alice@example.org><input type=password name=password>"
        f"<select name=locale><option>English</option></select>{settings}"
        "<button>Save</button></form>"
    )
    found = signals("https://shop.test/me", 200, {}, parse_html(html("Profile", form)), START)
    assert "auth_page" in found.found
    assert conclude(found) == []


def test_a_sign_in_form_with_remember_me_and_a_language_stays_a_login_wall():
    form = (
        "<form method=post action=/public.php><input name=login><input type=password "
        "name=password><select name=profile><option>Default</option></select>"
        "<select name=language><option>English</option></select>"
        "<label><input type=checkbox name=remember_me>Remember me</label>"
        "<button>Log in</button></form>"
    )
    assert "soft_401" in judge("https://shop.test/tt-rss/", html("Tiny Tiny RSS", form))


# -- a page typed with combining accents reads as a browser shows it (NFC)


def test_a_denial_typed_with_combining_accents_is_read():
    decomposed = "Bạn không có quy\u00ea\u0300n truy câ\u0323p trang na\u0300y."
    body = html(
        "Cảnh báo",
        f"<p>Truy câ\u0323p bi\u0323 từ chô\u0301i</p><p>{decomposed}</p><p><a href=/>OK</a></p>",
    )
    assert set(judge("https://shop.test/zabbix.php?action=user.list", body)) == {"soft_403"}


def test_composed_and_combining_accents_read_alike():
    from gatewatch.crawler.detectors.text import normalise

    assert normalise("quy\u00ea\u0300n") == normalise("quyền") == "quyền"


# -- "no <object> found" is an absence in an error box only (elsewhere an empty list)


@pytest.mark.parametrize(
    "message", ["Kein Eintrag gefunden", "No repositories found", "エントリーがありません"]
)
def test_none_found_is_read_as_an_absence(message):
    from gatewatch.crawler.detectors.absent_objects import says_none_found

    assert says_none_found(message)


def test_none_found_under_an_error_heading_is_a_soft_404():
    box = "Fehler</td></tr><tr><td>Kein Eintrag gefunden (uid=nobody,dc=example,dc=com)"
    verdict = judge("https://shop.test/cmd.php?dn=x", box_page(box))["soft_404"]
    assert "box_not_found" in verdict.reasons


def test_none_found_in_a_plain_message_box_is_an_empty_list():
    body = box_page("Keine Einträge gefunden.", cls="message")
    assert judge("https://shop.test/db/list", body) == {}


# -- a failed sign-in names the credentials in a language; a reset code is no credential


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Nombre de usuario o contraseña incorrectos", "auth_required"),
        ("Хибне псевдо або пароль", "auth_required"),
        ("Código de restablecimiento de contraseña inválido", "not_found"),
        ("Invalid reset password token", "not_found"),
    ],
)
def test_a_failed_sign_in_in_a_language_and_a_dead_reset_code(text, kind):
    from gatewatch.crawler.detectors.error_messages import statement
    from gatewatch.crawler.detectors.text import Text

    assert statement(Text.of(text), listing_is_error=True) == kind


# -- a failed request-forgery check is a refusal (403); "wrong" in Turkish is "invalid"


def test_a_failed_csrf_check_on_an_error_line_is_a_soft_403():
    body = html(
        "External Command Interface",
        "<p>Logged in as admin</p><p>Error: Invalid or missing CSRF cookie!</p>",
    )
    verdict = judge("https://shop.test/cgi-bin/cmd.cgi", body)["soft_403"]
    assert "message_access_denied" in verdict.reasons


def test_a_csrf_setting_on_a_settings_page_is_nothing():
    body = html(
        "Security settings",
        "<h1>Security settings</h1><p>CSRF protection</p><p>Enabled for all forms.</p>"
        "<p>Session lifetime</p><p>30 minutes</p>",
    )
    assert judge("https://shop.test/admin/security", body) == {}


def test_a_wrong_confirmation_code_in_turkish_is_a_dead_link():
    from gatewatch.crawler.detectors.error_messages import statement
    from gatewatch.crawler.detectors.text import Text

    assert statement(Text.of("Yanlış onaylama kodu."), listing_is_error=True) == "not_found"


# -- what a box says is read by meaning on an error page's one or two boxes only, and an
# absence only in an error box


def test_a_chat_of_short_msg_items_is_no_error_page():
    messages = "".join(
        f"<div class=msg>{text}</div>"
        for text in (
            "no such luck today",
            "Command disabled on my laptop, sadly",
            "Kein Eintrag gefunden, lol",
        )
    )
    assert judge("https://shop.test/chat/room-1", html("Room 1", messages)) == {}


def test_a_plain_notice_saying_no_such_thing_is_no_soft_404():
    body = box_page("No such thing as a free lunch.", cls="notice")
    assert judge("https://shop.test/quotes/lunch", body) == {}


# -- look-alikes found by a review of this round's rules (each was flagged by a first version)


@pytest.mark.parametrize(
    ("title", "main"),
    [
        (
            "Gräten entfernt - Kochblog",  # "bones removed": no page's content was deleted
            "<h1>Gräten entfernt</h1><p>So entfernst du Gräten aus dem Lachs: mit einer "
            "Pinzette, von vorne nach hinten.</p>",
        ),
        (
            "Tattoo removed!",
            "<h1>Tattoo removed!</h1><p>After six sessions my tattoo is finally gone. Here are "
            "the photos.</p><img src=a.jpg><img src=b.jpg>",
        ),
        (
            "Settings",  # a demo's notice, no error box: no denial of this page
            "<h1>Settings</h1><div class=notice>Function disabled in the demo.</div>"
            "<p>Theme: dark</p><p>Language: English</p>",
        ),
        (
            "Errata",  # "Error" starting a sentence is no box heading
            "<h1>Errata</h1><div class=msg>Error in chapter 3: no such theorem as stated; see "
            "the corrected proof.</div><p>Thanks to all readers who wrote in.</p>",
        ),
    ],
)
def test_a_reviewed_look_alike_is_not_flagged(title, main):
    assert judge("https://shop.test/x/y", html(title, main)) == {}


def test_a_box_whose_icon_says_error_is_an_error_box():
    body = html(
        "Directory admin",
        "<table class=sysmsg><tr><td><img src=/images/error-big.png alt=error></td>"
        "<td>Command disabled by the server configuration</td></tr>"
        "<tr><td>The command could not be run.</td></tr></table>",
    )
    page = parse_html(body)
    assert page.message_boxes[0][0] == "sysmsg (error icon)"
    assert "box_access_denied" in judge("https://shop.test/cmd.php", body)["soft_403"].reasons
