"""One parse of a page gives the links to follow, where they sit, and the recorded fields."""

from gatewatch.crawler.parse import parse_html

PAGE = b"""<!doctype html><html><head><title> Blue  widget | Shop </title>
<meta name="robots" content="noindex, follow"><link rel="canonical" href="/widgets/blue">
</head><body>
<header><a href="/login">Sign in</a></header>
<nav><ul><li><a href="/widgets">Widgets</a></li></ul></nav>
<main><article><header><a href="/authors/ann">Ann</a></header>
<h1>Blue widget</h1><p>It is <a href="/widgets/red" rel="nofollow">not red</a>.</p>
<a href="#reviews">Reviews</a><a href="javascript:void(0)">x</a><a href="mailto:a@b.c">mail</a>
</article></main>
<div role="navigation"><a href="/sitemap">Sitemap</a></div>
<footer><a href="/privacy">Privacy</a></footer>
<script>document.write('<a href="/scripted">no</a>')</script>
</body></html>"""


def test_recorded_fields():
    page = parse_html(PAGE)
    assert page.title == "Blue widget | Shop"
    assert page.h1 == "Blue widget"
    assert page.meta_robots == "noindex, follow"
    assert page.canonical == "/widgets/blue"


def test_links_know_their_section_and_nofollow():
    links = {link.href: link for link in parse_html(PAGE).links}
    assert links["/login"].section == "header"
    assert links["/widgets"].section == "nav"
    assert links["/authors/ann"].section == "main"  # an article's own header is content
    assert links["/sitemap"].section == "nav"
    assert links["/privacy"].section == "footer"
    assert links["/widgets/red"].nofollow
    assert links["/widgets/red"].section == "main"
    assert links["/widgets/red"].anchor == "not red"


def test_links_know_which_navigation_container_holds_them():
    page = parse_html(
        b"<body><nav><a href=/a>A</a><a href=/b>B</a></nav><main><p><a href=/c>C</a>"
        b"<nav class=crumbs><a href=/d>D</a></nav></main>"
        b"<footer><a href=/e>E</a><nav><a href=/f>F</a></nav></footer></body>"
    )
    block = {link.href: link.block for link in page.links}
    assert block["/a"] == block["/b"] != 0  # one menu
    assert block["/c"] == 0  # the content's own
    assert len({block["/a"], block["/d"], block["/e"], block["/f"]}) == 4  # the innermost
    assert {link.href: link.section for link in page.links}["/d"] == "nav"


def test_fragments_scripts_and_mail_links_are_not_followed():
    hrefs = {link.href for link in parse_html(PAGE).links}
    assert not hrefs & {"#reviews", "javascript:void(0)", "mailto:a@b.c", "/scripted"}


def test_visible_text_leaves_scripts_out():
    page = parse_html(PAGE)
    assert "document.write" not in page.text
    assert page.word_count == len(page.text.split())


def test_empty_and_binary_bodies_give_an_empty_page():
    assert parse_html(b"").links == []
    assert parse_html(b"\x00\x01\x02garbage").title is None


def test_declared_charset_is_honoured():
    body = "<html><head><title>Café</title></head></html>".encode("latin-1")
    assert parse_html(body, "iso-8859-1").title == "Café"


def test_a_body_that_declares_no_charset_is_read_as_utf8_when_it_is_utf8():
    body = "<html><head><title>Page non trouvée</title></head></html>".encode()
    assert parse_html(body).title == "Page non trouvée"
    # what the body or the header declares still wins, and a latin-1 body stays latin-1
    declared = b'<html><head><meta charset="iso-8859-1"><title>Caf\xc3\xa9</title></head></html>'
    assert parse_html(declared).title == "CafÃ©"
    assert parse_html("<title>Café</title>".encode("latin-1")).title == "Café"


def test_a_meta_tag_that_says_utf16_in_ascii_bytes_is_read_as_utf8_as_browsers_do():
    # (the HTML standard's prescan: a UTF-16 label found in the bytes means UTF-8)
    body = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-16">'
        "<title>Über uns</title></head><body><h1>Über uns</h1><p>Möbel aus Eiche.</p>"
    ).encode()
    page = parse_html(body)
    assert page.title == "Über uns"
    assert "Möbel aus Eiche" in page.text
    # and x-user-defined is windows-1252
    odd = b'<meta charset="x-user-defined"><title>Caf\xe9 \x80</title>'
    assert parse_html(odd).title == "Café €"


def test_an_xml_declaration_after_a_blank_line_declares_nothing():
    # Debian apache2's Spanish error document: the header said UTF-8, the offline reading
    # (no header) showed "Â¡Objeto no localizado!"
    body = '\n<?xml version="1.0" encoding="UTF-8"?>\n<html><head><title>¡Objeto no localizado!'
    assert parse_html(body.encode()).title == "¡Objeto no localizado!"
    latin = '<?xml version="1.0" encoding="iso-8859-1"?><html><title>Café</title></html>'
    assert parse_html(latin.encode("latin-1")).title == "Café"


def test_the_next_h1_headings_are_kept_beside_the_first():
    page = parse_html(
        b"<header><h1><a href='/'>My Wiki</a></h1></header>"
        b"<main><h1>This page does not exist yet</h1><p>Create it.</p></main>"
    )
    assert page.h1 == "My Wiki"
    assert page.more_h1 == ["This page does not exist yet"]


def test_a_form_of_hidden_fields_is_a_button_to_a_url():
    page = parse_html(
        b"<main><form action='/doku.php'><input type='hidden' name='do' value='edit'>"
        b"<input type='hidden' name='id' value='new_page'><button>Create</button></form></main>"
        b"<nav><form action='/x?a=b' method='post'><input type='hidden' name='t' value='1'>"
        b"</form><form action='/search'><input name='q'></form></nav>"
    )
    assert page.form_targets == [("/doku.php?do=edit&id=new_page", "main"), ("/x?a=b&t=1", "nav")]
