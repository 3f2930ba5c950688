"""Flask-AppBuilder (PyPI), in an environment of its own (it pins Flask), an application made
of AppBuilder alone (its security views, database authentication, SQLite) run on 127.0.0.1,
its interface language chosen with AppBuilder's own `_l_` parameter: the sign-in page, the
sign-in page a visitor is sent to from a protected page (with its "Access is Denied"
message), and the welcome page (healthy), in each language AppBuilder ships."""

from __future__ import annotations

from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page, fetch, free_port, running

GROUP = "flask-appbuilder"
HOME = pyenv.HOME.parent / "appbuilder-venv"
LANGUAGES = (
    "en",
    "de",
    "el",
    "es",
    "fa",
    "fr",
    "it",
    "ja_JP",
    "ko",
    "nl",
    "pl",
    "pt",
    "pt_BR",
    "ru",
    "sl",
    "tr",
    "zh",
    "zh_HK",
)
APP = """
import sys
from babel import Locale
from flask import Flask
from flask_appbuilder import AppBuilder
from flask_appbuilder.utils.legacy import get_sqla_class
app = Flask("projects")
app.config.update(
    SECRET_KEY="not-a-real-secret",
    SQLALCHEMY_DATABASE_URI="sqlite:///" + sys.argv[2],
    APP_NAME="Projects",
    LANGUAGES={code: {"flag": code[-2:].lower(), "name": Locale.parse(code).display_name}
               for code in sys.argv[3].split(",")},
)
db = get_sqla_class()()
db.init_app(app)
with app.app_context():
    appbuilder = AppBuilder(app, db.session)
app.run("127.0.0.1", int(sys.argv[1]))
"""


def harvest(work: Path) -> list[Page]:
    python = pyenv.python("flask-appbuilder", home=HOME)
    names = pyenv.versions(python, "flask-appbuilder", "flask")
    source = f"Flask-AppBuilder {names['flask-appbuilder']} + Flask {names['flask']} (PyPI)"
    work.mkdir(parents=True, exist_ok=True)
    (work / "app.db").unlink(missing_ok=True)
    (work / "app.py").write_text(APP)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [str(python), str(work / "app.py"), str(port), str(work / "app.db")]
    pages, seen = [], set()
    with running([*command, ",".join(LANGUAGES)], port, work / "server.log", timeout=90):
        for language in LANGUAGES:
            code = {"ja_JP": "ja"}.get(language, language.lower().replace("_", "-"))
            _, headers, _ = fetch(f"{base}/users/list/?_l_={language}")
            cookie = headers.get("set-cookie", "").split(";")[0]
            requests = {
                f"/login/?_l_={language}": ("soft_401", "login", "the sign-in page", {}),
                f"/login/?next=/users/list/&_l_={language}": (
                    "soft_401",
                    "login-access-denied",
                    "the sign-in page after GET /users/list/ (its Access is Denied message)",
                    {"Cookie": cookie},
                ),
                f"/?_l_={language}": ("ok", "welcome", "the welcome page", {}),
            }
            for path, (label, name, note, sent) in requests.items():
                status, answer, body = fetch(base + path, headers=sent)
                if "html" not in answer.get("content-type", "") or body in seen:
                    continue  # a language without its own text of a page: no second copy
                seen.add(body)
                pages.append(
                    Page(
                        f"{name}.{code}.html",
                        body,
                        source,
                        GROUP,
                        f"GET {path}" + (" with the session cookie it set" if sent else ""),
                        code,
                        label,
                        status,
                        note,
                    )
                )
    return pages
