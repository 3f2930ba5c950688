"""Bring up the software of six tune groups as their harvest modules do, and fetch the probes
a crawl would plan for each corpus row's URL shape (tests/fixtures/real_probes). Used by
`python bench/probe_answers.py --fetch GROUP,...`, which also judges what they answered."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from bench.harvest.core import MAX_PAGE_BYTES, running
from bench.real_accuracy import load_rows
from gatewatch.crawler.detectors import ProbePlanner

USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) gatewatch-harvest"
MAX_REDIRECTS = 10  # crawler.options: max_redirects


def virtual_base(group: str) -> str:
    """Rows and probes are planned and judged at one fixed host, whatever port served them."""
    return f"http://{group}.test"


def request_of(row: dict) -> tuple[str, str | None, bool]:
    """(path of the page the visitor landed on, Accept-Language, signed in?) from `obtained`."""
    obtained = row["obtained"]
    # after redirects: the page judged (a POST's page is judged at its URL, as if met there)
    path = re.findall(r"(?:GET|POST|redirected to) (/\S*)", obtained)[-1].rstrip(";,)")
    language = re.search(r"Accept-Language: ([^\s,;)]+)", obtained)
    return path, language.group(1) if language else None, "signed in as" in obtained


def first_request(row: dict) -> str | None:
    """The URL first asked for, when the page judged is where it redirected (else None)."""
    paths = re.findall(r"(?:GET|POST|redirected to) (/\S*)", row["obtained"])
    first = paths[0].rstrip(";,)")
    return first if len(paths) > 1 and first != request_of(row)[0] else None


# -- fetching ------------------------------------------------------------------------------


class _Stay(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *arguments, **keywords):
        return None  # every hop is seen, as the crawler sees it


OPENER = urllib.request.build_opener(_Stay)


def get(url: str, headers: dict[str, str]) -> tuple[int | None, dict, bytes]:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **headers})
    try:
        with OPENER.open(request, timeout=30) as response:
            return response.status, dict(response.headers.items()), response.read(2 << 20)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers.items()), error.read(2 << 20)
    except (urllib.error.URLError, OSError):
        return None, {}, b""


def follow(url: str, headers: dict[str, str]) -> dict:
    """A probe as crawler.probe_pages fetches it: internal redirects followed."""
    first = None
    for _ in range(MAX_REDIRECTS + 1):
        status, answer, body = get(url, headers)
        first = status if first is None else first
        location = {k.lower(): v for k, v in answer.items()}.get("location")
        if status is not None and 300 <= status < 400 and location:
            target = urllib.parse.urljoin(url, location)
            if urllib.parse.urlsplit(target).netloc == urllib.parse.urlsplit(url).netloc:
                url = target
                continue
        content_type = {k.lower(): v for k, v in answer.items()}.get("content-type", "")
        return {"status": first, "final_url": url, "final_status": status,
                "content_type": content_type, "body": body}  # fmt: skip
    return {"status": first, "final_url": url, "final_status": status, "content_type": "",
            "body": b""}  # fmt: skip


def default_context(row: dict) -> str:
    """One crawl: the row's Accept-Language, signed in or not."""
    _, language, signed_in = request_of(row)
    return f"{language or '-'}|{'signed-in' if signed_in else 'anonymous'}"


def default_pages(row: dict) -> tuple[str, str | None]:
    """(path of the page judged, the first URL asked for when it redirected there)."""
    return request_of(row)[0], first_request(row)


def probe_group(
    group: str,
    base: str,
    headers_for: Callable[[dict], dict],
    out: Path,
    rows: list[dict] | None = None,
    context_of: Callable[[dict], str] = default_context,
    pages_of: Callable[[dict], tuple[str, str | None]] = default_pages,
) -> dict:
    """Fetch every probe a crawl would plan for the rows (default: the group's, in labels.csv
    order) and save the answers. One ProbePlanner per crawl, `context_of(row)` (a language
    and a user: another language is another crawl), as ProbePlanner plans them in a crawl.
    `headers_for(row)` is called only for a row that plans probes (it may switch a setting
    of the software)."""
    vbase = virtual_base(group)
    if rows is None:
        rows = [row for row in load_rows() if row["source_group"] == group]
    planners: dict[str, ProbePlanner] = {}
    index: dict = {"group": group, "contexts": {}, "rows": {}}
    out.mkdir(parents=True, exist_ok=True)
    for row in rows:
        context = context_of(row)
        planner = planners.setdefault(
            context, ProbePlanner(chooser=random.Random(f"{group}|{context}"))
        )
        shapes = index["contexts"].setdefault(context, {"shapes": {}, "sources": {}})
        path, first = pages_of(row)
        url = vbase + path
        planned = planner.plan(vbase + first, redirect=True) if first else []
        planned += planner.plan(url)
        headers = headers_for(row) if planned else {}
        for shape, kind, probe_url in planned:
            shapes["sources"].setdefault(shape, url)
            answer = follow(base + probe_url.removeprefix(vbase), headers)
            body = answer.pop("body")
            name = hashlib.sha1(body).hexdigest()[:16] + ".html"
            if len(body) <= MAX_PAGE_BYTES:
                (out / name).write_bytes(body)
            else:
                name = ""  # too large to keep (none was, see the docstring)
            answer["final_url"] = vbase + answer["final_url"].removeprefix(base)
            shapes["shapes"].setdefault(shape, []).append(
                {"kind": kind, "url": probe_url, **answer, "file": name, "bytes": len(body)}
            )
        index["rows"][row["file"]] = {"context": context, "url": url}
        if first:
            index["rows"][row["file"]]["first"] = vbase + first
    (out / "index.json").write_text(json.dumps(index, indent=1, ensure_ascii=False) + "\n")
    return index


def summary(index: dict) -> dict:
    """What a fetch saved: rows, crawls, shapes, probe requests, their statuses (no verdict)."""
    answers = [a for known in index["contexts"].values() for s in known["shapes"].values()
               for a in s]  # fmt: skip
    return {
        "rows": len(index["rows"]),
        "contexts": len(index["contexts"]),
        "shapes": sum(len(known["shapes"]) for known in index["contexts"].values()),
        "requests": len(answers),
        "random_status": dict(Counter(str(a["status"]) for a in answers if a["kind"] == "random")),
        "first_status": dict(Counter(str(a["status"]) for a in answers).most_common()),
        "final_status": dict(Counter(str(a["final_status"]) for a in answers).most_common()),
    }


# -- the software, brought up as its harvest module does ------------------------------------


@contextlib.contextmanager
def trac_server(work: Path, port: int) -> Iterator[tuple[str, Callable[[dict], dict]]]:
    from bench.harvest import pyenv

    python = pyenv.python("trac", "babel")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    environment = work / "projects"
    subprocess.run(
        [str(python.parent / "trac-admin"), str(environment), "initenv", "Projects",
         "sqlite:db/trac.db"],
        check=True, capture_output=True,
    )  # fmt: skip
    command = [str(python.parent / "tracd"), "-s", "-b", "127.0.0.1", "-p", str(port)]
    with running([*command, str(environment)], port, work / "server.log"):
        yield f"http://127.0.0.1:{port}", _language_only


@contextlib.contextmanager
def hgweb_server(work: Path, port: int) -> Iterator[tuple[str, Callable[[dict], dict]]]:
    from bench.harvest import hgweb

    shutil.rmtree(work, ignore_errors=True)
    for name in ("licences", "private"):
        hgweb._repository(work / "repositories" / name)
    (work / "repositories" / "private" / ".hg" / "hgrc").write_text("[web]\nallow_read = alice\n")
    (work / "hgweb.conf").write_text(f"[paths]\n/ = {work / 'repositories'}/*\n")
    command = ["hg", "serve", "--web-conf", str(work / "hgweb.conf"), "-a", "127.0.0.1"]
    environment = dict(os.environ, HGRCPATH="", HGPLAIN="1")
    with running([*command, "-p", str(port)], port, work / "server.log", env=environment):
        yield f"http://127.0.0.1:{port}", _language_only


@contextlib.contextmanager
def fossil_server(work: Path, port: int) -> Iterator[tuple[str, Callable[[dict], dict]]]:
    from bench.harvest import fossil

    shutil.rmtree(work, ignore_errors=True)
    repository = fossil._repository(work)
    command = ["fossil", "server", "--localhost", "--port", str(port), str(repository)]
    with running(command, port, work / "server.log", env=fossil._environment(work)):
        yield f"http://127.0.0.1:{port}", _language_only


@contextlib.contextmanager
def wiki_server(work: Path, port: int) -> Iterator[tuple[str, Callable[[dict], dict]]]:
    from bench.harvest import djangowiki_site as wiki
    from bench.harvest import pyenv

    python = pyenv.python("wiki", home=wiki.HOME)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    (work / "harvest_settings.py").write_text(wiki.SETTINGS % {"languages": wiki.LANGUAGES})
    (work / "harvest_urls.py").write_text(wiki.URLS)
    environment = dict(os.environ, DJANGO_SETTINGS_MODULE="harvest_settings", PYTHONPATH=str(work))
    admin = [str(python), "-m", "django"]
    run = {"env": environment, "cwd": work, "check": True, "capture_output": True, "text": True}
    subprocess.run([*admin, "migrate", "--noinput"], **run)
    made = subprocess.run([*admin, "shell", "-c", wiki.CONTENT], **run).stdout
    session = re.search(r"SESSION (\w+)", made).group(1)

    def headers_for(row: dict) -> dict:
        headers = _language_only(row)
        if request_of(row)[2]:
            headers["Cookie"] = f"sessionid={session}"
        return headers

    command = [*admin, "runserver", "--noreload", "--nothreading", f"127.0.0.1:{port}"]
    with running(command, port, work / "server.log", env=environment, cwd=work):
        yield f"http://127.0.0.1:{port}", headers_for


@contextlib.contextmanager
def phpldapadmin_server(work: Path, port: int) -> Iterator[tuple[str, Callable[[dict], dict]]]:
    """As bench.harvest.phpldapadmin_site: slapd and PHP's built-in server; the administrator
    signed in once per language (its session cookie sent with the probes of signed-in rows)."""
    from bench.harvest import phpldapadmin_site as pla

    shutil.rmtree(work, ignore_errors=True)
    (work / "ldap").mkdir(parents=True)
    (work / "sessions").mkdir()
    locales = pla._build_locales(work)
    hashed = subprocess.run(
        ["slappasswd", "-s", pla.PASSWORD], capture_output=True, text=True, check=True
    ).stdout.strip()
    (work / "slapd.conf").write_text(
        pla.SLAPD_CONF.format(work=work, admin=pla.ADMIN_DN, password=hashed)
    )
    ldap_port = port + 50
    application = work / "phpldapadmin"
    subprocess.run(["cp", "-rL", "/usr/share/phpldapadmin", str(application)], check=True)
    (application / "config" / "config.php").unlink()
    (application / "config" / "config.php").write_text(
        pla.CONFIG.replace("{port}", str(ldap_port)).replace("{admin}", pla.ADMIN_DN)
    )
    slapd = ["slapd", "-d", "0", "-h", f"ldap://127.0.0.1:{ldap_port}/"]
    slapd += ["-f", str(work / "slapd.conf")]
    php = ["php", "-d", f"session.save_path={work / 'sessions'}", "-S", f"127.0.0.1:{port}"]
    php += ["-t", str(application / "htdocs")]
    with running(slapd, ldap_port, work / "slapd.log", cwd=work):
        subprocess.run(
            ["ldapadd", "-x", "-H", f"ldap://127.0.0.1:{ldap_port}", "-D", pla.ADMIN_DN,
             "-w", pla.PASSWORD],
            input=pla.TREE.encode(), check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        environment = {"LOCPATH": str(locales), "PATH": "/usr/bin:/bin"}
        with running(php, port, work / "php.log", cwd=work, env=environment):
            base = f"http://127.0.0.1:{port}"
            cookies: dict[str, str] = {}

            def headers_for(row: dict) -> dict:
                headers = _language_only(row)
                if not request_of(row)[2]:
                    return headers
                language = headers["Accept-Language"]
                if language not in cookies:
                    opener = pla._sign_in(base, language, pla.PASSWORD)[0]
                    jar = next(h.cookiejar for h in opener.handlers if hasattr(h, "cookiejar"))
                    cookies[language] = "; ".join(f"{c.name}={c.value}" for c in jar)
                return {**headers, "Cookie": cookies[language]}

            yield base, headers_for


@contextlib.contextmanager
def ejabberd_server(work: Path, port: int) -> Iterator[tuple[str, Callable[[dict], dict]]]:
    """As bench.harvest.ejabberd_admin: a node of our own; admin by HTTP basic auth."""
    import base64
    import tempfile

    from bench.harvest import ejabberd_admin as ej

    home = Path(tempfile.mkdtemp(prefix="gatewatch-probes-ejabberd-"))
    home.chmod(0o755)
    work.mkdir(parents=True, exist_ok=True)
    node = f"gatewatch-probes-{port}@localhost"
    for folder in ("spool", "logs"):
        (home / folder).mkdir()
    (home / "ejabberd.yml").write_text(ej.CONFIG.format(port=port))
    (home / "ejabberdctl.cfg").write_text(
        f"EJABBERD_PID_PATH={home}/ejabberd.pid\nERLANG_NODE={node}\n"
    )
    subprocess.run(["chown", "-R", "ejabberd", str(home)], check=True)
    control = [
        *("ejabberdctl", "--config", str(home / "ejabberd.yml")),
        *("--ctl-config", str(home / "ejabberdctl.cfg")),
        *("--spool", str(home / "spool"), "--logs", str(home / "logs"), "--node", node),
    ]
    credentials = base64.b64encode(f"admin@localhost:{ej.ADMIN_PASSWORD}".encode()).decode()

    def headers_for(row: dict) -> dict:
        headers = _language_only(row)
        if request_of(row)[2]:
            headers["Authorization"] = f"Basic {credentials}"
        return headers

    try:
        with running([*control, "foreground"], port, work / "ejabberd.log", timeout=120):
            try:
                for user, password in (("admin", ej.ADMIN_PASSWORD), ("bob", "harvest-bob-42")):
                    subprocess.run([*control, "register", user, "localhost", password],
                                   check=True, stdout=subprocess.DEVNULL)  # fmt: skip
                yield f"http://127.0.0.1:{port}", headers_for
            finally:
                subprocess.run([*control, "stop"], check=False, capture_output=True, timeout=120)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _language_only(row: dict) -> dict:
    language = request_of(row)[1]
    return {"Accept-Language": language} if language else {}


SERVERS = {
    "trac": trac_server,
    "hgweb": hgweb_server,
    "fossil": fossil_server,
    "wiki": wiki_server,
    "phpldapadmin": phpldapadmin_server,
    "ejabberd": ejabberd_server,
}
PORTS = {"trac": 18401, "hgweb": 18402, "fossil": 18403, "wiki": 18404, "phpldapadmin": 18406,
         "ejabberd": 18407}  # fmt: skip
