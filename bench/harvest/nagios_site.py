"""Debian nagios4: Nagios Core 4 with a configuration of its own (two hosts, four services whose
checks are `echo`, a contact for the administrator), its daemon run as the user nagios so that
the CGIs have status to show, and its CGIs and PHP pages under a real apache2 of our own with
Basic authentication (an htpasswd file made here) and Nagios's own authorisation
(use_authentication=1): healthy pages for the administrator (the front page and its menu, the
main page, the tactical overview, the host and service lists, a search with results, a host, a
service, the process, performance, comments, configuration, summary and outages pages); the
"It appears as though you do not have permission to view ..." pages (403 by what they say)
for a signed-in user who is no contact of anything, and cmd.cgi's "Sorry, but you are not
authorized to commit the specified command."; cmd.cgi's "Invalid or missing CSRF cookie!"
(a command committed without the form's cookie); Apache's own 401 page for a visitor without
credentials.

Left out: Nagios has no not-found page. A host or service that does not exist gets, even for
the administrator, the same "you do not have permission to view information for this host"
(extinfo.cgi) or an empty list (status.cgi, history.cgi, trends.cgi): neither says which, so
neither is kept. The tactical overview for the user without rights shows zero counts and no
denial: not kept. Nagios Core is not translated (Debian ships no translation): English."""

from __future__ import annotations

import base64
import contextlib
import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

GROUP = "nagios4"
MODULES = Path("/usr/lib/apache2/modules")
CGI = "/cgi-bin/nagios4"
ADMIN = ("nagiosadmin", "harvest-admin")
VISITOR = ("visitor", "harvest-visitor")  # signed in, no contact of any host or service
# schedule a check of web-01 (cmd_mod=2: commit; without it, cmd.cgi shows the form)
COMMAND = "cmd_typ=96&cmd_mod=2&host=web-01&start_time=2026-12-07+11%3A00%3A00&force_check=on"
APACHE = """
ServerRoot {work}
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile {work}/apache2.pid
ErrorLog {work}/error.log
User www-data
Group www-data
LoadModule mpm_prefork_module {modules}/mod_mpm_prefork.so
LoadModule authz_core_module {modules}/mod_authz_core.so
LoadModule authz_user_module {modules}/mod_authz_user.so
LoadModule authn_core_module {modules}/mod_authn_core.so
LoadModule authn_file_module {modules}/mod_authn_file.so
LoadModule auth_basic_module {modules}/mod_auth_basic.so
LoadModule mime_module {modules}/mod_mime.so
LoadModule alias_module {modules}/mod_alias.so
LoadModule cgi_module {modules}/mod_cgi.so
LoadModule env_module {modules}/mod_env.so
LoadModule dir_module {modules}/mod_dir.so
LoadModule php_module {modules}/libphp8.2.so
TypesConfig /etc/mime.types
ScriptAlias /cgi-bin/nagios4 /usr/lib/cgi-bin/nagios4
ScriptAlias /nagios4/cgi-bin /usr/lib/cgi-bin/nagios4
Alias /nagios4/stylesheets /etc/nagios4/stylesheets
Alias /nagios4 /usr/share/nagios4/htdocs
SetEnv NAGIOS_CGI_CONFIG {work}/cgi.cfg
<DirectoryMatch (/usr/share/nagios4/htdocs|/usr/lib/cgi-bin/nagios4|/etc/nagios4/stylesheets)>
    Options FollowSymLinks
    DirectoryIndex index.php index.html
    AuthType Basic
    AuthName "Nagios4"
    AuthUserFile {work}/htpasswd
    Require valid-user
</DirectoryMatch>
<FilesMatch "\\.php$">
    SetHandler application/x-httpd-php
</FilesMatch>
"""
CGI_CFG = """main_config_file={work}/nagios.cfg
physical_html_path=/usr/share/nagios4/htdocs
url_html_path=/nagios4
show_context_help=0
use_pending_states=1
use_authentication=1
use_ssl_authentication=0
authorized_for_system_information=nagiosadmin
authorized_for_configuration_information=nagiosadmin
authorized_for_system_commands=nagiosadmin
authorized_for_all_services=nagiosadmin
authorized_for_all_hosts=nagiosadmin
authorized_for_all_service_commands=nagiosadmin
authorized_for_all_host_commands=nagiosadmin
refresh_rate=90
result_limit=100
escape_html_tags=1
action_url_target=_blank
notes_url_target=_blank
lock_author_names=1
navbar_search_for_addresses=1
navbar_search_for_aliases=1
"""
NAGIOS_CFG = """log_file={work}/var/nagios.log
cfg_file={work}/objects.cfg
object_cache_file={work}/var/objects.cache
precached_object_file={work}/var/objects.precache
status_file={work}/var/status.dat
status_update_interval=1
query_socket={work}/var/nagios.qh
nagios_user=nagios
nagios_group=nagios
check_external_commands=0
command_file={work}/var/nagios.cmd
lock_file={work}/var/nagios.pid
temp_file={work}/var/nagios.tmp
temp_path={work}/var
log_archive_path={work}/var
check_result_path={work}/var/checkresults
state_retention_file={work}/var/retention.dat
retain_state_information=0
use_syslog=0
enable_notifications=0
check_for_updates=0
interval_length=1
max_service_check_spread=1
max_host_check_spread=1
service_inter_check_delay_method=n
host_inter_check_delay_method=n
check_result_reaper_frequency=1
illegal_object_name_chars=`~!$%^&*|'"<>?,()=
illegal_macro_output_chars=`~$&|'"<>
date_format=iso8601
"""
# interval_length=1: the intervals below are seconds, so every check has run within seconds
OBJECTS = """define timeperiod {
    timeperiod_name  24x7
    alias            24 Hours A Day, 7 Days A Week
    sunday    00:00-24:00
    monday    00:00-24:00
    tuesday   00:00-24:00
    wednesday 00:00-24:00
    thursday  00:00-24:00
    friday    00:00-24:00
    saturday  00:00-24:00
}
define command {
    command_name  harvest-ok
    command_line  /bin/echo "OK - $ARG1$"
}
define command {
    command_name  harvest-warning
    command_line  /bin/sh -c 'echo "WARNING - $ARG1$" && exit 1'
}
define command {
    command_name  harvest-notify
    command_line  /bin/true
}
define contact {
    contact_name                   nagiosadmin
    alias                          Nagios Admin
    email                          nagios@localhost
    host_notifications_enabled     0
    service_notifications_enabled  0
    host_notification_period       24x7
    service_notification_period    24x7
    host_notification_options      n
    service_notification_options   n
    host_notification_commands     harvest-notify
    service_notification_commands  harvest-notify
}
define contactgroup {
    contactgroup_name  admins
    alias              Nagios Administrators
    members            nagiosadmin
}
define host {
    name                  harvest-host
    check_command         harvest-ok!host answers
    check_interval        300
    retry_interval        60
    max_check_attempts    1
    check_period          24x7
    notification_period   24x7
    notification_interval 0
    contact_groups        admins
    register              0
}
define service {
    name                  harvest-service
    check_interval        300
    retry_interval        60
    max_check_attempts    1
    check_period          24x7
    notification_period   24x7
    notification_interval 0
    contact_groups        admins
    register              0
}
define host {
    use        harvest-host
    host_name  web-01
    alias      Web server
    address    127.0.0.1
}
define host {
    use        harvest-host
    host_name  db-01
    alias      Database server
    address    127.0.0.1
}
define hostgroup {
    hostgroup_name  servers
    alias           Servers
    members         web-01,db-01
}
define service {
    use                  harvest-service
    host_name            web-01
    service_description  HTTP
    check_command        harvest-ok!HTTP/1.1 200 OK - 612 bytes in 0.002 second response time
}
define service {
    use                  harvest-service
    host_name            web-01
    service_description  Disk
    check_command        harvest-warning!DISK WARNING - free space: / 1520 MB (14% inode=80%)
}
define service {
    use                  harvest-service
    host_name            db-01
    service_description  PostgreSQL
    check_command        harvest-ok!database postgres: connection time 0.01s
}
define service {
    use                  harvest-service
    host_name            db-01
    service_description  Load
    check_command        harvest-ok!load average: 0.12, 0.10, 0.08
}
"""
# path -> (label, name, note, who: the Basic credentials sent, or None)
REQUESTS = {
    "/nagios4/": ("ok", "index", "the front page (a frameset)", ADMIN),
    "/nagios4/main.php": ("ok", "main", "the main page (Nagios Core's home)", ADMIN),
    "/nagios4/side.php": ("ok", "menu", "the side menu", ADMIN),
    f"{CGI}/tac.cgi": ("ok", "tactical-overview", "the tactical overview", ADMIN),
    f"{CGI}/status.cgi?host=all": ("ok", "services", "the service status list", ADMIN),
    f"{CGI}/status.cgi?hostgroup=all&style=hostdetail": (
        "ok",
        "hosts",
        "the host status list",
        ADMIN,
    ),
    f"{CGI}/status.cgi?hostgroup=all&style=overview": (
        "ok",
        "hostgroups",
        "the host group overview",
        ADMIN,
    ),
    f"{CGI}/status.cgi?navbarsearch=1&host=web": (
        "ok",
        "search",
        "a search (navigation bar) with results",
        ADMIN,
    ),
    f"{CGI}/extinfo.cgi?type=1&host=web-01": ("ok", "host", "a host's information", ADMIN),
    f"{CGI}/extinfo.cgi?type=2&host=web-01&service=Disk": (
        "ok",
        "service",
        "a service's information",
        ADMIN,
    ),
    f"{CGI}/extinfo.cgi?type=0": ("ok", "process", "the process information", ADMIN),
    f"{CGI}/extinfo.cgi?type=3": ("ok", "comments", "the comments (none)", ADMIN),
    f"{CGI}/extinfo.cgi?type=4": ("ok", "performance", "the performance information", ADMIN),
    f"{CGI}/config.cgi?type=hosts": ("ok", "config", "the configuration: hosts", ADMIN),
    f"{CGI}/summary.cgi": ("ok", "summary", "the alert summary report form", ADMIN),
    f"{CGI}/outages.cgi": ("ok", "outages", "the network outages (none)", ADMIN),
    # the user who is no contact of anything: "It appears as though you do not have permission"
    f"{CGI}/status.cgi?host=all&denied": (
        "soft_403",
        "denied-services",
        "the service list",
        VISITOR,
    ),
    f"{CGI}/status.cgi?hostgroup=all&style=hostdetail&denied": (
        "soft_403",
        "denied-hosts",
        "the host list",
        VISITOR,
    ),
    f"{CGI}/extinfo.cgi?type=1&host=web-01&denied": (
        "soft_403",
        "denied-host",
        "a host's information",
        VISITOR,
    ),
    f"{CGI}/extinfo.cgi?type=2&host=web-01&service=Disk&denied": (
        "soft_403",
        "denied-service",
        "a service's information",
        VISITOR,
    ),
    f"{CGI}/extinfo.cgi?type=5&hostgroup=servers&denied": (
        "soft_403",
        "denied-hostgroup",
        "a host group's information",
        VISITOR,
    ),
    f"{CGI}/extinfo.cgi?type=0&denied": (
        "soft_403",
        "denied-process",
        "the process information",
        VISITOR,
    ),
    f"{CGI}/config.cgi?type=hosts&denied": (
        "soft_403",
        "denied-config",
        "the configuration",
        VISITOR,
    ),
    f"{CGI}/showlog.cgi?denied": ("soft_403", "denied-log", "the event log", VISITOR),
    f"{CGI}/cmd.cgi?{COMMAND}&nagFormId=": (
        "soft_403",
        "denied-command",
        "committing a command (with the form's CSRF cookie and token): 'Sorry, but you are"
        " not authorized to commit the specified command.'",
        VISITOR,
    ),
    f"{CGI}/cmd.cgi?{COMMAND}": (
        "soft_403",
        "csrf",
        "committing a command without the form's CSRF cookie: 'Error: Invalid or missing CSRF"
        " cookie!'",
        ADMIN,
    ),
    f"{CGI}/tac.cgi?no-credentials": (
        "soft_401",
        "unauthorized",
        "no credentials: Apache's own 401 page (Basic authentication)",
        None,
    ),
}


def harvest(work: Path) -> list[Page]:
    apt_install("nagios4", "apache2", "libapache2-mod-php8.2", "apache2-utils")
    source = f"{deb_version('nagios4')}, {deb_version('apache2')}"
    shutil.rmtree(work, ignore_errors=True)
    (work / "var" / "checkresults").mkdir(parents=True)
    (work / "nagios.cfg").write_text(NAGIOS_CFG.format(work=work))
    (work / "cgi.cfg").write_text(CGI_CFG.format(work=work))
    (work / "objects.cfg").write_text(OBJECTS)
    password_file = work / "htpasswd"
    for index, (user, password) in enumerate((ADMIN, VISITOR)):
        create = ["-c"] if index == 0 else []
        subprocess.run(
            ["htpasswd", "-b", *create, str(password_file), user, password],
            check=True,
            capture_output=True,
        )
    subprocess.run(["chmod", "-R", "a+rX", str(work)], check=True)
    subprocess.run(["chown", "-R", "nagios:nagios", str(work / "var")], check=True)
    subprocess.run(["chmod", "a+rx", *_parents(work)], check=True)
    pages = []
    with _nagios(work):
        port = free_port()
        config = work / "apache2.conf"
        config.write_text(APACHE.format(work=work, port=port, modules=MODULES))
        with running(
            ["/usr/sbin/apache2", "-f", str(config), "-DFOREGROUND"],
            port,
            work / "server.log",
            env={"PATH": "/usr/sbin:/usr/bin:/bin"},
        ):
            for path, (label, name, note, who) in REQUESTS.items():
                pages += _take(f"http://127.0.0.1:{port}", path, label, name, note, who, source)
    return pages


def _take(base, path, label, name, note, who, source) -> list[Page]:
    # a marker after the path only tells two entries apart: it is not sent
    path = re.sub(r"[?&](denied|no-credentials)$", "", path)
    headers = {}
    if who:
        token = base64.b64encode(f"{who[0]}:{who[1]}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    how = f"GET {path}"
    if path.endswith("&nagFormId="):  # the form first: its cookie and its token
        form = path.replace("cmd_mod=2&", "").removesuffix("&nagFormId=")
        _, answer, body = fetch(base + form, headers=headers)
        headers["Cookie"] = answer["set-cookie"].split(";")[0]
        how = f"GET {form}, then GET {path}<its token> with its NagFormId cookie"
        path += re.search(rb"(?i)name='nagFormId' value='([^']+)'", body).group(1).decode()
    status, answer, body = fetch(base + path, headers=headers)
    if "html" not in answer.get("content-type", "") or not body.strip():
        raise RuntimeError(f"{path} answered {status} {answer.get('content-type')}")
    how += f" (Basic authentication as {who[0]})" if who else " (no credentials)"
    if who == VISITOR and label == "soft_403" and "Sorry" not in note:
        note += (
            ", for a signed-in user who is no contact of anything: 'It appears as though you"
            " do not have permission to view ...'"
        )
    return [Page(f"{name}.html", body, source, GROUP, how, "en", label, status, note)]


@contextlib.contextmanager
def _nagios(work: Path):
    """The Nagios daemon (as nagios), until its status file shows every check done."""
    subprocess.run(["/usr/sbin/nagios4", "-v", str(work / "nagios.cfg")], check=True,
                   capture_output=True)  # fmt: skip
    log = (work / "var" / "daemon.log").open("ab")
    process = subprocess.Popen(
        ["/usr/sbin/nagios4", str(work / "nagios.cfg")],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        status = work / "var" / "status.dat"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            text = status.read_text(errors="replace") if status.exists() else ""
            if text and "has_been_checked=0" not in text:
                break
            time.sleep(0.5)
        else:
            raise RuntimeError("nagios4 did not check every host and service in 60 s")
        time.sleep(1)
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def _parents(path: Path) -> list[str]:
    """The folders above `path` (www-data and nagios must pass through them)."""
    return [str(parent) for parent in path.parents if str(parent) not in ("/", "/tmp")]
