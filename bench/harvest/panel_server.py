"""Panel (PyPI) and the Bokeh server under it, in an environment of their own: a Panel app
and a Bokeh app served by `panel serve` / `bokeh serve` on 127.0.0.1 (healthy pages), then the
Panel app behind Panel's own sign-in (basic authentication: its login page, the login page
after a wrong password, the logged-out page) and behind an OAuth provider (GitHub, with
made-up keys: the "Authentication Error" page Panel shows when the provider answers with an
error; nothing is sent to GitHub). Their unknown-URL answers are Tornado's own 404 page (the
tornado group) and are not harvested again."""

from __future__ import annotations

import shutil
import urllib.parse
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page, fetch, free_port, running

GROUP = "panel"
HOME = pyenv.HOME.parent / "bokeh-venv"
PANEL_APP = """
import panel as pn
pn.extension()
pn.Column(
    "# Monthly figures",
    pn.pane.Markdown("Figures to check before the monthly report."),
    pn.widgets.IntSlider(name="Month", start=1, end=12, value=6),
).servable(title="Monthly figures")
"""
BOKEH_APP = """
from bokeh.io import curdoc
from bokeh.plotting import figure
plot = figure(title="Monthly figures")
plot.line([1, 2, 3, 4, 5, 6], [3, 1, 4, 1, 5, 9])
curdoc().add_root(plot)
"""
SECRET = "not-a-real-secret-for-the-harvest"
# server -> (command line options, {path: (label, name, note)})
SERVERS = {
    "panel": (
        [],
        {"/figures": ("ok", "panel-app", "a Panel app (no authentication)")},
    ),
    "bokeh": (
        [],
        {"/plot": ("ok", "bokeh-app", "a Bokeh app (bokeh serve)")},
    ),
    "basic-auth": (
        ["--basic-auth", "not-a-real-password-for-the-harvest", "--cookie-secret", SECRET],
        {
            "/login": ("soft_401", "login", "the sign-in page (basic authentication)"),
            "/figures": ("soft_401", "login-from-app", "the sign-in page the app redirects to"),
            "/login?error=Invalid%20username%20or%20password%21": (
                "soft_401",
                "login-wrong-password",
                "the sign-in page after a wrong password (Panel's redirect after the POST)",
            ),
            "/logout": ("ok", "logout", "the logged-out page"),
        },
    ),
    "oauth": (
        [
            *("--oauth-provider", "github", "--oauth-key", "not-a-real-key"),
            *("--oauth-secret", "not-a-real-secret", "--cookie-secret", SECRET),
        ],
        {
            "/login?error=access_denied": (
                "soft_401",
                "oauth-error",
                "'Authentication Error' (401): the OAuth provider answered access_denied",
            ),
        },
    ),
}


def harvest(work: Path) -> list[Page]:
    python = pyenv.python("panel", "bokeh", home=HOME)
    names = pyenv.versions(python, "panel", "bokeh")
    source = f"panel {names['panel']} + bokeh {names['bokeh']} (PyPI)"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    (work / "figures.py").write_text(PANEL_APP)
    (work / "plot.py").write_text(BOKEH_APP)
    pages, seen = [], set()
    for server, (options, requests) in SERVERS.items():
        port = free_port()
        program, app = ("bokeh", "plot.py") if server == "bokeh" else ("panel", "figures.py")
        command = [str(python.parent / program), "serve", app, "--address", "127.0.0.1"]
        command += ["--port", str(port), *options]
        with running(command, port, work / f"{server}.log", timeout=90, cwd=work):
            for path, (label, name, note) in requests.items():
                base = f"http://127.0.0.1:{port}"
                status, headers, body = fetch(base + path)
                obtained = f"GET {path} ({program} serve, {server})"
                if status in (301, 302, 303) and headers.get("location"):
                    url = urllib.parse.urljoin(base + path, headers["location"])
                    target = url.removeprefix(base)
                    status, headers, body = fetch(url)
                    obtained += f", then GET {target} (its redirect)"
                if "html" not in headers.get("content-type", "") or body in seen:
                    continue
                seen.add(body)
                pages.append(
                    Page(f"{name}.html", body, source, GROUP, obtained, "en", label, status, note)
                )
    return pages
