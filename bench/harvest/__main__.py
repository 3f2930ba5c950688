"""python -m bench.harvest --out tests/fixtures/real [--only GROUP,...] [--list]"""

from __future__ import annotations

import argparse
import sys
import tempfile
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from bench.harvest import (
    adminer,
    apache,
    appbuilder,
    apps,
    caddy_server,
    cgit,
    django_pages,
    docs,
    dokuwiki,
    gitweb,
    hgweb,
    ikiwiki_site,
    jekyll_site,
    jetty,
    jupyterhub_site,
    mediawiki,
    micro,
    mkdocs_sites,
    npm_pages,
    phpmyadmin,
    redmine_site,
    roundcube,
    roundup_tracker,
    rt_site,
    servers,
    sinatra_app,
    sphinx_docs,
    trac_site,
    wagtail_site,
    wordpress_site,
    zabbix_site,
)
from bench.harvest.core import Page, resplit, write_pages

# source name -> (the groups it writes, the function harvesting them into a work folder)
SOURCES: dict[str, tuple[tuple[str, ...], Callable[[Path], list[Page]]]] = {
    "apache2": (("apache2", "apache2-doc"), apache.harvest),
    "nginx": (("nginx",), servers.nginx),
    "lighttpd": (("lighttpd",), servers.lighttpd),
    "tomcat": (("tomcat",), servers.tomcat),
    "django": (("django",), django_pages.harvest),
    "python3-doc": (("python3-doc",), docs.python_docs),
    "dokuwiki": (("dokuwiki",), dokuwiki.harvest),
    "jupyter": (("jupyter",), apps.jupyter),
    "datasette": (("datasette",), apps.datasette),
    "express": (("express",), npm_pages.express),
    "http-server": (("http-server",), npm_pages.file_servers),
    "sphinx-docs": (("sphinx-docs",), sphinx_docs.harvest),
    "phpmyadmin": (("phpmyadmin",), phpmyadmin.harvest),
    "maint-guide": (("maint-guide",), docs.maint_guide),
    "wagtail": (("wagtail",), wagtail_site.harvest),
    "mediawiki": (("mediawiki",), mediawiki.harvest),
    "gitweb": (("gitweb",), gitweb.harvest),
    "mkdocs": (("mkdocs", "mkdocs-material"), mkdocs_sites.harvest),
    **{group: ((group,), micro.harvester(group)) for group in micro.APPS},
    "debian-reference": (("debian-reference",), docs.debian_reference),
    # the fresh side (core.FRESH_GROUPS), harvested on 2026-12-07
    "trac": (("trac",), trac_site.harvest),
    "roundup": (("roundup",), roundup_tracker.harvest),
    "hgweb": (("hgweb",), hgweb.harvest),
    "cgit": (("cgit",), cgit.harvest),
    "flask-appbuilder": (("flask-appbuilder",), appbuilder.harvest),
    "roundcube": (("roundcube",), roundcube.harvest),
    "adminer": (("adminer",), adminer.harvest),
    "jetty": (("jetty",), jetty.harvest),
    # the second fresh side (core.FRESH_GROUPS), harvested on 2026-12-07 (a later session)
    "wordpress": (("wordpress",), wordpress_site.harvest),
    "jupyterhub": (("jupyterhub",), jupyterhub_site.harvest),
    "jekyll": (("jekyll",), jekyll_site.harvest),
    "sinatra": (("sinatra",), sinatra_app.harvest),
    "ikiwiki": (("ikiwiki",), ikiwiki_site.harvest),
    "caddy": (("caddy",), caddy_server.harvest),
    "redmine": (("redmine",), redmine_site.harvest),
    "zabbix": (("zabbix",), zabbix_site.harvest),
    "rt": (("rt",), rt_site.harvest),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.harvest", description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("tests/fixtures/real"))
    parser.add_argument("--only", help="comma-separated source names (default: all)")
    parser.add_argument("--work", type=Path, help="work folder (default: a temporary one)")
    parser.add_argument("--list", action="store_true", help="list the sources and stop")
    parser.add_argument(
        "--resplit", action="store_true", help="only rewrite the split column from core.py"
    )
    arguments = parser.parse_args(argv)
    if arguments.list:
        for name, (groups, _) in SOURCES.items():
            print(f"{name}: {', '.join(groups)}")
        return 0
    if arguments.resplit:
        resplit(arguments.out)
        return 0
    chosen = arguments.only.split(",") if arguments.only else list(SOURCES)
    unknown = [name for name in chosen if name not in SOURCES]
    if unknown:
        parser.error(f"unknown sources: {', '.join(unknown)} (see --list)")
    failed = []
    with tempfile.TemporaryDirectory(prefix="gatewatch-harvest-") as temporary:
        work = arguments.work or Path(temporary)
        for name in chosen:
            groups, harvest = SOURCES[name]
            print(f"{name}: harvesting ...", flush=True)
            try:
                pages = harvest(work / name)
            except Exception:  # one source failing loses nothing of the others
                failed.append(name)
                print(f"{name}: FAILED\n{traceback.format_exc()}", file=sys.stderr)
                continue
            write_pages(arguments.out, pages, set(groups))
            counts = Counter(page.label for page in pages)
            print(f"{name}: {len(pages)} pages {dict(sorted(counts.items()))}", flush=True)
    if failed:
        print(f"failed sources: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
