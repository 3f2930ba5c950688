"""Debian's Redmine, a private copy of its application with an instance of its own (SQLite,
Redmine's default data in English) served by WEBrick on 127.0.0.1: a public project with two
issues and a wiki page, a private project, a user ("reader", a Reporter in the public
project) whose language is left to the browser, the interface language chosen by
Accept-Language. Its 404 pages (a missing issue, project, wiki page; Rails' static page for a
URL no route matches), the sign-in page (asked for, and where a visitor is sent from a page
that needs a login), the 403 page ("You are not authorized to access this page.") the
signed-in reader gets for the private project, the administration and the project's
settings, and healthy pages. A page is kept in a language only where its text differs from
the English page's (a locale that does not translate a message shows it in English)."""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import subprocess
import urllib.parse
import urllib.request
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

GROUP = "redmine"
APPLICATION = Path("/usr/share/redmine")
INSTANCE = "harvest"
PASSWORD = "harvest-only-password-42"
# Accept-Language (one of Redmine's config/locales) -> the language recorded
ERROR_LANGUAGES = {
    "en": "en",
    "de": "de",
    "fr": "fr",
    "es": "es",
    "it": "it",
    "pt-BR": "pt-br",
    "nl": "nl",
    "pl": "pl",
    "sv": "sv",
    "da": "da",
    "no": "nb",
    "fi": "fi",
    "cs": "cs",
    "hu": "hu",
    "ro": "ro",
    "bg": "bg",
    "el": "el",
    "ru": "ru",
    "uk": "uk",
    "tr": "tr",
    "ar": "ar",
    "he": "he",
    "ja": "ja",
    "ko": "ko",
    "zh": "zh-cn",
}
HEALTHY_LANGUAGES = ("en", "de", "fr", "es", "pt-BR", "pl", "ru", "tr", "ar", "ja", "zh")
# path -> (label, name, note, signed in as the reader)
ERRORS = {
    "/issues/999": ("soft_404", "missing-issue", "issue #999 does not exist (404)", False),
    "/projects/no-such-project": (
        "soft_404",
        "missing-project",
        "the project does not exist (404)",
        False,
    ),
    "/projects/printers/wiki/No_Such_Page": (
        "soft_404",
        "missing-wiki-page",
        "the wiki page does not exist and the visitor may not create it (404)",
        False,
    ),
    "/login": ("soft_401", "login", "the sign-in page", False),
    "/projects/budget": (
        "soft_401",
        "login-private-project",
        "a visitor opens the private project: sent to the sign-in page (302), which is kept",
        False,
    ),
    "/my/page": (
        "soft_401",
        "login-my-page",
        "a visitor opens 'My page': sent to the sign-in page (302), which is kept",
        False,
    ),
    "/projects/budget/issues": (
        "soft_403",
        "not-authorized-private-project",
        "the reader (not a member) opens the private project's issues (403)",
        True,
    ),
    "/admin": (
        "soft_403",
        "not-authorized-admin",
        "the reader (not an administrator) opens the administration (403)",
        True,
    ),
    "/projects/printers/settings": (
        "soft_403",
        "not-authorized-settings",
        "the reader (a Reporter) opens the project's settings (403)",
        True,
    ),
}
UNROUTED = ("/no/such/page", "no-route", "no route matches: Rails' public/404.html (404)")
HEALTHY = {
    "/": ("ok", "home", "the home page", False),
    "/projects": ("ok", "projects", "the project list", False),
    "/projects/printers": ("ok", "project", "a project's overview", False),
    "/issues/1": ("ok", "issue", "an issue", False),
    "/projects/printers/issues": ("ok", "issues", "a project's issue list", False),
    "/projects/printers/wiki": ("ok", "wiki", "a project's wiki start page", False),
    "/search?q=printer": ("ok", "search", "a search with results", False),
    "/projects/printers/activity": ("ok", "activity", "a project's activity", False),
    "/my/page": ("ok", "my-page", "the reader's own page, signed in", True),
}
SETUP = """
password = '{password}'
admin = User.find_by_login('admin')
admin.password = admin.password_confirmation = password
admin.must_change_passwd = false
admin.save!
reader = User.new(firstname: 'Rita', lastname: 'Reader', mail: 'reader@example.com')
reader.login = 'reader'
reader.password = reader.password_confirmation = password
reader.language = ''
reader.save!
modules = %w(issue_tracking wiki news time_tracking documents files boards calendar gantt)
printers = Project.new(name: 'Printer Fleet', identifier: 'printers', is_public: true,
  description: 'Keeping the office printers running.')
budget = Project.new(name: 'Budget 2027', identifier: 'budget', is_public: false,
  description: 'Next year\\'s budget.')
[printers, budget].each do |project|
  project.enabled_module_names = modules
  project.trackers = Tracker.all
  project.save!
end
Member.create!(principal: reader, project: printers, roles: [Role.find_by(name: 'Reporter')])
Issue.create!(project: printers, tracker: Tracker.find_by(name: 'Bug'), author: admin,
  priority: IssuePriority.default || IssuePriority.first,
  subject: 'The second floor printer jams on duplex jobs',
  description: "Every duplex job longer than ten pages jams in tray 2.")
Issue.create!(project: printers, tracker: Tracker.find_by(name: 'Feature'), author: admin,
  priority: IssuePriority.default || IssuePriority.first,
  subject: 'Add a toner level report for every printer')
page = WikiPage.new(wiki: printers.wiki, title: 'Wiki')
page.content = WikiContent.new(page: page, author: admin,
  text: "h1. Printer Fleet\\n\\nHow to add a printer, order toner and report a jam.")
page.save!
"""


def harvest(work: Path) -> list[Page]:
    apt_install("redmine", "redmine-sqlite", "ruby-webrick")
    source = f"{deb_version('redmine')} under WEBrick, SQLite"
    application = _install(work)
    port = free_port()
    command = ["bin/rails", "server", "-u", "webrick", "-b", "127.0.0.1", "-p", str(port)]
    pages = []
    with running(command, port, work / "server.log", cwd=application, env=_environment()):
        cookie = _sign_in(port)
        for requests, languages in ((ERRORS, ERROR_LANGUAGES), (HEALTHY, HEALTHY_LANGUAGES)):
            english: dict[str, str] = {}  # name -> the English page's text
            for language in languages:
                code = ERROR_LANGUAGES[language]
                for path, (label, name, note, signed_in) in requests.items():
                    status, body, how = _get(port, path, language, cookie if signed_in else "")
                    if english.setdefault(name, _text(body)) == _text(body) and code != "en":
                        continue  # not translated
                    if signed_in:
                        how += " (signed in as the reader)"
                    pages.append(
                        Page(f"{name}.{code}.html", body, source, GROUP, how, code, label,
                             status, note)
                    )  # fmt: skip
        path, name, note = UNROUTED
        status, body, how = _get(port, path, "en", "")
        pages.append(Page(f"{name}.en.html", body, source, GROUP, how, "en", "soft_404", status,
                          note))  # fmt: skip
    return pages


def _install(work: Path) -> Path:
    """A copy of the application with its own instance (database, secret, logs), set up."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    application = work / "redmine"
    # -L: the copy's Gemfile.lock, config/database.yml and instances/ (links to the system's
    # instance in /var/lib/redmine and /etc/redmine) become files of its own
    subprocess.run(["cp", "-rL", str(APPLICATION), str(application)], check=True)
    shutil.rmtree(application / "instances")
    (application / "Gemfile.local").write_text('gem "webrick"\n')
    instance = application / "instances" / INSTANCE
    for folder in ("config", "log", "tmp/cache", "files", "public/plugin_assets"):
        (instance / folder).mkdir(parents=True)
    database = (
        f"production:\n  adapter: sqlite3\n  database: {work}/redmine.sqlite3\n  encoding: utf8\n"
    )
    (instance / "config" / "database.yml").write_text(database)
    (application / "config" / "database.yml").write_text(database)
    (instance / "config" / "secret_key.txt").write_text("harvest-only-secret-" + "0" * 40)
    (work / "setup.rb").write_text(SETUP.format(password=PASSWORD))
    environment = _environment()
    for command in (
        ["bin/rake", "db:migrate"],
        ["bin/rake", "redmine:load_default_data"],
        ["bin/rails", "runner", str(work / "setup.rb")],
    ):
        subprocess.run(
            command, cwd=application, env=environment, check=True, stdout=subprocess.DEVNULL
        )
    return application


def _environment() -> dict[str, str]:
    return dict(os.environ, REDMINE_INSTANCE=INSTANCE, RAILS_ENV="production", REDMINE_LANG="en")


def _get(port: int, path: str, language: str, cookie: str) -> tuple[int, bytes, str]:
    """(status, body, how) of a page; a redirect to the sign-in page is followed once."""
    url = f"http://127.0.0.1:{port}{path}"
    headers = {"Cookie": cookie} if cookie else {}
    status, answer, body = fetch(url, language, headers, timeout=60)
    how = f"GET {path} Accept-Language: {language}"
    if status == 302 and "/login?back_url=" in answer.get("location", ""):
        status, answer, body = fetch(answer["location"], language, headers, timeout=60)
        how += ", then the sign-in page it redirects to (/login?back_url=...)"
    if "html" not in answer.get("content-type", ""):
        raise RuntimeError(f"{path} answered {status} {answer.get('content-type')}")
    return status, body, how


def _sign_in(port: int) -> str:
    """The reader's session cookie, as a Cookie header."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://127.0.0.1:{port}"
    form = opener.open(f"{base}/login", timeout=60).read().decode()
    token = re.search(r'name="authenticity_token" value="([^"]+)"', form).group(1)
    fields = {"username": "reader", "password": PASSWORD, "authenticity_token": token}
    opener.open(f"{base}/login", urllib.parse.urlencode(fields).encode(), 60).read()
    cookies = "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)
    status, _, _ = fetch(f"{base}/my/account", headers={"Cookie": cookies}, timeout=60)
    if status != 200:
        raise RuntimeError(f"the reader could not sign in (/my/account answered {status})")
    return cookies


def _text(body: bytes) -> str:
    """What a reader sees of a page (and its title): no tags, scripts or styles; the CSRF
    token and session-dependent values are in attributes, so they drop out."""
    text = re.sub(rb"(?s)<(script|style)\b.*?</\1>|<[^>]+>", b" ", body)
    return " ".join(text.decode("utf-8", "replace").split())
