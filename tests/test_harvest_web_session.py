"""What the fifth fresh side's PyPI harvests keep (bench/harvest/web_session.py): a page in
another language only where its text is not English's, a page once, no JSON or empty body."""

import re
import urllib.request

from bench.harvest import web_session
from bench.harvest.web_session import Keeper, text, token


def _page(words: str, hidden: str = "") -> bytes:
    return (
        f"<html><head><title>{words}</title><script>var x = 1;</script></head><body>"
        f"<form><input type='hidden' name='next' value='{hidden}'></form><p>{words}</p>"
        "</body></html>"
    ).encode()


def test_a_translation_is_kept_only_where_its_text_is_not_english():
    keeper = Keeper("group", "program 1.0 (PyPI)")
    assert keeper.keep("login", _page("Sign in"), 200, "soft_401", "en", "GET /login", "")
    assert not keeper.keep("login", _page("Sign in"), 200, "soft_401", "de", "GET /login", "")
    assert keeper.keep("login", _page("Anmelden"), 200, "soft_401", "fr", "GET /login", "")
    assert [page.name for page in keeper.pages] == ["login.en.html", "login.fr.html"]
    assert (keeper.pages[1].language, keeper.pages[1].label) == ("fr", "soft_401")


def test_two_requests_giving_the_same_text_are_kept_once():
    keeper = Keeper("group", "program 1.0 (PyPI)")
    assert keeper.keep("login", _page("Sign in", "/"), 200, "soft_401", "en", "GET /login", "")
    assert not keeper.keep(
        "login-from-admin", _page("Sign in", "/admin"), 200, "soft_401", "en", "GET /admin", ""
    )


def test_json_text_and_empty_answers_are_no_pages():
    keeper = Keeper("group", "program 1.0 (PyPI)")
    assert not keeper.keep("api", b'{"error": "not found"}', 404, "soft_404", "en", "GET", "",
                           "application/json")  # fmt: skip
    assert not keeper.keep("plain", b"Not Found", 404, "soft_404", "en", "GET", "", "text/plain")
    assert not keeper.keep("empty", b"  ", 403, "soft_403", "en", "GET", "")
    assert keeper.pages == []


def test_volatile_text_does_not_make_a_page_differ():
    keeper = Keeper("group", "program 1.0 (PyPI)", re.compile(r"\d+"))
    assert keeper.keep("list", _page("2 watches"), 200, "ok", "en", "GET /", "")
    assert not keeper.keep("list", _page("3 watches"), 200, "ok", "en-gb", "GET /", "")


def test_the_reader_text_leaves_out_scripts_and_tags_and_the_form_token_is_found():
    body = b'<p>Hello <b>there</b></p><script>no()</script><input name="csrf_token" value="abc">'
    assert text(body) == "Hello there"
    assert token(body) == "abc"


def test_the_small_site_is_served_on_a_port_of_the_harvests_range(tmp_path):
    folder = web_session.write_site(tmp_path / "site")
    number = next(port for port in web_session.PORTS if _free(port))
    with web_session.serving(folder, number) as site:
        page = urllib.request.urlopen(site + "bread.html", timeout=10).read()
    assert b"Our breads" in page
    assert site == f"http://127.0.0.1:{number}/"


def _free(port: int) -> bool:
    offset = port - web_session.PORTS.start
    try:
        web_session.port(offset)
    except OSError:
        return False
    return True
