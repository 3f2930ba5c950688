"""Debian dhelp (0.6.30): Debian's documentation index (the pages dhelp_parse writes to
/usr/share/doc/HTML from the registered doc-base documents) and its search CGI (dsearch,
Perl, over a swish++ index) under a lighttpd of ours on 127.0.0.1, as dhelp's lighttpd
snippet serves them (/doc/ and /cgi-bin/). Everything dhelp writes is written in the work
folder: its state (/var/lib/dhelp), its index pages (/usr/share/doc/HTML), its configuration
(/etc/dhelp.conf, searching a doc-base folder of ours holding copies of six documents of
packages every such machine has: w3m, bc, time, base-passwd, python3, dhelp's own
dependencies) and the locales dsearch chooses from (/usr/lib/locale, made here by localedef)
are bind-mounted in a mount namespace of their own (`unshare -m`), where dhelp's weekly job
(dhelp_parse -r, then -i) is run; nothing of the machine's is changed. The index pages are
written once for each language dhelp ships (dhelp_parse under LANG, as on a machine in that
language), each served by its own lighttpd; dsearch answers in the language the browser
asks for (Accept-Language) among the machine's locales.

Pages: the documentation index, its sections (two, two subsections, all documents),
searches with results (a word, two words), a search with no results ("No results.") and one of
only a stop word ("No results (ignored words: ...)") (ok, 200), in English and each of the 12
languages dhelp ships (da, de, el, es, eu, fr, id, it, ja, pt, ru, se) where the text is not
English's. dhelp has no sign-in and refuses nothing: no soft_401 or soft_403 pages.

Left out: dhelp_fetcher's error pages ("I can't find ... in the doc-base documentation",
"You have to specify a parameter 'file'"): in Debian 12 its error template fails
(uninitialized constant Dhelp::Exporter) after the header is sent, so it answers 200 with an
empty page; dsearch's "Please specify a search term." (a search without words: neither not
found nor refused) and its "No search database found." (before the weekly job has run);
lighttpd's own 404 pages for /doc/ files that do not exist (lighttpd's, not dhelp's)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from bench.harvest import docs_servers
from bench.harvest.core import Page, apt_install, deb_version, running
from bench.harvest.kept_pages import Kept, get, session

GROUP = "dhelp"
DOCUMENTS = ("w3m", "bc", "time", "users-and-groups", "python-policy")
# the language dhelp ships (its message catalogs) -> the locale made for it
LOCALES = {
    "en": "C.UTF-8", "da": "da_DK", "de": "de_DE", "el": "el_GR", "es": "es_ES",
    "eu": "eu_ES", "fr": "fr_FR", "id": "id_ID", "it": "it_IT", "ja": "ja_JP",
    "pt": "pt_PT", "ru": "ru_RU", "se": "se_NO",
}  # fmt: skip
SEARCH = "/cgi-bin/dsearch?search="
# (path, label, name, note)
REQUESTS = (
    ("/doc/HTML/index.html", "ok", "index", "the documentation index (dhelp_parse's)"),
    ("/doc/HTML/Network/index.html", "ok", "section", "a section of the index (Network)"),
    ("/doc/HTML/Network/Web%20browsing/index.html", "ok", "subsection",
     "a subsection of the index (Network/Web browsing)"),
    ("/doc/HTML/Debian/index.html", "ok", "section-debian", "a section of the index (Debian)"),
    ("/doc/HTML/Science/Mathematics/index.html", "ok", "subsection-mathematics",
     "a subsection of the index (Science/Mathematics)"),
    ("/doc/HTML/All/index.html", "ok", "all", "all documents of the index"),
    (f"{SEARCH}browser", "ok", "search", "a search with results"),
    (f"{SEARCH}python+policy", "ok", "search-two-words", "a search of two words, with results"),
    (f"{SEARCH}harbourstreet", "ok", "search-nothing", "a search without results: 'No results.'"),
    (f"{SEARCH}the", "ok", "search-stop-word",
     "a search of a stop word: 'No results (ignored words: the) ...'"),
)  # fmt: skip


def harvest(work: Path) -> list[Page]:
    apt_install("dhelp", "lighttpd", "locales", "w3m", "bc", "time")
    source = f"{deb_version('dhelp')}, {deb_version('lighttpd')}"
    shutil.rmtree(work, ignore_errors=True)
    _prepare(work)
    for language in LOCALES:
        _write_index(work, language)
    found = Kept(GROUP, source)
    for offset, language in enumerate(LOCALES):
        port = docs_servers.port(10 + offset)
        aliases = {"/doc/": "/usr/share/doc/", "/cgi-bin/": "/usr/lib/cgi-bin/"}
        lighttpd = docs_servers.lighttpd(work / f"server-{language}", port, aliases)
        script = f"{_mounts(work, language)} exec {' '.join(lighttpd)}"
        with running(["unshare", "-m", "sh", "-c", script], port, work / "lighttpd.log"):
            browser = session(language)
            for path, label, name, note in REQUESTS:
                status, _, kind, body = get(browser, f"http://127.0.0.1:{port}{path}")
                if status != 200:
                    raise RuntimeError(f"GET {path} ({language}) answered {status}")
                how = f"GET {path} (Accept-Language: {language}"
                how += ")" if language == "en" else f"; index made with LANG={_locale(language)})"
                found.keep(name, language, body, status, kind, label, how, note)
    return found.pages


def _locale(language: str) -> str:
    return LOCALES[language] if language == "en" else f"{LOCALES[language]}.UTF-8"


def _prepare(work: Path) -> None:
    """dhelp's state, configuration, doc-base folder and locales, in the work folder."""
    (work / "state" / "tmp").mkdir(parents=True)
    (work / "state" / "configured").touch()
    documents = work / "doc-base"
    documents.mkdir()
    for document in DOCUMENTS:
        shutil.copy(Path("/var/lib/doc-base/documents") / document, documents / document)
    (work / "dhelp.conf").write_text(f"---\nsearch_directories:\n- {documents}/\n")
    locales = work / "locale"
    shutil.copytree("/usr/lib/locale", locales)
    for language, name in LOCALES.items():
        if language != "en":
            subprocess.run(["localedef", "-i", name, "-f", "UTF-8", str(locales / f"{name}.utf8")],
                           check=True, capture_output=True)  # fmt: skip
    subprocess.run(["chmod", "-R", "a+rX", str(work)], check=True)


def _mounts(work: Path, language: str) -> str:
    """The shell commands that put the work folder's dhelp in place of the machine's."""
    html = work / "html" / language
    html.mkdir(parents=True, exist_ok=True)
    return (
        f"set -e; mount --bind {work}/state /var/lib/dhelp;"
        f" mount --bind {work}/dhelp.conf /etc/dhelp.conf;"
        f" mount --bind {html} /usr/share/doc/HTML;"
        f" mount --bind {work}/locale /usr/lib/locale;"
    )


def _write_index(work: Path, language: str) -> None:
    """dhelp's weekly job, with the machine in `language`: the index pages and the search
    index (made once, in English)."""
    script = f"{_mounts(work, language)} /usr/sbin/dhelp_parse -r;"
    if language == "en":
        script += " rm -f /var/lib/dhelp/documents.index; /usr/sbin/dhelp_parse -i;"
    environment = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": _locale(language)}
    subprocess.run(["unshare", "-m", "sh", "-c", script], check=True, env=environment,
                   capture_output=True)  # fmt: skip
    subprocess.run(["chmod", "-R", "a+rX", str(work / "html" / language)], check=True)
