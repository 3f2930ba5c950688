"""Debian glances (Glances 3.3.1.1): its web server mode (`glances -w`, Bottle) on 127.0.0.1,
run three times: open, with its password option (`-u admin --password`, the password file of
ours in the work folder's configuration, so nothing is asked), and with its web interface
turned off (`--disable-webui`, the API alone).

Pages: the web interface's page (Debian's package leaves out the built JavaScript, so the page
is the template: a title and an empty application, ok, 200); Bottle's error pages, as Glances
answers them: "Error: 404 Not Found ... File does not exist." for an unknown path, a missing
script or an old API version, "Cannot get item ... in plugin ..." (404) for an unknown item of a
plugin or value of an item, "Unknown plugin ... (available plugins: ...)", "Unknown
configuration item ..." and "Unknown argument item ..." (400) for an unknown plugin or item
(soft_404: what was asked for does not exist); "Not found: '/'" (404) for the start page with
the web interface off (soft_404); "Access denied." (403) for a path that climbs out of its
static folder (soft_403); "Error: 401 Unauthorized ... Access denied" with the password on, for
no password or a wrong one (soft_401). Glances' web pages are not translated: English only.

Left out: the API's answers (JSON, or an empty status answer)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import uuid
from pathlib import Path

from bench.harvest.cgi_apache import signed_in
from bench.harvest.core import Page, apt_install, deb_version, fetch, range_port, running
from bench.harvest.kept_pages import Kept

GROUP = "glances"
PORTS = range(18750, 18760)  # this harvest's share of the machine's ports
USER, PASSWORD = "admin", "harvest-only-admin"
WRONG = "not-the-password"
# the plugin list in the 400 answers and the host's figures change from machine to machine
NOISE = r"\(available plugins:[^)]*\)|\d"
OPEN = (
    ("/", "ok", "web-ui", "the web interface's page (the template; Debian ships no script)"),
    ("/5", "ok", "web-ui-refresh", "the web interface refreshing every 5 seconds"),
    ("/nosuch.html", "soft_404", "unknown-page", "an unknown page: 'File does not exist.' (404)"),
    ("/glances.js", "soft_404", "missing-script",
     "the interface's script, which Debian leaves out: 'File does not exist.' (404)"),
    ("/api/2/cpu", "soft_404", "old-api", "an API version it has no more: 404"),
    ("/api/3/nosuch", "soft_404", "unknown-plugin",
     "an unknown plugin: 'Unknown plugin nosuch (available plugins: ...)' (400)"),
    ("/api/3/nosuch/limits", "soft_404", "unknown-plugin-limits",
     "the limits of an unknown plugin: 'Unknown plugin' (400)"),
    ("/api/3/cpu/nosuch", "soft_404", "unknown-item",
     "an unknown item of a plugin: 'Cannot get item nosuch in plugin cpu' (404)"),
    ("/api/3/cpu/total/nosuch", "soft_404", "unknown-value",
     "an unknown value of an item: 'Cannot get item (total=nosuch) in plugin cpu' (404)"),
    ("/api/3/mem/nosuch/history", "soft_404", "unknown-item-history",
     "the history of an unknown item: 'Cannot get item nosuchhistory in plugin mem' (404)"),
    ("/api/3/config/nosuch", "soft_404", "unknown-config-item",
     "an unknown configuration item: 'Unknown configuration item nosuch' (400)"),
    ("/api/3/args/nosuch", "soft_404", "unknown-argument",
     "an unknown argument: 'Unknown argument item nosuch' (400)"),
    ("/../../etc/hostname", "soft_403", "outside-static",
     "a path out of its static folder: 'Access denied.' (403)"),
)  # fmt: skip
# with the password option: (path, password or None, label, name, note)
PROTECTED = (
    ("/", None, "soft_401", "sign-in-start", "the start page without a password: 401"),
    ("/", WRONG, "soft_401", "wrong-password-start", "the start page, a wrong password: 401"),
    ("/5", None, "soft_401", "sign-in-refresh", "the refreshing page without a password: 401"),
    ("/api/3/cpu", None, "soft_401", "sign-in-api", "the API's cpu without a password: 401"),
    ("/api/3/all", WRONG, "soft_401", "wrong-password-api", "the API, a wrong password: 401"),
    ("/", PASSWORD, "ok", "signed-in-start", "the start page, signed in as admin"),
    ("/api/3/cpu/nosuch", PASSWORD, "soft_404", "signed-in-unknown-item",
     "an unknown item, signed in: 'Cannot get item' (404)"),
)  # fmt: skip
WITHOUT_UI = (
    ("/", "soft_404", "no-ui-start", "the start page with the web interface off: 404"),
    ("/index.html", "soft_404", "no-ui-index", "index.html with the web interface off: 404"),
)


def harvest(work: Path) -> list[Page]:
    apt_install("glances", "python3-bottle")
    source = deb_version("glances")
    shutil.rmtree(work, ignore_errors=True)
    (work / "passwords").mkdir(parents=True)
    (work / "passwords" / f"{USER}.pwd").write_text(password_file(PASSWORD, uuid.uuid4().hex))
    config = work / "glances.conf"
    config.write_text(f"[passwords]\nlocal_password_path={work / 'passwords'}\n")
    port = range_port(PORTS, 0)
    base = f"http://127.0.0.1:{port}"
    command = ["glances", "-C", str(config), "-w", "--bind", "127.0.0.1", "--port", str(port)]
    environment = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": str(work)}
    found = Kept(GROUP, source, noise=NOISE)
    runs = (
        ("open", [], [(path, None, *rest) for path, *rest in OPEN]),
        ("password", ["-u", USER, "--password"], PROTECTED),
        ("no-ui", ["--disable-webui"], [(path, None, *rest) for path, *rest in WITHOUT_UI]),
    )
    for run, options, requests in runs:
        log = work / f"glances-{run}.log"
        with running([*command, *options], port, log, env=environment, stdin=subprocess.DEVNULL):
            for path, password, label, name, note in requests:
                headers = signed_in(USER, password) if password else {}
                status, answer, body = fetch(base + path, headers=headers, timeout=60)
                if (status == 200) != (label == "ok") or (status == 401) != (label == "soft_401"):
                    raise RuntimeError(f"{run}: {path} answered {status} (a {label} page)")
                how = f"GET {path}" + _as(run, password)
                found.keep(name, "en", body, status, answer.get("content-type", ""), label,
                           how, note)  # fmt: skip
    return found.pages


def password_file(password: str, salt: str) -> str:
    """What `glances --password` saves: the salt, then SHA-256 of the salt and the password's
    SHA-256 (the browser's password is hashed once, then checked against it)."""
    plain = hashlib.sha256(password.encode()).hexdigest()
    return f"{salt}${hashlib.sha256(salt.encode() + plain.encode()).hexdigest()}"


def _as(run: str, password: str | None) -> str:
    if run != "password":
        return f" (glances -w{' --disable-webui' if run == 'no-ui' else ''})"
    if password is None:
        return " (glances -w -u admin --password; no password sent)"
    if password == WRONG:
        return " (glances -w -u admin --password; Basic authentication, a wrong password)"
    return " (glances -w -u admin --password; Basic authentication as admin)"
