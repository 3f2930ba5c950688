"""Probes in a real crawl of a site whose error templates say nothing the rules can read.

Each not-found page below answers 200 in words no phrase list knows: only its shape's probe
(a URL of the same shape that cannot exist) shows it is the site's error template. The site:
- `/about?lang=`: an unknown language falls back to English, as `/about` with no `lang` does
  (Fossil's `?skin=`, `?theme=`, `?sort=` alike): `/about?lang=en` is a page, not a template;
- `/item.php?id=`: an unknown id answers the "no such item" template; no id, the list;
- `/posts/<slug>`: met only as the targets of redirects from old URLs;
- `/shop/item/<slug>`: an old URL scheme met only as redirects: a live item moves to its
  page, a removed one (and any unknown slug) to the catalog;
- `/gallery?view=`: an unknown view falls back to the list, and no view is the grid;
- `/questions/123/<slug>`: the slug is ignored, any other moves to the question's own URL,
  and `/product.php?id=5&ref=nav` moves to the product's page whatever `ref` says: healthy
  redirects whose own probes end where they end;
- `/wiki/<name>?action=edit`: a missing page's edit view is a template of its own, while
  `/wiki/<missing>` without the action is an honest 404.
"""

import json
from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from gatewatch.demo.server import serve
from gatewatch.demo.site import Page, Site
from gatewatch.storage.database import open_database
from gatewatch.storage.models import probes
from tests.conftest import run_gatewatch

pytestmark = pytest.mark.crawl

ABOUT = {
    "en": ("About us", "A family mill since 1982: bread, cheese and coffee by the river."),
    "de": ("Über uns", "Eine Familienmühle seit 1982: Brot, Käse und Kaffee am Fluss."),
    "fr": ("À propos", "Un moulin familial depuis 1982 : pain, fromage et café au bord de l'eau."),
}
ITEMS = {
    "1": ("Oak chair", "Hand made oak chair, waxed, seat height 45 cm."),
    "2": ("Linen apron", "Washed linen apron with two deep pockets, in sand or slate."),
    "3": ("Copper kettle", "A 1.5 litre copper kettle that sings when the water boils."),
}
POSTS = {"spring-menu-is-here": ("Spring menu", "Wild garlic soup, rhubarb tart, new bread.")}
REDIRECTS = {
    "/old": "/posts/spring-menu-is-here",
    "/old-fair": "/posts/summer-fair-was-great",
    # (met before the removed item, which only its target's page links: the shape's source)
    "/shop/item/oak-chair-classic": "/products/oak-chair",
}
QUESTION = "/questions/123/how-to-bake-rye-bread"  # the slug is ignored: any other moves here
# Error templates in words of no language the detectors know.
NO_ITEM = ("Ledger", "Vrenn ko tala mirsu delpa. Nori ku vashen tor amelpi.")
NO_POST = ("Mill journal", "Oskel pridu varn etso kilam. Brenu tasso wem dolv.")
NO_WIKI_PAGE = ("Wiki", "Tirra nolp askemi durvo. Pelk anu sebrin valto quim.")
LINKED = (
    "/about?lang=de",
    *(f"/item.php?id={number}" for number in (*ITEMS, "99")),
    *REDIRECTS,
    "/questions/123/rye-bread",
    "/product.php?id=5&ref=nav",
    "/product.php?id=5&ref=footer",
    "/wiki/Home?action=edit",
    "/wiki/Gone?action=edit",
)


def _page(title: str, text: str, links: tuple[str, ...] = ()) -> Page:
    items = "".join(f'<li><a href="{link}">{link}</a></li>' for link in links)
    return Page.html(
        f"<!doctype html><html><head><title>{title} - Mill Shop</title></head><body>"
        '<header><nav><a href="/">Home</a></nav></header>'
        f"<main><h1>{title}</h1><p>{text}</p><ul>{items}</ul></main></body></html>"
    )


def _answer(target: str) -> Page:
    """The site's software: every URL is answered here, by path and query."""
    split = urlsplit(target)
    query = {name: values[-1] for name, values in parse_qs(split.query).items()}
    path = split.path
    if path == "/":
        return _page("Mill Shop", "Bread, cheese and coffee from the old mill.", LINKED)
    if path == "/about":
        language = query.get("lang", "en")
        switcher = tuple(f"/about?lang={other}" for other in ("en", "fr", "klingon"))
        return _page(*ABOUT.get(language, ABOUT["en"]), switcher if language == "de" else ())
    if path == "/gallery":  # an unknown view falls back to the list; no view is the grid
        if query.get("view") in (None, "grid"):
            return _page("Gallery", "Photos of the mill in a grid: the wheel, the river.")
        return _page("Gallery", "Photos of the mill, one a line.")
    if path == "/item.php":
        if "id" not in query:
            return _page("All items", "Everything we make.", tuple(f"?id={n}" for n in ITEMS))
        return _page(*ITEMS.get(query["id"], NO_ITEM))
    moved = _moved(path, query)
    if moved is not None:
        return moved
    if path == "/catalog/":
        return _page(
            "Catalog", "Chairs, aprons, kettles.", tuple(f"/item.php?id={n}" for n in ITEMS)
        )
    if path.startswith("/posts/"):
        return _page(*POSTS.get(path.removeprefix("/posts/"), NO_POST))
    if path.startswith("/wiki/") and query.get("action") == "edit":
        if path == "/wiki/Home":
            form = '<form method="post"><textarea name="text">Welcome</textarea></form>'
            return _page("Editing Home", f"Change the home page of the mill's wiki. {form}")
        return _page(*NO_WIKI_PAGE)
    if path == "/wiki/Home":
        return _page("Home", "Welcome to the mill's wiki: recipes, opening hours, history.")
    return Page.html("<!doctype html><title>Not found</title><h1>Not found</h1>", status=404)


def _moved(path: str, query: dict[str, str]) -> Page | None:
    """The old URL schemes, the slugs and values ignored, and the pages they move to."""
    if path in REDIRECTS:
        return Page.redirect(REDIRECTS[path])
    if path.startswith("/shop/item/"):
        return Page.redirect("/catalog/", status=302)
    if path == "/products/oak-chair":
        return _page(*ITEMS["1"], ("/shop/item/velvet-stool-blue",))
    if path.startswith("/questions/123/"):
        if path == QUESTION:
            return _page("How to bake rye bread", "Sour dough, three days, a hot oven.")
        return Page.redirect(QUESTION)
    if path == "/product.php":  # any other parameter ignored: the product's own page
        return Page.redirect("/products/5-tent" if query.get("id") == "5" else "/catalog/")
    if path == "/products/5-tent":
        return _page("Canvas tent", "A four person canvas tent, cotton, with a porch.")
    return None


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    database = f"sqlite:///{tmp_path_factory.mktemp('probe-shapes') / 'crawl.db'}"
    with serve(Site(fallback=_answer)) as server:
        summary = json.loads(
            run_gatewatch("crawl", f"{server.base_url}/", "--db", database, "--json").stdout
        )
    export = run_gatewatch("export", str(summary["run"]), "--db", database).stdout
    records = {}
    for record in map(json.loads, export.splitlines()):
        split = urlsplit(record["url"])
        records[split.path + (f"?{split.query}" if split.query else "")] = record
    with open_database(database).connect() as connection:
        sent = connection.execute(select(probes.c.shape, probes.c.kind, probes.c.url)).all()
    return records, sent


def _probe_paths(sent) -> list[tuple[str, str, str]]:
    return [(kind, urlsplit(url).path, urlsplit(url).query) for _, kind, url in sent]


def _reasons(record: dict) -> set[str]:
    return {reason for verdict in record.get("verdicts") or [] for reason in verdict["reasons"]}


def test_a_value_the_software_replaces_by_its_default_is_no_soft_404(crawled):
    records, _ = crawled
    languages = ("de", "en", "fr", "klingon")
    assert {f"/about?lang={language}" for language in languages} <= set(records)
    flagged = {
        language: records[f"/about?lang={language}"]["flags"]
        for language in languages
        if records[f"/about?lang={language}"]["flags"]
    }
    assert flagged == {}


def test_a_query_driven_error_template_is_still_caught_by_its_probe(crawled):
    records, _ = crawled
    assert "soft_404" in records["/item.php?id=99"]["flags"]
    assert "probe_match" in _reasons(records["/item.php?id=99"])
    assert all(not records[f"/item.php?id={number}"]["flags"] for number in ITEMS)


def test_a_shape_met_as_the_target_of_redirects_is_probed(crawled):
    records, sent = crawled
    assert any(path.startswith("/posts/") for _, path, _ in _probe_paths(sent))
    assert "soft_404" in records["/posts/summer-fair-was-great"]["flags"]
    assert "probe_match" in _reasons(records["/posts/summer-fair-was-great"])
    assert not records["/posts/spring-menu-is-here"]["flags"]


def test_a_shape_met_only_as_redirects_is_probed(crawled):
    records, sent = crawled
    assert any(path.startswith("/shop/item/") for _, path, _ in _probe_paths(sent))
    # a URL that cannot exist ends at the catalog too: the removed item is a soft 404
    assert "soft_404" in records["/shop/item/velvet-stool-blue"]["flags"]
    assert "probe_final_url" in _reasons(records["/shop/item/velvet-stool-blue"])
    assert not records["/shop/item/oak-chair-classic"]["flags"]


def test_a_redirect_whose_own_probe_ends_where_it_ends_is_no_soft_404(crawled):
    """The probe made from a redirect only varies what the site ignores (a slug, a tracking
    value): that it ends at the same page says nothing of the redirect itself."""
    records, sent = crawled
    assert any(path.startswith("/questions/123/") for _, path, _ in _probe_paths(sent))
    assert not records["/questions/123/rye-bread"]["flags"]
    assert not records["/product.php?id=5&ref=nav"]["flags"]
    assert not records["/product.php?id=5&ref=footer"]["flags"]  # (its shape's, another's)
    assert not records[QUESTION]["flags"]


def test_a_deeper_path_keeps_its_query_string_in_its_probe(crawled):
    records, sent = crawled
    wiki = [(path, query) for _, path, query in _probe_paths(sent) if path.startswith("/wiki/")]
    assert wiki
    assert all(query == "action=edit" for _, query in wiki)
    assert "soft_404" in records["/wiki/Gone?action=edit"]["flags"]
    assert not records["/wiki/Home?action=edit"]["flags"]


def test_a_shape_costs_one_probe_and_a_query_value_one_more(crawled):
    _, sent = crawled
    kinds_by_shape: dict[str, list[str]] = {}
    for shape, kind, _ in sent:
        kinds_by_shape.setdefault(shape, []).append(kind)
    query_shapes = {
        shape for shape in kinds_by_shape if shape.endswith(("?lang", "?id", "?id,ref"))
    }
    assert len(query_shapes) == 3
    assert all(
        sorted(kinds) == (["bare", "random"] if shape in query_shapes else ["random"])
        for shape, kinds in kinds_by_shape.items()
    ), kinds_by_shape
    bare = sorted((path, query) for kind, path, query in _probe_paths(sent) if kind == "bare")
    assert bare == [("/about", ""), ("/item.php", ""), ("/product.php", "id=5")]


def test_check_of_a_value_that_falls_back_to_another_view_is_no_soft_404():
    """/gallery?view=list: an unknown view falls back to the list, no view is the grid. The
    probe of the URL checked echoes it; the URL without the parameter answers another page,
    which does not make the checked page its own error template."""
    with serve(Site(fallback=_answer)) as server:
        checked = json.loads(
            run_gatewatch("check", f"{server.base_url}/gallery?view=list", "--json").stdout
        )
        healthy = json.loads(
            run_gatewatch("check", f"{server.base_url}/about?lang=en", "--json").stdout
        )
    assert checked["verdicts"] == []
    assert healthy["verdicts"] == []


def test_check_of_a_redirect_whose_own_probe_ends_where_it_ends_is_no_soft_404():
    """As in a crawl: the redirect the shape's probe was made from is judged by the host's."""
    with serve(Site(fallback=_answer)) as server:
        checked = json.loads(
            run_gatewatch("check", f"{server.base_url}/questions/123/rye-bread", "--json").stdout
        )
    assert [verdict["flag"] for verdict in checked["verdicts"]] == []


def _bare_answers_last(target: str) -> Page:
    """The mill's /about, its URL without `lang` answering a second after any other."""
    if urlsplit(target).path not in ("/", "/about"):
        return _answer(target)
    if urlsplit(target).path == "/":
        return _page(
            "Mill Shop", "Bread, cheese and coffee from the old mill.", ("/about?lang=de",)
        )
    page = _answer(target)
    return replace(page, delay=1.0) if target == "/about" else page


def test_the_probes_table_records_what_detection_used_when_the_bare_probe_answers_last(
    tmp_path,
):
    """/about?lang=<random> answers first, /about a second later: the random probe is the
    default page (detection compares no page with it), and its row says so, not "page"."""
    database = f"sqlite:///{tmp_path / 'crawl.db'}"
    with serve(Site(fallback=_bare_answers_last)) as server:
        run_gatewatch("crawl", f"{server.base_url}/", "--db", database, "--json")
    with open_database(database).connect() as connection:
        rows = connection.execute(select(probes.c.kind, probes.c.url, probes.c.looks_like)).all()
    about = {kind: looks_like for kind, url, looks_like in rows if "/about" in url}
    assert about == {"random": "default", "bare": "page"}
