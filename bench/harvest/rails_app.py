"""A new Ruby on Rails 6.1 application (Debian's ruby-rails), made offline as Debian's
`rails new` makes it (Bundler not run; no JavaScript, webpack, mailers, Action Cable,
Active Storage, Sprockets, Spring, Puma; SQLite through Debian's ruby-sqlite3), then only
what makes it boot from Debian's gems: byebug and web-console, which Debian does not
package, taken out of its Gemfile, webrick added (Ruby 3.1 no longer ships it), `bundle
lock --local`. A scaffold (`rails generate scaffold Mooring name:string berth:integer`),
`db:migrate` and one mooring in each environment; `rails server -u webrick` on 127.0.0.1.

Production (RAILS_ENV=production): Rails' own public/404.html ("The page you were looking
for doesn't exist.", 404) for an unknown URL and for a mooring that does not exist (the
same page: kept once) (soft_404); public/422.html ("The change you wanted was rejected.
Maybe you tried to change something you didn't have access to.", 422) for a form sent
without its authenticity token (soft_403: a forged request refused); the scaffold's pages:
the list, a mooring, the new and edit forms (ok). Development: the routing-error page ("No
route matches [GET] ...", 404) for an unknown URL, the debug page of ActiveRecord's
RecordNotFound ("Couldn't find Mooring with 'id'=999", 404) (soft_404), the debug page of
InvalidAuthenticityToken (422, soft_403), the welcome page ("Yay! You're on Rails!") (ok).
English only: a new application has no translations. Left out: public/500.html ("We're
sorry, but something went wrong.": a server error, none of our labels; the new
application has nothing that fails), the scaffold's pages in development (the same text as
in production: kept once)."""

from __future__ import annotations

import os
import shutil
import subprocess
import urllib.parse
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, running
from bench.harvest.web_session import Keeper, Session

GROUP = "rails"
PORTS = {"production": 18540, "development": 18541}
SKIPS = tuple(
    f"--skip-{part}"
    for part in (
        "bundle",
        "webpack-install",
        "javascript",
        "git",
        "action-mailer",
        "action-mailbox",
        "action-text",
        "active-storage",
        "action-cable",
        "sprockets",
        "spring",
        "listen",
        "turbolinks",
        "jbuilder",
        "test",
        "system-test",
        "bootsnap",
        "puma",
    )
)
# (method, path, label, name, note, modes)
REQUESTS = (
    ("GET", "/moorings", "ok", "moorings", "the scaffold's list", ("production",)),
    ("GET", "/moorings/1", "ok", "mooring", "a mooring (the scaffold's show page)",
     ("production",)),
    ("GET", "/moorings/new", "ok", "mooring-new", "the scaffold's new form", ("production",)),
    ("GET", "/moorings/1/edit", "ok", "mooring-edit", "the scaffold's edit form",
     ("production",)),
    ("GET", "/", "ok", "welcome", "the welcome page of a new application (no root route)",
     ("development",)),
    ("GET", "/no-such-page", "soft_404", "not-found", "an unknown URL",
     ("production", "development")),
    ("GET", "/", "soft_404", "no-root", "no root route in production: public/404.html",
     ("production",)),
    ("GET", "/moorings/999", "soft_404", "no-such-mooring", "a mooring that does not exist "
     "(ActiveRecord::RecordNotFound)", ("production", "development")),
    ("POST", "/moorings", "soft_403", "no-authenticity-token", "a new mooring sent without "
     "the form's authenticity token (ActionController::InvalidAuthenticityToken, 422)",
     ("production", "development")),
)  # fmt: skip


def harvest(work: Path) -> list[Page]:
    apt_install("ruby-rails", "ruby-sqlite3", "ruby-webrick")
    app = _new_app(work)
    keeper = Keeper(GROUP, deb_version("ruby-rails"))
    for mode, port in PORTS.items():
        environment = _environment(mode)
        _run(["bin/rails", "db:migrate"], app, environment)
        _run(["bin/rails", "runner", "Mooring.create!(name: 'North quay', berth: 4)"], app,
             environment)  # fmt: skip
        command = ["bin/rails", "server", "-u", "webrick", "-b", "127.0.0.1", "-p", str(port)]
        base = f"http://127.0.0.1:{port}"
        with running(command, port, work / f"rails-{mode}.log", 120, cwd=app, env=environment):
            for method, path, label, name, note, modes in REQUESTS:
                if mode not in modes:
                    continue
                data = None
                if method == "POST":
                    fields = {"mooring[name]": "South quay", "mooring[berth]": "9"}
                    data = urllib.parse.urlencode(fields).encode()
                status, final, kind, body = Session(base).get(path, data)
                how = f"{method} {path} (RAILS_ENV={mode})"
                if final != path:
                    how += f"; redirected to {final}"
                if mode == "development":
                    name += "-development"
                keeper.keep(name, body, status, label, "en", how, f"{note} ({mode})", kind)
    return keeper.pages


def _new_app(work: Path) -> Path:
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    app = work / "harbour"
    _run(["rails", "new", app.name, *SKIPS, "--database=sqlite3"], work, dict(os.environ))
    gemfile = app / "Gemfile"
    lines = [
        line
        for line in gemfile.read_text().splitlines()
        if "gem 'byebug'" not in line and "gem 'web-console'" not in line
    ]
    gemfile.write_text("\n".join([*lines, "gem 'webrick'"]) + "\n")
    _run(["bundle", "lock", "--local"], app, dict(os.environ))
    scaffold = ["bin/rails", "generate", "scaffold", "Mooring", "name:string", "berth:integer"]
    _run(scaffold, app, _environment("development"))
    return app


def _environment(mode: str) -> dict[str, str]:
    return dict(
        os.environ,
        RAILS_ENV=mode,
        SECRET_KEY_BASE="harvest-rails-" + "0" * 64,
        RAILS_LOG_TO_STDOUT="1",
        RAILS_SERVE_STATIC_FILES="1",
    )


def _run(command: list[str], folder: Path, environment: dict[str, str]) -> None:
    result = subprocess.run(command, cwd=folder, env=environment, capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"{' '.join(command[:3])} failed: {result.stderr[-1500:]}")
