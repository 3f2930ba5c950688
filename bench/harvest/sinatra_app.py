"""Debian's Sinatra (ruby-sinatra) under WEBrick on 127.0.0.1: a small classic application in
development and production mode. Its pages: Sinatra's own answer to an unknown URL (the
"doesn't know this ditty" page in development, "Not Found" in production) and the
application's healthy pages. `halt 401` and `halt 403` answer with an empty body (no page:
left out)."""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

GROUP = "sinatra"
APPLICATION = """require 'sinatra'

get('/') { erb :home }
get('/about') { erb :about }
get('/notes/:id') { @id = params[:id]; erb :note }
get('/account') { halt 401 }
get('/admin') { halt 403 }

__END__

@@ layout
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Field notes</title></head>
<body>
<nav><a href="/">Home</a> | <a href="/about">About</a></nav>
<%= yield %>
</body>
</html>

@@ home
<h1>Field notes</h1>
<p>Short notes from the garden, written as the seasons turn.</p>
<ul><li><a href="/notes/1">First frost</a></li><li><a href="/notes/2">Seed order</a></li></ul>

@@ about
<h1>About</h1>
<p>This small site is a Sinatra application that keeps a few notes.</p>

@@ note
<h1>Note <%= @id %></h1>
<p>The beans came up in nine days; the peas took longer in the cold bed.</p>
"""
# mode -> [(path, label, name, note)]
REQUESTS = {
    "development": [
        ("/no-such-page", "soft_404", "not-found-development", "unknown URL (development)"),
        ("/notes/1/edit", "soft_404", "not-found-nested-development", "unknown URL (development)"),
        ("/account", "soft_401", "halt-401-development", "halt 401"),
        ("/admin", "soft_403", "halt-403-development", "halt 403"),
    ],
    "production": [
        ("/no-such-page", "soft_404", "not-found-production", "unknown URL (production)"),
        ("/account", "soft_401", "halt-401-production", "halt 401"),
        ("/admin", "soft_403", "halt-403-production", "halt 403"),
        ("/", "ok", "home", "the application's home page"),
        ("/about", "ok", "about", "an about page"),
        ("/notes/1", "ok", "note", "a note"),
    ],
}


def harvest(work: Path) -> list[Page]:
    apt_install("ruby-sinatra", "ruby-webrick")
    source = f"{deb_version('ruby-sinatra')}, WEBrick"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    (work / "app.rb").write_text(APPLICATION)
    pages = []
    for mode, requests in REQUESTS.items():
        port = free_port()
        command = ["ruby", "app.rb", "-p", str(port), "-o", "127.0.0.1", "-e", mode]
        with running(command, port, work / f"{mode}.log", cwd=work):
            for path, label, name, note in requests:
                status, headers, body = fetch(f"http://127.0.0.1:{port}{path}")
                if "html" not in headers.get("content-type", "") or not body.strip():
                    continue  # an empty answer is no page
                pages.append(
                    Page(
                        f"{name}.html",
                        body,
                        source,
                        GROUP,
                        f"GET {path} (RACK_ENV={mode})",
                        "en",
                        label,
                        status,
                        note,
                    )
                )
    return pages
