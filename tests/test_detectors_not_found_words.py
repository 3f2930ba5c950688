# ruff: noqa: RUF001  (titles in their own scripts)
"""Not-found pages in wording no phrase list holds: a short title or heading that holds a
language's core words of "not found" / "does not exist" (counted in real software's
translation catalogs) is wording enough, beside a second sign such as a thin page."""

import pytest

from gatewatch.crawler.detectors import conclude, signals
from gatewatch.crawler.parse import parse_html
from tests.test_detectors import ARTICLE, START, html


def judge(url: str, body: bytes) -> dict:
    found = signals(url, 200, {}, parse_html(body), START)
    return {verdict.flag: verdict for verdict in conclude(found)}


@pytest.mark.parametrize(
    ("title", "words"),
    [
        ("Der Artikel existiert nicht – Shop", "existiert nicht"),
        ("Ce produit n'existe pas - Boutique", "n existe pas"),
        ("Kategorien du söker finns inte längre", "finns inte"),
        ("Hledaný produkt v obchodě neexistuje", "neexistuje"),
        ("Ürün mevcut değil | Mağaza", "mevcut değil"),
        ("Produkt nie istnieje - Sklep", "nie istnieje"),
        ("A keresett termék nem létezik", "nem létezik"),
    ],
)
def test_a_short_title_with_a_languages_not_found_words_is_a_soft_404(title, words):
    verdict = judge("https://shop.test/p/old", html(title, "<p>:-(</p>"))["soft_404"]
    assert verdict.evidence["heading_not_found_words"] == f"title: {words}"


def test_the_words_in_a_long_title_are_not_the_page_saying_it():
    title = "Was tun, wenn ein Artikel im Katalog nicht mehr existiert nicht wahr"
    found = signals("https://shop.test/blog/x", 200, {}, parse_html(html(title, "<p>-</p>")), START)
    assert "heading_not_found_words" not in found.found


def test_an_article_whose_heading_holds_the_words_is_not_a_soft_404():
    body = html(
        "Wenn eine Seite nicht gefunden wird",
        f"<article><h1>Wenn eine Seite nicht gefunden wird</h1><p>{ARTICLE}</p></article>",
    )
    assert judge("https://shop.test/hilfe/404", body) == {}


@pytest.mark.parametrize(
    "title", ["12 resultaten gevonden", "3 elementi trovati", "Produkten finns i lager"]
)
def test_a_thin_page_saying_something_was_found_is_fine(title):
    body = html(title, f"<h1>{title}</h1><p>Boots, bags.</p>")
    assert judge("https://shop.test/search?q=boots", body) == {}


@pytest.mark.parametrize(
    ("heading", "words"),
    [
        ("Dieser Artikel existiert noch nicht", "existiert nicht (+noch)"),
        ("That product could not be found", "could not be found"),
        ("This album does not exist", "does not exist"),
    ],
)
def test_core_words_with_one_word_between_them_and_in_english(heading, words):
    verdict = judge("https://shop.test/p/old", html(f"{heading} | Shop", "<p>:-(</p>"))
    assert verdict["soft_404"].evidence["heading_not_found_words"] == f"title: {words}"


def test_a_tiny_page_without_title_or_heading_is_read_whole():
    body = b"<html><body><main><p><b>404</b> That file could not be found</p></main></body></html>"
    verdict = judge("https://files.test/docs/a.pdf", body)["soft_404"]
    assert verdict.evidence["heading_not_found_words"] == "text: could not be found"


def test_a_search_page_whose_results_a_script_fills_in_is_not_empty():
    body = (
        '<html><head><meta charset="utf-8"><title>搜索 - 文档</title>'
        '<meta name="robots" content="noindex"></head><body><div role="main"><h1>搜索</h1>'
        '<form action="" method="get"><input type="text" name="q"></form>'
        '<div id="search-results"></div></div></body></html>'
    ).encode()
    found = signals("https://docs.test/search.html", 200, {}, parse_html(body), START)
    assert "empty_main" not in found.found
    assert judge("https://docs.test/search.html", body) == {}


def test_a_sentence_of_chinese_is_more_than_one_word_of_content():
    body = html("文档", "<h1>文档</h1><p>请激活脚本以开启搜索功能，然后再试一次。</p>")
    found = signals("https://docs.test/p/x", 200, {}, parse_html(body), START)
    assert "empty_main" not in found.found
