"""FlaskBB (PyPI `flaskbb`, 2.0.2), in an environment of its own on Python 3.6 (its pinned
requirements of 2018 build on nothing newer; `pyenv`'s 3.6, setuptools < 46), installed by
`flaskbb install` (its welcome forum and topic, an administrator) over SQLite with a
configuration of its own (no cache, no rate limit), an ordinary member made by `flaskbb users
new`, served by `flaskbb run` (Flask's development server). The language is the forum's
default language (a setting, for the anonymous visitor) and the member's own language
setting (signed in), both set to each of the languages FlaskBB ships. Its 404 page ("404 -
Page not found! The page you were looking for does not exist.") for an unknown URL
(anonymous) and a member that does not exist (signed in: an unknown URL signed in gets a
500, its conversations plugin fails on it); the sign-in page (asked for, where the member's
settings and the management panel send an anonymous visitor); its 403 page ("403 -
Forbidden Page") for the member on the management panel; healthy pages (forum index, a
forum, a topic, a member's profile, the member list, a search with results (POST), the
registration and password-reset forms, the member's settings). A page in another language
is kept only where its text differs from the English page. Left out: the answer for a topic
or forum that does not exist (Werkzeug's bare "Unknown Error ... Could not load topic
data", status 200)."""

from __future__ import annotations

import html
import http.cookiejar
import os
import re
import shutil
import subprocess
import urllib.parse
import urllib.request
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page, fetch, free_port, running

GROUP = "flaskbb"
HOME = pyenv.HOME.parent / "flaskbb-venv"
PYTHON36 = Path.home() / ".pyenv" / "versions" / "3.6.15" / "bin" / "python"
LANGUAGES = ("en", "da", "de", "es", "fr", "pl", "pt_BR", "ru", "sv_SE", "zh_CN", "zh_TW")
# the healthy pages are kept in these (the others in every language)
FEW_LANGUAGES = ("en", "de", "fr", "ru", "zh_CN")
MEMBER = {"login": "alice", "password": "harvest-123"}
CONFIG = """
SQLALCHEMY_DATABASE_URI = "sqlite:///{work}/flaskbb.sqlite"
SECRET_KEY = "not-a-real-secret-for-the-harvest"
WTF_CSRF_SECRET_KEY = "not-a-real-secret-for-the-harvest"
USE_DEFAULT_LOGGING = False
WHOOSHEE_DIR = "{work}/whoosh"
CACHE_TYPE = "null"
RATELIMIT_ENABLED = False
"""
LANGUAGE_SCRIPT = """
import sys
from flaskbb import create_app
from flaskbb.management.models import Setting
from flaskbb.user.models import User
app = create_app(sys.argv[1])
with app.app_context():
    Setting.update({"default_language": sys.argv[2]})
    user = User.query.filter_by(username="alice").first()
    user.language = sys.argv[2]
    user.save()
"""
# path -> (label, name, note, signed in?)
REQUESTS = {
    "/": ("ok", "index", "the forum index", False),
    "/forum/1-welcome": ("ok", "forum", "a forum", False),
    "/topic/1-welcome": ("ok", "topic", "a topic", False),
    "/user/admin": ("ok", "profile", "a member's profile", False),
    "/memberlist": ("ok", "memberlist", "the member list", False),
    "/auth/register": ("ok", "register", "the registration form", False),
    "/auth/reset-password": ("ok", "reset-password", "the password-reset form (e-mail)", False),
    "/user/settings/general?signed-in": ("ok", "settings", "the member's settings", True),
    "/no-such-page": ("soft_404", "not-found", "an unknown URL: its 404 page", False),
    "/user/no-such-user?signed-in": (
        "soft_404",
        "not-found-signed-in",
        "a member that does not exist, signed in: its 404 page",
        True,
    ),
    "/auth/login": ("soft_401", "login", "the sign-in page", False),
    "/user/settings/general": (
        "soft_401",
        "login-from-settings",
        "where the member's settings send an anonymous visitor: the sign-in page",
        False,
    ),
    "/admin/": (
        "soft_401",
        "login-from-management",
        "where the management panel sends an anonymous visitor (re-authentication, then the"
        " sign-in page)",
        False,
    ),
    "/admin/?signed-in": (
        "soft_403",
        "forbidden-management",
        "the member (signed in) on the management panel: its 403 page",
        True,
    ),
}
ERROR_PAGES = ("not-found", "not-found-signed-in", "login", "forbidden-management")


def harvest(work: Path) -> list[Page]:
    python = _environment()
    script = "import pkg_resources; print(pkg_resources.get_distribution('FlaskBB').version)"
    version = subprocess.run([str(python), "-c", script], capture_output=True, text=True)
    source = f"FlaskBB {version.stdout.strip()} (PyPI)"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    config = work / "flaskbb.cfg"
    config.write_text(CONFIG.format(work=work))
    environment = dict(os.environ, PATH=f"{python.parent}:{os.environ['PATH']}")
    flaskbb = [str(python.parent / "flaskbb"), "--config", str(config)]
    run = {"env": environment, "cwd": work, "check": True, "capture_output": True}
    administrator = ("-u", "admin", "-e", "admin@example.org", "-p", "harvest-123")
    member = ("-u", "alice", "-e", "alice@example.org", "-p", "harvest-123", "-g", "member")
    subprocess.run([*flaskbb, "install", "--force", *administrator], **run)
    subprocess.run([*flaskbb, "users", "new", *member], **run)
    (work / "language.py").write_text(LANGUAGE_SCRIPT)
    port = free_port()
    command = [*flaskbb, "run", "-h", "127.0.0.1", "-p", str(port)]
    pages, english = [], {}
    with running(command, port, work / "server.log", env=environment, cwd=work):
        base = f"http://127.0.0.1:{port}"
        cookie = _signed_in(base)
        for language in LANGUAGES:
            subprocess.run([str(python), "language.py", str(config), language], **run)
            answers = []
            for path, (label, name, note, signed_in) in REQUESTS.items():
                if name not in ERROR_PAGES and language not in FEW_LANGUAGES:
                    continue
                request = path.replace("?signed-in", "")
                headers = {"Cookie": cookie} if signed_in else {}
                status, answer, body = fetch(base + request, headers=headers)
                obtained = f"GET {request} "
                obtained += "(signed in as a member" if signed_in else "(anonymous"
                obtained += f", language {language})"
                for _ in range(3):  # the page a visitor is sent to
                    if status not in (301, 302, 303) or not answer.get("location"):
                        break
                    target = urllib.parse.urljoin(base + request, answer["location"])
                    request = target.removeprefix(base)
                    status, answer, body = fetch(target, headers=headers)
                    obtained += f", then GET {request} (its redirect)"
                if "html" in answer.get("content-type", ""):
                    answers.append((name, label, note, status, body, obtained))
            if language in FEW_LANGUAGES:
                status, body = _search(base)
                obtained = f"POST /search search_query=welcome (anonymous, language {language})"
                note = "a search with results (posts, topics, forums, users)"
                answers.append(("search", "ok", note, status, body, obtained))
            for name, label, note, status, body, obtained in answers:
                text = _text(body)
                if language == "en":
                    english[name] = text
                elif text == english.get(name):
                    continue  # not translated: the English page is kept
                code = language.lower().replace("_", "-")
                pages.append(
                    Page(
                        f"{name}.{code}.html",
                        body,
                        source,
                        GROUP,
                        obtained,
                        code,
                        label,
                        status,
                        note,
                    )
                )
    return pages


def _environment() -> Path:
    """FlaskBB 2.0.2 pins MarkupSafe 1.0 (its setup.py needs setuptools < 46) and celery 4.0
    (no Python 3.7): an environment on Python 3.6."""
    interpreter = HOME / "bin" / "python"
    if not (HOME / "bin" / "flaskbb").exists():
        subprocess.run([str(PYTHON36), "-m", "venv", str(HOME)], check=True)
        pip = [str(interpreter), "-m", "pip", "install", "-q"]
        subprocess.run([*pip, "setuptools<46", "wheel"], check=True)
        subprocess.run([*pip, "--no-build-isolation", "flaskbb"], check=True)
    return interpreter


def _opener() -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    # the User-Agent of core.fetch: Flask-Login's session protection takes the freshness of
    # a session whose user agent changes
    opener.addheaders = [("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) gatewatch-harvest")]
    opener.jar = jar
    return opener


def _token(page: bytes) -> str:
    return re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1).decode()


def _signed_in(base: str) -> str:
    """The member's session cookie, from a sign-in through the form."""
    opener = _opener()
    token = _token(opener.open(f"{base}/auth/login", timeout=20).read())
    data = urllib.parse.urlencode({**MEMBER, "csrf_token": token, "submit": "Login"})
    opener.open(f"{base}/auth/login", data.encode(), timeout=20).read()
    return "; ".join(f"{item.name}={item.value}" for item in opener.jar)


def _search(base: str) -> tuple[int, bytes]:
    opener = _opener()
    token = _token(opener.open(f"{base}/search", timeout=20).read())
    form = [("csrf_token", token), ("search_query", "welcome"), ("submit", "Search")]
    form += [("search_types", kind) for kind in ("post", "topic", "forum", "user")]
    with opener.open(f"{base}/search", urllib.parse.urlencode(form).encode(), timeout=20) as r:
        return r.status, r.read()


def _text(body: bytes) -> str:
    """The words a reader sees (no markup, no attributes such as tokens or lang)."""
    page = body.decode("utf-8", "replace")
    page = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", page)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
