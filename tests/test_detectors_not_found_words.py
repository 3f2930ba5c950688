# ruff: noqa: RUF001  (titles in their own scripts)
"""Not-found pages in wording no phrase list holds: a short title or heading that holds a
language's core words of "not found" / "does not exist" (counted in real software's
translation catalogs) is wording enough, beside a second sign such as a thin page."""

import pytest

from crawler.detectors import conclude, signals
from crawler.parse import parse_html
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
