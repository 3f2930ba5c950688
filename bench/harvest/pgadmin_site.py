"""pgAdmin 4 (PyPI pgadmin4, an environment of its own: it pins its libraries) in server mode
on 127.0.0.1: `pgAdmin4.py` with a configuration of its own (CONFIG_DISTRO_FILE_PATH:
SERVER_MODE, a data folder in the work folder, the port, no upgrade check, no master
password, no lock-out after failed sign-ins), its configuration database made by `setup.py
setup-db` with one administrator (PGADMIN_SETUP_EMAIL / PGADMIN_SETUP_PASSWORD). No
PostgreSQL server is needed for these pages.

Pages: the sign-in page (asked for; where a visitor is sent from the browser, with its "You
must sign in to view this resource." message; after a wrong password, with "Incorrect
username or password."), the password-reset form (healthy, a visitor), the 404 page for an
unknown URL (a visitor; signed in it is the same page: kept once); healthy: the browser
(pgAdmin's main page, its shell: "Loading pgAdmin 4 v...") signed in, in each language
pgAdmin translates (in server mode the language is the one chosen on the sign-in form, kept
in the session).
The sign-in and password-reset pages are drawn by script from data in the page; their text
(and the messages, which pgAdmin translates when it starts, in English) is the same in every
language: English only. The 404 page is Werkzeug's, English only.
Left out: the 401 answers of the other pages (preferences, settings, user management) are
JSON; the about box is no page (a dialog drawn by script)."""

from __future__ import annotations

import http.cookiejar
import json
import re
import shutil
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page, free_port, running

GROUP = "pgadmin4"
HOME = pyenv.HOME.parent / "pgadmin4-venv"
EMAIL = "admin@example.org"
PASSWORD = "harvest-only-password-42"
# pgAdmin's translations (pgadmin4/pgadmin/translations) -> the language recorded
LANGUAGES = {
    "en": "en",
    "cs": "cs",
    "de": "de",
    "es": "es",
    "fr": "fr",
    "id": "id",
    "it": "it",
    "ja": "ja",
    "ko": "ko",
    "pl": "pl",
    "pt_BR": "pt-br",
    "ru": "ru",
    "sv": "sv",
    "zh_Hans_CN": "zh-cn",
    "zh_Hant_TW": "zh-tw",
}
CONFIG = """SERVER_MODE = True
DATA_DIR = {data!r}
LOG_FILE = {data!r} + '/pgadmin4.log'
SQLITE_PATH = {data!r} + '/pgadmin4.db'
SESSION_DB_PATH = {data!r} + '/sessions'
STORAGE_DIR = {data!r} + '/storage'
AZURE_CREDENTIAL_CACHE_DIR = {data!r} + '/azure'
KERBEROS_CCACHE_DIR = {data!r} + '/krb'
DEFAULT_SERVER = '127.0.0.1'
DEFAULT_SERVER_PORT = {port}
UPGRADE_CHECK_ENABLED = False
MASTER_PASSWORD_REQUIRED = False
MAX_LOGIN_ATTEMPTS = 0
"""
# what changes from one request to the next and is no text: nonces, tokens, the language code
VOLATILE = re.compile(rb'nonce="[^"]*"|"csrfToken": "[^"]*"|"userLanguage": "[^"]*"')


def harvest(work: Path) -> list[Page]:
    python = pyenv.python("pgadmin4", home=HOME)
    version = pyenv.versions(python, "pgadmin4")["pgadmin4"]
    source = f"pgadmin4 {version} (PyPI)"
    root = python.parent.parent / "lib"
    package = next(root.glob("python3*/site-packages/pgadmin4"))
    shutil.rmtree(work, ignore_errors=True)
    data = work / "data"
    data.mkdir(parents=True)
    port = free_port()
    config = work / "config_harvest.py"
    config.write_text(CONFIG.format(data=str(data), port=port))
    environment = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(work),
        "CONFIG_DISTRO_FILE_PATH": str(config),
        "PGADMIN_SETUP_EMAIL": EMAIL,
        "PGADMIN_SETUP_PASSWORD": PASSWORD,
    }
    subprocess.run(
        [str(python), str(package / "setup.py"), "setup-db"],
        check=True,
        env=environment,
        cwd=work,
        capture_output=True,
    )
    command = [str(python), str(package / "pgAdmin4.py")]
    pages: list[Page] = []
    with running(command, port, work / "pgadmin4.log", timeout=120, cwd=work, env=environment):
        base = f"http://127.0.0.1:{port}"
        visitor = _session()
        for path, label, name, note in (
            ("/login", "soft_401", "login", "the sign-in page"),
            (
                "/browser/",
                "soft_401",
                "login-from-browser",
                "a visitor opens the browser: sent to /login?next=/browser/ with 'You must"
                " sign in to view this resource.'",
            ),
            ("/browser/reset_password", "ok", "reset-password", "the password-reset form"),
            ("/no-such-page", "soft_404", "not-found", "an unknown URL (404)"),
        ):
            status, url, body = _get(_session() if name != "login" else visitor, base + path)
            how = f"GET {path} (not signed in)"
            if url != base + path:
                how += f"; redirected to {url.removeprefix(base)}"
            pages.append(Page(f"{name}.en.html", body, source, GROUP, how, "en", label, status,
                              note))  # fmt: skip
        status, url, body = _sign_in(visitor, base, "not-the-password", "en")
        pages.append(
            Page("login-failed.en.html", body, source, GROUP,
                 f"POST /authenticate/login with a wrong password; {url.removeprefix(base)}",
                 "en", "soft_401", status,
                 "the sign-in page after a wrong password ('Incorrect username or password.')")
        )  # fmt: skip
        english = b""
        for locale, language in LANGUAGES.items():
            user = _session()
            status, url, body = _sign_in(user, base, PASSWORD, locale)
            if url != base + "/browser/":
                raise RuntimeError(f"the administrator could not sign in ({status} {url})")
            if locale == "en":
                english = VOLATILE.sub(b"", body)
            elif VOLATILE.sub(b"", body) == english:
                continue  # not translated
            how = f"POST /authenticate/login (language {locale}), then GET /browser/"
            note = "the browser, pgAdmin's main page (its shell), signed in"
            pages.append(Page(f"browser.{language}.html", body, source, GROUP, how, language,
                              "ok", status, note))  # fmt: skip
    return pages


def _session() -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    opener.addheaders = [
        ("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) gatewatch-harvest"),
        ("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
    ]
    return opener


def _get(
    opener: urllib.request.OpenerDirector, url: str, data: bytes | None = None
) -> tuple[int, str, bytes]:
    """(status, the URL answered after redirects, body); HTML only."""
    try:
        with opener.open(urllib.request.Request(url, data), timeout=60) as response:
            status, final, kind, body = (
                response.status, response.geturl(), response.headers.get("Content-Type", ""),
                response.read(),
            )  # fmt: skip
    except urllib.error.HTTPError as error:
        status, final, kind, body = (
            error.code, error.geturl(), error.headers.get("Content-Type", ""), error.read()
        )  # fmt: skip
    if "html" not in kind:
        raise RuntimeError(f"{url} answered {status} {kind}")
    return status, final, body


def _sign_in(
    opener: urllib.request.OpenerDirector, base: str, password: str, language: str
) -> tuple[int, str, bytes]:
    """Post the sign-in form as its page does; the page answered after the redirects."""
    _, _, page = _get(opener, base + "/login")
    found = re.search(rb'"csrfToken": ("[^"]+")', page)
    if not found:
        raise RuntimeError("no sign-in data in the sign-in page")
    fields = {
        "csrf_token": json.loads(found.group(1)),
        "email": EMAIL,
        "password": password,
        "language": language,
        "internal_button": "Login",
    }
    return _get(opener, base + "/authenticate/login", urllib.parse.urlencode(fields).encode())
