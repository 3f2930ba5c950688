"""Modoboa (PyPI modoboa, an environment of its own) on 127.0.0.1: an instance made by its own
deploy command (`modoboa-admin.py deploy instance --dburl ... --redisurl ...`) in the work
folder, on a PostgreSQL database of its own (modoboa_harvest, dropped and made anew) and Redis
database 11; the deployed settings changed only so that its cookies work over plain HTTP on
127.0.0.1 (CSRF_COOKIE_SECURE, SESSION_COOKIE_SECURE off) and its quota database is db 11 too;
`manage.py runserver` (Django's development server, DEBUG off as deployed). Through its own
API, as its administrator: two domains, a domain administrator of the first (dana), a simple
user (sam) and an alias; an API token for each of the three made in `manage.py shell`.

Modoboa 2's console is a single-page application (frontend_dist, served by a web server from
static files: its screens, their refusals included, are drawn in the browser from the API's
JSON). What Modoboa's Django serves as HTML is its sign-in pages (Django templates), its 404
page and, to a browser (Accept: text/html), its REST API through Django REST framework's
browsable API, whose pages carry Modoboa's answers (the objects, "You do not have permission
to perform this action.", "No Domain matches the given query.").

Pages: the sign-in page (asked for; where a visitor is sent from the OAuth authorisation and
from the second-factor page; after a wrong password) and the API's 401 page to a visitor
("Authentication credentials were not provided.") (soft_401); Modoboa's 404 page ("Sorry /
The requested page does not exist.") for an unknown URL, and the API's 404 for a domain and
an account that do not exist (soft_404); the API's 403 to the domain administrator
and the simple user on the administrator's pages (the audit trail, the global parameters, the
statistics for the simple user, a new domain posted by the domain administrator) (soft_403);
healthy: the password-reset form and its "we've emailed you" page, the API documentation,
and the API's lists and objects for each role (the domains, a domain, the accounts and an
account for the administrator, the global parameters' applications for the administrator,
her domain, its accounts and the statistics for the domain administrator, his own account
for the simple user). The language:
Accept-Language (LocaleMiddleware; a user's own language setting applies to the console
only), English and each language Modoboa ships a catalog for.
Left out: the single-page console (the same static index.html whatever the screen), the
invalid password-reset link page (neither a missing page nor an access page), the objects of
another domain asked for by the domain administrator (Modoboa answers them with the same 404
as an object that does not exist: kept as the administrator's)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page, apt_install, running
from bench.harvest.web_session import Keeper, Session, token

GROUP = "modoboa"
HOME = pyenv.HOME.parent / "modoboa-venv"
PORT = 18460  # this harvest's range is 18450-18499 (the machine is shared)
DATABASE = "modoboa_harvest"
REDIS = "redis://127.0.0.1:6379/11"
ADMIN = ("admin", "Harvest-Admin-42x")
# Accept-Language -> the language recorded: English and the catalogs Modoboa ships (those
# Django knows; a language whose pages read as English's is dropped by the Keeper)
LANGUAGES = {"en": "en", "br": "br", "cs": "cs", "de": "de", "el": "el", "es": "es",
             "es-MX": "es-mx", "fi": "fi", "fr": "fr", "hu": "hu", "it": "it", "ja": "ja",
             "ka": "ka", "ko": "ko", "nl": "nl", "nb": "nb", "pl": "pl", "pt-BR": "pt-br",
             "pt-PT": "pt", "ro": "ro", "ru": "ru", "sk": "sk", "sl": "sl", "sv": "sv",
             "tr": "tr", "uk": "uk", "zh-CN": "zh-hans", "zh-TW": "zh-hant"}  # fmt: skip
SETTINGS = """
# the harvest: served over plain HTTP on 127.0.0.1; Redis db 11 only
CSRF_COOKIE_SECURE = False
SESSION_COOKIE_SECURE = False
REDIS_QUOTA_DB = 11
ALLOWED_HOSTS = ['127.0.0.1', 'localhost']
"""
ADMIN_SETUP = """
from rest_framework.authtoken.models import Token
from modoboa.core.models import User
admin = User.objects.get(username="admin")
admin.set_password(%r)
admin.save()
print(Token.objects.get_or_create(user=admin)[0].key)
""" % ADMIN[1]  # noqa: UP031
TOKENS = """
import json
from rest_framework.authtoken.models import Token
from modoboa.core.models import User
print(json.dumps({name: Token.objects.get_or_create(user=User.objects.get(username=name))[0].key
                  for name in ("dana@harbour.example", "sam@harbour.example")}))
"""
# (method, path, who, label, name, note); who: None a visitor, else a role's token
REQUESTS = (
    ("GET", "/accounts/login/", None, "soft_401", "sign-in", "the sign-in page, asked for"),
    ("GET", "/api/o/authorize/?client_id=console&response_type=code", None, "soft_401",
     "sign-in-from-authorize", "a visitor opens the OAuth authorisation: sent to sign in"),
    ("GET", "/accounts/2fa_verify/", None, "soft_401", "sign-in-from-2fa",
     "a visitor opens the second-factor page: sent to sign in"),
    ("GET", "/api/v2/domains/", None, "soft_401", "api-unauthenticated-domains",
     "a visitor asks for the domains (401)"),
    ("GET", "/api/v2/account/me/", None, "soft_401", "api-unauthenticated-me",
     "a visitor asks for his own account (401)"),
    ("GET", "/accounts/password_reset/", None, "ok", "password-reset",
     "the password-reset form"),
    ("GET", "/accounts/password_reset/done/", None, "ok", "password-reset-done",
     "the password reset's 'we have sent you an email' page"),
    ("GET", "/api/schema-v2/redoc/", None, "ok", "api-documentation", "the API's documentation"),
    ("GET", "/no-such-page/", None, "soft_404", "not-found", "an unknown URL (404)"),
    ("GET", "/api/v2/domains/999/", "admin", "soft_404", "no-such-domain",
     "a domain that does not exist, the administrator (404)"),
    ("GET", "/api/v2/accounts/999/", "admin", "soft_404", "no-such-account",
     "an account that does not exist, the administrator (404)"),
    ("GET", "/api/v2/domains/", "admin", "ok", "domains", "the domains, the administrator"),
    ("GET", "/api/v2/domains/1/", "admin", "ok", "domain", "a domain, the administrator"),
    ("GET", "/api/v2/accounts/", "admin", "ok", "accounts", "the accounts, the administrator"),
    ("GET", "/api/v2/accounts/3/", "admin", "ok", "account", "an account, the administrator"),
    ("GET", "/api/v2/parameters/global/applications/", "admin", "ok", "parameters",
     "the global parameters' applications, the administrator"),
    ("GET", "/api/v2/domains/1/", "dana", "ok", "domain-domain-admin",
     "her domain, the domain administrator"),
    ("GET", "/api/v2/accounts/", "dana", "ok", "accounts-domain-admin",
     "her domain's accounts, the domain administrator"),
    ("GET", "/api/v2/admin/statistics/", "dana", "ok", "statistics-domain-admin",
     "the statistics, the domain administrator"),
    ("GET", "/api/v2/account/me/", "sam", "ok", "me", "his own account, the simple user"),
    ("GET", "/api/v2/logs/audit-trail/", "dana", "soft_403", "denied-audit-trail",
     "the domain administrator asks for the audit trail (403)"),
    ("GET", "/api/v2/parameters/global/applications/", "dana", "soft_403",
     "denied-parameters", "the domain administrator asks for the global parameters (403)"),
    ("POST", "/api/v2/domains/", "dana", "soft_403", "denied-new-domain",
     "the domain administrator posts a new domain (403)"),
    ("GET", "/api/v2/admin/statistics/", "sam", "soft_403", "denied-statistics",
     "the simple user asks for the statistics (403)"),
    ("GET", "/api/v2/logs/audit-trail/", "sam", "soft_403", "denied-audit-trail-user",
     "the simple user asks for the audit trail (403)"),
)  # fmt: skip
# what changes from one request to the next in the API's objects: times
VOLATILE = re.compile(r"\d{4}-\d\d-\d\dT[\d:.]+Z?|&quot;last_login&quot;: [^,]*,")


def harvest(work: Path) -> list[Page]:
    apt_install("librrd-dev")  # rrdtool-bindings, one of modoboa's requirements, is built
    python = pyenv.python("modoboa", "psycopg2-binary", home=HOME)
    versions = pyenv.versions(python, "modoboa", "Django", "djangorestframework")
    source = (
        f"modoboa {versions['modoboa']} (PyPI, Django {versions['Django']}, "
        f"djangorestframework {versions['djangorestframework']})"
    )
    keeper = Keeper(GROUP, source, VOLATILE)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    instance = _deploy(python, work)
    manage = [str(python), str(instance / "manage.py")]
    admin_token = _shell(manage, ADMIN_SETUP).strip().splitlines()[-1]
    command = [*manage, "runserver", f"127.0.0.1:{PORT}", "--noreload", "--insecure"]
    with running(command, PORT, work / "runserver.log", timeout=180, cwd=instance):
        _populate(admin_token)
        tokens = json.loads(_shell(manage, TOKENS).strip().splitlines()[-1])
        roles = {"admin": admin_token, "dana": tokens["dana@harbour.example"]}
        roles["sam"] = tokens["sam@harbour.example"]
        for accept, language in LANGUAGES.items():
            _pages(keeper, roles, accept, language)
    return keeper.pages


def _deploy(python: Path, work: Path) -> Path:
    psql = ["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-c"]
    _run([*psql, f"DROP DATABASE IF EXISTS {DATABASE}"])
    _run([*psql, f"CREATE DATABASE {DATABASE}"])
    _run(["redis-cli", "-h", "127.0.0.1", "-n", "11", "FLUSHDB"])
    command = [str(python.parent / "modoboa-admin.py"), "deploy", "instance"]
    command += ["--dburl", f"default:postgres://postgres@127.0.0.1:5432/{DATABASE}"]
    command += ["--redisurl", REDIS, "--domain", "127.0.0.1", "--lang", "en"]
    command += ["--timezone", "UTC", "--dont-install-extensions", "--admin-username", "admin"]
    _run(command, cwd=work)
    instance = work / "instance"
    with (instance / "instance/settings.py").open("a") as settings:
        settings.write(SETTINGS)
    return instance


def _shell(manage: list[str], script: str) -> str:
    return _run([*manage, "shell", "-c", script])


def _run(command: list[str], cwd: Path | None = None) -> str:
    result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=cwd)
    if result.returncode:
        raise RuntimeError(f"{command[:3]} failed: {(result.stdout + result.stderr)[-1500:]}")
    return result.stdout


def _populate(admin_token: str) -> None:
    """Two domains, a domain administrator, a simple user and an alias, through the API."""
    api = Session(f"http://127.0.0.1:{PORT}")
    for path, fields in (
        ("/api/v2/domains/", {"name": "harbour.example", "quota": 0,
                              "default_mailbox_quota": 0}),
        ("/api/v2/domains/", {"name": "lighthouse.example", "quota": 0,
                              "default_mailbox_quota": 0}),
        ("/api/v2/accounts/", {"username": "dana@harbour.example", "role": "DomainAdmins",
                               "password": "Harvest-Dana-42x", "first_name": "Dana",
                               "last_name": "Quayle", "mailbox": {"use_domain_quota": True}}),
        ("/api/v2/accounts/", {"username": "sam@harbour.example", "role": "SimpleUsers",
                               "password": "Harvest-Sam-42x", "first_name": "Sam",
                               "last_name": "Rowe", "mailbox": {"use_domain_quota": True}}),
        ("/api/v2/domains/1/administrators/add/", {"account": 2}),
        ("/api/v2/aliases/", {"address": "harbourmaster@harbour.example", "enabled": True,
                              "recipients": ["sam@harbour.example"]}),
    ):  # fmt: skip
        status, _, _, body = _api(api, "POST", path, admin_token, fields)
        if status >= 300:
            raise RuntimeError(f"POST {path} answered {status}: {body[:300]!r}")


def _api(browser: Session, method: str, path: str, key: str | None, fields=None):
    headers = {"Authorization": f"Token {key}"} if key else {}
    if method == "POST":
        headers["Content-Type"] = "application/json"
        return browser.get(path, json.dumps(fields or {}).encode(), headers)
    return browser.get(path, None, headers)


def _pages(keeper: Keeper, roles: dict, accept: str, language: str) -> None:
    base = f"http://127.0.0.1:{PORT}"
    new_domain = {"name": "pier.example", "quota": 0, "default_mailbox_quota": 0}
    for method, path, who, label, name, note in REQUESTS:
        browser = Session(base, accept)
        status, final, kind, body = _api(browser, method, path, roles.get(who), new_domain)
        if label == "ok" and status != 200:
            raise RuntimeError(f"{path} ({who}) answered {status} at {final}: no healthy page")
        if label == "soft_403" and status != 403:
            raise RuntimeError(f"{path} ({who}) answered {status}: no refusal")
        signed = f"the API token of {who}" if who else "a visitor"
        how = f"{method} {path} ({signed}, Accept: text/html, Accept-Language {accept})"
        if final != path:
            how += f"; redirected to {final}"
        keeper.keep(name, body, status, label, language, how, note, kind)
    browser = Session(base, accept)
    _, _, _, page = browser.get("/accounts/login/")
    fields = {"csrfmiddlewaretoken": token(page, "csrfmiddlewaretoken"), "next": ""}
    fields.update(username="sam@harbour.example", password="not-the-password")
    headers = {"Referer": base + "/accounts/login/"}
    status, _, kind, body = browser.get("/accounts/login/", fields, headers)
    keeper.keep("sign-in-failed", body, status, "soft_401", language,
                f"POST /accounts/login/ with a wrong password (Accept-Language {accept})",
                "the sign-in page after a wrong password", kind)  # fmt: skip
