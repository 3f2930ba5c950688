"""django-cas-server, a CAS single sign-on server (PyPI django-cas-server, an environment of
its own) on 127.0.0.1: a small Django project of ours written into the work folder (SQLite,
DEBUG off, LocaleMiddleware, the CAS server under /cas/, Django's own users as its user
base: CAS_AUTH_CLASS's default), `migrate`, then by a script under `manage.py shell` two users
(alice, bob) and two service patterns: a harbour service anyone may sign in to and an office
service for alice only (restrict_users); Django's development server. The language:
Accept-Language, English and each language the CAS server ships a catalog for (fr, nl,
pt-br, zh-hans).

Pages: the CAS login page (asked for; asked for by a service, "Authentication required by
service harbour ..."; after a wrong password, "The credentials you provided cannot be
determined to be authentic."; bob, signed in, asked by a service to sign in again (renew),
"Authentication renewal required by service harbour ...") (soft_401); "Service http://...
not allowed." for a service no pattern allows, a visitor (the login form under the message)
and bob signed in, and "Username not allowed" for bob at alice's office service (soft_403:
the CAS server refuses to sign in to that service); the page of a signed-in user ("Log In
Successful ..."), the warning before a service for a user who asked for it at sign-in
(alice) and the logout page (signed in: "You have successfully logged out ..."; a visitor:
"You were already logged out ...") (ok). Left out: the validation answers for a bad ticket
(/cas/validate answers "no" in text/plain, /cas/serviceValidate and /cas/samlValidate in
XML: no HTML page), an unknown URL (Django's own "Not Found" page: the CAS server has none;
the django group has it), and a signed-in user's sign-in to an allowed service (a redirect
to the service with a ticket)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page, running
from bench.harvest.web_session import Keeper, Session

GROUP = "django-cas-server"
HOME = pyenv.HOME.parent / "cas-server-venv"
PORT = 18420  # the harvest's range is 18400-18449 (the machine is shared)
ALICE = ("alice", "harvest-alice-42")
BOB = ("bob", "harvest-bob-42")
WARNED = ("alice", "harvest-alice-42", "warn")  # signed in asking to be warned
HARBOUR = "http://127.0.0.1:18421/harbour/"  # the services: never fetched
OFFICE = "http://127.0.0.1:18421/office/"
UNKNOWN = "http://services.example.org/tides/"
# Accept-Language -> the language recorded: English and the CAS server's catalogs
LANGUAGES = {"en": "en", "fr": "fr", "nl": "nl", "pt-BR": "pt-br", "zh-Hans": "zh-hans"}
SETTINGS = """
SECRET_KEY = "harvest-cas-secret-0001"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "cas_urls"
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes",
                  "django.contrib.sessions", "django.contrib.messages",
                  "django.contrib.staticfiles", "cas_server"]
MIDDLEWARE = ["django.contrib.sessions.middleware.SessionMiddleware",
              "django.middleware.locale.LocaleMiddleware",
              "django.middleware.common.CommonMiddleware",
              "django.middleware.csrf.CsrfViewMiddleware",
              "django.contrib.auth.middleware.AuthenticationMiddleware",
              "django.contrib.messages.middleware.MessageMiddleware"]
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True,
              "OPTIONS": {"context_processors": [
                  "django.template.context_processors.request",
                  "django.contrib.auth.context_processors.auth",
                  "django.contrib.messages.context_processors.messages"]}}]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "{work}/db.sqlite3"}}
USE_I18N = True
LANGUAGE_CODE = "en"
STATIC_URL = "/static/"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
"""
URLS = """
from django.urls import include, path

urlpatterns = [path("cas/", include("cas_server.urls", namespace="cas_server"))]
"""
SETUP = """
from django.contrib.auth.models import User
from cas_server.models import ServicePattern, Username
User.objects.create_user("alice", "alice@example.org", "harvest-alice-42")
User.objects.create_user("bob", "bob@example.org", "harvest-bob-42")
office = ServicePattern.objects.create(pos=10, name="office", restrict_users=True,
                                       pattern=r"^http://127\\.0\\.0\\.1:18421/office/.*$")
Username.objects.create(value="alice", service_pattern=office)
ServicePattern.objects.create(pos=20, name="harbour",
                              pattern=r"^http://127\\.0\\.0\\.1:18421/harbour/.*$")
"""
# (path, who, label, name, note); who: None a visitor, else (user, password)
REQUESTS = (
    ("/cas/login", None, "soft_401", "login", "the CAS login page, asked for"),
    (f"/cas/login?service={HARBOUR}", None, "soft_401", "login-for-service",
     "the CAS login page asked for by an allowed service: 'Authentication required by "
     "service harbour ...'"),
    (f"/cas/login?service={UNKNOWN}", None, "soft_403", "service-not-allowed",
     "a visitor asks to sign in to a service no pattern allows: 'Service ... not allowed.' "
     "above the login form"),
    ("/cas/logout", None, "ok", "logout-not-signed-in",
     "the logout page, a visitor: 'You were already logged out ...'"),
    ("/cas/login", BOB, "ok", "logged-in", "the page of a signed-in user: 'Log In "
     "Successful ...'"),
    (f"/cas/login?service={UNKNOWN}", BOB, "soft_403", "service-not-allowed-signed-in",
     "bob asks to sign in to a service no pattern allows: 'Service ... not allowed.'"),
    (f"/cas/login?service={OFFICE}", BOB, "soft_403", "username-not-allowed",
     "bob asks to sign in to the office service, which allows alice only: 'Username not "
     "allowed'"),
    (f"/cas/login?service={HARBOUR}&renew=true", BOB, "soft_401", "renew-for-service",
     "bob, signed in, asked to sign in again by a service (renew): 'Authentication renewal "
     "required by service harbour ...' above the login form"),
    (f"/cas/login?service={HARBOUR}", WARNED, "ok", "warn-before-service",
     "alice, signed in with 'Warn me before logging me into other sites.', signs in to a "
     "service: 'Authentication has been required by service harbour ...' and a button to "
     "go on"),
    ("/cas/logout", BOB, "ok", "logout", "bob logs out: 'You have successfully logged out "
     "...'"),
)  # fmt: skip


def harvest(work: Path) -> list[Page]:
    python = pyenv.python("django-cas-server", home=HOME)
    versions = pyenv.versions(python, "django-cas-server", "Django")
    django = versions["Django"]
    source = f"django-cas-server {versions['django-cas-server']} (PyPI, Django {django})"
    keeper = Keeper(GROUP, source)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    (work / "cas_settings.py").write_text(SETTINGS.replace("{work}", str(work)))
    (work / "cas_urls.py").write_text(URLS)
    environment = {"DJANGO_SETTINGS_MODULE": "cas_settings", "PYTHONPATH": str(work),
                   "PATH": "/usr/bin:/bin"}  # fmt: skip
    admin = [str(python), "-m", "django"]
    _run([*admin, "migrate"], environment, work)
    _run([*admin, "shell", "-c", SETUP], environment, work)
    command = [*admin, "runserver", "--noreload", f"127.0.0.1:{PORT}"]
    base = f"http://127.0.0.1:{PORT}"
    with running(command, PORT, work / "runserver.log", env=environment, cwd=work):
        for accept, language in LANGUAGES.items():
            sessions = {None: Session(base, accept)}
            for account in (BOB, WARNED):
                sessions[account] = _signed_in(base, accept, account)
            for path, who, label, name, note in REQUESTS:
                status, final, kind, body = sessions[who].get(path)
                how = f"GET {path} (Accept-Language: {accept}; "
                how += f"signed in as {who[0]})" if who else "not signed in)"
                if final != path:
                    how += f"; redirected to {final}"
                keeper.keep(name, body, status, label, language, how, note, kind)
            failed = Session(base, accept)
            status, _, kind, body = _sign_in(failed, ("bob", "wrong-password"))
            how = f"POST /cas/login (Accept-Language: {accept}; a wrong password)"
            keeper.keep("login-failed", body, status, "soft_401", language, how,
                        "the CAS login page after a wrong password: 'The credentials you "
                        "provided cannot be determined to be authentic.'", kind)  # fmt: skip
    return keeper.pages


def _sign_in(session: Session, account: tuple[str, ...]) -> tuple[int, str, str, bytes]:
    _, _, _, body = session.get("/cas/login")
    fields = _hidden(body)
    fields.update(username=account[0], password=account[1])
    if "warn" in account:
        fields["warn"] = "on"
    return session.get("/cas/login", fields)


def _signed_in(base: str, accept: str, account: tuple[str, ...]) -> Session:
    session = Session(base, accept)
    status, _, _, body = _sign_in(session, account)
    if b'name="password"' in body:
        raise RuntimeError(f"{account[0]} could not sign in ({status})")
    return session


def _hidden(body: bytes) -> dict[str, str]:
    """The hidden fields of the page's form."""
    fields = {}
    for tag in re.findall(rb"<input[^>]*>", body):
        if b'type="hidden"' not in tag:
            continue
        name = re.search(rb'name="([^"]*)"', tag)
        value = re.search(rb'value="([^"]*)"', tag)
        if name:
            fields[name.group(1).decode()] = value.group(1).decode() if value else ""
    return fields


def _run(command: list[str], environment: dict, work: Path) -> None:
    result = subprocess.run(command, env=environment, cwd=work, capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"{' '.join(command[2:4])} failed: {result.stderr[-1500:]}")
