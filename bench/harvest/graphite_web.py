"""graphite-web (Debian), Graphite's Django web application, under Django's own server
(`django-admin runserver`, Debian's python3-django) on 127.0.0.1: Debian's settings with a
local settings module of our own (GRAPHITE_SETTINGS_MODULE: the storage, database, index and
log in the work folder, a secret key; nothing else changed), `migrate`, a whisper file of
two metrics written with Debian's whisper module, a saved dashboard, an event, and three
users: an administrator, a staff member without permissions (carol) and a user (bob).

Pages: Django's "Not Found" page (graphite-web has no 404 page of its own, DEBUG off) for
an unknown URL and an event that does not exist (the same page: kept once) (soft_404);
graphite's sign-in page (/account/login, asked for and after a wrong password) and the
admin's sign-in page where /admin/ sends a visitor (soft_401); the admin's sign-in page for
bob ("You are authenticated as bob, but are not authorized to access this page.") and the
admin index for carol ("You don't have permission to view or edit anything.") (soft_403);
the browser (front page), its header, the composer, the dashboard (empty and a saved one),
the dashboard's help, the events list, an event, the profile page signed in, and the
admin's index and user list for the administrator (ok). English only: graphite-web is not
translated and has no LocaleMiddleware. Left out: a dashboard that does not exist (the
dashboard's page with "Dashboard '...' does not exist." only in a script variable: its
text is the empty dashboard's), the render, metrics and JSON answers (images, JSON), the
profile page asked for by a visitor (a redirect to the front page)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, running
from bench.harvest.web_session import Keeper, Session, token

GROUP = "graphite-web"
PORT = 18530
SETTINGS = """from graphite.app_settings import *  # noqa
GRAPHITE_WEB_APP_SETTINGS_LOADED = True
SECRET_KEY = 'harvest-graphite-web-secret-0001'
ALLOWED_HOSTS = ['127.0.0.1', 'localhost']
GRAPHITE_ROOT = '/usr/share/graphite-web'
CONF_DIR = '/etc/graphite'
STATIC_ROOT = '/usr/share/graphite-web/static'
STORAGE_DIR = '{storage}'
WHISPER_DIR = '{storage}/whisper'
INDEX_FILE = '{storage}/search_index'
LOG_DIR = '{storage}/log'
LOG_ROTATION = False
DATABASES = {{'default': {{'NAME': '{storage}/graphite.db',
                           'ENGINE': 'django.db.backends.sqlite3'}}}}
"""
SETUP = """
import json, time
import whisper
from django.contrib.auth.models import User
from graphite.dashboard.models import Dashboard
from graphite.events.models import Event
User.objects.create_superuser('admin', 'admin@example.org', 'harvest-admin-42')
User.objects.create_user('bob', 'bob@example.org', 'harvest-bob-42')
User.objects.create_user('carol', 'carol@example.org', 'harvest-carol-42', is_staff=True)
for name in ('harbour/crane/load', 'harbour/gate/visitors'):
    path = '{storage}/whisper/' + name + '.wsp'
    import os
    os.makedirs(os.path.dirname(path), exist_ok=True)
    whisper.create(path, [(60, 1440)])
    now = int(time.time())
    whisper.update_many(path, [(now - 60 * i, float(i % 17)) for i in range(120)])
state = {{'name': 'harbour', 'graphs': [['harbour.crane.load', {{'target': ['harbour.crane.load']}},
         '/render?target=harbour.crane.load']]}}
Dashboard.objects.create(name='harbour', state=json.dumps(state))
from django.utils import timezone
Event.objects.create(when=timezone.now(), what='Crane 2 serviced', tags='maintenance crane',
                     data='new cables')
"""
# (path, label, name, note, who: "" a visitor)
REQUESTS = (
    ("/", "ok", "browser", "the front page: the metrics browser", ""),
    ("/browser/header", "ok", "browser-header", "the browser's header frame", ""),
    ("/composer/", "ok", "composer", "the composer", ""),
    ("/dashboard/", "ok", "dashboard", "the dashboard, empty", ""),
    ("/dashboard/harbour", "ok", "dashboard-saved", "a saved dashboard", ""),
    ("/dashboard/help/", "ok", "dashboard-help", "the dashboard's help", ""),
    ("/events/", "ok", "events", "the events list", ""),
    ("/events/1/", "ok", "event", "an event", ""),
    ("/account/login", "soft_401", "sign-in", "graphite's sign-in page", ""),
    ("/admin/", "soft_401", "admin-sign-in", "the admin's sign-in page (a visitor is sent "
     "there from /admin/)", ""),
    ("/no-such-page", "soft_404", "not-found", "an unknown URL: Django's 404 page", ""),
    ("/events/999/", "soft_404", "no-such-event", "an event that does not exist (404)", ""),
    ("/admin/", "soft_403", "admin-not-staff", "the admin for a user who is not staff: "
     "'You are authenticated as bob, but are not authorized to access this page.'", "bob"),
    ("/admin/", "soft_403", "admin-no-permission", "the admin index for a staff member "
     "without permissions: 'You don't have permission to view or edit anything.'", "carol"),
    ("/account/edit", "ok", "profile", "the profile page, signed in", "bob"),
    ("/admin/", "ok", "admin-index", "the admin's index, for the administrator", "admin"),
    ("/admin/auth/user/", "ok", "admin-users", "the admin's user list", "admin"),
    ("/admin/dashboard/dashboard/", "ok", "admin-dashboards", "the admin's dashboard list",
     "admin"),
)  # fmt: skip


def harvest(work: Path) -> list[Page]:
    apt_install("graphite-web")
    shutil.rmtree(work, ignore_errors=True)
    storage = work / "storage"
    (storage / "log").mkdir(parents=True)
    (storage / "whisper").mkdir()
    (work / "harvest_graphite_settings.py").write_text(SETTINGS.format(storage=storage))
    environment = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="graphite.settings",
        GRAPHITE_SETTINGS_MODULE="harvest_graphite_settings",
        PYTHONPATH=str(work),
    )
    admin = ["/usr/bin/python3", "-m", "django"]
    _run([*admin, "migrate", "--run-syncdb"], environment)
    _run([*admin, "shell", "-c", SETUP.format(storage=storage)], environment)
    source = f"{deb_version('graphite-web')}, {deb_version('python3-django')}"
    keeper = Keeper(GROUP, source)
    command = [*admin, "runserver", "--noreload", f"127.0.0.1:{PORT}"]
    base = f"http://127.0.0.1:{PORT}"
    with running(command, PORT, work / "graphite.log", env=environment):
        sessions = {"": Session(base)}
        for who in ("bob", "carol", "admin"):
            sessions[who] = _signed_in(base, who)
        for path, label, name, note, who in REQUESTS:
            status, final, kind, body = sessions[who].get(path)
            how = f"GET {path} (" + (f"signed in as {who})" if who else "not signed in)")
            if final != path:
                how += f"; redirected to {final}"
            keeper.keep(name, body, status, label, "en", how, note, kind)
        failed = Session(base)
        fields = {"username": "bob", "password": "wrong-password", "nextPage": "/"}
        status, final, kind, body = failed.get("/account/login", fields)
        keeper.keep("sign-in-failed", body, status, "soft_401", "en",
                    "POST /account/login (a wrong password)", "graphite's sign-in page after "
                    "a wrong password: 'Authentication attempt failed ...'", kind)  # fmt: skip
    return keeper.pages


def _signed_in(base: str, who: str) -> Session:
    """A session of `who`: graphite's own sign-in for bob, the admin's for the staff."""
    session = Session(base)
    password = f"harvest-{who}-42"
    if who == "bob":
        fields = {"username": who, "password": password, "nextPage": "/"}
        session.get("/account/login", fields)
    else:
        _, _, _, body = session.get("/admin/login/")
        fields = {"username": who, "password": password, "next": "/admin/"}
        fields["csrfmiddlewaretoken"] = token(body, "csrfmiddlewaretoken")
        session.get("/admin/login/?next=/admin/", fields)
    return session


def _run(command: list[str], environment: dict) -> None:
    result = subprocess.run(command, env=environment, capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"{' '.join(command[3:5])} failed: {result.stderr[-1500:]}")
