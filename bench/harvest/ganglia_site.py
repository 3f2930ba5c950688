"""Debian ganglia-webfrontend (Ganglia Web 3.7.5, which names itself 3.7.4; PHP) under an apache2
of our own (mod_php) on 127.0.0.1, reading a gmetad of ours (grid "Seaside") that collects two
gmonds of ours: the clusters "Harbour" and "Quay" (each this machine, "localhost", its own
metrics over unicast UDP; the harvest waits until the RRDs give an hour's averages), on ports of
our range; RRDs, the web front end's state and its Dwoo templates' cache under the work folder.
The front end is a copy of Debian's /usr/share/ganglia-webfrontend whose conf.php (Debian's,
without its include of /etc/ganglia-webfrontend/conf.php) adds our paths, ports and access
control: auth_system "enabled", "Quay" a private cluster, "alice" an administrator and "bob" a
guest; the web server signs them in (Basic authentication on login.php only, as login.php
expects: it reads REMOTE_USER), which sets Ganglia's own cookie.

Debian 12's front end does not run under its PHP 8.2 as shipped: every page is a 500 with an
empty body. Our copy has three one-line changes and a prepended file, each to do what PHP 7 did:
the API's error handler takes its fifth argument as optional (PHP 8 passes four), Gmetad()
declares $SKIP_GMETAD_CONTEXTS global (PHP 7 read the missing array as nothing), Dwoo's compiler
passes a compilable function plugin's parameters by position (PHP 8 reads string keys as named
parameters; the first of its four such calls, the one these pages reach); the prepended file
defines each() (removed in PHP 8, Dwoo calls it), get_magic_quotes_gpc() (removed in PHP 8,
false since 5.4; the sign-in cookie asks it) and the constant LOCALTIME as its name (PHP 7 read
an undefined constant so, cluster_view.php uses it bare).

Pages: for a visitor (a guest), "Access Denied. Sorry, you do not have access to this resource."
for the private cluster and its host (403), for bob signed in too (soft_403; one text, kept
once); for an unknown cluster, an unknown host of a known cluster, a known host in an unknown
cluster, a node view of an unknown host, the physical view of an unknown cluster, a view that
does not exist, the graphs of an unknown host and metric and of an unknown cluster's report,
Ganglia draws its usual report with the name asked for and nothing or another host's data, no
message (soft_404); "Authentication Failed. We were unable to log you in." from login.php when
auth_system is "readonly" ("Authentication is disabled by Ganglia configuration") (soft_401);
healthy pages, for the visitor and for alice signed in: the grid, a cluster, a cluster sorted by
a metric, a host, a host's CPU metrics, a node view, a physical view, the grid tree, the views,
graphs of all periods of a report and of a metric, the private cluster and its host (alice), the
private cluster's physical view (served to a visitor too: Ganglia checks access for the grid,
cluster and host views only), the private cluster when auth_system is "readonly" (ok). Ganglia
Web is not translated: English only.

Left out: compare hosts and the view "default" (?tab=ch, ?vn=default&tab=v: PHP stops half-way,
get_ganglia.php's in_array on an undefined array, a truncated page with 200; every request is
checked against apache2's error log for this), and the same for a cluster over the last week
(?r=week: PHP stops half-way too); the Basic authentication challenge
of login.php (apache2's page, not Ganglia's); parts the front end loads into its tabs (events,
aggregate graphs, automatic rotation, live dashboard: no page of their own); search.php,
mobile.php, cubism_form.php, breakdown_reports.php and edit_optional_graphs.php (500 with an
empty body under PHP 8.2 even with the changes above); graph.php's refusal (an image)."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from contextlib import ExitStack
from pathlib import Path

from bench.harvest import cgi_apache
from bench.harvest.core import Page, apt_install, deb_version, range_port, running
from bench.harvest.web_session import Keeper, Session

GROUP = "ganglia"
PORTS = range(18700, 18750)  # this harvester's range (the machine is shared)
SHARE = Path("/usr/share/ganglia-webfrontend")
USERS = {"alice": "harvest-alice-42", "bob": "harvest-bob-42"}
# what changes at every request: times, values, durations
VOLATILE = re.compile(r"\d[\d.,:%]*")
SHIMS = """<?php
// PHP 8 removed each(): Dwoo, the templating engine ganglia-web bundles, still calls it
if (!function_exists('each')) {
    function each(&$array) {
        $key = key($array);
        if ($key === null) {
            return false;
        }
        $value = current($array);
        next($array);
        return array(1 => $value, 'value' => $value, 0 => $key, 'key' => $key);
    }
}
// PHP 8 removed get_magic_quotes_gpc() (false since PHP 5.4); Ganglia's sign-in cookie asks it
if (!function_exists('get_magic_quotes_gpc')) {
    function get_magic_quotes_gpc() {
        return false;
    }
}
// PHP 7 read an undefined constant as its name; cluster_view.php writes $cluster[LOCALTIME]
if (!defined('LOCALTIME')) {
    define('LOCALTIME', 'LOCALTIME');
}
"""
# (file, text, the same line made to run under PHP 8 as it ran under PHP 7)
PHP8_CHANGES = (
    ("lib/common_api.php", "$file, $line, $context)", "$file, $line, $context = null)"),
    ("ganglia.php", "$context, $debug;", "$context, $debug, $SKIP_GMETAD_CONTEXTS;"),
    ("dwoo/Dwoo/Compiler.php", "call_user_func_array($funcCompiler, $params)",
     "call_user_func_array($funcCompiler, array_values($params))"),
)  # fmt: skip
APACHE = """LoadModule php_module {modules}/libphp8.2.so
DirectoryIndex index.php
Alias /ganglia {web}
<Directory {web}>
    Require all granted
    SetEnv ganglia_secret harvest-only-ganglia-secret
    php_value auto_prepend_file {work}/php8-shims.php
    php_admin_flag opcache.enable off
    <FilesMatch "\\.php$">
        SetHandler application/x-httpd-php
    </FilesMatch>
    <Files login.php>
        AuthType Basic
        AuthName "Ganglia"
        AuthUserFile {work}/passwords
        Require valid-user
    </Files>
</Directory>
"""
CONF = """
$conf['gweb_confdir'] = "{state}";
$conf['dwoo_compiled_dir'] = "{state}/dwoo/compiled";
$conf['dwoo_cache_dir'] = "{state}/dwoo/cache";
$conf['views_dir'] = "{state}/conf";
$conf['conf_dir'] = "{state}/conf";
$conf['cachefile'] = "{state}/conf/ganglia_metrics.cache";
$conf['overlay_events_file'] = "{state}/conf/events.json";
$conf['overlay_events_color_map_file'] = "{state}/conf/event_color.json";
$conf['gmetad_root'] = "{work}";
$conf['rrds'] = "{work}/rrds";
$conf['ganglia_port'] = {port};
$conf['auth_system'] = '{auth}';
$acl = GangliaAcl::getInstance();
$acl->addPrivateCluster('Quay');
$acl->addRole('alice', GangliaAcl::ADMIN);
$acl->addRole('bob', GangliaAcl::GUEST);
?>
"""
# auth_system -> its requests: (path, who, label, name, note); who: None (a visitor) or a user
REQUESTS = {
    "enabled": (
        ("/ganglia/", None, "ok", "grid", "the grid (the private cluster named, not shown)"),
        ("/ganglia/?c=Harbour", None, "ok", "cluster", "a cluster"),
        ("/ganglia/?c=Harbour&m=load_one&s=descending", None, "ok", "cluster-by-metric",
         "a cluster, its hosts by a metric"),
        ("/ganglia/?c=Harbour&h=localhost", None, "ok", "host", "a host"),
        ("/ganglia/?p=2&c=Harbour&h=localhost", None, "ok", "node", "a host's node view"),
        ("/ganglia/?c=Harbour&p=2", None, "ok", "physical", "a cluster's physical view"),
        ("/ganglia/?t=yes", None, "ok", "tree", "the grid tree"),
        ("/ganglia/?c=Harbour&h=localhost&mg=cpu", None, "ok", "host-cpu",
         "a host's CPU metrics"),
        ("/ganglia/?tab=v", None, "ok", "views", "the views"),
        ("/ganglia/graph_all_periods.php?c=Harbour&g=cpu_report&z=large", None, "ok",
         "report-all-periods", "a cluster's CPU report for all periods"),
        ("/ganglia/graph_all_periods.php?c=Harbour&h=localhost&m=load_one&z=large", None, "ok",
         "metric-all-periods", "a host's metric for all periods"),
        ("/ganglia/?c=Quay", None, "soft_403", "private-cluster",
         "a private cluster for a visitor: 403 'Access Denied ... Sorry, you do not have"
         " access to this resource.'"),
        ("/ganglia/?c=Quay&h=localhost", None, "soft_403", "private-host",
         "a host of a private cluster for a visitor (403)"),
        ("/ganglia/?c=Quay&p=2", None, "ok", "private-physical",
         "the physical view of a private cluster, served to a visitor: Ganglia checks access"
         " for the grid, cluster and host views only"),
        ("/ganglia/?c=Quay", "bob", "soft_403", "private-cluster-guest",
         "a private cluster for bob, signed in, a guest (403)"),
        ("/ganglia/?c=Nosuch", None, "soft_404", "unknown-cluster",
         "a cluster that does not exist: 'Nosuch Cluster Report', drawn from gmetad's whole"
         " grid, no message"),
        ("/ganglia/?c=Harbour&h=nosuch", None, "soft_404", "unknown-host",
         "a host that does not exist in a cluster: 'nosuch Host Report', no message"),
        ("/ganglia/?c=Nosuch&h=localhost", None, "soft_404", "host-of-unknown-cluster",
         "a host in a cluster that does not exist: its report, no message"),
        ("/ganglia/?p=2&c=Harbour&h=nosuch", None, "soft_404", "unknown-node",
         "the node view of a host that does not exist, no message"),
        ("/ganglia/?c=Nosuch&p=2", None, "soft_404", "unknown-physical",
         "the physical view of a cluster that does not exist, no message"),
        ("/ganglia/graph_all_periods.php?c=Nosuch&g=cpu_report&z=large", None, "soft_404",
         "unknown-cluster-all-periods",
         "the CPU report of a cluster that does not exist for all periods, no message"),
        ("/ganglia/?vn=nosuch&tab=v", None, "soft_404", "unknown-view",
         "a view that does not exist: 'nosuch view', no message"),
        ("/ganglia/graph_all_periods.php?c=Harbour&h=nosuch&m=nosuch&z=large", None,
         "soft_404", "unknown-metric-all-periods",
         "the graphs of a host and metric that do not exist, no message"),
        ("/ganglia/", "alice", "ok", "grid-admin", "the grid, alice signed in (an administrator)"),
        ("/ganglia/?c=Quay", "alice", "ok", "private-cluster-admin",
         "the private cluster, alice signed in"),
        ("/ganglia/?c=Quay&h=localhost", "alice", "ok", "private-host-admin",
         "a host of the private cluster, alice signed in"),
        ("/ganglia/?tab=v", "alice", "ok", "views-admin", "the views, alice signed in"),
        ("/ganglia/?c=Quay&p=2", "alice", "ok", "private-physical-admin",
         "the private cluster's physical view, alice signed in"),
    ),
    "readonly": (
        ("/ganglia/login.php", "alice", "soft_401", "login-readonly",
         "login.php, auth_system 'readonly': 'Authentication Failed. We were unable to log you"
         " in. Authentication is disabled by Ganglia configuration.'"),
        ("/ganglia/?c=Quay", None, "ok", "cluster-readonly",
         "the cluster private when auth is on, auth_system 'readonly' (every visitor sees all)"),
    ),
}  # fmt: skip


def harvest(work: Path) -> list[Page]:
    apt_install("ganglia-webfrontend", "gmetad", "ganglia-monitor", "apache2-bin",
                "libapache2-mod-php8.2", "rrdtool")  # fmt: skip
    source = ", ".join(deb_version(package) for package in (
        "ganglia-webfrontend", "gmetad", "ganglia-monitor", "libapache2-mod-php8.2"))  # fmt: skip
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    names = ("harbour-udp", "harbour-tcp", "quay-udp", "quay-tcp", "xml", "interactive", "web")
    ports = {name: range_port(PORTS, 20 + offset) for offset, name in enumerate(names)}
    web = _front_end(work)
    _daemons_configured(work, ports)
    cgi_apache.write_passwords(work / "passwords", USERS)
    apache = APACHE.format(modules=cgi_apache.MODULES, web=web, work=work)
    config = cgi_apache.write_config(work, ports["web"], apache)
    cgi_apache.open_to_www_data(work)
    subprocess.run(["chown", "-R", "www-data", str(work / "state")], check=True)
    found = Keeper(GROUP, source, VOLATILE)
    with ExitStack() as stack:
        for cluster in ("harbour", "quay"):
            gmond = ["gmond", "-f", "-c", str(work / f"gmond-{cluster}.conf")]
            log = work / f"gmond-{cluster}.log"
            stack.enter_context(running(gmond, ports[f"{cluster}-tcp"], log))
        stack.enter_context(running(["gmetad", "-d", "1", "-c", str(work / "gmetad.conf")],
                                    ports["interactive"], work / "gmetad.log"))  # fmt: skip
        _wait_for_averages(work / "rrds")
        stack.enter_context(running(cgi_apache.command(config), ports["web"], work / "apache.log"))
        base = f"http://127.0.0.1:{ports['web']}"
        for auth, requests in REQUESTS.items():
            _write_conf(web, work, ports["interactive"], auth)
            for path, who, label, name, note in requests:
                browser, headers = Session(base), None
                if who and path.endswith("login.php"):
                    headers = cgi_apache.signed_in(who, USERS[who])
                elif who:
                    browser.get("/ganglia/login.php", None, cgi_apache.signed_in(who, USERS[who]))
                errors = work / "error.log"
                before = errors.stat().st_size
                status, _, kind, body = browser.get(path, None, headers)
                with errors.open("rb") as log:
                    log.seek(before)
                    if b"PHP Fatal error" in log.read():
                        raise RuntimeError(f"GET {path} ({who or 'a visitor'}): PHP stopped")
                if label == "ok" and status != 200:
                    raise RuntimeError(f"GET {path} ({who or 'a visitor'}) answered {status}")
                signed = f"signed in as {who} (login.php, Basic)" if who else "not signed in"
                found.keep(name, body, status, label, "en", f"GET {path} ({signed})", note, kind)
    return found.pages


def _front_end(work: Path) -> Path:
    """A copy of Debian's front end with the PHP 8 changes, and its state folder."""
    web = work / "web"
    shutil.copytree(SHARE, web, symlinks=True)
    for file, old, new in PHP8_CHANGES:
        path = web / file
        text = path.read_text()
        if old not in text:
            raise RuntimeError(f"{file} has no {old!r}: another ganglia-webfrontend?")
        path.write_text(text.replace(old, new, 1))
    shutil.copytree("/var/lib/ganglia-web", work / "state")
    (work / "php8-shims.php").write_text(SHIMS)
    (work / "rrds").mkdir()
    return web


def _write_conf(web: Path, work: Path, port: int, auth: str) -> None:
    """Debian's conf.php without its include of /etc, then ours."""
    debian = (SHARE / "conf.php").read_text().rstrip().removesuffix("?>")
    debian = debian.replace('file_exists( "/etc/ganglia-webfrontend/conf.php" )', "false")
    ours = CONF.format(state=work / "state", work=work, port=port, auth=auth)
    (web / "conf.php").write_text(debian + ours)
    (web / "conf.php").chmod(0o644)


def _daemons_configured(work: Path, ports: dict[str, int]) -> None:
    default = Path("/etc/ganglia/gmond.conf").read_text()  # Debian's: its modules' paths
    for cluster in ("harbour", "quay"):
        udp, tcp = ports[f"{cluster}-udp"], ports[f"{cluster}-tcp"]
        text = default.replace("setuid = yes", "setuid = no")
        text = text.replace('name = "unspecified"', f'name = "{cluster.title()}"', 1)
        text = text.replace("send_metadata_interval = 0", "send_metadata_interval = 10")
        channels = {
            "udp_send_channel": f"  host = 127.0.0.1\n  port = {udp}\n  ttl = 1",
            "udp_recv_channel": f"  bind = 127.0.0.1\n  port = {udp}",
            "tcp_accept_channel": f"  bind = 127.0.0.1\n  port = {tcp}",
        }
        for channel, body in channels.items():
            block = re.compile(rf"(?s){channel} \{{.*?\n\}}")
            text = block.sub(f"{channel} {{\n{body}\n}}", text, count=1)
        (work / f"gmond-{cluster}.conf").write_text(text)
    (work / "gmetad.conf").write_text(
        f'data_source "Harbour" 10 127.0.0.1:{ports["harbour-tcp"]}\n'
        f'data_source "Quay" 10 127.0.0.1:{ports["quay-tcp"]}\n'
        f'gridname "Seaside"\nxml_port {ports["xml"]}\n'
        f'interactive_port {ports["interactive"]}\nrrd_rootdir "{work}/rrds"\nsetuid off\n'
    )


def _wait_for_averages(rrds: Path, timeout: float = 300) -> None:
    """Until the RRDs give an hour's average of cpu_num and load_one for the grid and each
    cluster: before, the front end divides by rrdtool's "-nan", which PHP 8 refuses (a 500
    half-way through the page)."""
    summaries = [rrds / "__SummaryInfo__", rrds / "Harbour" / "__SummaryInfo__",
                 rrds / "Quay" / "__SummaryInfo__"]  # fmt: skip
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(_average(folder / f"{metric}.rrd") for folder in summaries
               for metric in ("cpu_num", "load_one")):  # fmt: skip
            return
        time.sleep(5)
    raise RuntimeError(f"no averages in the RRDs of {rrds} after {timeout}s")


def _average(rrd: Path) -> bool:
    if not rrd.exists():
        return False
    printed = subprocess.run(
        ["rrdtool", "graph", "/dev/null", "--start", "-3600", "--end", "now",
         f"DEF:avg={rrd}:sum:AVERAGE", "PRINT:avg:AVERAGE:%.2lf"],
        capture_output=True, text=True, check=False,
    ).stdout.split()  # fmt: skip
    return len(printed) > 1 and re.fullmatch(r"-?[\d.]+", printed[1]) is not None
