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
    admin_tools,
    adminer,
    allauth_pages,
    apache,
    apcupsd_cgi_site,
    appbuilder,
    approx_site,
    apps,
    archivebox_site,
    awstats_site,
    backuppc_site,
    cacti_site,
    caddy_server,
    calibreweb_site,
    cas_server_site,
    catalyst_app,
    cgit,
    changedetection_site,
    cockpit,
    cups,
    cvsweb_site,
    darkstat_pages,
    davical_site,
    devpi_site,
    dhelp_site,
    django_pages,
    djangowiki_site,
    docs,
    dokuwiki,
    drf_site,
    dwww_site,
    e2guardian_proxy,
    ejabberd_admin,
    express_generator_app,
    fava_site,
    flask_security_site,
    flaskbb_site,
    flower_site,
    fossil,
    ganglia_site,
    gatsby_site,
    gitit_wiki,
    gitweb,
    glances_site,
    gosa_site,
    graphite_web,
    h2o_server,
    hexo_site,
    hgweb,
    horde_site,
    icingaweb2_site,
    ikiwiki_site,
    jekyll_site,
    jetty,
    jupyterhub_site,
    kallithea_site,
    kiwitcms_site,
    kiwix_site,
    klaus_site,
    lam_site,
    ledgersmb_site,
    lemonldap_site,
    loggerhead_site,
    marimo_site,
    mediawiki,
    micro,
    mkdocs_sites,
    modoboa_site,
    moin_wiki,
    monitorix_site,
    motioneye_site,
    munin_pages,
    nagios_site,
    nbclassic_pages,
    netdata_pages,
    nikola_site,
    notfound_sphinx,
    npm_astro,
    npm_nextjs,
    npm_nuxt,
    npm_pages,
    npm_react_router,
    npm_sites,
    npm_sveltekit,
    nut_cgi_site,
    ocsigenserver_site,
    ocsinventory_site,
    octoprint_site,
    otterwiki_site,
    panel_server,
    perl_apps,
    pgadmin_site,
    phpldapadmin_site,
    phpmyadmin,
    phpsysinfo_site,
    plone_site,
    postfixadmin,
    pretix_site,
    prometheus_ui,
    prosody_http,
    proxies,
    py4web_site,
    pyload_webui,
    pywb_site,
    qbittorrent_webui,
    radicale_site,
    rails_app,
    redmine_site,
    reviewboard_site,
    roundcube,
    roundup_tracker,
    rt_site,
    sails_app,
    sanic_pages,
    searx_site,
    servers,
    shellinabox_site,
    simplesamlphp_site,
    sinatra_app,
    small_servers,
    smokeping_site,
    sogo_site,
    sphinx_docs,
    spirit_site,
    sqlledger_site,
    squid,
    sqwebmail_site,
    supervisor_site,
    symfony_app,
    sympa_site,
    trac_site,
    trafficserver,
    transmission,
    ttrss_site,
    two_factor_site,
    voila_pages,
    wagtail_site,
    webfs_server,
    wordpress_site,
    xymon_site,
    zabbix_site,
    znc,
    zoneminder_site,
    zope_site,
    zoph_site,
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
    # tune groups added in the fourth round (software from PyPI)
    "moin": (("moin",), moin_wiki.harvest),
    "sanic": (("sanic",), sanic_pages.harvest),
    "otterwiki": (("otterwiki",), otterwiki_site.harvest),
    "allauth": (("allauth",), allauth_pages.harvest),
    "sphinx-notfound-page": (("sphinx-notfound-page",), notfound_sphinx.harvest),
    "nbclassic": (("nbclassic",), nbclassic_pages.harvest),
    "panel": (("panel",), panel_server.harvest),
    "voila": (("voila",), voila_pages.harvest),
    "kallithea": (("kallithea",), kallithea_site.harvest),
    # npm web frameworks and documentation generators (tune), harvested on 2026-12-07
    "nextjs": (("nextjs",), npm_nextjs.nextjs),
    "sveltekit": (("sveltekit",), npm_sveltekit.sveltekit),
    "vitepress": (("vitepress",), npm_sites.vitepress),
    "docusaurus": (("docusaurus",), npm_sites.docusaurus),
    "starlight": (("starlight",), npm_sites.starlight),
    "nuxt": (("nuxt",), npm_nuxt.nuxt),
    "vuepress": (("vuepress",), npm_sites.vuepress),
    "astro": (("astro",), npm_astro.astro),
    "react-router": (("react-router",), npm_react_router.react_router),
    # Debian servers and web applications (tune side), harvested on 2026-12-07
    "squid": (("squid",), squid.harvest),
    "cups": (("cups",), cups.harvest),
    "mojolicious": (("mojolicious",), perl_apps.mojolicious),
    "dancer2": (("dancer2",), perl_apps.dancer2),
    "fossil": (("fossil",), fossil.harvest),
    "python-http-server": (("python-http-server",), small_servers.python_http_server),
    "busybox-httpd": (("busybox-httpd",), small_servers.busybox_httpd),
    "icecast2": (("icecast2",), small_servers.icecast2),
    "mini-httpd": (("mini-httpd",), small_servers.mini_httpd),
    "php-builtin-server": (("php-builtin-server",), small_servers.php_builtin_server),
    "yaws": (("yaws",), small_servers.yaws),
    "haproxy": (("haproxy",), proxies.haproxy),
    "varnish": (("varnish",), proxies.varnish),
    "tinyproxy": (("tinyproxy",), proxies.tinyproxy),
    "privoxy": (("privoxy",), proxies.privoxy),
    "cockpit": (("cockpit",), cockpit.harvest),
    "postfixadmin": (("postfixadmin",), postfixadmin.harvest),
    "transmission": (("transmission",), transmission.harvest),
    "znc": (("znc",), znc.harvest),
    "monit": (("monit",), admin_tools.monit),
    "apt-cacher-ng": (("apt-cacher-ng",), admin_tools.apt_cacher_ng),
    "redmine": (("redmine",), redmine_site.harvest),
    "zabbix": (("zabbix",), zabbix_site.harvest),
    "rt": (("rt",), rt_site.harvest),
    # the third fresh side (core.FRESH_GROUPS), harvested on 2026-12-07: four of its groups
    "nagios4": (("nagios4",), nagios_site.harvest),
    "qbittorrent-nox": (("qbittorrent-nox",), qbittorrent_webui.harvest),
    "gitit": (("gitit",), gitit_wiki.harvest),
    "webfs": (("webfs",), webfs_server.harvest),
    # Debian web applications and servers (tune, sixth round), harvested on 2026-12-07
    "ttrss": (("ttrss",), ttrss_site.harvest),
    "trafficserver": (("trafficserver",), trafficserver.harvest),
    "davical": (("davical",), davical_site.harvest),
    # the third fresh side (core.FRESH_GROUPS), harvested on 2026-12-07 (the sixth round)
    "calibreweb": (("calibreweb",), calibreweb_site.harvest),
    "icingaweb2": (("icingaweb2",), icingaweb2_site.harvest),
    "phpldapadmin": (("phpldapadmin",), phpldapadmin_site.harvest),
    "h2o": (("h2o",), h2o_server.harvest),
    "wiki": (("wiki",), djangowiki_site.harvest),
    "flaskbb": (("flaskbb",), flaskbb_site.harvest),
    "pyload-ng": (("pyload-ng",), pyload_webui.harvest),
    "loggerhead": (("loggerhead",), loggerhead_site.harvest),
    # npm and PyPI tune groups of the sixth round (2026-12-07)
    "flask-security": (("flask-security",), flask_security_site.harvest),
    "nikola": (("nikola",), nikola_site.harvest),
    "hexo": (("hexo",), hexo_site.harvest),
    "octoprint": (("octoprint",), octoprint_site.harvest),
    "flower": (("flower",), flower_site.harvest),
    "py4web": (("py4web",), py4web_site.harvest),
    "marimo": (("marimo",), marimo_site.harvest),
    "two-factor": (("two-factor",), two_factor_site.harvest),
    "supervisor": (("supervisor",), supervisor_site.harvest),
    "zope": (("zope",), zope_site.harvest),
    # Debian web applications and servers (tune, sixth round, a second helper)
    "cacti": (("cacti",), cacti_site.harvest),
    "ldap-account-manager": (("ldap-account-manager",), lam_site.harvest),
    "ejabberd": (("ejabberd",), ejabberd_admin.harvest),
    "prometheus": (("prometheus",), prometheus_ui.prometheus),
    "prometheus-alertmanager": (("prometheus-alertmanager",), prometheus_ui.alertmanager),
    "munin": (("munin",), munin_pages.harvest),
    "netdata": (("netdata",), netdata_pages.harvest),
    "gosa": (("gosa",), gosa_site.harvest),
    "sogo": (("sogo",), sogo_site.harvest),
    # the fourth fresh side (core.FRESH_GROUPS), harvested on 2026-12-07 (the seventh round),
    # fresh-b
    "express-generator": (("express-generator",), express_generator_app.harvest),
    "gatsby": (("gatsby",), gatsby_site.harvest),
    "prosody": (("prosody",), prosody_http.harvest),
    "sails": (("sails",), sails_app.harvest),
    "sympa": (("sympa",), sympa_site.harvest),
    # the fourth fresh side (core.FRESH_GROUPS), harvested on 2026-12-07 (the seventh round)
    "pgadmin4": (("pgadmin4",), pgadmin_site.harvest),
    "radicale": (("radicale",), radicale_site.harvest),
    "catalyst": (("catalyst",), catalyst_app.harvest),
    "symfony": (("symfony",), symfony_app.harvest),
    "horde": (("horde",), horde_site.harvest),
    # the fifth fresh side (core.FRESH_GROUPS), harvested on 2026-12-07 (the eighth round):
    # its PyPI web applications (fresh5c)
    "pywb": (("pywb",), pywb_site.harvest),
    "changedetection-io": (("changedetection-io",), changedetection_site.harvest),
    "devpi-web": (("devpi-web",), devpi_site.harvest),
    "archivebox": (("archivebox",), archivebox_site.harvest),
    # the fifth fresh side (core.FRESH_GROUPS), harvested on 2026-12-07 (the eighth round),
    # fresh5a
    "simplesamlphp": (("simplesamlphp",), simplesamlphp_site.harvest),
    "lemonldap-ng": (("lemonldap-ng",), lemonldap_site.harvest),
    "xymon": (("xymon",), xymon_site.harvest),
    "zoneminder": (("zoneminder",), zoneminder_site.harvest),
    # the fifth fresh side (core.FRESH_GROUPS), harvested on 2026-12-07 (the eighth round),
    # fresh5b
    "plone": (("plone",), plone_site.harvest),
    "pretix": (("pretix",), pretix_site.harvest),
    # the sixth fresh side (core.FRESH_GROUPS), harvested on 2026-12-07 (the ninth round),
    "awstats": (("awstats",), awstats_site.harvest),
    "backuppc": (("backuppc",), backuppc_site.harvest),
    "smokeping": (("smokeping",), smokeping_site.harvest),
    "e2guardian": (("e2guardian",), e2guardian_proxy.harvest),
    "darkstat": (("darkstat",), darkstat_pages.harvest),
    "graphite-web": (("graphite-web",), graphite_web.harvest),
    "rails": (("rails",), rails_app.harvest),
    "motioneye": (("motioneye",), motioneye_site.harvest),
    "reviewboard": (("reviewboard",), reviewboard_site.harvest),
    "ocsinventory": (("ocsinventory",), ocsinventory_site.harvest),
    # the seventh fresh side (core.FRESH_GROUPS), harvested on 2026-12-07 (the tenth round),
    # h-php
    "zoph": (("zoph",), zoph_site.harvest),
    "searx": (("searx",), searx_site.harvest),
    "klaus": (("klaus",), klaus_site.harvest),
    # its Debian CGI and server programs (h-cgi)
    "monitorix": (("monitorix",), monitorix_site.harvest),
    "cvsweb": (("cvsweb",), cvsweb_site.harvest),
    "nut-cgi": (("nut-cgi",), nut_cgi_site.harvest),
    "sqwebmail": (("sqwebmail",), sqwebmail_site.harvest),
    # h-drf: its Django programs from PyPI
    "drf": (("drf",), drf_site.harvest),
    "django-spirit": (("django-spirit",), spirit_site.harvest),
    "django-cas-server": (("django-cas-server",), cas_server_site.harvest),
    # h-heavy
    "kiwitcms": (("kiwitcms",), kiwitcms_site.harvest),
    "modoboa": (("modoboa",), modoboa_site.harvest),
    # the eighth fresh side (core.FRESH_GROUPS), harvested on 2026-12-08 (the eleventh round),
    # Debian's small servers
    "glances": (("glances",), glances_site.harvest),
    "shellinabox": (("shellinabox",), shellinabox_site.harvest),
    "ocsigenserver": (("ocsigenserver",), ocsigenserver_site.harvest),
    # Debian's documentation and archive servers
    "kiwix": (("kiwix",), kiwix_site.harvest),
    "dwww": (("dwww",), dwww_site.harvest),
    "dhelp": (("dhelp",), dhelp_site.harvest),
    "approx": (("approx",), approx_site.harvest),
    # monitoring pages (PHP and CGI)
    "ganglia": (("ganglia",), ganglia_site.harvest),
    "apcupsd-cgi": (("apcupsd-cgi",), apcupsd_cgi_site.harvest),
    "phpsysinfo": (("phpsysinfo",), phpsysinfo_site.harvest),
    # accounting (Perl with PostgreSQL, Perl CGI, Python)
    "ledgersmb": (("ledgersmb",), ledgersmb_site.harvest),
    "sql-ledger": (("sql-ledger",), sqlledger_site.harvest),
    "fava": (("fava",), fava_site.harvest),
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
