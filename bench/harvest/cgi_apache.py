"""What the sixth fresh side's CGI harvests share: a port in the harvest's own range, an
apache2 of our own (mod_cgi, Basic authentication from a password file made here) on
127.0.0.1, and the header that signs a request in."""

from __future__ import annotations

import base64
import hashlib
import subprocess
from pathlib import Path

from bench.harvest.core import range_port

# the ports these harvests may use (the machine is shared: each harvester has a range)
PORTS = range(18400, 18500)
MODULES = Path("/usr/lib/apache2/modules")
HEADER = """ServerRoot {work}
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile {work}/apache2.pid
ErrorLog {work}/error.log
User www-data
Group www-data
LoadModule mpm_prefork_module {modules}/mod_mpm_prefork.so
LoadModule authz_core_module {modules}/mod_authz_core.so
LoadModule authz_user_module {modules}/mod_authz_user.so
LoadModule authz_host_module {modules}/mod_authz_host.so
LoadModule authn_core_module {modules}/mod_authn_core.so
LoadModule authn_file_module {modules}/mod_authn_file.so
LoadModule auth_basic_module {modules}/mod_auth_basic.so
LoadModule mime_module {modules}/mod_mime.so
LoadModule alias_module {modules}/mod_alias.so
LoadModule cgi_module {modules}/mod_cgi.so
LoadModule dir_module {modules}/mod_dir.so
LoadModule env_module {modules}/mod_env.so
TypesConfig /etc/mime.types
"""


def port(offset: int) -> int:
    """The port `offset` of this harvest's range, checked free."""
    return range_port(PORTS, offset)


def write_config(work: Path, port: int, sites: str) -> Path:
    """apache2.conf in `work`: the common part, then `sites` (aliases and directories)."""
    config = work / "apache2.conf"
    config.write_text(HEADER.format(work=work, port=port, modules=MODULES) + sites)
    return config


def command(config: Path) -> list[str]:
    return ["/usr/sbin/apache2", "-f", str(config), "-DFOREGROUND"]


def write_passwords(path: Path, users: dict[str, str]) -> None:
    """An htpasswd file ({SHA} hashes) of `users` (name -> password)."""
    path.write_text(
        "".join(
            f"{name}:{{SHA}}{base64.b64encode(hashlib.sha1(password.encode()).digest()).decode()}\n"
            for name, password in users.items()
        )
    )


def signed_in(user: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def open_to_www_data(work: Path) -> None:
    """www-data runs the CGIs: it must read the work folder and pass through its parents."""
    subprocess.run(["chmod", "-R", "a+rX", str(work)], check=True)
    parents = [str(parent) for parent in work.parents if str(parent) not in ("/", "/tmp")]
    if parents:
        subprocess.run(["chmod", "a+rx", *parents], check=True)
