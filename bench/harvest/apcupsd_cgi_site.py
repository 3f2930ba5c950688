"""Debian apcupsd-cgi (apcupsd 3.14.14's CGI pages) under an apache2 of our own (mod_cgi) on
127.0.0.1: multimon.cgi, upsstats.cgi and upsfstats.cgi, reading two apcupsd daemons of ours
(Debian's apcupsd, network information server on 127.0.0.1, ports of our range). Each
apcupsd runs its net driver, the one apcupsd uses for a UPS another apcupsd serves: its
"remote apcupsd" is a small network information server of ours in the harvest's process that
answers "status" with a UPS's record (a Smart-UPS 1500 on line, a Smart-UPS 3000 on
battery; apcupsd's net driver takes the state from STATFLAG), as apcupsd's net driver reads
it; what the CGIs show is the daemons' own status.
The CGIs read /etc/apcupsd/hosts.conf and multimon.conf whatever the environment says: the
daemons and apache2 run in a mount namespace of their own (`unshare -m`) where a folder of
ours is bind-mounted on /etc/apcupsd, so nothing of the machine's /etc/apcupsd is read or
changed.

Pages: "Access to host ... is not authorized." from upsstats.cgi and upsfstats.cgi for a host
hosts.conf does not list (soft_403); for a host hosts.conf lists whose name does not resolve
(nosuch.invalid), upsstats' and upsfstats' pages that say only "Unable to communicate with
the UPS on nosuch.invalid." (soft_404: the host asked for does not exist; the CGIs say the
same of any host they cannot reach); healthy pages: multimon's overview of the UPSes (also
with the unknown host's row, "Not available: upsfetch: tcp_open failed for nosuch.invalid"),
each UPS's upsstats page (its bar graphs: images), in degrees Celsius and Fahrenheit, each
UPS's full status (upsfstats) (ok). All served with 200. apcupsd's CGIs
are not translated: English only.

Left out: upsimage.cgi (PNG images only); a listed host where nothing answers (the CGIs'
connection error: neither a missing page nor a refusal); multimon without hosts.conf ("Error:
Cannot open hosts file", a configuration error)."""

from __future__ import annotations

import contextlib
import shutil
import socket
import socketserver
import struct
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from bench.harvest import cgi_apache
from bench.harvest.core import Page, apt_install, deb_version, range_port, running
from bench.harvest.kept_pages import Kept, get, session

GROUP = "apcupsd-cgi"
PORTS = range(18700, 18750)  # this harvester's range (the machine is shared)
# name -> (the description hosts.conf gives, model, status, charge, minutes left, load)
UPSES = {
    "office": ("Office rack", "Smart-UPS 1500", "ONLINE", "100.0", "41.0", "23.0"),
    "server": ("Server room", "Smart-UPS 3000", "ONBATT", "64.0", "12.5", "47.0"),
}
RECORD = """APC      : 001,036,0870
DATE     : {date}
HOSTNAME : {name}-ups-host
VERSION  : 3.14.14 (31 May 2016) debian
UPSNAME  : {name}
CABLE    : Custom Cable Smart
DRIVER   : APC Smart UPS (any)
UPSMODE  : Stand Alone
STARTTIME: 2026-12-07 06:00:00 +0000
MODEL    : {model}
STATUS   : {status}
LINEV    : {linev} Volts
LOADPCT  : {load} Percent
BCHARGE  : {charge} Percent
TIMELEFT : {minutes} Minutes
MBATTCHG : 5 Percent
MINTIMEL : 3 Minutes
MAXTIME  : 0 Seconds
MAXLINEV : 235.2 Volts
MINLINEV : 226.8 Volts
OUTPUTV  : 230.4 Volts
SENSE    : High
DWAKE    : 0 Seconds
DSHUTD   : 180 Seconds
LOTRANS  : 208.0 Volts
HITRANS  : 253.0 Volts
RETPCT   : 15.0 Percent
ITEMP    : 31.5 C
ALARMDEL : 30 Seconds
BATTV    : 27.1 Volts
LINEFREQ : 50.0 Hz
LASTXFER : {transfer}
NUMXFERS : 1
XONBATT  : 2026-12-07 21:14:05 +0000
TONBATT  : {onbatt} Seconds
CUMONBATT: 95 Seconds
XOFFBATT : N/A
SELFTEST : NO
STESTI   : 14 days
STATFLAG : {flags}
MANDATE  : 2019-03-14
SERIALNO : AS1911{serial}
BATTDATE : 2023-06-01
NOMOUTV  : 230 Volts
NOMBATTV : 24.0 Volts
FIRMWARE : 653.18.I USB FW:7.4
END APC  : {date}
"""
APACHE = """ScriptAlias /cgi-bin/apcupsd/ /usr/lib/cgi-bin/apcupsd/
<Directory /usr/lib/cgi-bin/apcupsd>
    Require all granted
</Directory>
"""
DAEMON = """UPSNAME {name}
UPSCABLE ether
UPSTYPE net
DEVICE 127.0.0.1:{remote}
POLLTIME 5
LOCKFILE {work}/lock-{name}
SCRIPTDIR {work}/scripts
PWRFAILDIR {work}/scripts
NOLOGINDIR {work}/scripts
ONBATTERYDELAY 6
BATTERYLEVEL 1
MINUTES 1
TIMEOUT 0
NETSERVER on
NISIP 127.0.0.1
NISPORT {port}
EVENTSFILE {work}/events-{name}
STATFILE {work}/status-{name}
UPSCLASS standalone
UPSMODE disable
"""
# whether hosts.conf lists a name that does not resolve -> the requests then: (cgi, the host
# asked, label, name, note); {office} and {server}: the daemons' host:port
REQUESTS = {
    False: (
    ("multimon.cgi", None, "ok", "multimon", "multimon's overview of the UPSes hosts.conf lists"),
    ("upsstats.cgi", "{office}", "ok", "upsstats", "the office UPS (on line)"),
    ("upsstats.cgi", "{server}", "ok", "upsstats-on-battery", "the server room UPS (on battery)"),
    ("upsstats.cgi", "{office}&temp=F", "ok", "upsstats-fahrenheit",
     "the office UPS, temperatures in degrees Fahrenheit"),
    ("upsfstats.cgi", "{office}", "ok", "upsfstats", "the office UPS's full status"),
    ("upsfstats.cgi", "{server}", "ok", "upsfstats-on-battery",
     "the server room UPS's full status (on battery)"),
    ("upsstats.cgi", "192.0.2.40:3551", "soft_403", "upsstats-not-authorized",
     "a host hosts.conf does not list: 'Access to host 192.0.2.40:3551 is not authorized.'"),
    ("upsfstats.cgi", "192.0.2.40:3551", "soft_403", "upsfstats-not-authorized",
     "upsfstats for a host hosts.conf does not list: 'Access to host ... is not authorized.'"),
    ),
    True: (
    ("upsstats.cgi", "nosuch.invalid", "soft_404", "upsstats-unknown-host",
     "a host hosts.conf lists whose name does not resolve: the page with the connection"
     " error where the UPS's data should be"),
    ("upsfstats.cgi", "nosuch.invalid", "soft_404", "upsfstats-unknown-host",
     "upsfstats for a host hosts.conf lists whose name does not resolve"),
    ("multimon.cgi", None, "ok", "multimon-with-unknown-host",
     "multimon's overview, hosts.conf listing a name that does not resolve (its row: 'Not"
     " available')"),
    ),
}  # fmt: skip


def harvest(work: Path) -> list[Page]:
    apt_install("apcupsd", "apcupsd-cgi", "apache2-bin")
    source = f"{deb_version('apcupsd-cgi')}, {deb_version('apcupsd')}, {deb_version('apache2-bin')}"
    shutil.rmtree(work, ignore_errors=True)
    (work / "etc").mkdir(parents=True)
    (work / "scripts").mkdir()
    port = range_port(PORTS, 10)
    daemons = {name: range_port(PORTS, 11 + offset) for offset, name in enumerate(UPSES)}
    remotes = {name: range_port(PORTS, 13 + offset) for offset, name in enumerate(UPSES)}
    hosts = {name: f"127.0.0.1:{number}" for name, number in daemons.items()}
    shutil.copy("/etc/apcupsd/apcupsd.css", work / "etc" / "apcupsd.css")
    shutil.copy("/etc/apcupsd/multimon.conf", work / "etc" / "multimon.conf")
    _write_hosts(work, hosts, unknown=False)
    for name in UPSES:
        config = DAEMON.format(name=name, remote=remotes[name], work=work, port=daemons[name])
        (work / "etc" / f"apcupsd-{name}.conf").write_text(config)
    config = cgi_apache.write_config(work, port, APACHE)
    cgi_apache.open_to_www_data(work)
    starts = " ".join(
        f"apcupsd -b -f /etc/apcupsd/apcupsd-{name}.conf -P {work}/apcupsd-{name}.pid"
        f" >>{work}/apcupsd-{name}.log 2>&1 &"
        for name in UPSES
    )
    script = (
        f"set -e; mount --bind {work}/etc /etc/apcupsd; {starts}"
        f" exec {' '.join(cgi_apache.command(config))}"
    )
    found = Kept(GROUP, source)
    with contextlib.ExitStack() as stack:
        for name, number in remotes.items():
            stack.enter_context(_remote_apcupsd(number, name))
        stack.enter_context(running(["unshare", "-m", "sh", "-c", script], port,
                                    work / "apache.log"))  # fmt: skip
        for name, number in daemons.items():
            _wait_for_status(number, UPSES[name][2])
        base = f"http://127.0.0.1:{port}/cgi-bin/apcupsd/"
        for unknown, requests in REQUESTS.items():
            _write_hosts(work, hosts, unknown)
            for cgi, host, label, name, note in requests:
                query = f"?host={host.format(**hosts)}" if host else ""
                status, _, kind, body = get(session(), base + cgi + query)
                if status != 200:
                    raise RuntimeError(f"GET {cgi}{query} answered {status}")
                how = f"GET /cgi-bin/apcupsd/{cgi}{query} (no sign-in in apcupsd's CGIs)"
                found.keep(name, "en", body, status, kind, label, how, note)
    if found.left_out:
        raise RuntimeError(f"answers that are no page: {found.left_out}")
    return found.pages


def _write_hosts(work: Path, hosts: dict[str, str], unknown: bool) -> None:
    lines = [f'MONITOR {hosts[name]} "{UPSES[name][0]}"\n' for name in UPSES]
    if unknown:
        lines.append('MONITOR nosuch.invalid "Listed, no such host"\n')
    path = work / "etc" / "hosts.conf"
    path.write_text("".join(lines))
    path.chmod(0o644)


@contextlib.contextmanager
def _remote_apcupsd(number: int, name: str) -> Iterator[None]:
    """A network information server on 127.0.0.1:`number` answering "status" with the record
    of UPS `name`, as a remote apcupsd would."""
    _, model, status, charge, minutes, load = UPSES[name]
    on_battery = status == "ONBATT"

    class Answer(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            while True:
                asked = _read_record(self.request)
                if asked is None:
                    return
                lines = []
                if asked == b"status":
                    date = time.strftime("%Y-%m-%d %H:%M:%S +0000", time.gmtime())
                    record = RECORD.format(
                        date=date, name=name, model=model, status=status, charge=charge,
                        minutes=minutes, load=load,
                        linev="0.0" if on_battery else "230.4",
                        transfer="Low line voltage" if on_battery else "Automatic or self test",
                        flags="0x05000010" if on_battery else "0x05000008",
                        onbatt="95" if on_battery else "0",
                        serial=f"{number % 100:02d}",
                    )  # fmt: skip
                    lines = record.splitlines(keepends=True)
                for line in lines:
                    self.request.sendall(struct.pack(">H", len(line)) + line.encode())
                self.request.sendall(struct.pack(">H", 0))

    server = socketserver.ThreadingTCPServer(("127.0.0.1", number), Answer)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()


def _read_record(connection: socket.socket) -> bytes | None:
    head = _read_exactly(connection, 2)
    if head is None:
        return None
    (length,) = struct.unpack(">H", head)
    return _read_exactly(connection, length) if length else b""


def _read_exactly(connection: socket.socket, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        chunk = connection.recv(size - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def _wait_for_status(number: int, status: str, timeout: float = 60) -> None:
    """Until the apcupsd on `number` reports the remote UPS's status (COMMLOST before)."""
    deadline = time.monotonic() + timeout
    seen = b""
    while time.monotonic() < deadline:
        with (
            contextlib.suppress(OSError),
            socket.create_connection(("127.0.0.1", number), 5) as connection,
        ):
            connection.sendall(struct.pack(">H", 6) + b"status")
            lines = []
            while (line := _read_record(connection)) not in (None, b""):
                lines.append(line)
            seen = b"".join(lines)
            if f"STATUS   : {status}".encode() in seen:
                return
        time.sleep(1)
    raise RuntimeError(f"apcupsd on {number} has no {status} after {timeout}s: {seen[-400:]!r}")
