"""pretix (PyPI `pretix`), the ticket shop, in an environment of its own on Python 3.11: a
configuration of its own (SQLite, a data folder in the work folder, DEBUG off, mail sent
nowhere), `python -m pretix migrate` and `rebuild` (its compressed static files, which its
templates need with DEBUG off), a small event made by a script (an organizer "Garden Club"
with customer accounts on, an event "Spring Fair" on sale with one product and a quota, every
language pretix offers enabled for the shop; an administrator in the organizer's team with
every permission, and bob, in a team that may only read the event's orders), served by
`python -m pretix runserver` (Django's server; --insecure for its static files) on 127.0.0.1.

Pages: pretix's 404 page ("Not found ... I'm afraid we could not find the the resource you
requested.", with the reason) for an event and an organizer that do not exist, an unknown URL
under an event, an order that does not exist (a visitor), and an event that does not exist
in the control panel (the administrator signed in); its 403 page ("Permission denied ... You
do not have access to this page.") for bob on the event's settings and on the system
settings; the control panel's sign-in page (asked for; where the dashboard and an event's
control page send a visitor; after a wrong password) and the shop's customer sign-in page;
healthy pages: the event shop, the shop with a ticket in the cart, the checkout's details step
(its first step, a customer account's sign-in or a guest, passed as a guest), the
organizer's page, the order-link and voucher forms, the control panel's password-reset form,
and signed in the dashboard, the organizer, the event and its orders. The language is
the browser's (Accept-Language) for a visitor and the user's own setting signed in (pretix
reads the setting first), set to each language pretix enables; the error and sign-in pages
are kept in every language whose text differs from the English page's, the healthy pages
and the redirected and failed sign-in pages in a few. Left out: bob's answer for an event
of which he is in no team ("The selected event was not found or you have no permission to
administrate it.", 404: it does not say which), the bodies of pretix's redirects, and its
imprint (pretix links an imprint URL of the organizer's own; it has no page of its own)."""

from __future__ import annotations

import html
import http.cookiejar
import os
import re
import shutil
import sqlite3
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page, running

GROUP = "pretix"
# the environments of the fifth fresh side's PyPI programs (another place: HARVEST_ENV_HOME)
HOME = Path(os.environ.get("HARVEST_ENV_HOME", pyenv.HOME.parent)) / "pretix-venv"
PYTHON = Path.home() / ".pyenv" / "versions" / "3.11.7" / "bin" / "python"
PORT = 18221  # this harvest's ports: 18200-18299
ADMIN = ("admin@example.org", "harvest-admin-42")
BOB = ("bob@example.org", "harvest-member-42")
FEW_LANGUAGES = ("en", "de", "fr", "es", "ja", "ru", "zh-hans", "pt-pt")
CONFIG = """[pretix]
instance_name=Harvest tickets
url=http://127.0.0.1:{port}
currency=EUR
datadir={work}/data
registration=off

[database]
backend=sqlite3
name={work}/data/db.sqlite3

[mail]
from=tickets@example.org
host=127.0.0.1
port=1

[django]
secret=not-a-real-secret-for-the-harvest
debug=off
"""
SETUP = """
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pretix.settings")
import django
django.setup()
from datetime import timedelta
from decimal import Decimal
from django.conf import settings
from django.utils.timezone import now
from django_scopes import scopes_disabled
from pretix.base.models import Event, Item, Organizer, Team, User

languages = [code for code, _ in settings.LANGUAGES]
with scopes_disabled():
    admin = User.objects.create_user("admin@example.org", "harvest-admin-42",
                                     fullname="Ada Admin")
    bob = User.objects.create_user("bob@example.org", "harvest-member-42", fullname="Bob Box")
    organizer = Organizer.objects.create(name="Garden Club", slug="garden")
    organizer.create_default_sales_channels()
    organizer.settings.locales = languages
    organizer.settings.event_list_type = "list"
    organizer.settings.customer_accounts = True
    team = Team.objects.create(organizer=organizer, name="Administrators", all_events=True,
                               all_event_permissions=True, all_organizer_permissions=True)
    team.members.add(admin)
    event = Event.objects.create(organizer=organizer, name="Spring Fair", slug="fair",
                                 date_from=now() + timedelta(days=60), live=True,
                                 currency="EUR")
    event.set_defaults()
    event.settings.locales = languages
    event.settings.locale = "en"
    event.settings.contact_mail = "fair@example.org"
    item = Item.objects.create(event=event, name="Day ticket", default_price=Decimal("12.00"),
                               description="Entry to the fair for one day.")
    quota = event.quotas.create(name="Day tickets", size=200)
    quota.items.add(item)
    box_office = Team.objects.create(organizer=organizer, name="Box office",
                                     limit_event_permissions={"event.orders:read": True})
    box_office.limit_events.add(event)
    box_office.members.add(bob)
    print(item.pk)
    print(",".join(languages))
"""
# (path, label, name, note, who, every language?): who is "visitor", "admin" or "bob"
REQUESTS = (
    (
        "/garden/nosuch/",
        "soft_404",
        "event-not-found",
        "a shop page of an event that does not exist: its 404 page",
        "visitor",
        1,
    ),
    (
        "/nosuch/",
        "soft_404",
        "organizer-not-found",
        "an organizer that does not exist: its 404 page",
        "visitor",
        1,
    ),
    (
        "/garden/fair/no-such-page",
        "soft_404",
        "not-found",
        "an unknown URL under the event: its 404 page",
        "visitor",
        1,
    ),
    (
        "/garden/fair/order/ABCDE/abcdefgh12345678/",
        "soft_404",
        "order-not-found",
        "an order that does not exist: its 404 page ('Unknown order code or not authorized to"
        " access this order.')",
        "visitor",
        1,
    ),
    (
        "/control/event/garden/nosuch/",
        "soft_404",
        "control-event-not-found",
        "the control panel's page of an event that does not exist, the administrator signed"
        " in: its 404 page",
        "admin",
        1,
    ),
    (
        "/control/event/garden/fair/settings/",
        "soft_403",
        "permission-denied-event-settings",
        "bob (signed in; his team may only read orders) on the event's settings: its 403 page",
        "bob",
        1,
    ),
    (
        "/control/global/settings/",
        "soft_403",
        "permission-denied-system-settings",
        "bob (signed in, no administrator) on the system settings: its 403 page",
        "bob",
        1,
    ),
    ("/control/login", "soft_401", "login", "the control panel's sign-in page", "visitor", 1),
    (
        "/control/",
        "soft_401",
        "login-from-dashboard",
        "where the control panel's dashboard sends a visitor: the sign-in page",
        "visitor",
        0,
    ),
    (
        "/control/event/garden/fair/",
        "soft_401",
        "login-from-event",
        "where an event's control page sends a visitor: the sign-in page",
        "visitor",
        0,
    ),
    (
        "/garden/account/login",
        "soft_401",
        "customer-login",
        "the shop's customer sign-in page",
        "visitor",
        1,
    ),
    ("/garden/fair/", "ok", "shop", "the event's shop", "visitor", 0),
    ("/garden/", "ok", "organizer", "the organizer's page (its events)", "visitor", 0),
    ("/garden/fair/resend/", "ok", "resend", "the form that resends order links", "visitor", 0),
    ("/garden/fair/redeem", "ok", "redeem", "the voucher form", "visitor", 0),
    ("/control/forgot", "ok", "forgot", "the control panel's password-reset form", "visitor", 0),
    ("/control/", "ok", "dashboard", "the control panel's dashboard", "admin", 0),
    ("/control/organizer/garden/", "ok", "control-organizer", "the organizer", "admin", 0),
    ("/control/event/garden/fair/", "ok", "control-event", "the event's dashboard", "admin", 0),
    ("/control/event/garden/fair/orders/", "ok", "control-orders", "its orders", "admin", 0),
)


def harvest(work: Path) -> list[Page]:
    python = _environment()
    version = pyenv.versions(python, "pretix")["pretix"]
    source = f"pretix {version} (PyPI)"
    shutil.rmtree(work, ignore_errors=True)
    (work / "data").mkdir(parents=True)
    (work / "pretix.cfg").write_text(CONFIG.format(port=PORT, work=work))
    environment = dict(os.environ, PRETIX_CONFIG_FILE=str(work / "pretix.cfg"))
    run = {"env": environment, "cwd": work, "check": True, "capture_output": True}
    subprocess.run([str(python), "-m", "pretix", "migrate"], **run)
    subprocess.run([str(python), "-m", "pretix", "rebuild"], **run)
    (work / "setup.py").write_text(SETUP)
    made = subprocess.run([str(python), "setup.py"], text=True, **run).stdout.splitlines()
    item, languages = made[-2], made[-1].split(",")
    command = [str(python), "-m", "pretix", "runserver", "--noreload", "--insecure"]
    command.append(f"127.0.0.1:{PORT}")
    pages, english = [], {}
    with running(command, PORT, work / "server.log", timeout=120, env=environment, cwd=work):
        base = f"http://127.0.0.1:{PORT}"
        for language in languages:
            _set_user_language(work / "data" / "db.sqlite3", language)
            sessions = {"visitor": _Browser(base, language)}
            sessions["admin"] = _Browser(base, language, ADMIN)
            sessions["bob"] = _Browser(base, language, BOB)
            answers = []
            for path, label, name, note, who, every in REQUESTS:
                if every or language in FEW_LANGUAGES:
                    status, body, obtained = sessions[who].get(path)
                    answers.append((name, label, note, status, body, obtained))
            if language in FEW_LANGUAGES:
                answers += _extra_pages(base, language, item)
            for name, label, note, status, body, obtained in answers:
                if status is None:
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


def _extra_pages(base: str, language: str, item: str) -> list[tuple]:
    """The failed sign-in, and the shop with a ticket in the cart and the checkout's details
    step (one visitor's session)."""
    answers = []
    visitor = _Browser(base, language)
    status, body = visitor.sign_in(("bob@example.org", "wrong-password"))
    obtained = f"POST /control/login bob@example.org, a wrong password (Accept-Language {language})"
    note = "the control panel's sign-in page after a wrong password"
    answers.append(("login-failed", "soft_401", note, status, body, obtained))
    shopper = _Browser(base, language)
    shopper.get("/garden/fair/")
    shopper.post("/garden/fair/cart/add", {f"item_{item}": "1"}, "/garden/fair/")
    status, body, obtained = shopper.get("/garden/fair/")
    obtained = obtained.replace("(a visitor", "(a visitor with a ticket in the cart")
    note = "the event's shop with a ticket in the cart"
    answers.append(("shop-with-cart", "ok", note, status, body, obtained))
    # the checkout's first step offers a customer account's sign-in (customer accounts are
    # on): it is passed as a guest, and the next step (the buyer's details) is kept
    shopper.get("/garden/fair/checkout/start")
    shopper.post("/garden/fair/checkout/customer/", {"customer_mode": "guest"}, "/")
    status, body, obtained = shopper.get("/garden/fair/checkout/questions/")
    obtained = obtained.replace(
        "(a visitor", "(a visitor with a ticket in the cart, the customer step passed as a guest"
    )
    note = "the checkout's step 'Your information' (a ticket in the cart)"
    answers.append(("checkout", "ok", note, status, body, obtained))
    return answers


class _Browser:
    """One session (cookies, pretix's CSRF token), a language, redirects followed."""

    def __init__(self, base: str, language: str, user: tuple[str, str] | None = None):
        self.base, self.language, self.user = base, language, user
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.opener.addheaders = [
            ("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) gatewatch-harvest"),
            ("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
            ("Accept-Language", language),
        ]
        if user:
            self.sign_in(user)

    def _open(self, request) -> tuple[int, str, dict, bytes]:
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.url, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.url, dict(error.headers), error.read()

    def get(self, path: str) -> tuple[int | None, bytes, str]:
        status, url, headers, body = self._open(self.base + path)
        who = f"signed in as {self.user[0]}, its language" if self.user else "a visitor"
        obtained = f"GET {path} ({who} {self.language}"
        if not self.user:
            obtained = f"GET {path} (a visitor, Accept-Language {self.language}"
        landed = url.removeprefix(self.base)
        obtained += ")" if landed == path else f"), then GET {landed} (its redirect)"
        content_type = {k.lower(): v for k, v in headers.items()}.get("content-type", "")
        if "html" not in content_type or not body.strip():
            return None, b"", obtained
        return status, body, obtained

    def post(self, path: str, fields: dict, referer: str) -> tuple[int, bytes]:
        token = next((cookie.value for cookie in self.jar if "csrf" in cookie.name), "")
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
        request = urllib.request.Request(
            self.base + path, data, headers={"Referer": self.base + referer}
        )
        status, _, _, body = self._open(request)
        return status, body

    def sign_in(self, user: tuple[str, str]) -> tuple[int, bytes]:
        self._open(self.base + "/control/login")
        return self.post(
            "/control/login", {"email": user[0], "password": user[1]}, "/control/login"
        )


def _set_user_language(database: Path, language: str) -> None:
    """Signed in, pretix speaks the user's own language setting (before Accept-Language)."""
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE pretixbase_user SET locale = ?", (language,))


def _environment() -> Path:
    """An environment of its own on Python 3.11, pretix installed from PyPI."""
    interpreter = HOME / "bin" / "python"
    if not interpreter.exists():
        subprocess.run([str(PYTHON), "-m", "venv", str(HOME)], check=True)
    return pyenv.python("pretix", home=HOME)


def _text(body: bytes) -> str:
    """The words a reader sees (no markup, no attributes such as tokens or lang)."""
    page = body.decode("utf-8", "replace")
    page = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", page)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
