# ruff: noqa: RUF001  (messages in their own scripts)
"""Web applications say "not found" or "forbidden" in a message box, not in a heading: a
short not-found or access-denied sentence in an error, warning or notice box of a short page
is wording, and a box whose class names an error is a second, weak sign."""

import pytest

from gatewatch.crawler.detectors import conclude, signals
from gatewatch.crawler.parse import parse_html
from tests.test_detectors import ARTICLE, START

# an application whose menus are plain divs, not <nav>: they count as content
CHROME = (
    "<div id='menu' class='nav'><ul><li><a href='/login'>Login</a></li><li><a href='/prefs'>"
    "Preferences</a></li><li><a href='/help'>Help</a></li><li><a href='/issues'>Issues</a>"
    "</li><li><a href='/milestones'>Milestones</a></li><li><a href='/search'>Search</a></li>"
    "</ul></div>"
)
FOOT = "<div id='foot'><p>Powered by Tracker 2.1, an open source issue tracker.</p></div>"


def page(title: str, content: str) -> bytes:
    return (
        f"<!doctype html><html><head><meta charset=utf-8><title>{title} – Tracker</title></head>"
        f"<body>{CHROME}<div id='content'>{content}</div>{FOOT}</body></html>"
    ).encode()


def judge(url: str, body: bytes):
    found = signals(url, 200, {}, parse_html(body), START)
    return found.found, {verdict.flag: verdict for verdict in conclude(found)}


@pytest.mark.parametrize(
    ("message", "words"),
    [
        ("Order 4711 does not exist.", "does not exist"),
        ("Die Bestellung 4711 existiert nicht.", "existiert nicht"),
        ("La commande 4711 n'existe pas.", "n existe pas"),
        ("Заказ 4711 не существует.", "не существует"),
        ("Objednávka 4711 nebyla nalezena", "nebyla nalezena"),
        ("Pedido 4711 não encontrado", "não encontrado"),
        ("L'ordine 4711 non è stato trovato", "non è stato trovato"),
        ("הזמנה 4711 לא קיימת.", "לא קיימת"),
        ("没有找到页面 order-4711", "没有找到页面"),
    ],
)
def test_a_not_found_sentence_in_an_error_box_is_a_soft_404(message, words):
    content = (
        f"<div class='error'><h1>Error: Invalid order number</h1><p class='message'>{message}"
        "</p><p><a href='/help'>Help</a> — the user guide</p></div>"
    )
    found, verdicts = judge("https://shop.test/orders/4711", page("Invalid order", content))
    assert verdicts["soft_404"].evidence["box_not_found"].endswith(f": {words}")
    assert found["error_box"].startswith("error: ")


def test_a_bootstrap_alert_saying_the_item_is_missing_is_a_soft_404():
    content = "<h2>Items</h2><div class='alert alert-danger'>Item 12 could not be found</div>"
    _, verdicts = judge("https://shop.test/items/12", page("Items", content))
    assert "box_not_found" in verdicts["soft_404"].reasons


def test_an_access_denied_sentence_in_a_box_makes_a_forbidden_title_a_soft_403():
    content = (
        "<div class='error'><h1>Virhe: Forbidden</h1><p class='message'>You don't have the "
        "required permissions.</p></div>"
    )
    found, verdicts = judge("https://shop.test/admin", page("Virhe: Forbidden", content))
    assert set(verdicts) == {"soft_403"}
    assert found["box_access_denied"].endswith(": you don't have the required permissions")


def test_a_box_on_a_long_page_is_not_read():
    content = (
        f"<h1>Importing orders</h1><p>{ARTICLE}</p><div class='warning'>If the order does not "
        "exist, the import skips it.</div>"
    )
    found, verdicts = judge("https://shop.test/docs/import", page("Importing orders", content))
    assert "box_not_found" not in found
    assert verdicts == {}


@pytest.mark.parametrize(
    "box",
    [
        "<div class='notice'>Your changes were saved.</div>",
        "<div class='error' hidden>Item not found</div>",
        "<div class='error' style='display: none'>Item not found</div>",
        "<div class='alert alert-info'>Ничего не найдено</div>",  # an empty search
        "<div class='alert alert-info'>没有找到</div>",
        "<div class='modal'><button class='btn btn-danger'>Delete it</button></div>",
    ],
)
def test_a_thin_healthy_page_with_a_harmless_or_hidden_box_is_fine(box):
    content = f"<h1>Contact</h1><p>Call us on 555 0100.</p>{box}"
    found, verdicts = judge("https://shop.test/contact", page("Contact", content))
    assert "box_not_found" not in found
    assert "error_box" not in found
    assert verdicts == {}


def test_a_box_inside_the_navigation_is_not_the_pages_message():
    body = (
        b"<!doctype html><title>Contact</title><nav><a href='/'>Home</a><div class='error'>"
        b"Page not found</div></nav><main><h1>Contact</h1><p>Call us on 555 0100.</p></main>"
    )
    found, verdicts = judge("https://shop.test/contact", body)
    assert "box_not_found" not in found
    assert verdicts == {}


def test_an_older_apache_denial_naming_the_path_is_a_soft_403():
    body = (
        b"<html><head><title>403 Forbidden</title></head><body><h1>Forbidden</h1><p>You don't "
        b"have permission to access /private/ on this server.</p></body></html>"
    )
    found, verdicts = judge("https://shop.test/private/", body)
    assert set(verdicts) == {"soft_403"}
    assert found["access_denied_text"] == "you don't have permission to"
