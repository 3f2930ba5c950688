"""Debian searx (searx 1.1.0, a metasearch engine) run as its web application on 127.0.0.1
(`searx-run`, Werkzeug's server, under Debian's python3) with its settings in the work folder:
the package's example settings.yml, its secret key changed, its port ours, its outgoing proxy
a port of ours where nothing listens (so that no engine reaches the internet: every engine
that needs it fails at once, "HTTP error") and its ban of a failing engine set to 0 s (else an
engine that failed is skipped, silently, for the next searches, and the pages depend on the
order of the requests). The interface language: the `locale` preference (searx keeps its
preferences in cookies; the cookie is sent), for each locale of the settings' `locales`.

Pages, in each locale whose text differs from English's (the page's text less its digits):
searx's "Page not found ... Go to search page" (404) for an unknown URL (soft_404); healthy
pages: the search page, the about page, the preferences, and two searches ("harbour street",
in the general and in the images category), whose pages are what a user of an instance
without internet sees: the query, no result, and "Error! Engines cannot retrieve results.
brave (HTTP error), wikipedia (HTTP error), ... Please, try again later or find another searx
instance." (200): a search answered, whose engines failed, neither a not-found nor a sign-in
nor a refusal page, so ok (as loggerhead's search without results is).

searx has no accounts: no sign-in page and no refusal. Left out: the answer to an invalid
parameter (/search?q=...&pageno=abc: the search page with "Error! search error", 400: a
malformed request, none of our labels), the image proxy without its parameters (Werkzeug's
"500 Internal Server Error", not searx's page), /stats (switched off: the same 404 page),
the JSON, CSV and RSS answers of a search."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, running
from bench.harvest.web_session import Keeper, Session

GROUP = "searx"
PORT = 18560  # this harvester's range is 18550-18599 (the machine is shared)
DEAD_PROXY = 18559  # nothing listens there: every engine's request fails at once
EXAMPLE = Path("/usr/share/doc/searx/examples/settings.yml")
# (path, label, name, note)
REQUESTS = (
    ("/", "ok", "home", "the search page"),
    ("/about", "ok", "about", "the about page"),
    ("/preferences", "ok", "preferences", "the preferences"),
    ("/search?q=harbour+street", "ok", "search-engines-failed",
     "a search (general): no result and 'Error! Engines cannot retrieve results. ... (HTTP "
     "error) ... Please, try again later or find another searx instance.' (no internet)"),
    ("/search?q=harbour+street&categories=images", "ok", "search-images-engines-failed",
     "a search of images: no result and 'Error! Engines cannot retrieve results ...' (no "
     "internet)"),
    ("/nosuch/page", "soft_404", "not-found", "an unknown URL: 'Page not found' (404)"),
)  # fmt: skip


def harvest(work: Path) -> list[Page]:
    apt_install("searx")
    source = deb_version("searx")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    settings = _settings(work)
    locales = _locales(settings)
    keeper = Keeper(GROUP, source, _noise(settings))
    command = ["/usr/bin/python3", "/usr/bin/searx-run"]
    environment = {"PATH": "/usr/bin:/bin", "SEARX_SETTINGS_PATH": str(settings)}
    with running(command, PORT, work / "searx.log", env=environment, timeout=120):
        base = f"http://127.0.0.1:{PORT}"
        for locale in ["en", *sorted(set(locales) - {"en"})]:
            _pages(keeper, base, locale)
    return keeper.pages


def _settings(work: Path) -> Path:
    text = EXAMPLE.read_text()
    replacements = {
        "port : 8888": f"port : {PORT}",
        "ultrasecretkey": "harvest-only-searx-secret-0123456789",
        "ban_time_on_fail : 5": "ban_time_on_fail : 0",
        "max_ban_time_on_fail : 120": "max_ban_time_on_fail : 0",
        "#    proxies:\n#        http:\n#            - http://proxy1:8080\n"
        "#            - http://proxy2:8080\n#        https:\n#            - http://proxy1:8080\n"
        "#            - http://proxy2:8080": f"    proxies:\n"
        f"        http: http://127.0.0.1:{DEAD_PROXY}\n"
        f"        https: http://127.0.0.1:{DEAD_PROXY}",
    }
    for old, new in replacements.items():
        if old not in text:
            raise RuntimeError(f"the example settings have no {old!r}")
        text = text.replace(old, new, 1)
    settings = work / "settings.yml"
    settings.write_text(text)
    return settings


def _locales(settings: Path) -> list[str]:
    """The keys of the settings' `locales` section (the interface languages offered)."""
    section = settings.read_text().split("\nlocales:\n", 1)[1]
    return re.findall(r"(?m)^    ([a-zA-Z_]+) *:", section.split("\n\n", 1)[0])


def _noise(settings: Path) -> re.Pattern:
    """Digits, and the engines' names: searx lists the failed engines from a set, in no fixed
    order, so two pages are compared without them."""
    names = re.findall(r"(?m)^  - name ?: ?(.+?)\s*$", settings.read_text())
    names = sorted({name.strip("\"'") for name in names}, key=len, reverse=True)
    return re.compile(r"\d[\d.,:]*|" + "|".join(re.escape(name) for name in names))


def _pages(keeper: Keeper, base: str, locale: str) -> None:
    recorded = locale.replace("_", "-").lower()
    for path, label, name, note in REQUESTS:
        browser = Session(base, "en")
        status, _, kind, body = browser.get(path, headers={"Cookie": f"locale={locale}"})
        if label == "ok" and status != 200:
            raise RuntimeError(f"{path} ({locale}) answered {status}")
        how = f"GET {path} (the locale preference {locale}, in its cookie)"
        keeper.keep(name, body, status, label, recorded, how, note, kind)
