# ruff: noqa: RUF001  (pages in their own scripts)
"""A request to sign in, or a denial, that concerns one action on a page showing its own
content (detectors/partial_prompts.py): "Please sign in to see member prices" on a product
page, "Debes iniciar sesión para comentar" under a video, "您尚未登录" above a cart, "No
tienes permiso para editar esta hoja" above the sheet. And the walls and denials that stay
flagged: a page that is only the request (and its form or link), a request for the page
itself ("to view this page", "um fortzufahren"), a request for one action with nothing else
on the page, a denial page with a link home."""

import pytest

from gatewatch.crawler.detectors import conclude, signals
from gatewatch.crawler.parse import parse_html

START = "https://site.test/"
URL = "https://site.test/items/42"
LOGIN_LINK = "<a href='/login'>Sign in</a>"
FORM = (
    "<form action='/login' method='post'><label>E-mail <input name='email'></label>"
    "<label>Password <input type='password' name='password'></label>"
    "<button>Sign in</button></form>"
)


def flags(body: str) -> set[str]:
    found = signals(URL, 200, {}, parse_html(body.encode()), START)
    return {verdict.flag for verdict in conclude(found)} & {"soft_401", "soft_403", "soft_404"}


def page(title: str, h1: str, *lines: str, lang: str = "en") -> str:
    paragraphs = "".join(f"<p>{line}</p>" for line in lines)
    return (
        f"<!doctype html><html lang='{lang}'><title>{title}</title><body><nav>"
        f"<a href='/'>Home</a> <a href='/about'>About</a></nav><main><h1>{h1}</h1>"
        f"{paragraphs}</main><footer>© Site</footer></body></html>"
    )


HEALTHY = [
    page(
        "Makita DHP485 Drill | Tools",
        "Makita DHP485 Drill",
        "$149.00",
        "Please sign in to see member prices.",
        "In stock: ships in 1-2 days.",
        "18V brushless motor, 2 speeds, 1.7 kg.",
    ),
    page(
        "Tomaten vorziehen – Gartenblog",
        "Tomaten vorziehen",
        "Sie müssen angemeldet sein, um einen Kommentar abzugeben.",
        "Die ersten Setzlinge stehen auf der Fensterbank, 22 Grad, viel Licht.",
        lang="de",
    ),
    page(
        "Tarte aux pommes – Cuisine",
        "Tarte aux pommes",
        "Vous devez être connecté pour noter cette recette.",
        "1 pâte brisée, 5 pommes, 50 g de sucre.",
        "Étalez la pâte, disposez les pommes, enfournez à 180 °C.",
        lang="fr",
    ),
    page(
        "Cambiar una rueda – VideoTeca",
        "Cómo cambiar una rueda",
        "Debes iniciar sesión para comentar.",
        "12.430 visualizaciones · hace 2 días",
        "Tutorial paso a paso: gato, llave y rueda de repuesto.",
        lang="es",
    ),
    page(
        "ステンレス水筒 | 商店",
        "ステンレス水筒",
        "2,480円（税込）",
        "会員価格を見るにはログインしてください。",
        "在庫あり。保温・保冷6時間。",
        lang="ja",
    ),
    page("购物车", "购物车", "您尚未登录。", "购物车仅保存在本设备。", "三体 ¥ 39", lang="zh"),
    page(
        "Rower miejski – Ogłoszenia",
        "Rower miejski 28 cali",
        "450 zł",
        "Zaloguj się, aby zobaczyć numer telefonu.",
        "Rower w dobrym stanie, nowe opony, koszyk gratis.",
        lang="pl",
    ),
    page(
        "Ferry timetable – Wiki",
        "Ferry timetable",
        f"You are not logged in. {LOGIN_LINK}",
        "Weekdays: 07:10, 09:40, 12:15, 17:30. Weekends: 10:00, 14:00.",
    ),
    page(
        "Turnos de marzo – Hojas",
        "Turnos de marzo",
        "Solo lectura. No tienes permiso para editar esta hoja.",
        "Lunes: Ana y Pedro. Martes: Luis. Miércoles: Marta y Sara.",
        lang="es",
    ),
    page(
        "Urlaubsregelung – Wiki",
        "Urlaubsregelung",
        "Diese Seite ist geschützt. Sie haben keine Berechtigung, sie zu bearbeiten.",
        "Urlaub bitte zwei Wochen vorher im Kalender eintragen. Maximal drei Wochen am Stück.",
        lang="de",
    ),
    page("参加前の確認", "参加前の確認", "カメラへのアクセス権限がありません。", lang="ja"),
    page(
        "Why do I have to log in again? - Boardly Help Center",
        "Why do I have to log in again?",
        "Sessions end after 30 days. You must log in again on each new device.",
        "Public boards open without an account.",
    ),
    page(
        "Jahreshauptversammlung 2026 – Vereinsblatt",
        "Jahreshauptversammlung 2026",
        "Die Versammlung findet am 20. März um 19 Uhr im Vereinsheim statt. Auf der "
        "Tagesordnung stehen die Wahl des Vorstands, der Kassenbericht und die Planung des "
        "Sommerfests.",
        "Bitte melden Sie sich an.",
        lang="de",
    ),
]


@pytest.mark.parametrize("body", HEALTHY)
def test_a_request_for_one_action_beside_the_pages_content_is_healthy(body):
    assert not flags(body)


@pytest.mark.parametrize(
    ("body", "flag"),
    [
        (page("Sign in", "Members", "Please sign in to continue.", FORM), "soft_401"),
        (page("Orders", "Orders", "Please sign in to continue.", LOGIN_LINK), "soft_401"),
        (page("Dashboard", "Dashboard", "You must be logged in to view this page."), "soft_401"),
        (page("Notes", "Notes", "You are not logged in.", LOGIN_LINK), "soft_401"),
        # one action asked for, and nothing else on the page (a comment form's wall)
        (page("Reply", "Reply", "You must be logged in to comment.", LOGIN_LINK), "soft_401"),
        (page("查看", "查看", "请登录后查看。", LOGIN_LINK, lang="zh"), "soft_401"),
        # one action asked for, and the page's text is the wall explaining itself
        (
            page(
                "Poll",
                "Poll",
                "Please log in to vote.",
                "To use this site you need an account.",
                LOGIN_LINK,
            ),
            "soft_401",
        ),
        (
            page(
                "Konto",
                "Konto",
                "Sie müssen angemeldet sein, um diese Seite zu sehen.",
                "<a href='/anmelden'>Anmelden</a>",
                lang="de",
            ),
            "soft_401",
        ),
        (
            page(
                "Espace membres",
                "Espace membres",
                "Vous devez être connecté pour accéder à cette page.",
                lang="fr",
            ),
            "soft_401",
        ),
        (page("Cuenta", "Cuenta", "Debes iniciar sesión para continuar.", lang="es"), "soft_401"),
        (
            page(
                "Профиль",
                "Профиль",
                "Чтобы просмотреть эту страницу, необходимо войти.",
                lang="ru",
            ),
            "soft_401",
        ),
        (page("会員", "会員", "このページを見るにはログインしてください。", lang="ja"), "soft_401"),
        (
            page("Profil", "Profil", "Bu sayfayı görmek için lütfen giriş yapın.", lang="tr"),
            "soft_401",
        ),
        (
            page("Blad", "Blad", "Zaloguj się, aby kontynuować.", LOGIN_LINK, lang="pl"),
            "soft_401",
        ),
        # the session stated, and the page's text is about who may get in
        (
            page(
                "Intranet",
                "Intranet",
                "You are not logged in.",
                "This service is only open to registered members of the association.",
                LOGIN_LINK,
            ),
            "soft_401",
        ),
        # a bare request beside a few words
        (
            page("Projekte", "Projekte", "Bitte melden Sie sich an.", "Projektliste", lang="de"),
            "soft_401",
        ),
        # denials: nothing of the thing denied is shown
        (
            page(
                "Access denied",
                "Access denied",
                "You don't have permission to access this page.",
                "<a href='/'>Back to the home page</a>",
            ),
            "soft_403",
        ),
        (
            page(
                "Wiki",
                "Wiki",
                "Sie haben keine Berechtigung, diese Seite zu bearbeiten.",
                "<a href='/'>Startseite</a>",
                lang="de",
            ),
            "soft_403",
        ),
        (
            page(
                "Hoja",
                "Hoja",
                "No tienes permiso para editar esta hoja.",
                "<a href='/'>Inicio</a>",
                lang="es",
            ),
            "soft_403",
        ),
    ],
)
def test_a_wall_or_a_denial_that_shows_nothing_else_stays_flagged(body, flag):
    assert flag in flags(body)
