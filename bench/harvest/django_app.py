"""A one-file Django project the harvest runs (python django_app.py DEBUG PORT): the admin,
LocaleMiddleware, and views that answer with Django's own pages and shipped templates."""

import os
import sys

from django.conf import settings

DEBUG = sys.argv[1] == "1"
HERE = os.path.dirname(os.path.abspath(__file__))
settings.configure(
    DEBUG=DEBUG,
    SECRET_KEY="harvest-only-not-secret",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=[
        "django.contrib.admin",
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "django.contrib.sessions",
        "django.contrib.messages",
        "django.contrib.staticfiles",
    ],
    MIDDLEWARE=[
        "django.middleware.security.SecurityMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.locale.LocaleMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
    ],
    TEMPLATES=[
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "DIRS": [],
            "APP_DIRS": True,
            "OPTIONS": {
                "context_processors": [
                    "django.template.context_processors.request",
                    "django.contrib.auth.context_processors.auth",
                    "django.contrib.messages.context_processors.messages",
                ]
            },
        }
    ],
    DATABASES={
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.path.join(HERE, "db.sqlite3"),
        }
    },
    USE_I18N=True,
    LANGUAGE_CODE="en",
    STATIC_URL="/static/",
)

import django  # noqa: E402

django.setup()

from django.contrib import admin  # noqa: E402
from django.contrib.auth import views as auth_views  # noqa: E402
from django.core.exceptions import PermissionDenied  # noqa: E402
from django.shortcuts import render  # noqa: E402
from django.urls import path  # noqa: E402
from django.views.generic import TemplateView  # noqa: E402


def forbidden(request):
    raise PermissionDenied


def shipped_404(request):
    """The admin's shipped 404 template, as a site using it as its 404.html renders it."""
    return render(request, "admin/404.html", {"title": None}, status=404)


urlpatterns = [path("admin/", admin.site.urls)]
if not DEBUG:
    urlpatterns += [
        path("forbidden/", forbidden),
        path("shipped-404/", shipped_404),
        path(
            "password-reset/",
            auth_views.PasswordResetView.as_view(
                template_name="registration/password_reset_form.html",
                extra_context={"site_header": "Django administration"},
            ),
        ),
        path(
            "logged-out/",
            TemplateView.as_view(
                template_name="registration/logged_out.html",
                extra_context={"site_header": "Django administration"},
            ),
        ),
    ]

if __name__ == "__main__":
    from django.core.management import execute_from_command_line

    execute_from_command_line([sys.argv[0], "migrate", "-v", "0"])
    execute_from_command_line(
        [sys.argv[0], "runserver", f"127.0.0.1:{sys.argv[2]}", "--noreload", "--nothreading"]
    )
