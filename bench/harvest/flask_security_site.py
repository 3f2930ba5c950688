"""Flask-Security (PyPI `Flask-Security`, formerly Flask-Security-Too), in an environment of
its own: a small Flask application of its views alone (SQLite, registration, recovery,
confirmation, unified sign-in and username recovery switched on; a locale selector reading
Accept-Language over the translations it ships), run by `flask run` on 127.0.0.1, not signed
in. Pages: the sign-in page (asked for; where a page that needs a signed-in visitor sends
one, with its "Please log in to access this page." message), the unified sign-in page;
a reset-password link and a confirmation link with a bad token (the forms they send the
visitor to, with "Invalid reset password token." / "Invalid confirmation token.": the link
does not work, as allauth's invalid links); the registration, forgot-password,
resend-confirmation and username-recovery forms (healthy). Its 403 for a signed-in user
without a role is Werkzeug's abort(403) page (the werkzeug group): not harvested here. A
page is kept in a language only where its text differs from the English page's."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page, fetch, free_port, running

GROUP = "flask-security"
HOME = pyenv.HOME.parent / "flask-security-venv"
REQUIREMENT = "flask-security[babel,fsqla,common,mfa]"
# the translations Flask-Security ships (flask_security/translations), as Accept-Language tags
LOCALES = (
    "en",
    "af-ZA",
    "ar",
    "ca-ES",
    "da-DK",
    "de-DE",
    "es-ES",
    "eu-ES",
    "fr-FR",
    "hu-HU",
    "hy-AM",
    "is-IS",
    "it-IT",
    "ja-JP",
    "nl-NL",
    "pl-PL",
    "pt-BR",
    "pt-PT",
    "ru-RU",
    "tr-TR",
    "zh-Hans-CN",
)
LANGUAGE = {"pt-BR": "pt-br", "pt-PT": "pt", "zh-Hans-CN": "zh-cn"}  # the language recorded
# path -> (label, name, note)
REQUESTS = {
    "/login": ("soft_401", "login", "the sign-in page"),
    "/account": (
        "soft_401",
        "login-from-account",
        "the sign-in page a page needing a signed-in visitor (auth_required) redirects to",
    ),
    "/us-signin": ("soft_401", "us-signin", "the unified sign-in page (identity and passcode)"),
    "/reset/not-a-valid-token": (
        "soft_404",
        "reset-invalid-token",
        "a reset-password link with a bad token: the form it redirects to, 'Invalid reset "
        "password token.'",
    ),
    "/confirm/not-a-valid-token": (
        "soft_404",
        "confirm-invalid-token",
        "a confirmation link with a bad token: the form it redirects to, 'Invalid "
        "confirmation token.'",
    ),
    "/register": ("ok", "register", "the registration form"),
    "/reset": ("ok", "forgot-password", "the forgot-password form (e-mail address)"),
    "/confirm": ("ok", "send-confirmation", "the resend-confirmation form (e-mail address)"),
    "/recover-username": ("ok", "recover-username", "the username-recovery form (e-mail)"),
}
APP = """
import os
from flask import Flask, request
from flask_babel import Babel
from flask_sqlalchemy import SQLAlchemy
from flask_security import Security, SQLAlchemyUserDatastore, auth_required
from flask_security.models import fsqla_v3 as fsqla

app = Flask(__name__)
app.config.update(
    SECRET_KEY="not-a-real-secret-for-the-harvest",
    SECURITY_PASSWORD_SALT="not-a-real-salt-for-the-harvest",
    SQLALCHEMY_DATABASE_URI="sqlite:///" + os.environ["HARVEST_DB"],
    SECURITY_REGISTERABLE=True,
    SECURITY_RECOVERABLE=True,
    SECURITY_CONFIRMABLE=True,
    SECURITY_CHANGEABLE=True,
    SECURITY_UNIFIED_SIGNIN=True,
    SECURITY_USERNAME_RECOVERY=True,
    SECURITY_USERNAME_ENABLE=True,
    SECURITY_TOTP_SECRETS={"1": "not-a-real-totp-secret-for-the-harvest"},
    SECURITY_TOTP_ISSUER="harvest",
)
db = SQLAlchemy(app)
fsqla.FsModels.set_db_info(db)


class Role(db.Model, fsqla.FsRoleMixin):
    pass


class User(db.Model, fsqla.FsUserMixin):
    pass


security = Security(app, SQLAlchemyUserDatastore(db, User, Role))
LOCALES = os.environ["HARVEST_LOCALES"].split(",")


def locale():
    best = request.accept_languages.best_match(LOCALES) or "en"
    return best.replace("-", "_")


Babel(app, locale_selector=locale)


@app.route("/")
def home():
    return "<html><body><h1>Home</h1></body></html>"


@app.route("/account")
@auth_required()
def account():
    return "<html><body><h1>Account</h1></body></html>"


with app.app_context():
    db.create_all()
"""


def harvest(work: Path) -> list[Page]:
    python = pyenv.python(REQUIREMENT, home=HOME)
    source = f"Flask-Security {pyenv.versions(python, 'Flask-Security')['Flask-Security']} (PyPI)"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    (work / "app.py").write_text(APP)
    port = free_port()
    environment = dict(
        os.environ,
        HARVEST_DB=str(work / "users.sqlite"),
        HARVEST_LOCALES=",".join(LOCALES),
        FLASK_APP="app",
    )
    command = [str(python.parent / "flask"), "run", "-h", "127.0.0.1", "-p", str(port)]
    pages, english = [], {}
    with running(command, port, work / "flask.log", env=environment, cwd=work):
        for locale in LOCALES:
            for path, (label, name, note) in REQUESTS.items():
                status, headers, body, obtained = _get(port, path, locale)
                if "html" not in headers.get("content-type", ""):
                    continue
                text = _text(body)
                if english.setdefault(name, text) == text and locale != "en":
                    continue  # not translated
                language = LANGUAGE.get(locale, locale.split("-")[0])
                pages.append(
                    Page(f"{name}.{language}.html", body, source, GROUP, obtained, language,
                         label, status, note)
                )  # fmt: skip
    return pages


def _get(port: int, path: str, locale: str) -> tuple[int, dict, bytes, str]:
    """The answer to `path`, a redirect followed once with the session cookie it set (the
    flashed message lives in it)."""
    base = f"http://127.0.0.1:{port}"
    language = {"Accept-Language": locale}
    status, headers, body = fetch(base + path, headers=language)
    obtained = f"GET {path} Accept-Language: {locale} (not signed in)"
    if status in (301, 302, 303) and headers.get("location"):
        target = headers["location"].removeprefix(base)
        cookie = headers.get("set-cookie", "").split(";")[0]
        status, headers, body = fetch(
            base + target, headers=dict(language, Cookie=cookie) if cookie else language
        )
        obtained += f", then GET {target} (its redirect)"
    return status, headers, body, obtained


def _text(body: bytes) -> str:
    """What a reader sees of a page (and its title): no tags, scripts or styles."""
    text = re.sub(rb"(?s)<(script|style)\b.*?</\1>|<[^>]+>", b" ", body)
    return " ".join(text.decode("utf-8", "replace").split())
