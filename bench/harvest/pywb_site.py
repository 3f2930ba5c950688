"""pywb (PyPI, a web archive replay server; an environment of its own) on 127.0.0.1: a
collection of its own (`wb-manager init`, `wb-manager add` of a small WARC written here with
warcio from a small site served by this harvest on 127.0.0.1), two access rules of its own
(`wb-manager acl add`: one page blocked, one excluded), `wayback` on the harvest's port.

Pages: "URL Not Found ... could not be found in this collection." for a URL the archive does
not hold and for the excluded one (404); "Pywb Error / Collection not found" for an unknown
collection and an unknown top path (404); "Static file not found" (404); "Access Blocked to
..." for the blocked URL (451: not allowed, soft_403). Healthy: the home page (the list of
collections), the collection's search page, the query (calendar) page for a URL and a prefix,
a replayed page's frame (its top frame, a shell drawn by script) and the replayed page itself.
English only: pywb ships no translations (its `wb-manager i18n` extracts the templates' text
for an operator to translate; enabled locales without catalogs show English text).
Left out: the top frame for a URL not in the archive (the same empty shell as a healthy
frame: the not-found page is its inner frame, kept); the query pages' results (drawn by
script from the CDX API: every query page is the same "Search Results" shell, kept once);
the CDX and timemap answers (text)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from bench.harvest import pyenv, web_session
from bench.harvest.core import Page, running
from bench.harvest.web_session import Keeper, Session

GROUP = "pywb"
HOME = Path("/tmp/fresh5c/pywb-venv")
CAPTURE = """import sys, urllib.request
from warcio.capture_http import capture_http
with capture_http(sys.argv[1]):
    for url in sys.argv[2:]:
        urllib.request.urlopen(url).read()
"""
TIME = "2026"  # a timestamp prefix: the closest capture is replayed
# (path, label, name, note); {site}: the archived site's address
REQUESTS = (
    ("/", "ok", "home", "the home page: the list of collections"),
    ("/bakery/", "ok", "collection", "the collection's search page"),
    ("/bakery/*/{site}*", "ok", "query", "the query page for a prefix (results drawn by script)"),
    ("/bakery/*/{site}index.html", "ok", "query-url", "the query (calendar) page for a URL"),
    (f"/bakery/{TIME}/{{site}}index.html", "ok", "frame", "a replayed page's top frame"),
    (f"/bakery/{TIME}mp_/{{site}}index.html", "ok", "replay", "a replayed page (inner frame)"),
    (f"/bakery/{TIME}mp_/{{site}}missing.html", "soft_404", "url-not-found",
     "a URL the collection does not hold (404)"),
    (f"/bakery/{TIME}mp_/{{site}}hours.html", "soft_404", "url-excluded",
     "a URL excluded by the collection's access rules: answered as not found (404)"),
    (f"/bakery/{TIME}mp_/http://nosuch.example.org/", "soft_404", "host-not-found",
     "a site the collection does not hold (404)"),
    ("/nosuch/", "soft_404", "collection-not-found", "an unknown collection (404)"),
    (f"/nosuch/{TIME}/{{site}}index.html", "soft_404", "collection-not-found-url",
     "a replay URL in an unknown collection (404)"),
    ("/static/nosuch.js", "soft_404", "static-not-found", "an unknown static file (404)"),
    (f"/bakery/{TIME}mp_/{{site}}bread.html", "soft_403", "access-blocked",
     "a URL blocked by the collection's access rules (451)"),
)  # fmt: skip


def harvest(work: Path) -> list[Page]:
    python = pyenv.python("pywb", "warcio", home=HOME)
    version = pyenv.versions(python, "pywb")["pywb"]
    keeper = Keeper(GROUP, f"pywb {version} (PyPI)")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    site_port, port = web_session.port(1), web_session.port(2)
    manager = str(python.parent / "wb-manager")
    with web_session.serving(web_session.write_site(work / "site"), site_port) as site:
        pages = [site + name for name in web_session.SITE]
        subprocess.run([str(python), "-c", CAPTURE, str(work / "bakery.warc.gz"), *pages],
                       check=True, capture_output=True)  # fmt: skip
    subprocess.run([manager, "init", "bakery"], cwd=work, check=True, capture_output=True)
    subprocess.run([manager, "add", "bakery", "bakery.warc.gz"], cwd=work, check=True,
                   capture_output=True)  # fmt: skip
    for name, access in (("bread.html", "block"), ("hours.html", "exclude")):
        subprocess.run([manager, "acl", "add", "bakery", site + name, access], cwd=work,
                       check=True, capture_output=True)  # fmt: skip
    command = [str(python.parent / "wayback"), "-p", str(port), "-b", "127.0.0.1"]
    with running(command, port, work / "wayback.log", cwd=work):
        visitor = Session(f"http://127.0.0.1:{port}")
        for path, label, name, note in REQUESTS:
            path = path.format(site=site)
            status, final, kind, body = visitor.get(path)
            how = f"GET {path}" + (f"; redirected to {final}" if final != path else "")
            keeper.keep(name, body, status, label, "en", how, note, kind)
    return keeper.pages
