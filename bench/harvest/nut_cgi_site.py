"""Debian nut-cgi (Network UPS Tools 2.8.0): Debian's upsstats.cgi and upsset.cgi under an
apache2 of our own (mod_cgi) on 127.0.0.1, reading a NUT configuration folder of ours: two
UPSes of NUT's dummy-ups driver (each from a file of ours: an Eaton on line, an APC on
battery), upsd on 127.0.0.1 (a port of ours, one administrator in upsd.users), a hosts.conf
that lists both UPSes and a third name upsd does not serve, Debian's upsstats templates. The
CGIs take their folder from NUT_CONFPATH, but upsstats.cgi's overview reads
/etc/nut/hosts.conf whatever it says: the drivers, upsd and apache2 run in a mount namespace
of their own (`unshare -m`) where our folder is bind-mounted on /etc/nut, so nothing of the
machine's /etc/nut is read or changed. upsset.cgi runs only where upsset.conf holds
I_HAVE_SECURED_MY_CGI_DIRECTORY; its first requests are answered before that file exists,
then with the file but without the line.

Pages: upsstats' single-UPS page for a name hosts.conf lists and upsd does not serve ("[error:
Unknown UPS]" where the model and status should be) (soft_404); "Access to that host [...] is
not authorized." (upsstats, a UPS hosts.conf does not list) and upsset's "Access denied ...
Error: Access to that host is not authorized", upsset's refusals to run ("Error: Can't open
upsset.conf to verify security settings. Refusing to start until this is fixed.", "Error:
Secure mode has not been enabled in upsset.conf."), a setting saved and a command sent with a
wrong password (upsd's "ERR ACCESS-DENIED") (soft_403); upsset's sign-in page ("upsset:
Login", user name and password) (soft_401); upsstats' overview of the UPSes, each UPS's page
and its tree of all data; upsset's choice of UPS and function, a UPS's settings, its
commands, a setting saved (ok). All served with 200. NUT's CGIs are not translated: English
only.

Left out: upsset's answer for the name upsd does not serve ("upsset: Server protocol error
... Error: LIST RW command failed": it does not say the UPS is unknown); upsimage.cgi (PNG
images only); upsstats' overview when hosts.conf lists nothing (a configuration error)."""

from __future__ import annotations

import shutil
import subprocess
import time
import urllib.parse
from pathlib import Path

from bench.harvest import cgi_apache, cgi_ports
from bench.harvest.core import Page, apt_install, deb_version, running, wait_for_port
from bench.harvest.kept_pages import Kept, get, session

GROUP = "nut-cgi"
PASSWORD = "harvest-only-admin"
UPSES = {
    "myups": ("Office rack UPS", "Eaton", "5PX 1500", "OL CHRG", 97),
    "backup": ("Server room UPS", "APC", "Smart-UPS 3000", "OB DISCHRG", 64),
}
DATA = """device.mfr: {make}
device.model: {model}
device.type: ups
ups.mfr: {make}
ups.model: {model}
ups.status: {status}
ups.load: 23
ups.temperature: 31.5
battery.charge: {charge}
battery.runtime: 2480
battery.voltage: 54.1
input.voltage: 229.8
input.frequency: 50.0
output.voltage: 230.1
ups.realpower.nominal: 1350
"""
APACHE = """ScriptAlias /cgi-bin/nut/ /usr/lib/cgi-bin/nut/
SetEnv NUT_CONFPATH /etc/nut
<Directory /usr/lib/cgi-bin/nut>
    Require all granted
</Directory>
Alias /nut/ /usr/share/nut/www/
<Directory /usr/share/nut/www>
    Require all granted
</Directory>
"""
# upsset.conf's content -> the requests asked with it: (cgi, query or form, label, name, note)
REQUESTS = {
    None: (
        ("upsset.cgi", None, "soft_403", "upsset-no-configuration",
         "upsset.conf missing: 'Error: Can't open upsset.conf to verify security settings."
         " Refusing to start until this is fixed.'"),
    ),
    "# upsset.conf of the harvest: not secured\n": (
        ("upsset.cgi", None, "soft_403", "upsset-not-enabled",
         "upsset.conf without I_HAVE_SECURED_MY_CGI_DIRECTORY: 'Error: Secure mode has not"
         " been enabled in upsset.conf.'"),
    ),
    "I_HAVE_SECURED_MY_CGI_DIRECTORY\n": (
        ("upsstats.cgi", "", "ok", "overview", "upsstats' overview of the UPSes"),
        ("upsstats.cgi", "host={myups}", "ok", "ups", "the Eaton's page"),
        ("upsstats.cgi", "host={backup}", "ok", "ups-on-battery", "the APC's page (on battery)"),
        ("upsstats.cgi", "host={myups}&treemode", "ok", "ups-tree", "the Eaton's data tree"),
        ("upsstats.cgi", "host={nosuch}", "soft_404", "unknown-ups",
         "a UPS hosts.conf lists and upsd does not serve: '[error: Unknown UPS]'"),
        ("upsstats.cgi", "host={other}", "soft_403", "host-not-authorized",
         "a UPS hosts.conf does not list: 'Access to that host [...] is not authorized.'"),
        ("upsset.cgi", None, "soft_401", "upsset-login",
         "upsset's sign-in page ('upsset: Login', user name and password)"),
        ("upsset.cgi", {"username": "admin", "password": PASSWORD, "function": "pickups"},
         "ok", "upsset-pick", "signed in: the choice of UPS and function"),
        ("upsset.cgi", {"username": "admin", "password": PASSWORD, "function": "showsettings",
                        "monups": "{myups}"}, "ok", "upsset-settings", "the Eaton's settings"),
        ("upsset.cgi", {"username": "admin", "password": PASSWORD, "function": "showcmds",
                        "monups": "{myups}"}, "ok", "upsset-commands", "the Eaton's commands"),
        ("upsset.cgi", {"username": "admin", "password": PASSWORD, "function": "savesettings",
                        "monups": "{myups}", "UPSVAR_ups.load": "30"}, "ok", "upsset-saved",
         "a setting saved: 'set ups.load to 30 (was 23) OK Updated 1 setting.'"),
        ("upsset.cgi", {"username": "admin", "password": "wrong", "function": "savesettings",
                        "monups": "{myups}", "UPSVAR_ups.load": "40"}, "soft_403",
         "upsset-save-refused",
         "a setting saved with a wrong password: 'Unexpected response: ERR ACCESS-DENIED No"
         " settings changed.'"),
        ("upsset.cgi", {"username": "admin", "password": "wrong", "function": "docmd",
                        "monups": "{myups}", "upscommand": "load.off"}, "soft_403",
         "upsset-command-refused",
         "a command sent with a wrong password: 'Response: ERR ACCESS-DENIED'"),
        ("upsset.cgi", {"username": "admin", "password": PASSWORD, "function": "showsettings",
                        "monups": "{other}"}, "soft_403", "upsset-host-not-authorized",
         "the settings of a UPS hosts.conf does not list: 'upsset: Access denied ... Error:"
         " Access to that host is not authorized'"),
    ),
}  # fmt: skip


def harvest(work: Path) -> list[Page]:
    apt_install("nut-cgi", "nut-server", "apache2-bin")
    source = f"{deb_version('nut-cgi')}, {deb_version('nut-server')}, {deb_version('apache2-bin')}"
    shutil.rmtree(work, ignore_errors=True)
    port, upsd_port = cgi_ports.port(20), cgi_ports.port(21)
    names = {name: f"{name}@127.0.0.1:{upsd_port}" for name in (*UPSES, "nosuch", "other")}
    _configure(work, upsd_port)
    config = cgi_apache.write_config(work, port, APACHE)
    cgi_apache.open_to_www_data(work)
    (work / "etc" / "upsd.users").chmod(0o600)  # upsd's own, not the CGIs'
    # the drivers one after the other (started together, one may not find its section)
    drivers = " ".join(
        f"/lib/nut/dummy-ups -a {name} -u root -F >>{work}/driver-{name}.log 2>&1 &"
        f" while [ ! -S {work}/state/dummy-ups-{name} ]; do sleep 0.2; done;"
        for name in UPSES
    )
    script = (
        f"set -e; mount --bind {work}/etc /etc/nut; {drivers}"
        f" /lib/nut/upsd -u root -F >>{work}/upsd.log 2>&1 &"
        f" exec {' '.join(cgi_apache.command(config))}"
    )
    environment = {
        "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
        "NUT_CONFPATH": "/etc/nut",
        "NUT_STATEPATH": str(work / "state"),
    }
    found = Kept(GROUP, source)
    with running(["unshare", "-m", "sh", "-c", script], port, work / "apache.log",
                 env=environment):  # fmt: skip
        wait_for_port(upsd_port, 30)
        for name in UPSES:
            _wait_for_data(names[name], environment)
        base = f"http://127.0.0.1:{port}/cgi-bin/nut/"
        for setting, requests in REQUESTS.items():
            secure = work / "etc" / "upsset.conf"
            secure.unlink(missing_ok=True)
            if setting is not None:
                secure.write_text(setting)
                secure.chmod(0o644)
            for cgi, asked, label, name, note in requests:
                browser = session()
                if isinstance(asked, dict):
                    form = {key: value.format(**names) for key, value in asked.items()}
                    data = urllib.parse.urlencode(form).encode()
                    status, _, kind, body = get(browser, base + cgi, data)
                    shown = {**form, "password": "(wrong)" if form["password"] == "wrong"
                             else "(admin's)"}  # fmt: skip
                    how = f"POST /cgi-bin/nut/{cgi} {urllib.parse.urlencode(shown)}"
                else:
                    query = (asked or "").format(**names)
                    url = base + cgi + (f"?{query}" if query else "")
                    status, _, kind, body = get(browser, url)
                    how = f"GET /cgi-bin/nut/{cgi}" + (f"?{query}" if query else "")
                if status != 200:
                    raise RuntimeError(f"{how} answered {status}")
                found.keep(name, "en", body, status, kind, label, how, note)
    if found.left_out:
        raise RuntimeError(f"answers that are no page: {found.left_out}")
    return found.pages


def _wait_for_data(ups: str, environment: dict[str, str], timeout: float = 60) -> None:
    """Until upsd has the driver's data for `ups` (its status is WAIT before)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answer = subprocess.run(["upsc", ups, "ups.status"], capture_output=True, text=True,
                                env=environment, check=False)  # fmt: skip
        if answer.returncode == 0 and answer.stdout.strip() not in ("", "WAIT"):
            return
        time.sleep(0.5)
    raise RuntimeError(f"upsd has no data for {ups} after {timeout}s")


def _configure(work: Path, upsd_port: int) -> None:
    etc = work / "etc"
    etc.mkdir(parents=True)
    (work / "state").mkdir()
    for template in ("upsstats.html", "upsstats-single.html"):
        shutil.copy(Path("/etc/nut") / template, etc / template)
    (etc / "nut.conf").write_text("MODE=standalone\n")
    ups_conf = []
    for name, (description, make, model, status, charge) in UPSES.items():
        data = etc / f"{name}.dev"
        data.write_text(DATA.format(make=make, model=model, status=status, charge=charge))
        ups_conf.append(
            f'[{name}]\n\tdriver = dummy-ups\n\tport = {data}\n\tdesc = "{description}"\n'
        )
    (etc / "ups.conf").write_text("".join(ups_conf))
    (etc / "upsd.conf").write_text(f"LISTEN 127.0.0.1 {upsd_port}\n")
    (etc / "upsd.users").write_text(
        f"[admin]\n\tpassword = {PASSWORD}\n\tactions = SET\n\tinstcmds = ALL\n"
    )
    (etc / "hosts.conf").write_text(
        f'MONITOR myups@127.0.0.1:{upsd_port} "Office rack"\n'
        f'MONITOR backup@127.0.0.1:{upsd_port} "Server room"\n'
        f'MONITOR nosuch@127.0.0.1:{upsd_port} "Listed, not served"\n'
    )
