"""Debian ocsigenserver (Ocsigen Server 5.0.1): the server on 127.0.0.1 from a configuration of
ours in the work folder, shaped like Debian's sample (examples/ocsigenserver.conf.sample):
staticmod serving Debian's /usr/share/ocsigenserver at / and a small site of ours at /site/ (a
folder of it without an index page), with its modules for access control (accesscontrol: a
folder open to 127.0.0.0/8, one only to 10.0.0.0/8, one answering <notfound/>), authentication
(authbasic: a folder for admin) and more options (extendconfiguration: folder listings on, a
file pattern forbidden, one hidden). Ocsigen Server needs its libraries' findlib files to load
its modules, so libocsigenserver-ocaml-dev is installed with it.

Pages: Debian's start page ("It works !"), the small site's pages, the staff folder (to an
allowed address) and the members' folder signed in (ok, 200).

Left out, and why this group has only healthy pages: every error answer of Ocsigen Server 5
is a line of text with no Content-Type, not a page: "Error: Not Found" (404: an unknown page
or folder, a hidden file, a <notfound/> site), "Error: Ocsigen_cohttp.Ocsigen_http_error(0,
...)" (403: a refused address, a forbidden file), "Error: Ocsigen_cohttp.Ext_http_error(...)"
(401, with its WWW-Authenticate header: no password or a wrong one), "Error: Failure("FIXME:
staticmod dirs not implemented")" (500: a folder's listing). This program is harvested even
so (SPLIT.md's rule takes an alternate only for a program that gives no page at all)."""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.harvest.cgi_apache import signed_in
from bench.harvest.core import Page, apt_install, deb_version, fetch, range_port, running
from bench.harvest.kept_pages import Kept
from bench.harvest.web_session import write_site

GROUP = "ocsigenserver"
PORTS = range(18770, 18780)  # this harvest's share of the machine's ports
USER, PASSWORD = "admin", "harvest-only-admin"
EXTENSIONS = ("staticmod", "accesscontrol", "authbasic", "extendconfiguration")
CONFIG = """<ocsigen>
  <server>
    <port>127.0.0.1:{port}</port>
    <logdir>{work}/log</logdir>
    <datadir>{work}/data</datadir>
    <commandpipe>{work}/command</commandpipe>
    <mimefile>/etc/mime.types</mimefile>
    <charset>utf-8</charset>
    <findlib path="/usr/lib/ocaml"/>
{extensions}
    <host charset="utf-8" hostfilter="*" defaulthostname="localhost">
      <site path="staff">
        <if><ip value="127.0.0.0/8"/>
          <then><static dir="{work}/www/staff"/></then><else><forbidden/></else></if>
      </site>
      <site path="private">
        <if><ip value="10.0.0.0/8"/>
          <then><static dir="{work}/www/staff"/></then><else><forbidden/></else></if>
      </site>
      <site path="members">
        <authbasic realm="Members"><plain login="{user}" password="{password}"/></authbasic>
        <static dir="{work}/www/members"/>
      </site>
      <site path="retired"><notfound/></site>
      <site path="site">
        <listdirs value="true"/>
        <forbidfile><regexp regexp=".*\\.bak"/></forbidfile>
        <hidefile><regexp regexp=".*\\.swp"/></hidefile>
        <static dir="{work}/www/site"/>
      </site>
      <site path="ocsigenstuff" charset="utf-8">
        <static dir="/usr/share/ocsigenserver/ocsigenstuff"/>
      </site>
      <static dir="/usr/share/ocsigenserver"/>
    </host>
  </server>
</ocsigen>
"""
AREAS = {
    "staff": {
        "index.html": ("Staff rota", "<p>Early shift: Ana and Tom. Late shift: Priya.</p>"),
        "ovens.html": ("Oven cleaning", "<p>Oven two is cleaned on Mondays after closing.</p>"),
    },
    "site/archive": {
        "spring.html": ("Spring menu", "<p>Wild garlic rolls and rhubarb tarts, March to May.</p>"),
    },
    "members": {
        "index.html": ("Members' orders", "<p>Order Saturday bread by Thursday noon.</p>"),
        "offers.html": ("Members' offers", "<p>A free cardamom bun with every tenth loaf.</p>"),
    },
}
# (path, signed in, name, note): every answer kept is a page served with 200
REQUESTS = (
    ("/", False, "start", "Debian's start page (/usr/share/ocsigenserver/index.html)"),
    ("/index.html", False, "start-index", "Debian's start page by its name"),
    ("/site/index.html", False, "site-home", "the small site's home page"),
    ("/site/bread.html", False, "site-breads", "the small site's list of breads"),
    ("/site/hours.html", False, "site-hours", "the small site's opening hours"),
    ("/site/archive/spring.html", False, "site-archive", "a page in a folder with no index"),
    ("/staff/index.html", False, "staff-rota", "the staff folder, to an allowed address"),
    ("/staff/ovens.html", False, "staff-ovens", "a staff page, to an allowed address"),
    ("/members/index.html", True, "members-orders", "the members' folder, signed in"),
    ("/members/offers.html", True, "members-offers", "a members' page, signed in"),
)
# what the left-out answers are, checked at every harvest: (path, signed in, status)
NO_PAGE = (
    ("/site/nosuch.html", False, 404),
    ("/retired/bread.html", False, 404),
    ("/site/notes.swp", False, 404),
    ("/site/old.bak", False, 403),
    ("/private/index.html", False, 403),
    ("/members/index.html", False, 401),
    ("/site/archive/", False, 500),
)


def harvest(work: Path) -> list[Page]:
    apt_install("ocsigenserver", "libocsigenserver-ocaml-dev", "media-types")
    source = deb_version("ocsigenserver")
    shutil.rmtree(work, ignore_errors=True)
    for folder in ("log", "data"):
        (work / folder).mkdir(parents=True)
    write_site(work / "www" / "site")
    (work / "www" / "site" / "old.bak").write_text("an old copy\n")
    (work / "www" / "site" / "notes.swp").write_text("an editor's swap file\n")
    for area, pages in AREAS.items():
        (work / "www" / area).mkdir(parents=True)
        for name, (title, body) in pages.items():
            (work / "www" / area / name).write_text(
                f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
                f"<title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>"
            )
    port = range_port(PORTS, 0)
    config = work / "ocsigenserver.conf"
    config.write_text(configuration(work, port))
    base = f"http://127.0.0.1:{port}"
    found = Kept(GROUP, source)
    with running(["ocsigenserver", "-c", str(config)], port, work / "ocsigenserver.log"):
        for path, signed, status_wanted in NO_PAGE:
            status, answer, body = fetch(base + path, headers=_headers(signed))
            if (
                status != status_wanted
                or answer.get("content-type")
                or not body.startswith(b"Error: ")
            ):
                raise RuntimeError(f"{path}: {status} {answer.get('content-type')} {body[:80]}")
        for path, signed, name, note in REQUESTS:
            status, answer, body = fetch(base + path, headers=_headers(signed))
            if status != 200:
                raise RuntimeError(f"{path} answered {status}")
            how = f"GET {path}" + (" (Basic authentication as admin)" if signed else "")
            found.keep(name, "en", body, status, answer.get("content-type", ""), "ok", how, note)
    if found.left_out:
        raise RuntimeError(f"answers that are no page: {found.left_out}")
    return found.pages


def configuration(work: Path, port: int) -> str:
    """Our ocsigenserver.conf: its modules loaded through findlib, our folders in `work`."""
    extensions = "\n".join(
        f'    <extension findlib-package="ocsigenserver.ext.{name}"/>' for name in EXTENSIONS
    )
    return CONFIG.format(port=port, work=work, extensions=extensions, user=USER, password=PASSWORD)


def _headers(signed: bool) -> dict[str, str]:
    return signed_in(USER, PASSWORD) if signed else {}
