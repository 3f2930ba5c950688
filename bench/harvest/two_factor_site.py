"""django-two-factor-auth (PyPI), in an environment of its own: a Django project of its
views alone (DEBUG off, LocaleMiddleware) and one page of the project's behind its
OTPRequiredMixin, run by Django's server on 127.0.0.1, its pages rendered by its own
templates in the languages it ships (Accept-Language): its sign-in page (asked for, and
where the protected page sends an anonymous visitor); "Permission Denied" (403: the page
enforces two-factor authentication and the signed-in user has not enabled it); with a
signed-in session, the account security page and the first step of enabling two-factor
authentication (healthy). Django's own pages are not harvested here (the django group's).
A page is kept in a language only where its text differs from the English page's; the
catalogs it ships under a regional name (ca_ES, da_DK, he_IL, hi_IN, hu_HU, zh_CN) are not
loaded by Django for any language: left out."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page, fetch, free_port, running

GROUP = "two-factor"
HOME = pyenv.HOME.parent / "two-factor-venv"
REQUIREMENT = "django-two-factor-auth[phonenumberslite]"
# path -> (label, name, note, signed in?)
REQUESTS = {
    "/account/login/": ("soft_401", "login", "the sign-in page", False),
    "/secret/": (
        "soft_401",
        "login-from-protected",
        "the sign-in page a page behind OTPRequiredMixin sends an anonymous visitor to",
        False,
    ),
    "/secret/?signed-in": (
        "soft_403",
        "permission-denied",
        "'Permission Denied': a page behind OTPRequiredMixin, for a signed-in user without "
        "two-factor authentication (403)",
        True,
    ),
    "/account/two_factor/": ("ok", "profile", "the account security page (signed in)", True),
    "/account/two_factor/setup/": (
        "ok",
        "setup",
        "the first step of enabling two-factor authentication (signed in)",
        True,
    ),
}
SETTINGS = """
SECRET_KEY = "not-a-real-secret-for-the-harvest"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions",
    "django.contrib.messages", "django_otp", "django_otp.plugins.otp_static",
    "django_otp.plugins.otp_totp", "two_factor",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "twofactorsite.urls"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]},
}]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}
LOGIN_URL = "two_factor:login"
"""
URLS = """
from django.http import HttpResponse
from django.urls import include, path
from django.views import View
from two_factor.urls import urlpatterns as two_factor_urls
from two_factor.views import OTPRequiredMixin


class Secret(OTPRequiredMixin, View):
    def get(self, request):
        return HttpResponse("<html><body><h1>Secret</h1></body></html>")


urlpatterns = [path("", include(two_factor_urls)), path("secret/", Secret.as_view())]
"""
# a signed-in session, made in the database (no password is sent anywhere)
SESSION = """
from django.contrib.auth import get_user_model, BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
user = get_user_model().objects.create_user("alice", "alice@example.org", "not-a-real-password")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""
VOLATILE = re.compile(
    rb'name="csrfmiddlewaretoken" value="[^"]*"|data:image/[^"]*"|<svg.*?</svg>', re.S
)


def harvest(work: Path) -> list[Page]:
    python = pyenv.python(REQUIREMENT, home=HOME)
    names = pyenv.versions(python, "django-two-factor-auth", "django")
    source = (
        f"django-two-factor-auth {names['django-two-factor-auth']} + Django {names['django']} "
        "(PyPI)"
    )
    shutil.rmtree(work, ignore_errors=True)
    (work / "twofactorsite").mkdir(parents=True)
    (work / "twofactorsite" / "__init__.py").write_text("")
    (work / "twofactorsite" / "settings.py").write_text(SETTINGS)
    (work / "twofactorsite" / "urls.py").write_text(URLS)
    environment = dict(
        os.environ, DJANGO_SETTINGS_MODULE="twofactorsite.settings", PYTHONPATH=str(work)
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
    languages = _languages(python)
    port = free_port()
    command = [*django, "runserver", f"127.0.0.1:{port}", "--noreload"]
    pages = []
    with running(command, port, work / "server.log", timeout=90, cwd=work, env=environment):
        for path, (label, name, note, signed_in) in REQUESTS.items():
            asked = path.removesuffix("?signed-in")
            headers = {"Cookie": f"sessionid={session}"} if signed_in else {}
            english = None
            for language in languages:
                status, body, obtained = _get(port, asked, language, headers)
                text = _text(body)
                if english is None:
                    english = text
                elif text == english:
                    continue  # not translated
                if signed_in:
                    obtained += " with a signed-in session cookie"
                pages.append(
                    Page(f"{name}.{language}.html", body, source, GROUP, obtained, language,
                         label, status, note)
                )  # fmt: skip
    return pages


def _get(port: int, path: str, language: str, headers: dict) -> tuple[int, bytes, str]:
    """The answer to `path`, a redirect (to the sign-in page) followed once."""
    base = f"http://127.0.0.1:{port}"
    status, answer, body = fetch(base + path, language, headers)
    obtained = f"GET {path} Accept-Language: {language}"
    if status in (301, 302, 303) and answer.get("location"):
        target = answer["location"].removeprefix(base)
        status, answer, body = fetch(base + target, language, headers)
        obtained += f", then GET {target} (its redirect)"
    if "html" not in answer.get("content-type", "") or status not in (200, 403):
        raise RuntimeError(f"{path} ({language}) answered {status}")
    return status, body, obtained


def _languages(python: Path) -> list[str]:
    """English, then the languages two_factor ships a catalog for (Django language codes)."""
    script = "import two_factor, pathlib; print(pathlib.Path(two_factor.__file__).parent)"
    package = Path(
        subprocess.run(
            [str(python), "-c", script], capture_output=True, text=True, check=True
        ).stdout.strip()
    )
    found = sorted(
        path.parents[1].name.lower().replace("_", "-").replace("@latin", "-latn")
        for path in package.glob("locale/*/LC_MESSAGES/django.mo")
    )
    # a catalog under a regional name (ca_ES, da_DK, he_IL, hi_IN, hu_HU, zh_CN, en_GB) is not
    # one Django loads for its language: only Django's own words would be translated
    return ["en", *(code for code in found if "-" not in code or code in ("pt-br", "sr-latn"))]


def _text(body: bytes) -> str:
    """What a reader sees of a page (and its title): no tags, scripts, styles or tokens."""
    body = VOLATILE.sub(b"", body)
    text = re.sub(rb"(?s)<(script|style)\b.*?</\1>|<[^>]+>", b" ", body)
    return " ".join(text.decode("utf-8", "replace").split())
