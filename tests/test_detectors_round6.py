# ruff: noqa: RUF001  (pages in their own scripts)
"""Rules that state a meaning in many languages, or a structure no language has: a one-time
link that expired, an error page whose request details fill tables, ... Each with the
healthy page it could be mistaken for."""

import pytest

from gatewatch.crawler.detectors import conclude, signals
from gatewatch.crawler.detectors.expired_links import expired_link
from gatewatch.crawler.detectors.permission_denials import permission_denied
from gatewatch.crawler.parse import parse_html
from tests.test_detectors import START, html


def judge(url: str, body: bytes) -> dict:
    found = signals(url, 200, {}, parse_html(body), START)
    return {verdict.flag: verdict for verdict in conclude(found)}


# -- a one-time link that expired or is invalid, in any language


@pytest.mark.parametrize(
    ("heading", "sentence"),
    [
        ("Confirm e-mail", "This e-mail confirmation link expired or is invalid."),
        ("E-Mail bestätigen", "Dieser Bestätigungslink ist leider abgelaufen."),
        ("Réinitialiser", "Ce lien de réinitialisation a expiré."),
        ("დაადასტურეთ ელ. ფოსტა", "ეს ბმული ვადაგასულია ან არასწორია."),
        ("Patvirtinkite", "Šios nuorodos galiojimas baigėsi arba nuoroda yra klaidinga."),
        ("ยืนยันอีเมล", "ลิงก์ยืนยันอีเมลนี้หมดอายุหรือไม่ถูกต้อง"),
        ("メール確認", "この確認リンクは期限切れです。"),
        ("Подтверждение", "Срок действия ссылки истек."),
    ],
)
def test_a_thin_page_saying_its_link_expired_is_a_soft_404(heading, sentence):
    body = html(heading, f"<h1>{heading}</h1><p>{sentence} <a href='/new'>Ask again</a>.</p>")
    assert "soft_404" in judge("https://shop.test/confirm/abc123", body)
    # (the rule itself, whether or not a phrase list already holds the sentence)
    assert expired_link(parse_html(body), 60) is not None


@pytest.mark.parametrize(
    "sentence",
    [
        "If the link has expired, ask for a new one below.",  # a condition: help text
        "Wenn der Link abgelaufen ist, fordere einen neuen an.",
        "The link expires in 24 hours.",  # not expired yet
        "Our links to partner shops are checked every week.",
    ],
)
def test_help_text_about_links_is_no_expired_link(sentence):
    body = html("Reset your password", f"<h1>Reset your password</h1><p>{sentence}</p>")
    assert judge("https://shop.test/help/links", body) == {}


def test_a_form_that_asks_for_a_new_link_is_no_expired_link():
    form = "<form action='/reset' method=post><input type=email name=email><button>Send</button>"
    body = html("Link expired", f"<p>Your reset link expired.</p>{form}</form>")
    found = signals("https://shop.test/reset", 200, {}, parse_html(body), START)
    assert "expired_link" not in found.found


# -- a framework's development error page: its tables of request details are no prose


def test_request_details_in_tables_do_not_make_an_error_page_long():
    rows = "".join(
        f"<tr><td>Header-{n}:</td><td><pre>value {n} of the request, with words</pre></td></tr>"
        for n in range(20)
    )
    body = html(
        "Page Not Found (development mode)",
        "<div class=alert><h2>Page Not Found</h2><p>This application is in development mode."
        f"</p></div><table>{rows}</table><table><tr><td>/</td><td>GET</td></tr></table>",
    )
    verdict = judge("https://shop.test/no-such-page", body)["soft_404"]
    assert "thin_prose" in verdict.reasons


def test_a_long_article_with_tables_under_an_error_title_is_not_thin():
    prose = "<p>" + "A 404 answer tells a crawler the page is gone for good, and why. " * 12
    table = "<table>" + "<tr><td>404</td><td>Not Found</td></tr>" * 10 + "</table>"
    body = html("404 Not Found", f"{prose}</p>{table}")
    found = signals("https://shop.test/docs/404", 200, {}, parse_html(body), START)
    assert "thin_prose" not in found.found


# -- a request a proxy or a filter blocked is denied


@pytest.mark.parametrize(
    "title",
    [
        "Request blocked (Proxy@localhost)",
        "Anfrage blockiert",
        "Requête bloquée",
        "Запрос заблокирован",
    ],
)
def test_a_blocked_request_is_an_access_denied_page(title):
    verdict = judge("https://shop.test/ads/banner", html(title, ""))
    assert set(verdict) == {"soft_403"}
    assert "access_denied" in verdict["soft_403"].reasons


@pytest.mark.parametrize(
    "title", ["Blocked users", "Blocked senders - Settings", "Blockierte Nutzer"]
)
def test_a_settings_page_of_blocked_users_is_healthy(title):
    main = f"<h1>{title}</h1><p>You have not blocked anyone yet.</p>"
    assert judge("https://shop.test/settings/blocked", html(title, main)) == {}


# -- "No page found" in a message box of the page


def test_no_page_found_in_a_message_box_is_a_soft_404():
    menu = "".join(f"<li><a href='/m{n}'>Menu {n}</a></li>" for n in range(12))
    body = html(
        "Calendar server",
        f"<ul>{menu}</ul><div id=messages><p class=messages>No page found to browse calendars</p>"
        "</div>",
    )
    verdict = judge("https://shop.test/browse.php?principal=9", body)["soft_404"]
    assert "box_not_found" in verdict.reasons or "content_not_found" in verdict.reasons


def test_a_search_that_found_pages_is_healthy():
    body = html(
        "Search: boots",
        "<h1>Search results</h1><p>3 pages found for boots.</p><ul><li><a href=/a>Walking boots"
        "</a></li><li><a href=/b>Boot care</a></li><li><a href=/c>Sizes</a></li></ul>",
    )
    assert judge("https://shop.test/search?q=boots", body) == {}


# -- "you have no permission", in any language: a permission word and a negation next to it


@pytest.mark.parametrize(
    "sentence",
    [
        "You have no permissions to access this page.",
        "Sie haben keine Berechtigung, diese Seite anzuzeigen.",
        "Vous n'avez pas la permission de voir cette page.",
        "No tiene permisos suficientes para esta acción.",
        "Non hai i permessi necessari.",
        "Nie masz uprawnień do tej strony.",
        "У вас нет прав для просмотра этой страницы.",
        "Bu sayfayı görüntüleme yetkiniz yok.",
        "このページを表示する権限がありません。",
        "您没有权限查看此页面。",
        "이 페이지에 대한 권한이 없습니다.",
    ],
)
def test_a_thin_page_saying_the_visitor_has_no_permission_is_a_soft_403(sentence):
    body = html("Monitoring", f"<h2>Monitoring</h2><p>{sentence}</p><p><a href=/>Home</a></p>")
    verdict = judge("https://shop.test/admin/users", body)
    assert set(verdict) == {"soft_403"}
    # (the rule itself, whether or not a phrase list already holds the sentence)
    assert permission_denied([sentence]) is not None


@pytest.mark.parametrize(
    "sentence",
    [
        "If you have no permission to edit a page, ask an administrator.",  # a condition
        "Wenn Sie keine Berechtigung haben, wenden Sie sich an den Administrator.",
        "Do you have no permission to edit this page?",  # a question
        "This role has no permissions yet.",  # a role's, not the visitor's
        "Users without rights can read the wiki.",
        "Permissions: read, write. Rights are granted by the owner.",  # no negation
        "Nicht berechtigt",  # "Unauthorized": a 401's word, not this rule's
    ],
)
def test_text_about_permissions_is_no_denial(sentence):
    body = html("Roles", f"<h1>Roles</h1><p>{sentence}</p><p><a href=/>Home</a></p>")
    found = signals("https://shop.test/settings/roles", 200, {}, parse_html(body), START)
    assert "permission_denied" not in found.found


def test_not_found_or_no_permission_is_left_to_the_not_found_reading():
    body = html("Wiki", "<h1>Item nicht gefunden oder keine Berechtigung</h1><p>x</p>")
    found = signals("https://shop.test/wiki/x", 200, {}, parse_html(body), START)
    assert "permission_denied" not in found.found


# -- a drop-down list's choices are no content: a sign-in page with a list of 60 languages


LANGUAGES = "".join(f"<option value=l{n}>Language number {n} name</option>" for n in range(60))


def test_a_sign_in_form_with_a_long_list_of_languages_is_read():
    form = (
        "<form method=post action=api/v2/auth><input type=text name=username>"
        f"<input type=password name=password><select name=lang>{LANGUAGES}</select>"
        "<input type=submit value=Go></form>"
    )
    body = html("Acme WebUI", f"<h2>Acme</h2>{form}")
    verdict = judge("https://shop.test/app/torrents", body)["soft_401"]
    assert verdict.reasons[:2] == ("password_main", "login_form")


def test_a_long_page_with_a_country_list_is_healthy():
    form = f"<form action=/shipping><select name=country>{LANGUAGES}</select><button>Go</button>"
    body = html("Shipping costs", f"<h1>Shipping costs</h1>{form}</form><p>We ship worldwide.</p>")
    assert judge("https://shop.test/shipping", body) == {}


@pytest.mark.parametrize(
    "sentence",
    [
        "No permission is required to read the wiki.",
        "Права доступа не требуются для чтения.",
        "Eine Berechtigung ist zum Lesen nicht nötig.",
        "閲覧に権限は必要ありません。",
        "阅读不需要权限。",
        "Aucune permission n'est requise pour lire.",
    ],
)
def test_no_permission_needed_is_no_denial(sentence):
    assert permission_denied([sentence]) is None


def test_not_having_the_required_permission_is_a_denial():
    assert permission_denied(["Sie haben nicht die erforderliche Berechtigung."]) is not None
