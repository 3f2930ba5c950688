"""Review Board (PyPI ReviewBoard, an environment of its own) on 127.0.0.1: a site made by
`rb-site install --noinput` (SQLite, a file cache, site root /) in the work folder, its
administrator; by a script under `rb-site manage shell`, two users (alice, bob), a public
review group (both in it), an invite-only group (alice only) and two published review
requests of alice's without a repository, one for each group; `rb-site manage runserver`
(Django's development server, DEBUG off) on the harvest's port, its sign-in rate limit
raised (LOGIN_LIMIT_RATE: the harvest signs in 24 times). The language: Accept-Language
(Django's LocaleMiddleware; Review Board has no language setting of a user's own), English
and each language Review Board ships a catalog for (es, it, ko, pt-br, zh-tw).

Pages: the sign-in page (asked for; where a visitor is sent from the dashboard and from the
account settings; after a wrong password, "Please enter a correct username and password") and
the administration's own sign-in page (where a visitor is sent from /admin/, and bob, signed
in but not staff: it asks him to sign in and says nothing else) (soft_401); "404 - Page Does
Not Exist ... The page you were looking for does not exist." (404) for an unknown URL and an
unknown review request, user, group and diff, a visitor and signed in (soft_404); "You don't
have access to this review request." and "You don't have access to this group." (403) for
the invite-only group's review request and page, a visitor and bob (soft_403); healthy: all
review requests, a review request, users, a user, groups, a group, and signed in the
dashboard, the account settings, the new review request page, the private review request for
alice (in its group) and, for the administrator, the administration's dashboard. The same
text for two requests in one language is kept once (every 404 is one page).
Left out: the search page ("Indexed Search is not enabled ... contact your administrator.": a
feature switched off, neither healthy content nor a not-found or access page)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page, running
from bench.harvest.web_session import Keeper, Session, token

GROUP = "reviewboard"
HOME = Path("/tmp/fresh6c/reviewboard-venv")
PORT = 18620  # the harvest's range is 18600-18699 (the machine is shared)
ADMIN = ("admin", "harvest-admin-42")
ALICE = ("alice", "harvest-alice-42")
BOB = ("bob", "harvest-bob-42")
# Accept-Language -> the language recorded: English and Review Board's own catalogs
LANGUAGES = {"en": "en", "es": "es", "it-IT": "it", "ko-KR": "ko", "pt-BR": "pt-br",
             "zh-TW": "zh-tw"}  # fmt: skip
SETUP = """
from django.contrib.auth.models import User
from reviewboard.reviews.models import Group, ReviewRequest
alice = User.objects.create_user("alice", "alice@example.org", "harvest-alice-42",
                                 first_name="Alice", last_name="Lindqvist")
bob = User.objects.create_user("bob", "bob@example.org", "harvest-bob-42",
                               first_name="Bob", last_name="Marsh")
devs = Group.objects.create(name="harbour-devs", display_name="Harbour developers",
                            mailing_list="devs@example.org")
devs.users.add(alice, bob)
secret = Group.objects.create(name="moorings-security", display_name="Moorings security",
                              invite_only=True, visible=False)
secret.users.add(alice)
for summary, description, group in (
    ("Print the week's tide table on the mooring page",
     "Adds the week's high and low water to each mooring's page.", devs),
    ("Change the gate codes of the east pontoon",
     "Rotates the east pontoon's gate codes every month.", secret),
):
    request = ReviewRequest.objects.create(alice, None)
    draft = request.get_draft() or request
    draft.summary, draft.description = summary, description
    draft.testing_done = "Ran the tide table export for the whole of March."
    draft.save()
    draft.target_groups.add(group)
    request.publish(alice)
"""
# (path, who, label, name, note); who: None a visitor, else (user, password)
REQUESTS = (
    ("/account/login/", None, "soft_401", "sign-in", "the sign-in page, asked for"),
    ("/dashboard/", None, "soft_401", "sign-in-from-dashboard",
     "a visitor opens the dashboard: sent to the sign-in page"),
    ("/account/preferences/", None, "soft_401", "sign-in-from-preferences",
     "a visitor opens the account settings: sent to the sign-in page"),
    ("/admin/", None, "soft_401", "admin-sign-in",
     "a visitor opens the administration: sent to its sign-in page"),
    ("/r/", None, "ok", "all-review-requests", "all review requests, a visitor"),
    ("/r/1/", None, "ok", "review-request", "a public review request, a visitor"),
    ("/users/", None, "ok", "users", "the users, a visitor"),
    ("/users/alice/", None, "ok", "user", "a user's review requests, a visitor"),
    ("/groups/", None, "ok", "groups", "the review groups, a visitor"),
    ("/groups/harbour-devs/", None, "ok", "group", "a group's review requests, a visitor"),
    ("/no-such-page/", None, "soft_404", "not-found", "an unknown URL (404)"),
    ("/r/999/", None, "soft_404", "no-such-review-request",
     "a review request that does not exist (404)"),
    ("/users/nosuch/", None, "soft_404", "no-such-user", "a user that does not exist (404)"),
    ("/groups/nosuch/", None, "soft_404", "no-such-group", "a group that does not exist (404)"),
    ("/r/1/diff/", None, "soft_404", "no-such-diff", "the diff of a review request without "
     "one (404)"),
    ("/r/2/", None, "soft_403", "denied-review-request",
     "a visitor opens the invite-only group's review request (403)"),
    ("/groups/moorings-security/", None, "soft_403", "denied-group",
     "a visitor opens the invite-only group (403)"),
    ("/dashboard/", ALICE, "ok", "dashboard", "alice's dashboard"),
    ("/account/preferences/", ALICE, "ok", "preferences", "alice's account settings"),
    ("/r/new/", ALICE, "ok", "new-review-request", "the new review request page, alice"),
    ("/r/2/", ALICE, "ok", "review-request-private",
     "the invite-only group's review request, for alice (in the group)"),
    ("/no-such-page/", ALICE, "soft_404", "not-found-signed-in", "an unknown URL, alice"),
    ("/r/999/", ALICE, "soft_404", "no-such-review-request-signed-in",
     "a review request that does not exist, alice (404)"),
    ("/r/2/", BOB, "soft_403", "denied-review-request-bob",
     "bob (not in the invite-only group) opens its review request (403)"),
    ("/groups/moorings-security/", BOB, "soft_403", "denied-group-bob",
     "bob opens the invite-only group (403)"),
    ("/admin/", BOB, "soft_401", "admin-sign-in-bob",
     "bob (signed in, not staff) opens the administration: sent to its sign-in page, which "
     "asks him to sign in and says nothing else"),
    ("/admin/", ADMIN, "ok", "admin", "the administration's dashboard, the administrator"),
)  # fmt: skip


def harvest(work: Path) -> list[Page]:
    python = pyenv.python("ReviewBoard", home=HOME)
    versions = pyenv.versions(python, "ReviewBoard", "Django")
    source = f"ReviewBoard {versions['ReviewBoard']} (PyPI, Django {versions['Django']})"
    keeper = Keeper(GROUP, source)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    site = _install(python, work)
    command = [str(python.parent / "rb-site"), "manage", str(site), "runserver", "--"]
    command += [f"127.0.0.1:{PORT}", "--noreload", "--insecure"]
    with running(command, PORT, work / "runserver.log", timeout=120):
        for accept, language in LANGUAGES.items():
            _pages(keeper, accept, language)
    return keeper.pages


def _install(python: Path, work: Path) -> Path:
    site = work / "site"
    rb_site = str(python.parent / "rb-site")
    command = [rb_site, "install", "--noinput", "--opt-out-support-data"]
    command += ["--domain-name", "127.0.0.1", "--allowed-host", "127.0.0.1", "--site-root", "/"]
    command += ["--db-type", "sqlite3", "--db-name", str(site / "data/reviewboard.db")]
    command += ["--cache-type", "file", "--cache-info", str(work / "cache")]
    command += ["--web-server-type", "apache", "--admin-user", ADMIN[0], "--admin-password"]
    command += [ADMIN[1], "--admin-email", "admin@example.org", "--company", "Harbour"]
    command += ["--sitelist", str(work / "sitelist.txt"), str(site)]
    _run(command)
    # djblets allows 5 sign-ins a minute from one address; the harvest signs in 4 times a
    # language
    with (site / "conf/settings_local.py").open("a") as settings:
        settings.write('\nLOGIN_LIMIT_RATE = "1000/m"\n')
    script = work / "setup.py"
    script.write_text(SETUP)
    shell = [rb_site, "manage", str(site), "shell", "--", "-c"]
    shell.append(f"exec(open({str(script)!r}).read())")
    _run(shell)
    return site


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode:
        raise RuntimeError(f"{command[1]} failed: {(result.stdout + result.stderr)[-1500:]}")


def _pages(keeper: Keeper, accept: str, language: str) -> None:
    base = f"http://127.0.0.1:{PORT}"
    browsers: dict = {None: Session(base, accept)}
    for user in (ADMIN, ALICE, BOB):
        browsers[user] = Session(base, accept)
        status, final, _, body = _sign_in(browsers[user], *user)
        if final.startswith("/account/login/"):
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
                f"POST /account/login/ with a wrong password (Accept-Language {accept})",
                "the sign-in page after a wrong password", kind)  # fmt: skip


def _sign_in(browser: Session, username: str, password: str):
    _, _, _, page = browser.get("/account/login/")
    fields = {"csrfmiddlewaretoken": token(page, "csrfmiddlewaretoken"), "next": "/dashboard/"}
    fields.update(username=username, password=password)
    return browser.get("/account/login/", fields, {"Referer": browser.base + "/account/login/"})
