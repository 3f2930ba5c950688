# ruff: noqa: RUF001  (pages in their own scripts)
"""Rules of the seventh round that state a meaning in many languages, or a structure no
language has, each with the healthy page it could be mistaken for."""

import pytest

from gatewatch.crawler.detectors import conclude, signals
from gatewatch.crawler.detectors.denied_headings import denied_heading
from gatewatch.crawler.detectors.session_expiry import session_expired
from gatewatch.crawler.detectors.unauthorized import not_authorized
from gatewatch.crawler.parse import parse_html
from tests.test_detectors import ARTICLE as ARTICLE_TEXT
from tests.test_detectors import START, html


def judge(url: str, body: bytes) -> dict:
    found = signals(url, 200, {}, parse_html(body), START)
    return {verdict.flag: verdict for verdict in conclude(found)}


# -- a client-side sign-in form whose later steps (a new password for an expired one) are
# hidden until a script shows them: one password shown, no registration

SIGN_IN_STEPS = (
    "<form method=post name=loginForm ng-submit='app.login()'>"
    "<div ng-if='!app.loginState'><label>Benutzername</label>"
    "<input type=text ng-model='app.creds.username'><label>Passwort</label>"
    "<input type=password ng-model='app.creds.password'></div>"
    "<div class='md-flex ng-hide' ng-switch='app.loginState'>"
    "<div ng-switch-when='passwordchange'><input type=password ng-model='app.oldPassword'>"
    "<input type=password ng-model='app.newPassword'>"
    "<input type=password ng-model='app.newPasswordConfirmation'></div></div>"
    "<button type=submit>→</button></form>"
)


def test_a_sign_in_form_with_hidden_password_change_steps_is_a_login_wall():
    body = html("Groupware", SIGN_IN_STEPS, header="")
    verdict = judge("https://shop.test/SOGo/so/alice/Calendar", body)["soft_401"]
    assert "password_main" in verdict.reasons
    assert "login_markup" in verdict.reasons


def test_a_registration_form_showing_password_and_confirmation_is_no_wall():
    form = (
        "<form method=post name=signupForm><input type=text name=username>"
        "<input type=password name=password1><input type=password name=password2>"
        "<div class=d-none><input type=password name=legacy></div>"
        "<button>Create account</button></form>"
    )
    found = signals("https://shop.test/join", 200, {}, parse_html(html("Join", form)), START)
    assert "auth_page" in found.found
    assert conclude(found) == []


# -- "not found" in the everyday forms the catalogs' counts miss, as a heading of its own
# inside an application's menus


@pytest.mark.parametrize(
    "heading", ["Δε βρέθηκε", "Ne trovita", "Non atopado", "Nebol nájdený", "S’u Gjet", "没有找到"]
)
def test_not_found_in_more_languages_under_a_menu_is_a_soft_404(heading):
    menu = "".join(f"<li><a href='/admin/m{n}'>Menu {n}</a></li>" for n in range(8))
    body = html("Web Admin", f"<h1>Web Admin</h1><ul>{menu}</ul><h1>{heading}</h1>", header="")
    verdict = judge("https://shop.test/admin/user/nobody", body)["soft_404"]
    assert "heading_not_found_words" in verdict.reasons


@pytest.mark.parametrize("heading", ["Nebol nájdený žiadny problém v tomto týždni", "找不到的宝藏"])
def test_not_found_words_in_a_longer_healthy_heading_are_no_soft_404(heading):
    body = html(heading, f"<h1>{heading}</h1><p>{ARTICLE_TEXT}</p>")
    assert judge("https://shop.test/blog/week", body) == {}


# -- "Unauthorized" in any language: a negation and the stem of "authorised" / "authenticated",
# the whole heading, said beside a 401 or as all the page says


@pytest.mark.parametrize(
    "heading",
    [
        "Uautorisert", "Nie autoryzowano", "Ej auktoriserad", "Не авторизовано",
        "Χωρίς Εξουσιοδότηση", "לא מורשה", "認証されていません", "未授权", "E paautorizuar",
        "Neautorizovaný", "Niet geautoriseerd", "Unauthenticated",
    ],
)  # fmt: skip
def test_a_page_that_is_only_a_heading_saying_not_authorised_is_a_login_wall(heading):
    verdict = judge("https://shop.test/admin/server", html("", f"<h1>{heading}</h1>", header=""))
    assert set(verdict) == {"soft_401"}
    assert "auth_required" in verdict["soft_401"].reasons
    assert not_authorized(("h1", heading), page_words=1) is not None


def test_not_authorised_beside_a_401_is_a_login_wall_whatever_the_page_says():
    assert not_authorized(("title", "401 Nicht autorisiert"), page_words=40) is not None


@pytest.mark.parametrize(
    "heading",
    [
        "Unauthorized use of our logo and name",  # a topic, not a status
        "Authorized dealers",  # no negation
        "Nonauthoritative answers",  # authority, not authorisation
        "Autorisierte Händler",
        "Nicht autorisierter Händler",  # an adjective qualifying a noun
        "Revendeurs non autorisés",
        "Nieautoryzowany serwis",
        "Non autentico",  # authentic, not authenticated
    ],
)
def test_headings_about_authorisation_are_no_wall(heading):
    body = html(heading, f"<h1>{heading}</h1><p>Short note.</p>")
    found = signals("https://shop.test/legal/logo", 200, {}, parse_html(body), START)
    assert "auth_required" not in found.found
    assert not_authorized(("h1", heading), page_words=2) is None


def test_a_play_titled_without_authorisation_is_no_wall():
    # the words alone, but the page says more than its heading: a title, not a status
    body = html(
        "Χωρίς εξουσιοδότηση",
        "<h1>Χωρίς εξουσιοδότηση</h1><p>Νέο θεατρικό έργο, Θέατρο Βοριάς, Σάββατο 21:00.</p>"
        "<p><a href='/eisitiria'>Εισιτήρια</a></p>",
    )
    assert judge("https://shop.test/theatro/xoris", body) == {}


# -- "Permission denied" / "Access denied" in any language: an access or permission word and
# a denial (or a negation just before it) make up a short title, the whole of it, on a page
# that speaks of access again

DENIAL_TEXT = "You are not permitted to access this section."


@pytest.mark.parametrize(
    "title",
    [
        "Erlaubnis verweigert", "Отказано разрешение", "ההרשאה נדחתה", "अनुमति अस्वीकृत",
        "Atļauja liegta", "Izin reddedildi", "У дозволі Відмовлено", "存取被拒",
        "الإذن مرفوض", "اجازه رد شد", "アクセス拒否", "Ingen adgang",
        "Không được quyền truy cập",
    ],
)  # fmt: skip
def test_a_thin_page_whose_title_denies_access_is_a_soft_403(title):
    main = "<p>You are not permitted to access this section.</p><p><a href=/>Log in again</a></p>"
    verdict = judge("https://shop.test/admin/devices", html(title, main, header=""))
    assert set(verdict) == {"soft_403"}
    assert "access_denied" in verdict["soft_403"].reasons
    assert denied_heading(("title", title), content=DENIAL_TEXT) is not None


@pytest.mark.parametrize(
    "title",
    [
        "No access fees",  # a negation, then a topic
        "Access rights",  # no denial
        "Zugriffsrechte verwalten",
        "No access?",  # a question
        "Access denied to contractors in the year 2019",  # a topic: too long for a status
        "Remote access",
    ],
)
def test_titles_about_access_are_no_denial(title):
    body = html(title, f"<h1>{title}</h1><p>Short note.</p>")
    found = signals("https://shop.test/pricing", 200, {}, parse_html(body), START)
    assert "access_denied" not in found.found
    assert denied_heading(("title", title), content=DENIAL_TEXT) is None


@pytest.mark.parametrize(
    ("title", "h1", "text"),
    [
        # a book's, a band's name, beside what the page is about in the title
        ("Ingen adgang – roman af Mette Holm", "Ingen adgang", "Roman, 312 sider. Adgang fri."),
        ("No Access – Tour 2026", "No Access", "Tour dates 2026: Leeds 4 May. Access for all."),
        ("Erlaubnis verweigert – Roman", "Erlaubnis verweigert", "Roman, 280 Seiten."),
        # a word made with a negation: free, no sign-up needed, no need to sign in
        ("アクセス無料", "アクセス無料", "東京都渋谷区。アクセス方法"),
        ("アクセス登録不要", "アクセス登録不要", "電子書籍は、会員登録なしで読めます。アクセス"),
        ("访问无需登录", "访问无需登录", "公开文档对所有访客开放。访问"),
        # the whole title, but the page speaks of a magazine, not of access
        ("Sin Permiso", "Sin Permiso", "Revista de política y cultura. Número 42."),
    ],
)
def test_healthy_pages_named_like_a_denial_are_no_soft_403(title, h1, text):
    body = html(title, f"<h1>{h1}</h1><p>{text}</p>")
    found = signals("https://shop.test/shop/item/77", 200, {}, parse_html(body), START)
    assert "(access + " not in found.found.get("access_denied", "")
    assert "(no + access)" not in found.found.get("access_denied", "")


# -- a title that is the h1 word for word says nothing by itself (a book's page is one too):
# a page of 60 to 120 words that says "Access denied" there is no access-denied page for it

SEVENTY_WORDS = (
    "Ein Krimi von Lena Vogt, 320 Seiten, Taschenbuch. Kommissarin Brandt ermittelt in einem"
    " Rechenzentrum, in dem nachts Daten verschwinden. Niemand hat Zugang, doch jemand war da. "
) * 3


@pytest.mark.parametrize(
    "title", ["Access Denied", "Zugriff verweigert", "Sin Permiso", "Yasak Elma", "Verboden Vrucht"]
)
def test_a_novel_whose_title_and_h1_deny_access_is_healthy(title):
    body = html(title, f"<h1>{title}</h1><p>{SEVENTY_WORDS}</p><a href=/cart/add/9>Buy</a>")
    assert judge("https://shop.test/books/9", body) == {}


# -- a session that expired, in any language: a session word and an expired word in one
# sentence of a thin page that offers a way to sign in ask the visitor to sign in again


@pytest.mark.parametrize(
    "sentence",
    [
        "Your session expired, click here to go back to the login page.",
        "Ihre Sitzung ist abgelaufen.",
        "Votre session a expiré.",
        "Сессия истекла.",
        "セッションの有効期限が切れました。",
    ],
)
def test_a_thin_page_saying_the_session_expired_is_a_login_wall(sentence):
    main = f"<p><a href='../login.php?expired=yes'>{sentence}</a></p>"
    verdict = judge("https://shop.test/lam/templates/main.php", html("", main))
    assert set(verdict) == {"soft_401"}
    assert "login_wording" in verdict["soft_401"].reasons
    assert session_expired([sentence]) is not None


@pytest.mark.parametrize(
    "sentence",
    [
        "Your session expires in 10 minutes without activity.",  # a warning: not yet
        "If your session has expired, your cart is kept for a week.",  # a condition
        "Session expired?",  # a question
    ],
)
def test_text_about_sessions_is_no_wall(sentence):
    body = html("Sessions", f"<h1>Sessions</h1><p>{sentence}</p>")
    found = signals("https://shop.test/help/sessions", 200, {}, parse_html(body), START)
    # (the phrase lists' "your session has expired" is another rule's, read anywhere)
    assert " ... " not in str(found.found.get("login_wording", ""))
    assert session_expired([sentence]) is None


@pytest.mark.parametrize(
    ("title", "sentence"),
    [
        ("Email notifications", "Session expired emails: off"),  # a setting
        ("Release 4.3.0", "Fixed: session expired too early on mobile Safari."),  # changelogs
        ("Nova versão 3.1", "Corrigido: sessão expirada ao trocar de aba."),
        ("Версия 3.1", "Исправлено: сессия истекла слишком рано на iOS."),
        ("リリースノート 2.4", "セッションの有効期限が切れた後の表示を改善しました。"),
    ],
)
def test_a_thin_page_mentioning_an_expired_session_without_a_way_to_sign_in_is_healthy(
    title, sentence
):
    body = html(title, f"<h1>{title}</h1><p>{sentence}</p><p><a href='/settings'>Back</a></p>")
    assert judge("https://shop.test/news/release", body) == {}


# -- a content that is nothing but a statement naming an identifier in quotes is the page's
# error message, without an "Error" title: "Unknown task '...'"


@pytest.mark.parametrize(
    "text",
    [
        "Unknown task '0b6ad1e3-5d9a-4c47-9d55-3a8f3c1d2e4f'",
        "Unknown worker 'celery@nowhere'",
        "No such queue “reports.daily”",
        "Bad revision 'abc123' given",
    ],
)
def test_a_page_that_only_says_its_quoted_object_is_unknown_is_a_soft_404(text):
    verdict = judge("https://shop.test/task/0b6ad1e3", html("Monitor", text, header=""))
    assert set(verdict) == {"soft_404"}
    assert "message_not_found" in verdict["soft_404"].reasons


@pytest.mark.parametrize(
    "text",
    [
        "Unknown Pleasures",
        "Bad Company live in 1974",
        "Invalid",
        # captions: a work's name in quotes, after a comma or a dash
        'Unknown artist, "Portrait of a Lady"',
        'Unbekannter Meister, "Stillleben"',
        'Autor desconocido, "Bodegón"',
        'Unknown artist – "Intro"',
        'Unknown artist "Intro"',
    ],
)
def test_a_short_page_without_a_quoted_object_is_no_error_message(text):
    found = signals("https://shop.test/albums/1", 200, {}, parse_html(html("Albums", text)), START)
    assert "message_not_found" not in found.found


# -- "invalid" in more languages ("is not valid" in the Romance languages, Armenian,
# Icelandic), and a token in Armenian and Arabic: an invalid link's error box


@pytest.mark.parametrize(
    "message",
    [
        "Token de confirmació no vàlid.",
        "El token per restablir la contrasenya no és vàlid.",
        "Հաստատման տոկենը անվավեր է։",
        "Ógildur staðfestingarkóði.",
        "رمز إعادة تعيين كلمة المرور غير صالح.",
        "El token de confirmación no es válido.",
    ],
)
def test_an_invalid_token_in_an_error_box_beside_a_form_is_a_soft_404(message):
    form = "<form action=/confirm method=post><input type=email name=email><button>Send</button>"
    body = html("Confirm", f"<div class=error>{message}</div><h1>Confirm</h1>{form}</form>")
    assert set(judge("https://shop.test/confirm/abc123", body)) == {"soft_404"}


def test_a_valid_token_message_is_healthy():
    form = "<form action=/confirm method=post><input type=email name=email><button>Send</button>"
    body = html("Confirm", f"<div class=info>El token és vàlid.</div>{form}</form>")
    assert judge("https://shop.test/confirm/abc123", body) == {}


def test_a_forms_check_saying_a_code_is_not_valid_is_no_dead_page():
    # "... is not valid" of a discount code: the cart's check of what the visitor typed
    body = html(
        "Carrello",
        "<h1>Carrello</h1><div class=error>Il codice sconto non è valido.</div>"
        "<p>Totale: 48,00 €</p>",
    )
    assert judge("https://shop.test/carrello", body) == {}


def test_a_rule_saying_a_link_is_not_valid_as_something_is_no_dead_link():
    body = html(
        "Enlaces de afiliado – Ayuda",
        "<h1>Enlaces de afiliado</h1><p>Un enlace acortado no es válido como enlace de"
        " afiliado. Usa siempre el enlace completo de tu panel.</p>",
    )
    assert judge("https://shop.test/ayuda/afiliados", body) == {}


def test_a_search_that_found_nothing_is_no_missing_page():
    body = html(
        "搜索 – 北风",
        "<h1>搜索</h1><form action=/search><input name=q value='雨伞'><button>搜索</button>"
        "</form><p>没有找到与“雨伞”相关的结果。</p>",
    )
    assert judge("https://shop.test/search?q=%E9%9B%A8", body) == {}


@pytest.mark.parametrize("hiding", ["class=d-none", "class=ng-hide ng-show=changing"])
def test_an_account_page_with_a_hidden_change_password_panel_is_no_wall(hiding):
    form = (
        "<p>Signed in as anna · <a href=/logout>Sign out</a></p>"
        "<form action=/account method=post><input name=display_name value=Anna>"
        "<input type=email name=email value='anna@shop.test'>"
        f"<div {hiding}><input type=password name=current><input type=password name=pw1>"
        "<input type=password name=pw2></div><button>Save</button></form>"
    )
    assert judge("https://shop.test/account", html("Account settings", form)) == {}


def test_an_album_review_whose_title_names_a_record_access_denied_is_healthy():
    title = "Mira Kessel – Access Denied (LP)"
    body = html(title, f"<h1>{title}</h1><p>{SEVENTY_WORDS}</p>")
    assert judge("https://shop.test/access-denied-lp-review/", body) == {}
