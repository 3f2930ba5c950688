"""django-allauth (PyPI), in an environment of its own: a Django project of allauth's
account app alone (DEBUG off, LocaleMiddleware), run by Django's server on 127.0.0.1, its
pages rendered by allauth's own templates in its languages (Accept-Language): the sign-in
page, the sign-up, password-reset and "verify your e-mail" pages, the "account inactive"
page, the pages an expired or invalid link leads to, and, with a session signed in, the
sign-out confirmation and the e-mail and password management pages. Django's own error pages
are not harvested here (they are the django group's)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page, fetch, free_port, running

GROUP = "allauth"
HOME = pyenv.HOME.parent / "allauth-venv"
# 40 of the 46 locales allauth ships (Django language codes); Django's LANGUAGES has them all
LANGUAGES = (
    "en", "ar", "az", "bg", "ca", "cs", "da", "de", "el", "es",
    "et", "eu", "fa", "fi", "fr", "he", "hr", "hu", "id", "it",
    "ja", "ka", "ko", "lt", "lv", "nb", "nl", "pl", "pt-br", "pt",
    "ro", "ru", "sk", "sl", "sr", "sv", "th", "tr", "uk", "zh-hans",
)  # fmt: skip
# path -> (label, name, note, signed in?)
REQUESTS = {
    "/accounts/login/": ("soft_401", "login", "the sign-in page", False),
    "/accounts/signup/": ("ok", "signup", "the sign-up form", False),
    "/accounts/password/reset/": ("ok", "password-reset", "password reset form (e-mail)", False),
    "/accounts/password/reset/done/": (
        "ok",
        "password-reset-done",
        "'we have sent you an e-mail' after a password reset",
        False,
    ),
    "/accounts/confirm-email/": (
        "ok",
        "verification-sent",
        "'verify your e-mail address': a verification e-mail was sent",
        False,
    ),
    "/accounts/confirm-email/no-such-key/": (
        "soft_404",
        "confirm-email-bad-key",
        "an e-mail confirmation link that expired or is invalid (200)",
        False,
    ),
    "/accounts/password/reset/key/1-no-such-key/": (
        "soft_404",
        "password-reset-bad-token",
        "'Bad Token': the password reset link is invalid, possibly already used (200)",
        False,
    ),
    "/accounts/inactive/": (
        "soft_403",
        "account-inactive",
        "'This account is inactive.' (the visitor may not sign in; 200)",
        False,
    ),
    "/accounts/logout/": ("ok", "logout", "the sign-out confirmation (signed in)", True),
    "/accounts/email/": ("ok", "email", "the e-mail addresses page (signed in)", True),
    "/accounts/password/change/": ("ok", "password-change", "change password (signed in)", True),
}
SETTINGS = """
SECRET_KEY = "not-a-real-secret-for-the-harvest"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions",
    "django.contrib.messages", "allauth", "allauth.account",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]
ROOT_URLCONF = "accountsite.urls"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]},
}]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
"""
URLS = """
from django.urls import include, path
urlpatterns = [path("accounts/", include("allauth.urls"))]
"""
# a signed-in session, made in the database (no password is sent anywhere)
SESSION = """
from django.contrib.auth import get_user_model, BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from allauth.account.models import EmailAddress
user = get_user_model().objects.create_user("alice", "alice@example.org", "not-a-real-password")
EmailAddress.objects.create(user=user, email="alice@example.org", primary=True, verified=True)
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "allauth.account.auth_backends.AuthenticationBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""
CSRF_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


def harvest(work: Path) -> list[Page]:
    python = pyenv.python("django-allauth", "django", home=HOME)
    names = pyenv.versions(python, "django-allauth", "django")
    source = f"django-allauth {names['django-allauth']} + Django {names['django']} (PyPI)"
    shutil.rmtree(work, ignore_errors=True)
    (work / "accountsite").mkdir(parents=True)
    (work / "accountsite" / "__init__.py").write_text("")
    (work / "accountsite" / "settings.py").write_text(SETTINGS)
    (work / "accountsite" / "urls.py").write_text(URLS)
    environment = dict(
        os.environ, DJANGO_SETTINGS_MODULE="accountsite.settings", PYTHONPATH=str(work)
    )
    django = [str(python), "-m", "django"]
    subprocess.run([*django, "migrate", "-v", "0"], cwd=work, env=environment, check=True)
    session = subprocess.run(
        [*django, "shell", "-c", SESSION],
        cwd=work,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()[-1]  # Django's shell may say first what it imported
    port = free_port()
    command = [*django, "runserver", f"127.0.0.1:{port}", "--noreload"]
    pages = []
    with running(command, port, work / "server.log", timeout=90, cwd=work, env=environment):
        for path, (label, name, note, signed_in) in REQUESTS.items():
            headers = {"Cookie": f"sessionid={session}"} if signed_in else {}
            seen = set()
            for language in LANGUAGES:
                status, answer, body = fetch(f"http://127.0.0.1:{port}{path}", language, headers)
                text = CSRF_TOKEN.sub(b"", body)
                if "html" not in answer.get("content-type", "") or status >= 300 or text in seen:
                    continue  # a language without its own text of a page: no second copy
                seen.add(text)
                pages.append(
                    Page(
                        f"{name}.{language}.html",
                        body,
                        source,
                        GROUP,
                        f"GET {path} Accept-Language: {language}"
                        + (" with a signed-in session cookie" if signed_in else ""),
                        language,
                        label,
                        status,
                        note,
                    )
                )
    return pages
