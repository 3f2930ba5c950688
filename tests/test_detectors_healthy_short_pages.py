"""Short healthy pages whose few words talk about stock, passwords, permissions, logging in or
errors, in several languages ("Not in stock", "Forgot your password?", a novel called "Access
denied", a manual's "Permissions" and "Logging in"): pages a reader of short messages (phrase
lists, or the model of bench/message_model.py) could take for error or sign-in pages. None is
one."""

import pytest

from gatewatch.crawler.detectors import conclude, signals
from gatewatch.crawler.parse import parse_html

START = "https://site.test/"
URL = "https://site.test/items/42"


def judge(body: str):
    found = signals(URL, 200, {}, parse_html(body.encode()), START)
    return found.found, {verdict.flag for verdict in conclude(found)}


def page(title: str, h1: str, *lines: str, lang: str = "en") -> str:
    paragraphs = "".join(f"<p>{line}</p>" for line in lines)
    return (
        f"<!doctype html><html lang='{lang}'><title>{title}</title><body><nav><a href='/'>Home"
        f"</a> <a href='/about'>About</a></nav><main><h1>{h1}</h1>{paragraphs}</main></body>"
        "</html>"
    )


HEALTHY = [
    page("Blue kettle - Shop", "Blue kettle", "Not in stock", "Price: 25 EUR", "Add to wishlist"),
    page("Wasserkocher - Shop", "Wasserkocher", "Nicht auf Lager", "Preis: 25 EUR", lang="de"),
    page("Hervidor - Tienda", "Hervidor azul", "Agotado", "Precio: 25 EUR", lang="es"),
    page("FAQ", "Forgot your password?", "Use the reset link on the sign-in page."),
    page("Access denied: a novel", "Access denied: a novel", "A novel by Jane Roe. 320 pages."),
    page("Error messages - Manual", "Error messages", "This chapter lists the messages."),
    page("Permissions - Manual", "Permissions", "Owners can edit; readers can read."),
    page("Logging in - Manual", "Logging in", "Open the start page and enter your name."),
    page("Anmelden - Hilfe", "Anmelden", "So melden Sie sich am Portal an.", lang="de"),
    page("Connexion - Aide", "Se connecter", "Comment se connecter au portail.", lang="fr"),
    page("Права доступа", "Права доступа", "Роли и их права в проекте.", lang="ru"),
    page("ログイン方法", "ログイン方法", "ポータルへのログインの手順です。", lang="ja"),
    page("权限管理", "权限管理", "本章介绍项目中的角色和权限。", lang="zh"),
    page("Search - Shop", "Search", "No results found for 'kettel'.", "Try another word."),
    page("Unknown Pleasures - Joy Division", "Unknown Pleasures", "Album, 1979. Ten tracks."),
    page("The Forbidden Kingdom (2008)", "The Forbidden Kingdom", "A film by Rob Minkoff."),
    page("Logged out", "You have been logged out", "Thanks for your visit.", "Log in again"),
    page("Lost and found", "Lost and found", "Items found on the trains this week."),
    page("Why 404 pages matter - Blog", "Why 404 pages matter", "A short note on error pages."),
    page("Account", "Change your password", "Enter your current password first."),
    page(
        "Pagina niet gevonden? - Hulp", "Hulp", "Wat te doen als een pagina ontbreekt.", lang="nl"
    ),
    page("Recherche", "Recherche", "Aucun résultat pour « bouilloire ».", lang="fr"),
]


@pytest.mark.parametrize("body", HEALTHY)
def test_a_healthy_short_page_about_stock_passwords_permissions_or_errors_gets_no_verdict(body):
    found, flags = judge(body)
    assert not flags, found
