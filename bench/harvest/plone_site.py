"""Plone 6 (PyPI `Products.CMFPlone` with `plone.classicui`, Classic UI: pages rendered on the
server), in an environment of its own on Python 3.12: a Zope instance made by
`mkwsgiinstance` (an administrator given on its command line), a site made by a script run
with `zconsole run` (Products.CMFPlone.factory.addPloneSite with the "classic" distribution:
its News, Events and Members folders), language negotiation by the browser's Accept-Language
switched on over every language plone.app.locales translates (Plone's own language setting:
plone.use_request_negotiation, plone.available_languages), a member (alice, role Member), a
page, a folder of two pages and a news item (published), and a private page of the
administrator's; served by `runwsgi` (waitress) on 127.0.0.1.

Pages: its not-found page ("This page does not seem to exist… We apologize for the
inconvenience ...", 404) for an unknown URL and an unknown name in a folder (with its "You
might have been looking for…" list); the sign-in page (asked for; where a private page sends
a visitor, following Plone's redirect through require_login; after a wrong password: "Login
failed"); "Insufficient Privileges ... You do not have sufficient privileges to view this
page." where the private page sends the member (signed in by HTTP Basic authentication,
which Plone's user folder accepts); healthy pages: the front page, a page, a folder listing,
a page in it, a news item, the news and events folders, a search with results, the site map,
the contact form, the accessibility page, and signed in the front page, the dashboard and
the personal-information form. The error and sign-in pages are kept in every language whose
message (the text of Plone's <article id="content">) differs from the English page's, the
healthy pages (where their text differs) and the redirected and failed sign-in pages in a
few. Left out: the member's
not-found page (Plone identifies no user on a not-found answer: the visitor's page), the
control panel's answers (the same sign-in and "Insufficient Privileges" pages as the private
page's), the bodies of Plone's 302 answers (an error page behind a redirect no browser
shows), /insufficient-privileges asked for by a visitor, and the JSON Plone's REST layer
answers a request that does not accept HTML."""

from __future__ import annotations

import base64
import html
import os
import re
import shutil
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page, fetch, running

GROUP = "plone"
# the environments of the fifth fresh side's PyPI programs (another place: HARVEST_ENV_HOME)
HOME = Path(os.environ.get("HARVEST_ENV_HOME", pyenv.HOME.parent)) / "plone-venv"
PYTHON = Path.home() / ".pyenv" / "versions" / "3.12.1" / "bin" / "python"
REQUIREMENTS = ("Products.CMFPlone==6.1.3", "plone.classicui", "plone.app.upgrade")
PORT = 18211  # this harvest's ports: 18200-18299
ADMIN = "admin:harvest-admin-42"
MEMBER = "alice:harvest-member-42"
# plone.app.locales' catalogs, as Plone's language codes (combined codes for regions);
# the setup keeps those Plone's language vocabulary offers
LANGUAGES = (
    "en,af,ar,bg,bn,ca,cs,cy,da,de,el,en-au,en-gb,eo,es,et,eu,fa,fi,fr,gl,he,hi,hr,hu,hy,id,"
    "it,ja,ka,kn,ko,lt,lv,mi,mk,my,nl,nn,no,pl,pt,pt-br,rm,ro,ru,sk,sl,sm,sq,sr,sv,ta,te,th,"
    "to,tr,uk,vi,zh-cn,zh-hk,zh-tw"
)
FEW_LANGUAGES = ("en", "de", "fr", "es", "ja", "ru", "pt-br", "zh-cn")
SETUP = """
import sys
import transaction
from AccessControl.SecurityManagement import newSecurityManager
from plone import api
from plone.app.textfield.value import RichTextValue
from plone.i18n.interfaces import ILanguageSchema
from plone.registry.interfaces import IRegistry
from Products.CMFPlone.factory import addPloneSite
from Testing.makerequest import makerequest
from zope.component import getUtility, queryUtility
from zope.component.hooks import setSite
from zope.schema.interfaces import IVocabularyFactory

app = makerequest(app)  # noqa: F821 (zconsole's)
admin = app.acl_users.getUserById("admin")
newSecurityManager(None, admin.__of__(app.acl_users))
site = addPloneSite(app, "Plone", title="Garden club", distribution_name="classic",
                    setup_content=True, default_language="en")
setSite(site)
settings = getUtility(IRegistry).forInterface(ILanguageSchema, prefix="plone")
vocabulary = queryUtility(IVocabularyFactory, "plone.app.vocabularies.AvailableContentLanguages")
known = {term.value for term in vocabulary(site)}
settings.use_combined_language_codes = True
settings.use_request_negotiation = True
settings.available_languages = [code for code in sys.argv[-1].split(",") if code in known]
api.user.create(email="alice@example.org", username="alice", password="harvest-member-42",
                roles=("Member",), properties={"fullname": "Alice Member"})

def make(container, kind, id, title, text, publish=True):
    item = api.content.create(container=container, type=kind, id=id, title=title)
    if text:
        item.text = RichTextValue(text, "text/html", "text/x-html-safe")
    item.description = "A short description of " + title.lower() + "."
    item.reindexObject()
    if publish:
        api.content.transition(obj=item, to_state="published")
    return item

make(site, "Document", "about", "About the garden club",
     "<p>The garden club meets every Tuesday to plant, prune and share seeds.</p>")
guides = make(site, "Folder", "guides", "Gardening guides", "")
make(guides, "Document", "tomatoes", "Growing tomatoes",
     "<p>Tomatoes need sun, water and a stake. Plant them after the last frost.</p>")
make(guides, "Document", "compost", "Making compost",
     "<p>Mix green and brown garden waste and turn the heap every week.</p>")
make(site["news"], "News Item", "spring-fair", "Spring fair announced",
     "<p>The garden club's spring fair opens on the first Saturday of April.</p>")
make(site, "Document", "board-minutes", "Board minutes",
     "<p>The board's minutes, private to the administrator.</p>", publish=False)
transaction.commit()
print(",".join(settings.available_languages))
"""
# (path, label, name, note, who, every language?): who is "visitor" or "member"
REQUESTS = (
    ("/no-such-page", "soft_404", "not-found", "an unknown URL: its not-found page", "visitor", 1),
    (
        "/guides/no-such-guide",
        "soft_404",
        "not-found-in-folder",
        "an unknown name in a folder: its not-found page",
        "visitor",
        1,
    ),
    ("/login", "soft_401", "login", "the sign-in page, asked for", "visitor", 1),
    (
        "/board-minutes",
        "soft_401",
        "login-from-private-page",
        "where a private page sends a visitor (through require_login): the sign-in page",
        "visitor",
        0,
    ),
    (
        "/board-minutes",
        "soft_403",
        "insufficient-privileges",
        "where a private page sends the member (through require_login): 'Insufficient Privileges'",
        "member",
        1,
    ),
    ("/", "ok", "front-page", "the front page", "visitor", 0),
    ("/about", "ok", "page", "a page", "visitor", 0),
    ("/guides", "ok", "folder", "a folder's listing", "visitor", 0),
    ("/guides/tomatoes", "ok", "page-in-folder", "a page in a folder", "visitor", 0),
    ("/news", "ok", "news", "the news folder", "visitor", 0),
    ("/news/spring-fair", "ok", "news-item", "a news item", "visitor", 0),
    ("/events", "ok", "events", "the events folder (no events)", "visitor", 0),
    ("/@@search?SearchableText=garden", "ok", "search", "a search with results", "visitor", 0),
    ("/sitemap", "ok", "sitemap", "the site map", "visitor", 0),
    ("/contact-info", "ok", "contact", "the contact form", "visitor", 0),
    ("/accessibility-info", "ok", "accessibility", "the accessibility page", "visitor", 0),
    ("/", "ok", "front-page-member", "the front page, the member signed in", "member", 0),
    ("/dashboard", "ok", "dashboard", "the member's dashboard", "member", 0),
    (
        "/@@personal-information",
        "ok",
        "personal-information",
        "the member's personal-information form",
        "member",
        0,
    ),
)


def harvest(work: Path) -> list[Page]:
    python = pyenv.python(*REQUIREMENTS, home=_environment())
    found = pyenv.versions(python, "Products.CMFPlone", "plone.app.locales", "Zope")
    source = (
        f"Plone {found['Products.CMFPlone']} (PyPI Products.CMFPlone, plone.classicui; Zope"
        f" {found['Zope']}, plone.app.locales {found['plone.app.locales']})"
    )
    shutil.rmtree(work, ignore_errors=True)
    instance = work / "instance"
    bin_folder = python.parent
    subprocess.run(
        [str(bin_folder / "mkwsgiinstance"), "-d", str(instance), "-u", ADMIN],
        check=True,
        capture_output=True,
    )
    configuration = instance / "etc" / "zope.ini"
    configuration.write_text(configuration.read_text().replace("port = 8080", f"port = {PORT}"))
    (work / "setup.py").write_text(SETUP)
    setup = (str(work / "setup.py"), LANGUAGES)
    made = subprocess.run(
        [str(bin_folder / "zconsole"), "run", str(instance / "etc" / "zope.conf"), *setup],
        check=True,
        capture_output=True,
        text=True,
    )
    languages = made.stdout.strip().splitlines()[-1].split(",")
    command = [str(bin_folder / "runwsgi"), str(configuration)]
    pages, english = [], {}
    with running(command, PORT, work / "server.log", timeout=180):
        base = f"http://127.0.0.1:{PORT}/Plone"
        for language in languages:
            answers = []
            for path, label, name, note, who, every in REQUESTS:
                if not every and language not in FEW_LANGUAGES:
                    continue
                status, body, obtained = _get(base, path, language, who)
                if status is not None:
                    answers.append((name, label, note, status, body, obtained))
            if language in FEW_LANGUAGES:
                status, body = _wrong_password(base, language)
                obtained = (
                    f"POST /Plone/login __ac_name=alice, a wrong password (a visitor,"
                    f" Accept-Language {language})"
                )
                note = "the sign-in page after a wrong password ('Login failed')"
                answers.append(("login-failed", "soft_401", note, status, body, obtained))
            for name, label, note, status, body, obtained in answers:
                text = _text(body, whole=label == "ok")
                if language == "en":
                    english[name] = text
                elif text == english.get(name):
                    continue  # not translated: the English page is kept
                pages.append(
                    Page(
                        f"{name}.{language}.html",
                        body,
                        source,
                        GROUP,
                        obtained,
                        language,
                        label,
                        status,
                        note,
                    )
                )
    return pages


def _environment() -> Path:
    """An environment of its own on Python 3.12 (Plone 6.1 runs on 3.10 to 3.13)."""
    if not (HOME / "bin" / "python").exists():
        subprocess.run([str(PYTHON), "-m", "venv", str(HOME)], check=True)
    return HOME


def _get(base: str, path: str, language: str, who: str) -> tuple[int | None, bytes, str]:
    """The page a browser would show: Plone's redirects followed (not their bodies); None
    for an answer that is no HTML page."""
    headers = {}
    if who == "member":
        headers["Authorization"] = "Basic " + base64.b64encode(MEMBER.encode()).decode()
    url = base + path
    status, answer, body = fetch(url, language, headers)
    obtained = f"GET /Plone{path} ("
    obtained += "the member alice, HTTP Basic" if who == "member" else "a visitor"
    obtained += f", Accept-Language {language})"
    for _ in range(4):
        if status not in (301, 302, 303) or not answer.get("location"):
            break
        url = urllib.parse.urljoin(url, answer["location"])
        status, answer, body = fetch(url, language, headers)
        obtained += f", then GET {urllib.parse.urlsplit(url).path} (its redirect)"
    if "html" not in answer.get("content-type", "") or not body.strip():
        return None, b"", obtained
    return status, body, obtained


def _wrong_password(base: str, language: str) -> tuple[int, bytes]:
    data = urllib.parse.urlencode(
        {"__ac_name": "alice", "__ac_password": "wrong", "came_from": "", "buttons.login": "Log in"}
    ).encode()
    request = urllib.request.Request(
        f"{base}/login",
        data,
        headers={
            "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
            "Accept-Language": language,
            "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) gatewatch-harvest",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _text(body: bytes, whole: bool) -> str:
    """The words a reader sees, no markup: of an error or sign-in page, its content (Plone's
    <article id="content">: the message, not the menus and footer, which a catalog may
    translate alone); of a healthy page, the whole page (its content is the site's own,
    English, text: the page differs by Plone's words around it)."""
    page = body.decode("utf-8", "replace")
    content = None if whole else re.search(r'(?is)<article id="content".*?</article>', page)
    page = content.group(0) if content else page
    page = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", page)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
