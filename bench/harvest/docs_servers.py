"""What the eighth fresh side's Debian documentation and archive harvests share (kiwix, dwww,
dhelp, approx): a range of ports of their own, 18600-18649, so that they never meet another
harvest's on a shared machine, and a lighttpd of our own (mod_cgi, as www-data, Debian's
documentation folders aliased as the packages' own configuration snippets do) on 127.0.0.1."""

from __future__ import annotations

import subprocess
from pathlib import Path

from bench.harvest.core import range_port

PORTS = range(18600, 18650)
LIGHTTPD = """server.modules = ("mod_indexfile", "mod_alias", "mod_cgi", "mod_dirlisting",
                  "mod_staticfile")
server.document-root = "/var/www/html"
server.bind = "127.0.0.1"
server.port = {port}
server.username = "www-data"
server.groupname = "www-data"
server.pid-file = "{work}/lighttpd.pid"
index-file.names = ("index.html")
include_shell "/usr/share/lighttpd/create-mime.conf.pl"
alias.url = ({aliases})
$HTTP["url"] =~ "^/cgi-bin/" {{ cgi.assign = ("" => "") }}
$HTTP["url"] =~ "^/doc/" {{ dir-listing.activate = "enable" }}
"""


def port(offset: int) -> int:
    """The port `offset` of this range, checked free."""
    return range_port(PORTS, offset)


def lighttpd(work: Path, port: int, aliases: dict[str, str]) -> list[str]:
    """The command that runs a lighttpd of ours on 127.0.0.1:`port` serving `aliases` (URL
    prefix -> folder), its configuration written in `work` (its errors go to its output)."""
    work.mkdir(parents=True, exist_ok=True)
    listed = ", ".join(f'"{prefix}" => "{folder}"' for prefix, folder in aliases.items())
    config = work / "lighttpd.conf"
    config.write_text(LIGHTTPD.format(work=work, port=port, aliases=listed))
    subprocess.run(["chmod", "a+rx", str(work)], check=True)
    return ["lighttpd", "-D", "-f", str(config)]
