# ruff: noqa: RUF001  (words in their own scripts: what is read)
"""Pages named by the words of a denial (a TV episode "Zugriff verweigert", a novel "Accesso
negato", a shop's sign, a help article "Accès refusé", a restaurant "Forbidden City") are
told apart by what shows the page describes a thing or explains the message: a line of the
thing's facts, its credits, a definition, a help article's feedback question or the case it
is about, a report of what something says, a value in a table. Beside each reading, the
denial page of the same shape (the title, the h1 and one sentence telling the visitor they
lack permission) still gets soft_403."""

import pytest

from gatewatch.crawler.detectors import conclude, signals
from gatewatch.crawler.detectors.error_records import counted_answers, thread_posts
from gatewatch.crawler.detectors.help_articles import (
    article_feedback,
    names_help,
    restated_as_condition,
    shown_in_code,
)
from gatewatch.crawler.detectors.named_works import work_names
from gatewatch.crawler.detectors.permission_denials import said_as_report
from gatewatch.crawler.detectors.table_values import table_value
from gatewatch.crawler.detectors.work_kinds import defined_term
from gatewatch.crawler.parse import parse_html
from tests.test_detectors import START


def page(title: str, h1: str, *lines: str) -> bytes:
    body = "".join(f"<p>{line}</p>" for line in lines)
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><header><a href='/'>Home</a> <a href='/login'>Sign in</a></header>"
        f"<main><h1>{h1}</h1>{body}</main><footer><p>© 2026</p></footer></body></html>"
    ).encode()


def flags_of(html: bytes) -> set[str]:
    found = signals("https://site.test/p/x", 200, {}, parse_html(html), START)
    return {verdict.flag for verdict in conclude(found)} & {"soft_401", "soft_403", "soft_404"}


DENIALS = [
    ("Zugriff verweigert", "Sie haben keine Berechtigung, diese Seite aufzurufen."),
    ("Toegang geweigerd", "U heeft geen toestemming om deze pagina te bekijken."),
    ("Accesso negato", "Non hai il permesso di visualizzare questa pagina."),
    ("Acesso negado", "Você não tem permissão para acessar esta página."),
    ("Accès refusé", "Vous n'avez pas l'autorisation d'accéder à cette page."),
    ("Access denied", "You do not have permission to view this page."),
]


@pytest.mark.parametrize(("heading", "sentence"), DENIALS)
def test_a_denial_page_of_the_same_shape_still_gets_soft_403(heading, sentence):
    assert flags_of(page(heading, heading, sentence)) == {"soft_403"}


@pytest.mark.parametrize(("heading", "sentence"), DENIALS)
def test_a_denial_page_of_a_sites_help_section_still_gets_soft_403(heading, sentence):
    """A help centre's own denial page: its title names the help, it explains nothing."""
    assert flags_of(page(f"{heading} | Help Center", heading, sentence)) == {"soft_403"}


@pytest.mark.parametrize(
    "line",
    [
        "Please try again in 5 minutes.",
        "Bitte versuchen Sie es in 10 Minuten erneut.",
        "Request ID 7f3a · 12:04",
    ],
)
def test_a_denial_pages_second_line_is_no_line_of_facts(line):
    html = page("Zugriff verweigert", "Zugriff verweigert", "Zugriff verweigert.", line)
    assert "soft_403" in flags_of(html)


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("€ 16,00 · 280 pagine", "facts"),
        ("Zondag 21.05 uur · 48 minuten", "facts"),
        ("Distance 9.6 km · Elevation gain 540 m · Moderate", "facts"),
        ("Cantonese restaurant · Open daily 11:30–22:00", "facts"),
        ("Mit Anna Berg, Tom Keller. Regie: Jule Roth. 90 Minuten.", "facts"),
    ],
)
def test_a_line_of_a_things_facts_names_the_page_a_things(line, why):
    parsed = parse_html(page("Zugriff verweigert", "Zugriff verweigert", "Ein Text.", line))
    names, _, cue = work_names(parsed, ("zugriff verweigert", "zugriff verweigert"))
    assert cue.startswith(why)
    assert "zugriff verweigert" in names


def test_a_named_page_whose_facts_line_is_a_sentence_names_nothing():
    parsed = parse_html(page("Access denied", "Access denied", "Try again in 5 minutes · 2 min."))
    assert work_names(parsed, ("access denied", "access denied"))[2] == ""


@pytest.mark.parametrize(
    ("line", "heading", "term"),
    [
        ("無權處分是指無處分權人就權利標的物所為之處分行為。", "無權處分", "無權處分"),
        ("access control refers to who may open what", "access control", "access control"),
        ("access denied. you do not have permission.", "access denied", ""),
        ("無權處分", "無權處分", ""),
    ],
)
def test_a_term_defined_on_its_first_line(line, heading, term):
    assert defined_term(line, heading) == term


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("après trois codes erronés... cet article vous a-t-il aidé ? oui · non", True),
        ("was this article helpful? yes no", True),
        ("war dieser artikel hilfreich? ja nein", True),
        ("do you think this is a mistake? contact the owner.", False),
        ("you cannot open this article. need help?", False),
    ],
)
def test_a_help_articles_feedback_question(text, asked):
    assert bool(article_feedback(text)) is asked


def test_the_case_a_help_page_is_about_said_as_a_condition():
    text = "if the admin page says access is denied, join the main network."
    assert restated_as_condition(text, "access denied")
    assert not restated_as_condition("access is denied. ask your admin.", "access denied")
    assert not restated_as_condition(text, "denied")  # (one word says too little)


@pytest.mark.parametrize(
    ("segment", "helps"),
    [
        ("router faq", True),
        ("trung tâm trợ giúp", True),
        ("مركز المساعدة", True),
        ("aide", True),
        ("tatort", False),
        ("helpdesk tickets", False),
        ("tutorial", True),
    ],
)
def test_a_title_segment_that_names_the_help(segment, helps):
    assert names_help(segment) is helps


def test_a_denial_reported_after_that_is_no_message():
    sign = "Aluminium sign. Tells visitors that access is denied to anyone who is not staff."
    assert said_as_report(sign, "access is denied")
    assert not said_as_report("Sorry, access is denied.", "access is denied")


def test_a_denial_in_a_roles_tables_cell_is_a_value():
    grid = (
        "<html><body><main><h1>角色说明</h1><table><tr><th>角色</th><th>项目设置</th></tr>"
        "<tr><td>访客</td><td>无权限</td></tr><tr><td>管理员</td><td>可编辑</td></tr>"
        "</table></main></body></html>"
    )
    assert table_value(parse_html(grid.encode()), "无权限")
    layout = (
        "<html><body><main><table><tr><td><b>无权限</b></td></tr><tr><td>您无权访问此页面。"
        "</td></tr></table></main></body></html>"
    )
    assert not table_value(parse_html(layout.encode()), "无权限")


def post(author: str, text: str) -> str:
    return f"<article class='post'><div class='author'>{author}</div><p>{text}</p></article>"


def test_a_thread_of_posts_by_their_authors_quotes_the_message():
    asked = post("mert_34", "Erişim engellendi uyarısı alıyorum. Ne yapabilirim?")
    answered = post("ayse.k", "Okul ağı filtre kullanıyor.")
    thread = parse_html(f"<html><body><main>{asked}{answered}</main></body></html>".encode())
    assert thread_posts(thread.document) == 2
    alone = parse_html(f"<html><body><main>{asked}</main></body></html>".encode())
    assert thread_posts(alone.document) == 0  # (one post: a denial in a post's frame)
    unsigned = "<div class='post'><p>Access denied.</p></div>" * 2
    assert thread_posts(parse_html(f"<html><body>{unsigned}</body></html>".encode()).document) == 0


def test_a_help_page_shows_its_headings_message_in_a_code_block():
    shown = parse_html(
        b"<html><body><main><h1>Fehler: Datei nicht gefunden</h1><p>So sieht die Meldung aus:"
        b"</p><pre>Fehler: Datei /etc/app.conf nicht gefunden</pre></main></body></html>"
    )
    assert shown_in_code(shown.document, "fehler: datei nicht gefunden")
    assert not shown_in_code(shown.document, "zugriff verweigert")


@pytest.mark.parametrize(
    ("lines", "count"),
    [
        (["Asked 2 days ago", "1 answer", "Quote the name."], 1),
        (["3 Antworten"], 3),
        (["The answer is 42"], 0),
        (["Page not found", "0 answers"], 0),
    ],
)
def test_a_questions_count_of_its_answers(lines, count):
    assert counted_answers(lines) == count


@pytest.mark.parametrize(
    ("title", "line"),
    [
        ("Error: File not found - Tutorial", "The file you asked for was not found."),
        ("Access denied - Tutorial", "You do not have permission to view this page."),
    ],
)
def test_an_error_page_of_a_tutorial_site_still_gets_its_flag(title, line):
    heading = title.partition(" - ")[0]
    assert flags_of(page(title, heading, line))


@pytest.mark.parametrize(
    ("title", "heading", "lines"),
    [
        (
            "Dostęp zabroniony – Sklep",
            "Dostęp zabroniony",
            ["Nie masz uprawnień do wyświetlenia tej strony.", "Sklep · Koszyk · 0,00 zł"],
        ),
        (
            "Access denied - Router FAQ",
            "Access denied",
            ["You do not have permission to open this page.", "Was this article helpful? Yes"],
        ),
        (
            "Truy cập bị từ chối - Trung tâm trợ giúp",
            "Truy cập bị từ chối",
            ["Bạn không có quyền truy cập trang này."],
        ),
        (
            "تم رفض الوصول - مركز المساعدة",
            "تم رفض الوصول",
            ["ليس لديك إذن للوصول إلى هذه الصفحة."],
        ),
    ],
)
def test_a_denial_told_to_the_visitor_beside_a_sites_chrome_still_gets_soft_403(
    title, heading, lines
):
    """A shop's cart line or a help site's feedback question is chrome: the content tells
    the visitor they have no permission."""
    assert flags_of(page(title, heading, *lines)) == {"soft_403"}


# Pages of the same kinds written after the rules (none of the review sets'): an episode, a
# novel, a bar, a short film, a sign, help articles in three languages. Seven of the eight got
# soft_403 before the rules.
VARIANTS = [
    (
        "Access Denied - Season 2 - Night Desk",
        "Access Denied",
        ["Episode 5. The team is locked out when a clerk refuses them.", "Sunday 9 pm · 42 min"],
    ),
    (
        "Acceso denegado - novela de Ana Ruiz | Librería",
        "Acceso denegado",
        [
            "Un thriller: cuando le niegan el acceso al servidor, Marta investiga.",
            "18,90 € · 320 páginas",
        ],
    ),
    (
        "Forbidden Fruit – Bar & Grill",
        "Forbidden Fruit",
        ["Cocktail bar · Open 17:00–01:00", "4 High Street · 020 555 0101"],
    ),
    (
        "Verboten – Kurzfilm",
        "Verboten",
        ["Ein Kurzfilm über eine Grenze.", "Regie: Max Roth. 14 Minuten."],
    ),
    (
        "Accès interdit – Panneau | Boutique",
        "Panneau Accès interdit",
        ["Panneau en aluminium signalant que l'accès est interdit.", "14,90 € · Ajouter au panier"],
    ),
    (
        "Zugriff verweigert | Hilfe",
        "Zugriff verweigert",
        [
            "Diese Meldung erscheint, wenn Ihr Konto den Ordner nicht sehen darf.",
            "War dieser Artikel hilfreich? Ja · Nein",
        ],
    ),
    (
        "Acceso denegado - Ayuda",
        "Acceso denegado",
        ["Si la página de administración dice acceso denegado, conéctese a la red principal."],
    ),
    (
        "Доступ запрещён - Справка",
        "Доступ запрещён",
        [
            "Если страница пишет «доступ запрещён», войдите под своей учётной записью.",
            "Была ли эта статья полезной?",
        ],
    ),
]


@pytest.mark.parametrize(("title", "heading", "lines"), VARIANTS)
def test_a_page_of_the_same_kind_written_after_the_rules_gets_no_finding(title, heading, lines):
    assert not flags_of(page(title, heading, *lines))
