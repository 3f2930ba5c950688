"""Spirit, a forum (PyPI django-spirit, an environment of its own) on 127.0.0.1: its own
example project (`spirit startproject`, the development settings: SQLite, Whoosh search) with
a settings module of ours on top (DEBUG off, the sign-in rate limit off: the harvest signs in
again and again), `migrate`, then by a script under `manage.py shell` an administrator,
alice and bob, two categories, three topics with replies and a private topic of alice's;
`rebuild_index` for the search; Django's development server. The language: Accept-Language
(the project's LocaleMiddleware), English and each language Spirit ships a catalog for (de,
es, fr, hu, it, ky, lt, pl, ru, sv, tr, zh-hans).

Pages: Spirit's 404 page ("Error 404: what you are looking for is gone... :(") for an
unknown URL, topic, category and user, a visitor and signed in (soft_404; the same text for
every request of one visitor in one language, kept once); the sign-in page (asked for;
where a visitor is sent from the profile settings, the search, a user's pages, the private
topics, a private topic and the forum's administration: the same page, kept once; after a
wrong password) (soft_401); "Error 403: You do not have sufficient permissions to access
this page. :(" (403) for bob at the forum's administration and at a moderator's page
(deleting a topic: the same text, kept once) (soft_403); healthy: the latest topics (the
home page), the categories, a category, a topic, and signed in the search with results, a
user's comments and topics, the profile settings, the private topics, a private topic
(alice, its author), the unread topics, the notifications and, for the administrator, the
administration's dashboard, categories and users (ok). A private topic opened by bob, who
is not in it, is Spirit's 404 page: the same text as bob's other 404s, kept once (as a
404). Left out: the registration and password-reset pages (neither sign-in nor refusal
pages, and they ask for an e-mail server)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page, running
from bench.harvest.web_session import Keeper, Session, token

GROUP = "django-spirit"
HOME = pyenv.HOME.parent / "spirit-venv"
PORT = 18410  # the harvest's range is 18400-18449 (the machine is shared)
ADMIN = ("admin", "harvest-admin-42")
ALICE = ("alice", "harvest-alice-42")
BOB = ("bob", "harvest-bob-42")
# Accept-Language -> the language recorded: English and Spirit's catalogs
LANGUAGES = {"en": "en", "de": "de", "es": "es", "fr": "fr", "hu": "hu", "it": "it",
             "ky": "ky", "lt": "lt", "pl": "pl", "ru": "ru", "sv": "sv", "tr": "tr",
             "zh-Hans": "zh-hans"}  # fmt: skip
SETTINGS = """from .dev import *  # noqa

DEBUG = False
TEMPLATES[0]["OPTIONS"]["debug"] = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SECRET_KEY = "harvest-spirit-secret-0001"
ST_RATELIMIT_ENABLE = False
"""
SETUP = """
from django.contrib.auth import get_user_model
from spirit.category.models import Category
from spirit.comment.models import Comment
from spirit.topic.models import Topic
from spirit.topic.private.models import TopicPrivate
from spirit.user.models import UserProfile

User = get_user_model()
admin = User.objects.create_superuser("admin", "admin@example.org", "harvest-admin-42")
alice = User.objects.create_user("alice", "alice@example.org", "harvest-alice-42")
bob = User.objects.create_user("bob", "bob@example.org", "harvest-bob-42")
for user in (admin, alice, bob):
    profile, _ = UserProfile.objects.get_or_create(user=user)
    profile.is_verified = True
    profile.save()
boats = Category.objects.create(title="Boats and moorings", sort=2,
                                description="Everything afloat in the harbour.")
tides = Category.objects.create(title="Tides and weather", sort=3,
                                description="High water, low water and the wind.")
threads = (
    (boats, alice, "Winter lay-up on the east pontoon",
     ["Who else is lifting out in November? The crane is booked from the 12th.",
      "We are lifting out on the 14th, the crane driver says two boats an hour."]),
    (boats, bob, "Fender sizes for an 8 metre boat",
     ["What fenders do you use on a boat of 8 metres?",
      "Three of 15 cm on each side have served us well for years."]),
    (tides, alice, "Spring tides next week",
     ["High water on Tuesday is 6.1 metres, mind the west slipway.",
      "Thanks, the slipway will be under water by noon then."]),
)
for category, author, title, comments in threads:
    topic = Topic.objects.create(category=category, user=author, title=title)
    for number, text in enumerate(comments):
        user = author if number == 0 else (bob if author == alice else alice)
        Comment.objects.create(user=user, topic=topic, comment=text,
                               comment_html="<p>" + text + "</p>")
private = Category.objects.get(pk=1)
topic = Topic.objects.create(category=private, user=alice, title="Gate codes for the pontoons")
Comment.objects.create(user=alice, topic=topic, comment="The new codes are in the office.",
                       comment_html="<p>The new codes are in the office.</p>")
TopicPrivate.objects.create(topic=topic, user=alice)
print("PRIVATE", topic.pk, "USER", alice.pk)
"""
# (path, who, label, name, note); who: None a visitor, else (user, password); {private}: the
# private topic's number, {alice}: alice's user number
REQUESTS = (
    ("/user/login/", None, "soft_401", "sign-in", "the sign-in page, asked for"),
    ("/", None, "ok", "latest-topics", "the home page: the latest topics, a visitor"),
    ("/category/", None, "ok", "categories", "the categories, a visitor"),
    ("/category/3/", None, "ok", "category", "a category (of ours), a visitor"),
    ("/topic/2/", None, "ok", "topic", "a topic, a visitor"),
    ("/no-such-page/", None, "soft_404", "not-found", "an unknown URL (404)"),
    ("/topic/999/", None, "soft_404", "no-such-topic", "a topic that does not exist (404)"),
    ("/category/999/", None, "soft_404", "no-such-category",
     "a category that does not exist (404)"),
    ("/user/999/", None, "soft_404", "no-such-user", "a user that does not exist (404)"),
    ("/user/{alice}/", None, "soft_401", "sign-in-from-user",
     "a visitor opens a user's comments: sent to the sign-in page"),
    ("/search/?q=crane", None, "soft_401", "sign-in-from-search",
     "a visitor searches: sent to the sign-in page"),
    ("/user/", None, "soft_401", "sign-in-from-profile",
     "a visitor opens the profile settings: sent to the sign-in page"),
    ("/topic/private/", None, "soft_401", "sign-in-from-private",
     "a visitor opens the private topics: sent to the sign-in page"),
    ("/topic/private/{private}/", None, "soft_401", "sign-in-from-private-topic",
     "a visitor opens a private topic: sent to the sign-in page"),
    ("/st/admin/", None, "soft_401", "sign-in-from-admin",
     "a visitor opens the forum's administration: sent to the sign-in page"),
    ("/user/", BOB, "ok", "profile", "bob's profile settings"),
    ("/search/?q=crane", BOB, "ok", "search", "the search, with results, bob"),
    ("/user/{alice}/", BOB, "ok", "user-comments", "a user's comments (alice's), bob"),
    ("/user/topics/{alice}/", BOB, "ok", "user-topics", "a user's topics (alice's), bob"),
    ("/topic/private/", BOB, "ok", "private-topics", "bob's private topics (none)"),
    ("/topic/unread/", BOB, "ok", "unread", "bob's unread topics"),
    ("/topic/notification/", BOB, "ok", "notifications", "bob's notifications"),
    ("/", BOB, "ok", "latest-topics-signed-in", "the latest topics, bob"),
    ("/topic/2/", BOB, "ok", "topic-signed-in", "a topic, bob (with the reply form)"),
    ("/no-such-page/", BOB, "soft_404", "not-found-signed-in", "an unknown URL, bob (404)"),
    ("/topic/999/", BOB, "soft_404", "no-such-topic-signed-in",
     "a topic that does not exist, bob (404)"),
    ("/topic/private/{private}/", BOB, "soft_404", "private-topic-not-invited",
     "alice's private topic, bob (not in it): Spirit's 404"),
    ("/st/admin/", BOB, "soft_403", "admin-not-administrator",
     "bob (not an administrator) opens the forum's administration (403)"),
    ("/topic/moderate/delete/2/", BOB, "soft_403", "moderate-not-moderator",
     "bob (not a moderator) opens the page to delete a topic (403)"),
    ("/topic/private/{private}/", ALICE, "ok", "private-topic",
     "alice's private topic, alice"),
    ("/st/admin/", ADMIN, "ok", "admin-dashboard", "the administration's dashboard"),
    ("/st/admin/category/", ADMIN, "ok", "admin-categories",
     "the administration's categories"),
    ("/st/admin/user/", ADMIN, "ok", "admin-users", "the administration's users"),
)  # fmt: skip


def harvest(work: Path) -> list[Page]:
    python = pyenv.python("django-spirit", home=HOME)
    versions = pyenv.versions(python, "django-spirit", "Django")
    source = f"django-spirit {versions['django-spirit']} (PyPI, Django {versions['Django']})"
    keeper = Keeper(GROUP, source)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    environment = {"PATH": f"{python.parent}:/usr/bin:/bin", "PYTHONPATH": str(work / "site"),
                   "DJANGO_SETTINGS_MODULE": "harbourforum.settings.harvest"}  # fmt: skip
    (work / "site").mkdir()
    bare = {"PATH": environment["PATH"]}
    _run([str(python.parent / "spirit"), "startproject", "harbourforum", "--path",
          str(work / "site")], bare, work)  # fmt: skip
    (work / "site/harbourforum/settings/harvest.py").write_text(SETTINGS)
    manage = [str(python), str(work / "site/manage.py")]
    _run([*manage, "migrate"], environment, work)
    output = _run([*manage, "shell", "-c", SETUP], environment, work)
    words = output.split()
    numbers = {"private": words[words.index("PRIVATE") + 1],
               "alice": words[words.index("USER") + 1]}  # fmt: skip
    _run([*manage, "rebuild_index", "--noinput"], environment, work)
    command = [*manage, "runserver", "--noreload", f"127.0.0.1:{PORT}"]
    base = f"http://127.0.0.1:{PORT}"
    with running(command, PORT, work / "runserver.log", env=environment, cwd=work):
        sessions = {None: Session(base)}
        for account in (ADMIN, ALICE, BOB):
            sessions[account] = _signed_in(base, account)
        for accept, language in LANGUAGES.items():
            for session in sessions.values():
                _speak(session, accept)
            for path, who, label, name, note in REQUESTS:
                path = path.format(**numbers)
                status, final, kind, body = sessions[who].get(path)
                how = f"GET {path} (Accept-Language: {accept}; "
                how += f"signed in as {who[0]})" if who else "not signed in)"
                if final != path:
                    how += f"; redirected to {final}"
                keeper.keep(name, body, status, label, language, how, note, kind)
            failed = Session(base, accept)
            _, _, _, body = failed.get("/user/login/")
            fields = {"username": "bob", "password": "wrong-password",
                      "csrfmiddlewaretoken": token(body, "csrfmiddlewaretoken")}  # fmt: skip
            status, _, kind, body = failed.get("/user/login/", fields)
            how = f"POST /user/login/ (Accept-Language: {accept}; a wrong password)"
            keeper.keep("sign-in-failed", body, status, "soft_401", language, how,
                        "the sign-in page after a wrong password", kind)  # fmt: skip
    return keeper.pages


def _speak(session: Session, accept: str) -> None:
    """The session's Accept-Language from now on."""
    headers = [(key, value) for key, value in session.opener.addheaders]
    session.opener.addheaders = [
        (key, accept if key == "Accept-Language" else value) for key, value in headers
    ]


def _signed_in(base: str, account: tuple[str, str]) -> Session:
    session = Session(base)
    _, _, _, body = session.get("/user/login/")
    fields = {"username": account[0], "password": account[1],
              "csrfmiddlewaretoken": token(body, "csrfmiddlewaretoken")}  # fmt: skip
    status, final, _, _ = session.get("/user/login/", fields)
    if final.startswith("/user/login"):
        raise RuntimeError(f"{account[0]} could not sign in ({status}, {final})")
    return session


def _run(command: list[str], environment: dict, work: Path) -> str:
    result = subprocess.run(command, env=environment, cwd=work, capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"{' '.join(command[1:3])} failed: {result.stderr[-1500:]}")
    return result.stdout
