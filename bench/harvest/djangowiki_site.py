"""django-wiki (PyPI `wiki`), in an environment of its own, in a minimal Django project made
here (SQLite, DEBUG off, LocaleMiddleware, django-wiki's own account handling), served by
Django's development server: a root article and five articles written for the harvest (one
that only its owner may read, one locked, one deleted), an ordinary user and the articles'
owner. Its own templates only: the page for an article whose parent is missing too
("This article was not found, and neither was its parent article.", 404) and for a deleted
article ("The article you were looking for has been deleted."), its sign-in page (asked for,
where an anonymous visitor is sent from an article it may not read, from a missing article
and from the edit form), "Permission Denied ... Sorry, you don't have permission to access
this page." (403) for the signed-in user on the owner's article and on editing the locked
article; healthy pages (root article, an article, its
history, its source, a search with results, the article list, the sign-up form, the create
form). Django's own default 404 page (an unknown article id) is left out (Django is a
holdout group). The interface in each language django-wiki ships (Accept-Language) for the
error pages and the sign-in page, in five for the others; a page is kept only where its text
differs from the English page."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import urllib.parse
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page, fetch, free_port, running

GROUP = "wiki"
HOME = pyenv.HOME.parent / "djangowiki-venv"
# the language codes of the catalogs django-wiki ships (wiki/locale/<locale>)
LANGUAGES = (
    *("en", "ca", "cs", "da", "de", "el", "es", "fi", "fr", "hu", "it", "ja", "ko-kr"),
    *("nb-no", "nl", "pl-pl", "pt", "pt-br", "ro", "ru", "sk", "sv", "tr-tr", "zh-cn"),
    "zh-tw",
)
SETTINGS = """
from pathlib import Path
BASE = Path(__file__).resolve().parent
SECRET_KEY = "not-a-real-secret-for-the-harvest"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.contenttypes", "django.contrib.auth", "django.contrib.sessions",
    "django.contrib.messages", "django.contrib.staticfiles",
    "django.contrib.sites.apps.SitesConfig", "django.contrib.humanize.apps.HumanizeConfig",
    "django_nyt.apps.DjangoNytConfig", "mptt", "sekizai", "sorl.thumbnail",
    "wiki.apps.WikiConfig", "wiki.plugins.attachments.apps.AttachmentsConfig",
    "wiki.plugins.notifications.apps.NotificationsConfig",
    "wiki.plugins.images.apps.ImagesConfig", "wiki.plugins.macros.apps.MacrosConfig",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "harvest_urls"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [], "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.debug",
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.template.context_processors.i18n",
        "django.template.context_processors.media",
        "django.template.context_processors.static",
        "django.template.context_processors.tz",
        "django.contrib.messages.context_processors.messages",
        "sekizai.context_processors.sekizai",
    ]},
}]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE / "wiki.sqlite"}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
SITE_ID = 1
USE_I18N = True
LANGUAGE_CODE = "en"
LANGUAGES = [(code, code) for code in %(languages)r]
STATIC_URL = "/static/"
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE / "media"
"""
URLS = """
from django.urls import include, path
urlpatterns = [
    path("notifications/", include("django_nyt.urls")),
    path("", include("wiki.urls")),
]
"""
# made in `manage.py shell`: the articles, the users, the signed-in user's session key
CONTENT = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from wiki.models import ArticleRevision, URLPath

owner = User.objects.create_user("owner", "owner@example.org", "harvest-123")
alice = User.objects.create_user("alice", "alice@example.org", "harvest-123")
root = URLPath.create_root(
    title="Harvest wiki",
    content="Welcome to the wiki made for the harvest.\\n\\nSee [[Licences]] and [[Changelog]].",
)
def article(slug, title, content, **kwargs):
    return URLPath.create_urlpath(root, slug, title=title, content=content, **kwargs)
article("licences", "Licences", "This wiki keeps notes on free software licences: the "
        "GNU General Public License, the Apache License and the MIT licence.")
article("changelog", "Changelog", "Version 1.0 adds the licence notes.\\n\\nVersion 1.1 "
        "corrects the Apache licence's title.")
private = article("private-notes", "Private notes", "Notes only their owner reads.",
                  article_kwargs={"owner": owner, "group_read": False, "other_read": False,
                                  "group_write": False, "other_write": False})
locked = article("frozen", "Frozen page", "A page nobody may edit any more.")
revision = ArticleRevision(title="Frozen page", content="A page nobody may edit any more.",
                           locked=True)
locked.article.add_revision(revision)
old = article("old-page", "Old page", "A page that was deleted.")
revision = ArticleRevision(title="Old page", content="A page that was deleted.", deleted=True)
old.article.add_revision(revision)
for user in (alice,):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    print("SESSION", session.session_key)
"""
# the languages the healthy pages and the pages a redirect lands on are kept in (the error
# pages and the sign-in page are kept in every language)
FEW_LANGUAGES = ("en", "de", "fr", "ja", "ru")
EVERY_LANGUAGE = ("missing-article", "deleted-article", "login", "permission-denied-read")
# path -> (label, name, note, signed in?)
REQUESTS = {
    "/": ("ok", "root-article", "the root article", False),
    "/licences/": ("ok", "article", "an article", False),
    "/licences/_history/": ("ok", "history", "an article's history", False),
    "/licences/_source/": ("ok", "source", "an article's source", False),
    "/_search/?q=licence": ("ok", "search", "a search with results", False),
    "/_dir/": ("ok", "article-list", "the list of articles (the root's children)", False),
    "/_accounts/sign-up/": ("ok", "sign-up", "the sign-up form", False),
    "/_create/?slug=new-page": (
        "ok",
        "create",
        "the create form (where a missing article under an existing one sends a signed-in user)",
        True,
    ),
    "/no-such-parent/no-such-article/": (
        "soft_404",
        "missing-article",
        "a missing article whose parent is missing too: 'Not found ... This article was not"
        " found, and neither was its parent article.'",
        False,
    ),
    "/old-page/?signed-in": (
        "soft_404",
        "deleted-article",
        "a deleted article: 'Article deleted ... The article you were looking for has been"
        " deleted.' (for the signed-in user, with its restore offer; an anonymous visitor is"
        " sent to the sign-in page)",
        True,
    ),
    "/_accounts/login/": ("soft_401", "login", "the sign-in page", False),
    "/private-notes/": (
        "soft_401",
        "login-from-private-article",
        "where an article it may not read sends an anonymous visitor: the sign-in page",
        False,
    ),
    "/no-such-article/": (
        "soft_401",
        "login-from-missing-article",
        "where a missing article sends an anonymous visitor (the create form, then the"
        " sign-in page)",
        False,
    ),
    "/licences/_edit/": (
        "soft_401",
        "login-from-edit",
        "where the edit form sends an anonymous visitor: the sign-in page",
        False,
    ),
    "/private-notes/?signed-in": (
        "soft_403",
        "permission-denied-read",
        "the signed-in user on an article only its owner reads: 'Permission Denied'",
        True,
    ),
    "/frozen/_edit/": (
        "soft_403",
        "permission-denied-locked",
        "the signed-in user edits a locked article: 'Permission Denied ... This article is"
        " locked for editing.'",
        True,
    ),
}


def harvest(work: Path) -> list[Page]:
    python = pyenv.python("wiki", home=HOME)
    versions = pyenv.versions(python, "wiki", "Django")
    source = f"wiki {versions['wiki']}, Django {versions['Django']} (PyPI)"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    (work / "harvest_settings.py").write_text(SETTINGS % {"languages": LANGUAGES})
    (work / "harvest_urls.py").write_text(URLS)
    environment = dict(os.environ, DJANGO_SETTINGS_MODULE="harvest_settings", PYTHONPATH=str(work))
    admin = [str(python), "-m", "django"]
    run = {"env": environment, "cwd": work, "check": True, "capture_output": True, "text": True}
    subprocess.run([*admin, "migrate", "--noinput"], **run)
    made = subprocess.run([*admin, "shell", "-c", CONTENT], **run).stdout
    session = re.search(r"SESSION (\w+)", made).group(1)
    port = free_port()
    command = [*admin, "runserver", "--noreload", "--nothreading", f"127.0.0.1:{port}"]
    pages, english = [], {}
    with running(command, port, work / "server.log", env=environment, cwd=work):
        base = f"http://127.0.0.1:{port}"
        for language in LANGUAGES:
            for path, (label, name, note, signed_in) in REQUESTS.items():
                if name not in EVERY_LANGUAGE and language not in FEW_LANGUAGES:
                    continue
                headers = {"Cookie": f"sessionid={session}"} if signed_in else {}
                request = path.replace("?signed-in", "")
                status, answer, body = fetch(base + request, language, headers)
                obtained = f"GET {request} Accept-Language: {language}"
                obtained += " (signed in as an ordinary user)" if signed_in else " (anonymous)"
                for _ in range(3):  # follow redirects to the page a visitor lands on
                    if status not in (301, 302, 303, 307) or not answer.get("location"):
                        break
                    target = urllib.parse.urljoin(base + request, answer["location"])
                    request = target.removeprefix(base)
                    status, answer, body = fetch(target, language, headers)
                    obtained += f", then GET {request} (its redirect)"
                if "html" not in answer.get("content-type", ""):
                    continue
                text = _text(body)
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


def _text(body: bytes) -> str:
    """The words a reader sees (no markup, no attributes such as tokens or lang)."""
    page = body.decode("utf-8", "replace")
    page = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", page)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
