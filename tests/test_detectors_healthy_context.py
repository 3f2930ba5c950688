# ruff: noqa: RUF001  (pages in their own scripts)
"""A page whose heading reads like an error message and is not one (detectors/
healthy_context.py): a work's page (a film "Unauthorized", "Forbidden Planet", a book 找不到),
a help page that explains the message, a heading that quotes it. The eleven short pages the
reviews left flagged before round 7 are here; and error pages with the same words, a price,
a year or a help title, that stay flagged."""

import pytest

from gatewatch.crawler.detectors import conclude, signals
from gatewatch.crawler.parse import parse_html

START = "https://site.test/"
URL = "https://site.test/items/42"


def flags(body: str) -> set[str]:
    found = signals(URL, 200, {}, parse_html(body.encode()), START)
    return {verdict.flag for verdict in conclude(found)} & {"soft_401", "soft_403", "soft_404"}


def page(title: str, h1: str, *lines: str, lang: str = "en", head: str = "") -> str:
    paragraphs = "".join(f"<p>{line}</p>" for line in lines)
    return (
        f"<!doctype html><html lang='{lang}'><title>{title}</title>{head}<body><nav>"
        f"<a href='/'>Home</a> <a href='/about'>About</a></nav><main><h1>{h1}</h1>"
        f"{paragraphs}</main></body></html>"
    )


def product_data(name: str) -> str:
    return (
        '<script type="application/ld+json">{"@context": "https://schema.org", '
        f'"@type": "Product", "name": "{name}"}}</script>'
    )


OLDER_FALSE_ALARMS = [
    page("Access denied: a novel", "Access denied: a novel", "A novel by Jane Roe. 320 pages."),
    page("The Forbidden Kingdom (2008)", "The Forbidden Kingdom", "A film by Rob Minkoff."),
    page("Unauthorized (2019) - Films", "Unauthorized", "Drama, 2019, 104 min.", "By Anna Berg."),
    page(
        "Forbidden Planet (1956)",
        "Forbidden Planet",
        "Science fiction film directed by Fred M. Wilcox.",
        "Starring Walter Pidgeon, Anne Francis.",
    ),
    page(
        "Permission denied - Help",
        "Permission denied",
        "This message means your account cannot open the file.",
        "Ask the file's owner to share it with you.",
    ),
    page("找不到 - 小说", "找不到", "作者：王芳。长篇小说，2019年出版。", lang="zh"),
    page("Not Found - Album", "Not Found", "Album by The Lost Keys, 2021. Ten tracks."),
    page(
        "Zugriff verweigert (2021) - Film",
        "Zugriff verweigert",
        "Thriller, 2021. Regie: Jan Roth.",
        lang="de",
    ),
    page(
        "Session expired - Help",
        "Session expired",
        "You were signed out after 30 minutes without activity.",
        "Sign in again to continue.",
    ),
    page("Accès refusé - roman", "Accès refusé", "Roman de Claire Dubois, 2020.", lang="fr"),
    page("Page Not Found: A Memoir", "Page Not Found", "A memoir by Sam Lee. 240 pages."),
]


@pytest.mark.parametrize("body", OLDER_FALSE_ALARMS)
def test_a_short_page_of_a_work_or_a_help_page_titled_like_an_error_is_healthy(body):
    assert not flags(body)


@pytest.mark.parametrize(
    "body",
    [
        page("Access Denied", "Access Denied", "$39.99", "A board game for 2-5 players."),
        page("Access Denied", "Access Denied", "ISBN 978-1-4028-9462-6", "Hardcover."),
        page("Forbidden", "Forbidden", "Eau de Parfum.", head=product_data("Forbidden EDP")),
        page("unauthorized", "unauthorized", "adjective /ʌnˈɔːθəraɪzd/", "Without permission."),
        page(
            "Qué hacer si aparece «Acceso denegado» – Ayuda",
            "Qué hacer si aparece «Acceso denegado»",
            "Tu usuario no tiene permisos para abrir ese documento.",
            lang="es",
        ),
        page("Error 401 vs 403", "Error 401 vs 403", "Both say you cannot see a resource."),
        page("「ふくろう」の検索結果", "検索結果", "該当する商品が見つかりませんでした。"),
    ],
)
def test_what_names_a_work_explains_or_quotes_a_message_is_read(body):
    assert not flags(body)


@pytest.mark.parametrize(
    ("body", "flag"),
    [
        (
            page(
                "Page not found – Help Center",
                "Page not found",
                "The page you were looking for doesn't exist.",
            ),
            "soft_404",
        ),
        (  # a product's schema.org name is not the heading's words
            page(
                "Product not found - Shop",
                "Product not found",
                "This product is no longer available.",
                head=product_data("Blue kettle"),
            ),
            "soft_404",
        ),
        (  # a price under a sentence: a recommendation, not the page's product
            page(
                "Page not found - Shop",
                "Page not found",
                "Sorry, we couldn't find that page.",
                "You may like: Blue kettle $24.00",
            ),
            "soft_404",
        ),
        (  # a kind of work and a year inside the URL the message names
            page("404 Not Found", "Not Found", "The requested URL /film/2019 was not found."),
            "soft_404",
        ),
        (
            page(
                "Sign in - Help",
                "Permission denied",
                "You do not have permission to open this file.",
            ),
            "soft_403",
        ),
        (page("Film not found - Films", "Film not found", "Error 404."), "soft_404"),
        (  # a support portal's 403 names its message, and says nothing of what it means
            page(
                "Access denied | Support",
                "Access denied",
                "You do not have access to this ticket.",
                "If you believe this message is an error, contact us.",
            ),
            "soft_403",
        ),
        (page("Unauthorized", "Unauthorized", "Please log in to view this page."), "soft_401"),
        (  # a date and a wait are no work's year and length
            page("Unauthorized", "Unauthorized", "Signed out 2019-05-01 · wait 5 min"),
            "soft_401",
        ),
    ],
)
def test_an_error_page_with_a_help_title_a_price_or_a_work_word_stays_flagged(body, flag):
    assert flag in flags(body)


@pytest.mark.parametrize(
    ("body", "flag"),
    [
        (  # the ISBN it looked for: the heading speaks of a kind of thing, not its name
            page("Book not found", "Book not found", "No book with ISBN 978-1-4028-9462-6."),
            "soft_404",
        ),
        (
            page("Produkt nicht gefunden", "Produkt nicht gefunden", "19,90 €", lang="de"),
            "soft_404",
        ),
        (  # one heading over the list of what to try is an error page's, not an article's
            "<html><title>Page not found</title><main><h1>Page not found</h1><h2>What you can"
            " do</h2><ol><li>Check the address.</li><li>Go to the home page.</li><li>Use the"
            " search.</li></ol></main></html>",
            "soft_404",
        ),
        (  # a search word inside a name ("Searchlight") names no search
            page("Searchlight Pictures", "Not found", "The page you requested was not found."),
            "soft_404",
        ),
    ],
)
def test_an_error_page_about_a_kind_of_thing_or_with_steps_stays_flagged(body, flag):
    assert flag in flags(body)


def test_the_parser_keeps_a_few_json_ld_blocks_bounded():
    block = '<script type="application/ld+json">{"@type": "Product", "name": "x"}</script>'
    page = parse_html(f"<html><head>{block * 9}</head><body><h1>x</h1></body></html>".encode())
    assert 0 < len(page.structured_data) <= 4
    assert all(len(text) <= 50_000 for text in page.structured_data)


def test_a_search_heading_that_counts_its_results_is_a_results_page():
    """Its "not found" is about one of the results ("1 produit non trouvé"); a search page
    that counts nothing and says "page not found" stays flagged."""
    results = page(
        "Recherche « perceuse » – 3 résultats trouvés, 1 produit non trouvé",
        "3 résultats trouvés, 1 produit non trouvé dans votre région",
        "Perceuse Bosch 18V 89 €",
        "Perceuse Makita 119 €",
        "Perceuse Ryobi 69 €",
        lang="fr",
    )
    assert not flags(results)
    missing = page("Recherche – Page non trouvée", "Page non trouvée", "Retour à l'accueil.")
    assert "soft_404" in flags(missing)


# round 7, review 4: a kind of thing the page labels itself with (detectors/work_kinds.py)
KIND_LABELLED = [
    page("Access Denied (achievement) – Wiki", "Access Denied", "Achievement · 20 G"),
    page("Acceso denegado (logro)", "Acceso denegado", "Recompensa: 15 puntos.", lang="es"),
    page("Zugriff verweigert (Erfolg)", "Zugriff verweigert", "10 Punkte.", lang="de"),
    page("Доступ запрещён (достижение)", "Доступ запрещён", "Награда: 15 очков.", lang="ru"),
    page("Không Tìm Thấy – Lời bài hát", "Không Tìm Thấy", "Ca sĩ: Minh Anh", lang="vi"),
    page("找不到 – 林小溪 – 歌词", "找不到", "演唱：林小溪", "我在人海里找不到你", lang="zh"),
    page("Not Found – Lyrics", "Not Found", "Artist: The Lost Keys", "I looked, not found"),
    page("見つかりません – 歌詞", "見つかりません", "歌手：ミナ", lang="ja"),
    page("Error 404 – an exhibition by Rui Okada", "Error 404", "12 January – 8 March 2027"),
    page("Accès refusé – une exposition de Léa Roy", "Accès refusé", "Du 3 au 9 mai.", lang="fr"),
    page("page not found – Idioms", "page not found", "phrase, informal", "Said of a lapse."),
    page("Zugriff verweigert", "Zugriff verweigert", "Redewendung", "Scherzhaft.", lang="de"),
]


@pytest.mark.parametrize("body", KIND_LABELLED)
def test_a_page_that_says_its_kind_of_thing_beside_the_name_is_healthy(body):
    assert not flags(body)


def _with_chrome(title: str, h1: str, text: str, chrome: str) -> str:
    return (
        f"<!doctype html><html lang='en'><title>{title}</title><body><nav>{chrome}</nav>"
        f"<main><h1>{h1}</h1><p>{text}</p></main><footer>{chrome}</footer></body></html>"
    )


@pytest.mark.parametrize(
    ("body", "flag"),
    [
        (  # a game site's 403: "achievement" in its menu and footer, not beside the name
            _with_chrome(
                "403 Forbidden",
                "Access denied",
                "You don't have permission to access this page.",
                "<a href='/a'>Achievement</a> <a href='/t'>Trophy</a> Unlock every achievement!",
            ),
            "soft_403",
        ),
        (  # a lyrics site's 404: "Lyrics" in its nav
            _with_chrome(
                "Page not found",
                "Page not found",
                "The page you are looking for does not exist.",
                "<a href='/l'>Lyrics</a> <a href='/e'>Exhibition</a>",
            ),
            "soft_404",
        ),
        (  # a dictionary's 404: the site's name is no entry, the first line no part of speech
            page(
                "Page not found – Cambridge Dictionary",
                "Page not found",
                "The page you requested could not be found.",
            ),
            "soft_404",
        ),
        (  # a kind word in a sentence of the first line is no label
            page("Access denied", "Access denied", "Your achievement badge does not grant access."),
            "soft_403",
        ),
    ],
)
def test_an_error_page_with_a_kind_word_in_its_chrome_or_prose_stays_flagged(body, flag):
    assert flag in flags(body)


# a record about an error: a tracker's issue, a status page's incident (error_records.py)
RECORDS = [
    page(
        "403 Forbidden in payments – Tracker",
        "HTTPError: 403 Forbidden",
        "Events: 540 · Users: 97 · Last seen: 2 minutes ago",
        "Environment: production",
    ),
    page(
        "Fehler 404 in /api/orders – Tracker",
        "NotFoundError: Bestellung nicht gefunden",
        "Ereignisse: 212 · Nutzer: 48 · Zuletzt gesehen: vor 3 Minuten",
        lang="de",
    ),
    page(
        "Elevated 403 errors on API – Status",
        "Elevated 403 errors on API",
        "<b>Resolved</b> – The firewall rule that returned 403 Forbidden has been reverted.",
        "<b>Investigating</b> – Some customers see access denied errors.",
    ),
    page(
        "Errores 404 en la tienda – Estado",
        "Errores 404 en la tienda",
        "Resuelto – Las páginas de producto devolvían «Página no encontrada».",
        "Afectados: tienda web",
        lang="es",
    ),
    page(
        "403 Forbidden – 障害情報",
        "403 Forbidden",
        "解決済み：設定を戻しました。",
        "影響：API",
        lang="ja",
    ),
]


@pytest.mark.parametrize("body", RECORDS)
def test_a_record_about_an_error_quotes_it(body):
    assert not flags(body)


@pytest.mark.parametrize(
    ("body", "flag"),
    [
        (  # one field is no record: a debug 404 names its environment
            page(
                "404 Not Found",
                "Not Found",
                "The requested URL was not found.",
                "Environment: production",
            ),
            "soft_404",
        ),
        (  # a proxy's 403 with its request facts
            page(
                "403 Forbidden",
                "Access denied",
                "You don't have permission to access this resource.",
                "Ray ID: 8f2a1c · Your IP: 203.0.113.7 · Time: 2026-12-07 10:02 UTC",
            ),
            "soft_403",
        ),
        (  # record words inside a sentence are no labels
            page(
                "Access denied",
                "Access denied",
                "Users affected by the monitoring policy cannot open this page.",
                "The events resolved earlier are not shown.",
            ),
            "soft_403",
        ),
    ],
)
def test_an_error_page_with_a_field_or_record_words_in_a_sentence_stays_flagged(body, flag):
    assert flag in flags(body)


@pytest.mark.parametrize(
    "body",
    [
        page(
            "寻物启事：找不到的钱包 – 同城信息网",
            "寻物启事",
            "本人于12月3日在地铁丢失黑色钱包一个，至今找不到，内有身份证。",
            lang="zh",
        ),
        page(
            "尋人啟事：找不到的小狗 – 社區公告",
            "尋人啟事",
            "我們的小狗三天前走失，到處都找不到，請幫忙留意。",
            lang="zh",
        ),
    ],
)
def test_a_not_found_word_inside_a_labelled_name_in_the_title_is_the_name(body):
    assert not flags(body)


@pytest.mark.parametrize(
    "body",
    [
        (  # the label's name is the phrase alone, and the content says it again
            page("歌曲：找不到", "找不到", "找不到该歌曲，页面不存在。", lang="zh")
        ),
        (  # a notice board's 404: the label in the menu, the phrase in the title alone
            "<html lang='zh'><title>找不到页面</title><body><nav><a href='/x'>寻物启事</a>"
            "</nav><main><h1>找不到页面</h1><p>您访问的页面不存在。</p></main></body></html>"
        ),
    ],
)
def test_a_labelled_name_that_is_the_phrase_alone_stays_flagged(body):
    assert "soft_404" in flags(body)


def _exception_page(title: str, status: str) -> str:
    """A framework's debug page: its headings, and the code excerpt of each stack frame as a
    numbered list of source lines (Symfony's exception page has this shape)."""
    frames = "".join(
        "<h3>in src/Controller/PageController.php (line 24)</h3><ol>"
        "<li>public function show(int $id): Response</li><li>{</li>"
        "<li>$page = $this->pages->find($id);</li><li>if (null === $page) {</li>"
        "<li>throw $this->createNotFoundException();</li><li>}</li></ol>"
        for _ in range(3)
    )
    return (
        f"<!doctype html><html lang='en'><title>{title} ({status})</title>"
        "<meta name='robots' content='noindex,nofollow'><body>"
        f"<h1>Symfony Exception</h1><h2>HTTP {status}</h2><main><h1>{title}</h1>"
        f"<h3>Exceptions 2</h3><h3>Stack Traces 2</h3>{frames}</main></body></html>"
    )


@pytest.mark.parametrize(
    ("body", "flag"),
    [
        # an error page whose title says it, and whose text quotes its own status line
        (
            page(
                "An Error Occurred: Gone",
                "Oops! An Error Occurred",
                'The server returned a "410 Gone".',
                "Something is broken. Please let us know what you were doing when this error"
                " occurred. We will fix it as soon as possible. Sorry for any inconvenience.",
            ),
            "soft_404",
        ),
        (
            page(
                "An Error Occurred: Forbidden",
                "Oops! An Error Occurred",
                'The server returned a "403 Forbidden".',
                "Something is broken. Please let us know what you were doing when this error"
                " occurred.",
            ),
            "soft_403",
        ),
        # a debug page's numbered source lines are no steps of a help page
        (_exception_page("No route found for GET /no-such-page", "404 Not Found"), "soft_404"),
        (_exception_page("Access Denied.", "403 Forbidden"), "soft_403"),
    ],
)
def test_an_error_page_quoting_its_status_or_listing_code_stays_flagged(body, flag):
    assert flag in flags(body)
