"""Debian kiwix-tools (kiwix-serve 3.3.0, libkiwix 11.0.0): kiwix-serve on 127.0.0.1 (with
--blockexternal) serving three small ZIM files of ours, made here with zim-tools'
zimwriterfs from a few HTML pages of our own (a guide to North Sea lighthouses, in English,
and one to Alpine huts, in French, each with its full-text index; tide tables, in English,
without one), as a user serves an offline library.

Pages: libkiwix's "Content not found ... Not Found ... The requested URL ... was not found on
this server." (404) for an article a book does not have, a book the library does not have, a
missing skin file or illustration; its "No such book: ..." (404) for a random article and a
raw entry of a book that does not exist, "Cannot find content entry ..." (404) for a raw
entry a book does not have, "Not Found ... The fulltext search engine is not available for
this content." (404) for a search in the book without an index; "Invalid request ... No such
book: ..." and "Invalid request ... No book matches selection criteria" (400) for a search
in a book that does not exist and in the books of a language the library has none of
(soft_404 all); "External link blocked ... This instance of Kiwix protects you from
accidentally going to external (out-of ZIM) links." (/catch/external, 200) (soft_403); the
library's welcome page, articles of each book, a raw article, searches with results (in a
book, in two, in the books of a language, a second page of results) and without (ok, 200).
libkiwix's own pages in every language it ships by Accept-Language (14 besides English: bn,
fr, he, hy, it, ja, ko, mk, pl, ru, sc, sk, sv, tr), kept where the text is not English's.

Left out: "Invalid request ... No query provided." (400, a search without words: neither
not found nor refused); a search in every book (with the book without an index in the
library, the same "not available" page); the OPDS catalog and suggestions (XML and JSON, no
page)."""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from pathlib import Path

from bench.harvest import docs_servers
from bench.harvest.core import Page, apt_install, deb_version, running
from bench.harvest.kept_pages import Kept, get, session

GROUP = "kiwix"
LANGUAGES = ("en", "bn", "fr", "he", "hy", "it", "ja", "ko", "mk", "pl", "ru", "sc", "sk", "sv",
             "tr")  # fmt: skip
BOOKS = {
    "lighthouses": (
        "eng",
        "North Sea lighthouses",
        "A small guide to North Sea lighthouses",
        {
            "index.html": (
                "Lighthouses of the North Sea",
                "<p>A small guide to the <a href='heligoland.html'>Heligoland</a> and"
                " <a href='texel.html'>Texel</a> lighthouses, and to visiting them"
                " (<a href='http://example.org/ferries'>ferry times</a>).</p>",
            ),
            "heligoland.html": (
                "Heligoland lighthouse",
                "<p>The Heligoland lighthouse stands on the Oberland, 82 metres above the sea."
                " Its light reaches 28 nautical miles and is among the strongest in Europe.</p>"
                "<p><a href='index.html'>Home</a></p>",
            ),
            "texel.html": (
                "Texel lighthouse",
                "<p>Lighthouse Eierland, on the northern tip of Texel, was built in 1864 and is"
                " 35 metres tall. Visitors climb 118 steps to its gallery.</p>"
                "<p><a href='index.html'>Home</a></p>",
            ),
        },
    ),
    "refuges": (
        "fra",
        "Refuges des Alpes",
        "Un petit guide des refuges de montagne",
        {
            "index.html": (
                "Refuges des Alpes",
                "<p>Un petit guide du <a href='gouter.html'>refuge du Goûter</a>.</p>",
            ),
            "gouter.html": (
                "Refuge du Goûter",
                "<p>Le refuge du Goûter, à 3 835 mètres, accueille 120 alpinistes sur la voie"
                " normale du mont Blanc. Réservation obligatoire.</p>"
                "<p><a href='index.html'>Accueil</a></p>",
            ),
        },
    ),
    "tides": (
        "eng",
        "Tide tables of Heligoland",
        "High and low water at Heligoland, without a full-text index",
        {
            "index.html": (
                "Tide tables of Heligoland",
                "<p>High water at Heligoland on 1 June: 04:12 and 16:31; low water: 10:48"
                " and 23:02. See the <a href='july.html'>July table</a>.</p>",
            ),
            "july.html": (
                "Tides in July",
                "<p>High water at Heligoland on 1 July: 05:40 and 18:02.</p>"
                "<p><a href='index.html'>Home</a></p>",
            ),
        },
    ),
}
UNINDEXED = {"tides"}
EXTERNAL = "/catch/external?source=http%3A%2F%2Fexample.org%2Fferries"
# (path, status, label, name, note)
REQUESTS = (
    ("/", 200, "ok", "library", "the library's welcome page (three books)"),
    ("/lighthouses/index.html", 200, "ok", "article-main", "a book's main page"),
    ("/lighthouses/heligoland.html", 200, "ok", "article", "an article"),
    ("/refuges/gouter.html", 200, "ok", "article-french-book", "an article of the French book"),
    ("/tides/index.html", 200, "ok", "article-unindexed-book",
     "the main page of the book without a full-text index"),
    ("/raw/lighthouses/content/texel.html", 200, "ok", "raw-article", "an article, raw"),
    ("/search?content=lighthouses&pattern=lighthouse", 200, "ok", "search",
     "a search with results"),
    ("/search?content=lighthouses&pattern=lighthouse&pageLength=1&start=2", 200, "ok",
     "search-second-page", "the second page of a search's results"),
    ("/search?books.name=lighthouses&books.name=refuges&pattern=refuge", 200, "ok",
     "search-two-books", "a search in two books"),
    ("/search?books.filter.lang=fra&pattern=refuge", 200, "ok", "search-by-language",
     "a search in the books of a language"),
    ("/search?content=lighthouses&pattern=zzzqqq", 200, "ok", "search-nothing",
     "a search without results: 'No results were found for ...'"),
    ("/lighthouses/nosuch.html", 404, "soft_404", "unknown-article",
     "an article the book does not have"),
    ("/lighthouses/A/Fastnet_Rock", 404, "soft_404", "unknown-article-path",
     "an article path the book does not have"),
    ("/nosuchbook/index.html", 404, "soft_404", "unknown-book",
     "a book the library does not have"),
    ("/skin/nosuch.css", 404, "soft_404", "unknown-skin-file", "a skin file that does not exist"),
    ("/catalog/v2/illustration/nosuchbook/?size=48", 404, "soft_404", "unknown-illustration",
     "the illustration of a book the library does not have"),
    ("/random?content=nosuchbook", 404, "soft_404", "random-unknown-book",
     "a random article of a book the library does not have: 'No such book'"),
    ("/raw/nosuchbook/content/index.html", 404, "soft_404", "raw-unknown-book",
     "a raw entry of a book the library does not have: 'No such book'"),
    ("/raw/lighthouses/content/nosuch.html", 404, "soft_404", "raw-unknown-entry",
     "a raw entry the book does not have: 'Cannot find content entry'"),
    ("/search?content=tides&pattern=tide", 404, "soft_404", "search-without-index",
     "a search in a book without a full-text index: 'Not Found ... The fulltext search"
     " engine is not available for this content.'"),
    ("/search?content=nosuchbook&pattern=light", 400, "soft_404", "search-unknown-book",
     "a search in a book the library does not have: 'Invalid request ... No such book'"),
    ("/search?books.filter.lang=deu&pattern=leuchtturm", 400, "soft_404",
     "search-no-book-matches", "a search in the books of a language the library has none of:"
     " 'Invalid request ... No book matches selection criteria'"),
    (EXTERNAL, 200, "soft_403", "external-link-blocked",
     "an external link of an article: 'External link blocked'"),
)  # fmt: skip


def harvest(work: Path) -> list[Page]:
    apt_install("kiwix-tools", "zim-tools")
    source = f"{deb_version('kiwix-tools')}, {deb_version('libkiwix11')}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    zims = [_write_book(work, name, *book) for name, book in BOOKS.items()]
    port = docs_servers.port(0)
    command = ["kiwix-serve", "--blockexternal", "-i", "127.0.0.1", "-p", str(port), *zims]
    found = Kept(GROUP, source)
    with running(command, port, work / "kiwix-serve.log"):
        base = f"http://127.0.0.1:{port}"
        for language in LANGUAGES:
            browser = session(language)
            for path, expected, label, name, note in REQUESTS:
                status, _, kind, body = get(browser, base + path)
                if status != expected:
                    raise RuntimeError(f"GET {path} answered {status}, not {expected}")
                how = f"GET {path} (Accept-Language: {language})"
                found.keep(name, language, body, status, kind, label, how, note)
    return found.pages


def _write_book(work: Path, name: str, language: str, title: str, description: str,
                pages: dict[str, tuple[str, str]]) -> str:  # fmt: skip
    """A ZIM file of `pages`, made by zimwriterfs; its path."""
    folder = work / name
    folder.mkdir()
    for file, (heading, body) in pages.items():
        (folder / file).write_text(
            f"<!DOCTYPE html><html lang='{language[:2]}'><head><meta charset='utf-8'>"
            f"<title>{heading}</title></head><body><h1>{heading}</h1>{body}</body></html>",
            encoding="utf-8",
        )
    (folder / "icon.png").write_bytes(_square_png(48))
    zim = work / f"{name}.zim"
    subprocess.run(
        ["zimwriterfs", "--welcome=index.html", "--illustration=icon.png",
         f"--language={language}", f"--title={title}", f"--description={description}",
         "--creator=gatewatch harvest", "--publisher=gatewatch", f"--name={name}",
         *(["--withoutFTIndex"] if name in UNINDEXED else []), str(folder), str(zim)],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    return str(zim)


def _square_png(size: int) -> bytes:
    """A plain blue square, the illustration zimwriterfs requires."""
    rows = b"".join(b"\x00" + b"\x30\x80\xc0" * size for _ in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        check = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + check

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))  # fmt: skip
