"""Debian znc (an IRC bouncer people run, with its web interface) on 127.0.0.1, its web
listener only (no IRC, no network), run as the user nobody (ZNC will not run as root), one
configuration per web skin it ships (the global Skin setting): the home page an anonymous
visitor gets (the welcome line and the sign-in form: soft_401) and its 404 page (the same
in every skin and for a missing module: kept once).

Left out: ZNC's pages behind the sign-in (302 to the home page), its 403 (a signed-in user
without the admin right: a sign-in by POST with a CSRF token), its translations (chosen by a
signed-in user's setting, not by Accept-Language)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

GROUP = "znc"
SKINS = ("_default_", "dark-clouds", "forest", "ice")
CONFIG = """Version = 1.8.2
Skin = {skin}
<Listener web>
  Port = {port}
  IPv4 = true
  IPv6 = false
  SSL = false
  AllowIRC = false
  AllowWeb = true
  Host = 127.0.0.1
</Listener>
LoadModule = webadmin
<User admin>
  Pass = plain#invalid
  Admin = true
  Nick = admin
  AltNick = admin_
  Ident = admin
  RealName = admin
</User>
"""
# path -> (label, name, note)
REQUESTS = {
    "/": ("soft_401", "home", "the home page: welcome line and the sign-in form"),
    "/no-such-page": ("soft_404", "not-found", "404 Not Found"),
    "/mods/global/no-such-module/": ("soft_404", "no-such-module", "404 for a module"),
}


def harvest(work: Path) -> list[Page]:
    apt_install("znc")
    source = deb_version("znc")
    pages, seen = [], set()
    for skin in SKINS:
        data = Path(tempfile.mkdtemp(prefix="gatewatch-znc-"))  # the user nobody writes it
        try:
            port = free_port()
            (data / "configs").mkdir()
            (data / "configs/znc.conf").write_text(CONFIG.format(skin=skin, port=port))
            shutil.chown(data, "nobody", "nogroup")
            for path in data.rglob("*"):
                shutil.chown(path, "nobody", "nogroup")
            data.chmod(0o755)
            command = [
                *("runuser", "-u", "nobody", "--"),
                *("znc", "--datadir", str(data), "--foreground"),
            ]
            with running(command, port, work / "server.log"):
                for path, (label, name, note) in REQUESTS.items():
                    status, headers, body = fetch(f"http://127.0.0.1:{port}{path}")
                    if "html" not in headers.get("content-type", "") or body in seen:
                        continue  # a page no skin changes is kept once
                    seen.add(body)
                    pages.append(
                        Page(
                            f"{name}.{skin.strip('_')}.html",
                            body,
                            source,
                            GROUP,
                            f"GET {path} (znc, web listener, Skin = {skin})",
                            "en",
                            label,
                            status,
                            f"{note}, skin {skin}",
                        )
                    )
        finally:
            shutil.rmtree(data, ignore_errors=True)
    return pages
