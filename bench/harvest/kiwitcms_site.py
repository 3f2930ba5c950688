"""Kiwi TCMS (PyPI kiwitcms, an environment of its own on Python 3.9) on 127.0.0.1: Kiwi's
product settings (tcms.settings.product) with a settings module of our own on top (a
PostgreSQL database of its own, kiwi_harvest on 127.0.0.1, dropped and made anew; static and
upload folders in the work folder, a secret key, a local mail backend: Kiwi reads KIWI_DB_*
or settings for these; nothing else changed), `django-admin migrate` (SQLite was tried
first: its migrations took over 20 minutes on this shared machine) and `refresh_permissions`
(the groups' permissions, as Kiwi's initial_setup gives them), and, by a script under
`django-admin shell`, an administrator, alice (in Kiwi's Tester group, the group a new user
gets), bob (in no group: no permission at all), carol (staff, in the Tester group), a
product with a version and a build, a test plan of alice's with a test case, a test run of
it with its execution; `django-admin runserver` (Django's development server, DEBUG off) on
the harvest's port. Kiwi 12.4 is the newest on PyPI; it installs on Python 3.11 but does not
start there (its pinned django-modern-rpc 0.12.1 imports inspect.getargspec, gone in 3.11),
so it runs on Python 3.9, the version it declares (pyenv's 3.9.18).

Pages: the sign-in page (asked for; where a visitor is sent from the dashboard, a test plan,
a test case, a test run and the plan search; after a wrong password), where bob, signed in
but without the permission, is sent from a test plan, a test case and a test run (the same
sign-in page, which says nothing else: Kiwi answers a missing permission so), and the
administration's sign-in page where bob (not staff) is sent from /admin/ (it says nothing
else either) (soft_401); Kiwi's 404 page ("404 Page not found") for an unknown URL and a
test plan, test case, test run and user profile that do not exist, a visitor and signed in
(soft_404); Django's bare "403 Forbidden" for carol (staff without the permission) on the
users' administration and on bob's password change, and Django's CSRF refusal for a
sign-in sent without its cookie and token (soft_403); healthy: the dashboard, a test plan, a
test case, a test run, the searches of plans, cases and runs, the new plan, case, run and bug
forms, two telemetry pages, and the administration's index and users for the administrator.
The language: Accept-Language (LocaleMiddleware), English and each language Kiwi ships a
catalog for, except eo (the pseudo-language of Crowdin's in-context translation mode: its
pages are Crowdin's placeholders, "crwdns350:0crwdne350:0")."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page, running
from bench.harvest.web_session import Keeper, Session, token

GROUP = "kiwitcms"
HOME = pyenv.HOME.parent / "kiwitcms-venv"
PORT = 18450  # this harvest's range is 18450-18499 (the machine is shared)
DATABASE = "kiwi_harvest"
ADMIN = ("admin", "Harvest-Admin-42x")
ALICE = ("alice", "Harvest-Alice-42x")
BOB = ("bob", "Harvest-Bob-42x")
CAROL = ("carol", "Harvest-Carol-42x")
SETTINGS = """from tcms.settings.product import *  # noqa
DEBUG = False
SECRET_KEY = "harvest-kiwitcms-secret-0001"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES = {{"default": {{"ENGINE": "django.db.backends.postgresql", "NAME": "{database}",
                           "USER": "postgres", "HOST": "127.0.0.1", "PORT": "5432"}}}}
STATIC_ROOT = "{work}/static"
MEDIA_ROOT = "{work}/uploads"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
"""
SETUP = """
from django.contrib.auth.models import Group, User
from django.contrib.sites.models import Site
from tcms.management.models import Build, Classification, Priority, Product, Version
from tcms.testcases.models import Category, TestCase, TestCaseStatus
from tcms.testplans.models import PlanType, TestPlan
from tcms.testruns.models import TestRun
Site.objects.filter(pk=1).update(domain="127.0.0.1:%(port)d", name="Kiwi TCMS")
User.objects.create_superuser("admin", "admin@example.org", %(admin)r)
alice = User.objects.create_user("alice", "alice@example.org", %(alice)r,
                                 first_name="Alice", last_name="Lindqvist")
alice.groups.add(Group.objects.get(name="Tester"))
User.objects.create_user("bob", "bob@example.org", %(bob)r, first_name="Bob", last_name="Marsh")
carol = User.objects.create_user("carol", "carol@example.org", %(carol)r, is_staff=True,
                                 first_name="Carol", last_name="Nyberg")
carol.groups.add(Group.objects.get(name="Tester"))
kind = Classification.objects.get_or_create(name="Harbour software")[0]
product = Product.objects.create(name="Tide tables", classification=kind,
                                 description="The harbour's tide table service")
version = Version.objects.get_or_create(value="2.4", product=product)[0]
build = Build.objects.create(name="2.4.1", version=version)
plan_type = PlanType.objects.get_or_create(name="Acceptance")[0]
plan = TestPlan.objects.create(
    name="Tide table export acceptance", product=product, product_version=version,
    author=alice, type=plan_type,
    text="Checks the week's tide table export before each release.")
category = Category.objects.get_or_create(name="Export", product=product)[0]
case = TestCase.objects.create(
    summary="Export the week's tide table as CSV", author=alice, default_tester=alice,
    case_status=TestCaseStatus.objects.filter(is_confirmed=True).first(),
    category=category, priority=Priority.objects.filter(is_active=True).first(),
    text="1. Open the mooring page. 2. Export the week. 3. Check high and low water.")
plan.add_case(case)
run = TestRun.objects.create(summary="Release 2.4.1 acceptance", plan=plan, build=build,
                             manager=alice, default_tester=alice)
run.create_execution(case=case, assignee=alice, build=build)
print(plan.pk, case.pk, run.pk)
"""
# Accept-Language -> the language recorded: English and Kiwi's catalogs (its locale folders)
LANGUAGES = {"en": "en", "ar": "ar", "bg": "bg", "bn": "bn", "ca": "ca", "cs": "cs", "de": "de",
             "el": "el", "es": "es", "fr": "fr", "he": "he", "hi": "hi",
             "hu": "hu", "id": "id", "it": "it", "ja": "ja", "ko": "ko", "mk": "mk",
             "mr": "mr", "pl": "pl", "pt-BR": "pt-br", "ro": "ro", "ru": "ru", "sk": "sk",
             "sl": "sl", "sq": "sq", "sw": "sw", "ta": "ta", "te": "te", "tr": "tr",
             "vi": "vi", "zh-CN": "zh-hans", "zh-TW": "zh-hant"}  # fmt: skip
# (path, who, label, name, note); who: None a visitor, else (user, password)
REQUESTS = (
    ("/accounts/login/", None, "soft_401", "sign-in", "the sign-in page, asked for"),
    ("/", None, "soft_401", "sign-in-from-dashboard",
     "a visitor opens the dashboard: sent to the sign-in page"),
    ("/plan/1/", None, "soft_401", "sign-in-from-plan",
     "a visitor opens a test plan: sent to the sign-in page"),
    ("/case/1/", None, "soft_401", "sign-in-from-case",
     "a visitor opens a test case: sent to the sign-in page"),
    ("/runs/1/", None, "soft_401", "sign-in-from-run",
     "a visitor opens a test run: sent to the sign-in page"),
    ("/plan/search/", None, "soft_401", "sign-in-from-plan-search",
     "a visitor opens the test plan search: sent to the sign-in page"),
    ("/no-such-page/", None, "soft_404", "not-found", "an unknown URL (404)"),
    ("/plan/999/", None, "soft_404", "no-such-plan", "a test plan that does not exist, "
     "a visitor (404)"),
    ("/case/999/", None, "soft_404", "no-such-case", "a test case that does not exist, "
     "a visitor (404)"),
    ("/runs/999/", None, "soft_404", "no-such-run", "a test run that does not exist, "
     "a visitor (404)"),
    ("/accounts/nosuch/profile/", None, "soft_404", "no-such-user",
     "the profile of a user that does not exist (404)"),
    ("/", ALICE, "ok", "dashboard", "alice's dashboard"),
    ("/plan/1/", ALICE, "ok", "plan", "a test plan, alice"),
    ("/case/1/", ALICE, "ok", "case", "a test case, alice"),
    ("/runs/1/", ALICE, "ok", "run", "a test run, alice"),
    ("/plan/search/", ALICE, "ok", "plan-search", "the test plan search, alice"),
    ("/cases/search/", ALICE, "ok", "case-search", "the test case search, alice"),
    ("/runs/search/", ALICE, "ok", "run-search", "the test run search, alice"),
    ("/plan/new/", ALICE, "ok", "new-plan", "the new test plan form, alice"),
    ("/cases/new/", ALICE, "ok", "new-case", "the new test case form, alice"),
    ("/runs/new/", ALICE, "ok", "new-run", "the new test run form, alice"),
    ("/telemetry/testing/breakdown/", ALICE, "ok", "telemetry-breakdown",
     "the testing breakdown (telemetry), alice"),
    ("/telemetry/testing/execution/trends/", ALICE, "ok", "telemetry-trends",
     "the execution trends (telemetry), alice"),
    ("/no-such-page/", ALICE, "soft_404", "not-found-signed-in", "an unknown URL, alice"),
    ("/plan/999/", ALICE, "soft_404", "no-such-plan-signed-in",
     "a test plan that does not exist, alice (404)"),
    ("/case/999/", ALICE, "soft_404", "no-such-case-signed-in",
     "a test case that does not exist, alice (404)"),
    ("/runs/999/", ALICE, "soft_404", "no-such-run-signed-in",
     "a test run that does not exist, alice (404)"),
    ("/plan/1/", BOB, "soft_401", "sign-in-bob-plan",
     "bob (signed in, no permission) opens a test plan: sent to the sign-in page"),
    ("/case/1/", BOB, "soft_401", "sign-in-bob-case",
     "bob (signed in, no permission) opens a test case: sent to the sign-in page"),
    ("/runs/1/", BOB, "soft_401", "sign-in-bob-run",
     "bob (signed in, no permission) opens a test run: sent to the sign-in page"),
    ("/admin/", BOB, "soft_401", "admin-sign-in-bob",
     "bob (signed in, not staff) opens the administration: sent to its sign-in page, which "
     "asks him to sign in and says nothing else"),
    ("/admin/auth/user/", CAROL, "soft_403", "admin-users-denied-carol",
     "carol (staff, a tester, no permission on users) opens the users' administration (403)"),
    ("/admin/auth/user/4/password/", CAROL, "soft_403", "admin-password-denied-carol",
     "carol opens bob's password change in the administration (403)"),
    ("/bugs/new/", ALICE, "ok", "new-bug", "the new bug form, alice"),
    ("/admin/", ADMIN, "ok", "admin", "the administration, the administrator"),
    ("/admin/auth/user/", ADMIN, "ok", "admin-users", "the users, the administrator"),
)  # fmt: skip
VOLATILE = re.compile(r"csrfmiddlewaretoken\S*|\d\d:\d\d(:\d\d)?")


def harvest(work: Path) -> list[Page]:
    python, environment = _install(work)
    versions = pyenv.versions(python, "kiwitcms", "Django")
    source = f"kiwitcms {versions['kiwitcms']} (PyPI, Django {versions['Django']}, Python 3.9)"
    keeper = Keeper(GROUP, source, VOLATILE)
    _populate(python, environment)
    with running(_server(python), PORT, work / "runserver.log", timeout=180, env=environment):
        for accept, language in LANGUAGES.items():
            _pages(keeper, accept, language)
    return keeper.pages


def _install(work: Path) -> tuple[Path, dict]:
    """Kiwi's environment, the work folder, the settings, a new database migrated."""
    if not (HOME / "bin/python").exists():
        subprocess.run([pyenv.python39(), "-m", "venv", str(HOME)], check=True)
    python = pyenv.python("kiwitcms==12.4", "psycopg2-binary", home=HOME)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    (work / "harvest_settings.py").write_text(SETTINGS.format(work=work, database=DATABASE))
    psql = ["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-c"]
    _run([*psql, f"DROP DATABASE IF EXISTS {DATABASE}"], None)
    _run([*psql, f"CREATE DATABASE {DATABASE}"], None)
    environment = {"PYTHONPATH": str(work), "DJANGO_SETTINGS_MODULE": "harvest_settings"}
    environment["PATH"] = f"{python.parent}:/usr/bin:/bin"
    _run([str(python.parent / "django-admin"), "migrate", "-v0"], environment)
    return python, environment


def _populate(python: Path, environment: dict) -> None:
    """The users and the test plan, case and run (in one transaction: all or nothing)."""
    script = SETUP % {
        "port": PORT,
        "admin": ADMIN[1],
        "alice": ALICE[1],
        "bob": BOB[1],
        "carol": CAROL[1],
    }
    command = "from django.db import transaction\nwith transaction.atomic():\n    exec(%r)"
    django = str(python.parent / "django-admin")
    # what Kiwi's initial_setup does after migrate: the Tester and Administrator groups'
    # permissions
    _run([django, "refresh_permissions", "-v0"], environment)
    ids = _run([django, "shell", "-c", command % script], environment).split()
    if ids[-3:] != ["1", "1", "1"]:
        raise RuntimeError(f"the test plan, case and run are not 1, 1, 1: {ids}")


def _server(python: Path) -> list[str]:
    return [str(python.parent / "django-admin"), "runserver", f"127.0.0.1:{PORT}", "--noreload",
            "--insecure"]  # fmt: skip


def _run(command: list[str], environment: dict | None) -> str:
    result = subprocess.run(command, capture_output=True, text=True, check=False, env=environment)
    if result.returncode:
        raise RuntimeError(f"{command[1]} failed: {(result.stdout + result.stderr)[-1500:]}")
    return result.stdout


def _pages(keeper: Keeper, accept: str, language: str) -> None:
    base = f"http://127.0.0.1:{PORT}"
    browsers: dict = {None: Session(base, accept)}
    for user in (ADMIN, ALICE, BOB, CAROL):
        browsers[user] = Session(base, accept)
        status, final, _, _ = _sign_in(browsers[user], *user)
        if final.startswith("/accounts/login/"):
            raise RuntimeError(f"{user[0]} could not sign in: {status} {final}")
    for path, user, label, name, note in REQUESTS:
        status, final, kind, body = browsers[user].get(path)
        if label == "ok" and (status != 200 or "login" in final):
            raise RuntimeError(f"{path} ({user}) answered {status} at {final}: no healthy page")
        who = f"signed in as {user[0]}" if user else "a visitor"
        how = f"GET {path} ({who}, Accept-Language {accept})"
        if final != path:
            how += f"; redirected to {final}"
        keeper.keep(name, body, status, label, language, how, note, kind)
    status, _, kind, body = _sign_in(Session(base, accept), BOB[0], "not-the-password")
    keeper.keep("sign-in-failed", body, status, "soft_401", language,
                f"POST /accounts/login/ with a wrong password (Accept-Language {accept})",
                "the sign-in page after a wrong password", kind)  # fmt: skip
    fields = {"username": BOB[0], "password": BOB[1]}
    headers = {"Referer": base + "/accounts/login/"}
    status, _, kind, body = Session(base, accept).get("/accounts/login/", fields, headers)
    keeper.keep("csrf-refused", body, status, "soft_403", language,
                f"POST /accounts/login/ without the CSRF cookie and token (Accept-Language "
                f"{accept})", "Django's CSRF refusal (403)", kind)  # fmt: skip


def _sign_in(browser: Session, username: str, password: str):
    _, _, _, page = browser.get("/accounts/login/")
    fields = {"csrfmiddlewaretoken": token(page, "csrfmiddlewaretoken"), "next": "/"}
    fields.update(username=username, password=password)
    headers = {"Referer": browser.base + "/accounts/login/"}
    return browser.get("/accounts/login/", fields, headers)
