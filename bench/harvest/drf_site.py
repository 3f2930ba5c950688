"""Django REST framework (PyPI djangorestframework, an environment of its own) on 127.0.0.1:
a small Django project of ours written into the work folder (SQLite, DEBUG off): an app
`harbour` with two models (boats, moorings), a DefaultRouter of two ModelViewSets and two
read-only ones, DRF's search and ordering filters on the lists, DRF's browsable API (its
HTML renderer first, so that a browser gets its pages), basic and session authentication,
page-number pagination (2 a page), DRF's login and logout views (`rest_framework.urls` under
/api-auth/) and Django's LocaleMiddleware, so that Accept-Language chooses the language:
English and each language DRF ships a catalog for. Permissions: boats are readable by anyone
(IsAuthenticatedOrReadOnly), moorings need a signed-in user (IsAuthenticated) and each
mooring its owner (an object permission of ours, DRF's default message), the harbour office
is staff only (IsAdminUser); a "tide" list answers through session authentication only, so
that a visitor gets DRF's 403 rather than its 401 (DRF answers 401 only where an
authentication class asks for credentials). Users: an administrator, alice and bob, each
owning one mooring; the administrator's and bob's sessions signed in through DRF's login.

Pages: the API root, the boats list (two pages, searched, ordered), a boat, and signed in
the moorings, bob's mooring, the tide list, the boats with their forms and, for the
administrator, the harbour office (ok); "No Boat matches the given query." and "Invalid
page." (404) for an unknown boat, mooring and page, a visitor and bob (soft_404);
"Authentication credentials were not provided." for a visitor (401 at the moorings, basic
authentication asking; 403 at the tide list, session authentication only), and DRF's login
page (asked for, where the browsable API's "Log in" link sends a visitor, after a wrong
password) (soft_401); "You do not have permission to perform this action." (403) for bob at
the harbour office and at alice's mooring (soft_403). DRF translates its messages and a few
words of the page (Filters, the forms' labels), not the login page's words in most
languages: a page is kept in another language only where its text is not English's.
Left out: Django's own "Not Found" page for an unknown URL outside the router (Django's, not
DRF's: the django group has it), the same 401 at a mooring and the office (the moorings'
page but for its path), JSON answers."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page, running
from bench.harvest.web_session import Keeper, Session, token

GROUP = "drf"
HOME = pyenv.HOME.parent / "drf-venv"
PORT = 18400  # the harvest's range is 18400-18449 (the machine is shared)
ADMIN = ("admin", "harvest-admin-42")
ALICE = ("alice", "harvest-alice-42")
BOB = ("bob", "harvest-bob-42")
# Accept-Language -> the language recorded: English and DRF's own catalogs (a catalog of a
# regional variant only where it is not the language's own; the Keeper drops a language
# whose pages are English's)
LANGUAGES = {
    "en": "en", "ar": "ar", "az": "az", "be": "be", "bg": "bg", "ca": "ca", "cs": "cs",
    "da": "da", "de": "de", "el": "el", "es": "es", "et": "et", "fa": "fa", "fi": "fi",
    "fr": "fr", "gl": "gl", "he": "he", "hu": "hu", "hy": "hy", "id": "id", "it": "it",
    "ja": "ja", "kk": "kk", "ko-KR": "ko", "lt": "lt", "lv": "lv", "mk": "mk", "nb": "nb",
    "ne-NP": "ne", "nl": "nl", "nn": "nn", "pl": "pl", "pt-BR": "pt-br", "pt-PT": "pt",
    "ro": "ro", "ru": "ru", "sk": "sk", "sl": "sl", "sv": "sv", "th": "th", "tr": "tr",
    "uk": "uk", "vi": "vi", "zh-Hans": "zh-hans", "zh-Hant": "zh-hant",
}  # fmt: skip
SETTINGS = """
SECRET_KEY = "harvest-drf-secret-0001"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "harbour_urls"
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes",
                  "django.contrib.sessions", "django.contrib.messages",
                  "django.contrib.staticfiles", "rest_framework", "harbour"]
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
LOGIN_REDIRECT_URL = "/api/"
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.BrowsableAPIRenderer",
                                 "rest_framework.renderers.JSONRenderer"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.BasicAuthentication",
                                       "rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 2,
}
"""
MODELS = """
from django.conf import settings
from django.db import models


class Boat(models.Model):
    name = models.CharField(max_length=80)
    length = models.DecimalField(max_digits=5, decimal_places=2)
    home_port = models.CharField(max_length=80)


class Mooring(models.Model):
    number = models.CharField(max_length=10)
    pontoon = models.CharField(max_length=40)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
"""
URLS = """
from django.urls import include, path
from rest_framework import filters, permissions, routers, serializers, viewsets
from rest_framework.authentication import SessionAuthentication

from harbour.models import Boat, Mooring


class BoatSerializer(serializers.HyperlinkedModelSerializer):
    class Meta:
        model = Boat
        fields = ["url", "name", "length", "home_port"]


class MooringSerializer(serializers.HyperlinkedModelSerializer):
    owner = serializers.ReadOnlyField(source="owner.username")

    class Meta:
        model = Mooring
        fields = ["url", "number", "pontoon", "owner"]


class IsOwner(permissions.BasePermission):
    def has_object_permission(self, request, view, obj):
        return obj.owner == request.user


class BoatViewSet(viewsets.ModelViewSet):
    queryset = Boat.objects.order_by("id")
    serializer_class = BoatSerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    filter_backends = [filters.SearchFilter, filters.OrderingFilter]
    search_fields = ["name", "home_port"]
    ordering_fields = ["name", "length"]


class MooringViewSet(viewsets.ModelViewSet):
    queryset = Mooring.objects.order_by("id")
    serializer_class = MooringSerializer
    permission_classes = [permissions.IsAuthenticated, IsOwner]
    filter_backends = [filters.SearchFilter]
    search_fields = ["number", "pontoon"]


class OfficeViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Mooring.objects.order_by("id")
    serializer_class = MooringSerializer
    permission_classes = [permissions.IsAdminUser]


class TideViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Boat.objects.order_by("id")
    serializer_class = BoatSerializer
    authentication_classes = [SessionAuthentication]
    permission_classes = [permissions.IsAuthenticated]


router = routers.DefaultRouter()
router.register("boats", BoatViewSet)
router.register("moorings", MooringViewSet)
router.register("office", OfficeViewSet, basename="office")
router.register("tide", TideViewSet, basename="tide")
urlpatterns = [path("api/", include(router.urls)),
               path("api-auth/", include("rest_framework.urls"))]
"""
SETUP = """
from django.contrib.auth.models import User
from harbour.models import Boat, Mooring
User.objects.create_superuser("admin", "admin@example.org", "harvest-admin-42")
alice = User.objects.create_user("alice", "alice@example.org", "harvest-alice-42")
bob = User.objects.create_user("bob", "bob@example.org", "harvest-bob-42")
for name, length, port in (("Kestrel", "8.40", "Whitby"), ("Sea Holly", "11.20", "Scarborough"),
                           ("Puffin", "6.75", "Whitby")):
    Boat.objects.create(name=name, length=length, home_port=port)
Mooring.objects.create(number="E12", pontoon="East", owner=alice)
Mooring.objects.create(number="W3", pontoon="West", owner=bob)
"""
# (path, who, label, name, note); who: None a visitor, else (user, password)
REQUESTS = (
    ("/api/", None, "ok", "api-root", "the API root, a visitor"),
    ("/api/boats/", None, "ok", "boats", "the boats list (its first page), a visitor"),
    ("/api/boats/?page=2", None, "ok", "boats-page-2", "the boats list's second page"),
    ("/api/boats/1/", None, "ok", "boat", "a boat, a visitor"),
    ("/api/boats/?search=Whitby", None, "ok", "boats-search",
     "the boats list searched (SearchFilter), two found"),
    ("/api/boats/?ordering=-length", None, "ok", "boats-ordered",
     "the boats list ordered by length (OrderingFilter)"),
    ("/api/boats/999/", None, "soft_404", "no-such-boat",
     "a boat that does not exist (404): 'No Boat matches the given query.'"),
    ("/api/boats/?page=99", None, "soft_404", "no-such-page",
     "a page of the list that does not exist (404): 'Invalid page.'"),
    ("/api/moorings/", None, "soft_401", "moorings-not-signed-in",
     "a visitor opens the moorings (401, basic authentication asked): 'Authentication "
     "credentials were not provided.'"),
    ("/api/tide/", None, "soft_401", "tide-not-signed-in",
     "a visitor opens an endpoint with session authentication only (403): 'Authentication "
     "credentials were not provided.'"),
    ("/api-auth/login/", None, "soft_401", "login", "DRF's login page, asked for"),
    ("/api-auth/login/?next=/api/moorings/", None, "soft_401", "login-next",
     "DRF's login page where the browsable API's 'Log in' link sends a visitor"),
    ("/api/", BOB, "ok", "api-root-signed-in", "the API root, bob"),
    ("/api/moorings/", BOB, "ok", "moorings", "the moorings list, bob"),
    ("/api/moorings/2/", BOB, "ok", "mooring", "bob's own mooring"),
    ("/api/boats/", BOB, "ok", "boats-signed-in", "the boats list, bob (with the form to "
     "add a boat)"),
    ("/api/boats/1/", BOB, "ok", "boat-signed-in", "a boat, bob (with the form to change it)"),
    ("/api/tide/", BOB, "ok", "tide", "the session-only endpoint, bob"),
    ("/api/boats/999/", BOB, "soft_404", "no-such-boat-signed-in",
     "a boat that does not exist, bob (404)"),
    ("/api/moorings/999/", BOB, "soft_404", "no-such-mooring-signed-in",
     "a mooring that does not exist, bob (404)"),
    ("/api/office/", BOB, "soft_403", "office-not-staff",
     "bob (signed in, not staff) opens the harbour office (403): 'You do not have "
     "permission to perform this action.'"),
    ("/api/moorings/1/", BOB, "soft_403", "mooring-not-owner",
     "bob opens alice's mooring (403, an object permission): 'You do not have permission "
     "to perform this action.'"),
    ("/api/office/", ADMIN, "ok", "office", "the harbour office, the administrator"),
    ("/api/office/1/", ADMIN, "ok", "office-mooring", "a mooring in the harbour office, the "
     "administrator"),
)  # fmt: skip


def harvest(work: Path) -> list[Page]:
    python = pyenv.python("djangorestframework", home=HOME)
    versions = pyenv.versions(python, "djangorestframework", "Django")
    django = versions["Django"]
    source = f"djangorestframework {versions['djangorestframework']} (PyPI, Django {django})"
    keeper = Keeper(GROUP, source)
    shutil.rmtree(work, ignore_errors=True)
    (work / "harbour" / "migrations").mkdir(parents=True)
    (work / "harbour" / "__init__.py").write_text("")
    (work / "harbour" / "migrations" / "__init__.py").write_text("")
    (work / "harbour" / "models.py").write_text(MODELS)
    (work / "harbour_settings.py").write_text(SETTINGS.replace("{work}", str(work)))
    (work / "harbour_urls.py").write_text(URLS)
    environment = {"DJANGO_SETTINGS_MODULE": "harbour_settings", "PYTHONPATH": str(work),
                   "PATH": "/usr/bin:/bin"}  # fmt: skip
    admin = [str(python), "-m", "django"]
    _run([*admin, "makemigrations", "harbour"], environment, work)
    _run([*admin, "migrate"], environment, work)
    _run([*admin, "shell", "-c", SETUP], environment, work)
    command = [*admin, "runserver", "--noreload", f"127.0.0.1:{PORT}"]
    base = f"http://127.0.0.1:{PORT}"
    with running(command, PORT, work / "runserver.log", env=environment, cwd=work):
        for accept, language in LANGUAGES.items():
            _pages(keeper, base, accept, language)
    return keeper.pages


def _pages(keeper: Keeper, base: str, accept: str, language: str) -> None:
    sessions = {None: Session(base, accept)}
    for account in (ADMIN, BOB):
        sessions[account] = _signed_in(base, accept, account)
    for path, who, label, name, note in REQUESTS:
        status, final, kind, body = sessions[who].get(path)
        how = f"GET {path} (Accept-Language: {accept}; "
        how += f"signed in as {who[0]})" if who else "not signed in)"
        if final != path:
            how += f"; redirected to {final}"
        keeper.keep(name, body, status, label, language, how, note, kind)
    failed = Session(base, accept)
    _, _, _, body = failed.get("/api-auth/login/")
    fields = {"username": "bob", "password": "wrong-password", "next": "/api/",
              "csrfmiddlewaretoken": token(body, "csrfmiddlewaretoken")}  # fmt: skip
    status, _, kind, body = failed.get("/api-auth/login/", fields)
    how = f"POST /api-auth/login/ (Accept-Language: {accept}; a wrong password)"
    keeper.keep("login-failed", body, status, "soft_401", language, how,
                "DRF's login page after a wrong password: 'Please enter a correct username "
                "and password ...'", kind)  # fmt: skip


def _signed_in(base: str, accept: str, account: tuple[str, str]) -> Session:
    session = Session(base, accept)
    _, _, _, body = session.get("/api-auth/login/")
    fields = {"username": account[0], "password": account[1], "next": "/api/",
              "csrfmiddlewaretoken": token(body, "csrfmiddlewaretoken")}  # fmt: skip
    status, final, _, _ = session.get("/api-auth/login/", fields)
    if final != "/api/":
        raise RuntimeError(f"{account[0]} could not sign in ({status}, {final})")
    return session


def _run(command: list[str], environment: dict, work: Path) -> None:
    result = subprocess.run(command, env=environment, cwd=work, capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"{' '.join(command[2:4])} failed: {result.stderr[-1500:]}")
