"""Web servers' own pages: nginx and lighttpd (built-in error pages, welcome pages) and
Debian tomcat10 (its error reports, localised by Accept-Language), each run on 127.0.0.1."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

# path -> label; each server is configured so these answer 404, 410, 401 and 403
TRIGGERS = {
    "/no-such-page": "soft_404",
    "/gone-page": "soft_404",
    "/members/": "soft_401",
    "/private/": "soft_403",
}

NGINX = """
daemon off;
pid {work}/nginx.pid;
error_log {work}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {work}/tmp; proxy_temp_path {work}/tmp; fastcgi_temp_path {work}/tmp;
    uwsgi_temp_path {work}/tmp; scgi_temp_path {work}/tmp;
    server {{
        listen 127.0.0.1:{port};
        root {work}/htdocs;
        location = /gone-page {{ return 410; }}
        location /private/ {{ deny all; }}
        location /members/ {{ auth_basic "Members"; auth_basic_user_file {work}/htpasswd; }}
    }}
}}
"""


def nginx(work: Path) -> list[Page]:
    work.mkdir(parents=True, exist_ok=True)
    for folder in ("htdocs/private", "htdocs/members", "tmp"):
        (work / folder).mkdir(parents=True, exist_ok=True)
    (work / "htpasswd").write_text("someone:invalid\n")
    port = free_port()
    (work / "nginx.conf").write_text(NGINX.format(work=work, port=port))
    source = deb_version("nginx")
    pages = []
    command = ["nginx", "-c", str(work / "nginx.conf"), "-e", str(work / "error.log")]
    with running(command, port, work / "server.log"):
        for path, label in TRIGGERS.items():
            status, _, body = fetch(f"http://127.0.0.1:{port}{path}")
            name = path.strip("/").replace("/", "-")
            pages.append(
                Page(
                    f"{name}.html",
                    body,
                    source,
                    "nginx",
                    f"GET {path}",
                    "en",
                    label,
                    status,
                    "nginx built-in error page",
                )
            )
    welcome = Path("/usr/share/nginx/html/index.html")
    pages.append(
        Page(
            "welcome.html",
            welcome.read_bytes(),
            source,
            "nginx",
            f"file {welcome}",
            "en",
            "ok",
            200,
            "Welcome to nginx! (the default page)",
        )
    )
    debian = Path("/var/www/html/index.nginx-debian.html")
    if debian.exists():
        pages.append(
            Page(
                "welcome-debian.html",
                debian.read_bytes(),
                source,
                "nginx",
                f"file {debian}",
                "en",
                "ok",
                200,
                "Debian's nginx default page",
            )
        )
    return pages


LIGHTTPD = """
server.document-root = "{work}/htdocs"
server.bind = "127.0.0.1"
server.port = {port}
server.pid-file = "{work}/lighttpd.pid"
server.errorlog = "{work}/error.log"
server.modules = ("mod_access", "mod_auth", "mod_authn_file", "mod_redirect")
index-file.names = ("index.html")
$HTTP["url"] =~ "^/private/" {{ url.access-deny = ("") }}
auth.backend = "htpasswd"
auth.backend.htpasswd.userfile = "{work}/htpasswd"
auth.require = ("/members/" => ("method" => "basic", "realm" => "Members",
                                "require" => "valid-user"))
"""


def lighttpd(work: Path) -> list[Page]:
    apt_install("lighttpd")
    for folder in ("htdocs/private", "htdocs/members"):
        (work / folder).mkdir(parents=True, exist_ok=True)
    (work / "htdocs/private/index.html").write_text("secret")
    (work / "htdocs/members/index.html").write_text("secret")
    (work / "htpasswd").write_text("someone:invalid\n")
    port = free_port()
    (work / "lighttpd.conf").write_text(LIGHTTPD.format(work=work, port=port))
    source = deb_version("lighttpd")
    pages = []
    with running(["lighttpd", "-D", "-f", str(work / "lighttpd.conf")], port, work / "server.log"):
        for path, label in TRIGGERS.items():
            if path == "/gone-page":
                continue  # lighttpd has no "gone" without a handler of its own
            status, _, body = fetch(f"http://127.0.0.1:{port}{path}")
            name = path.strip("/").replace("/", "-")
            pages.append(
                Page(
                    f"{name}.html",
                    body,
                    source,
                    "lighttpd",
                    f"GET {path}",
                    "en",
                    label,
                    status,
                    "lighttpd built-in error page",
                )
            )
    placeholder = Path("/usr/share/lighttpd/index.html")
    pages.append(
        Page(
            "placeholder.html",
            placeholder.read_bytes(),
            source,
            "lighttpd",
            f"file {placeholder}",
            "en",
            "ok",
            200,
            "lighttpd's placeholder page",
        )
    )
    return pages


TOMCAT_HOME = Path("/usr/share/tomcat10")
TOMCAT_SERVER = """<?xml version="1.0" encoding="UTF-8"?>
<Server port="-1" shutdown="SHUTDOWN">
  <Service name="Catalina">
    <Connector port="{port}" address="127.0.0.1" protocol="HTTP/1.1" />
    <Engine name="Catalina" defaultHost="localhost">
      <Realm className="org.apache.catalina.realm.MemoryRealm" pathname="{base}/conf/users.xml"/>
      <Host name="localhost" appBase="webapps" unpackWARs="false" autoDeploy="false">
        <Valve className="org.apache.catalina.valves.ErrorReportValve" showServerInfo="true"/>
      </Host>
    </Engine>
  </Service>
</Server>
"""
TOMCAT_WEB = """<?xml version="1.0" encoding="UTF-8"?>
<web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
  <security-constraint>
    <web-resource-collection><web-resource-name>members</web-resource-name>
      <url-pattern>/members/*</url-pattern></web-resource-collection>
    <auth-constraint><role-name>member</role-name></auth-constraint>
  </security-constraint>
  <security-constraint>
    <web-resource-collection><web-resource-name>private</web-resource-name>
      <url-pattern>/private/*</url-pattern></web-resource-collection>
    <auth-constraint/>
  </security-constraint>
  <login-config><auth-method>BASIC</auth-method><realm-name>Members</realm-name></login-config>
  <security-role><role-name>member</role-name></security-role>
</web-app>
"""
TOMCAT_LANGUAGES = ("en", "es", "fr", "ja", "ru", "de", "cs", "ko", "pt-BR", "zh-CN")


def tomcat(work: Path) -> list[Page]:
    apt_install("tomcat10")
    base = work / "base"
    shutil.rmtree(base, ignore_errors=True)
    for folder in ("conf", "logs", "temp", "work", "webapps/ROOT/WEB-INF"):
        (base / folder).mkdir(parents=True, exist_ok=True)
    shutil.copy("/etc/tomcat10/web.xml", base / "conf/web.xml")
    shutil.copy("/etc/tomcat10/logging.properties", base / "conf/logging.properties")
    (base / "conf/users.xml").write_text(
        '<tomcat-users><user username="someone" password="invalid" roles="member"/></tomcat-users>'
    )
    (base / "webapps/ROOT/WEB-INF/web.xml").write_text(TOMCAT_WEB)
    (base / "webapps/ROOT/index.html").write_text("<p>home</p>")
    port = free_port()
    (base / "conf/server.xml").write_text(TOMCAT_SERVER.format(port=port, base=base))
    source = deb_version("tomcat10")
    environment = {
        "CATALINA_HOME": str(TOMCAT_HOME),
        "CATALINA_BASE": str(base),
        "PATH": "/usr/bin:/bin",
        "JAVA_OPTS": "-Xmx128m",
    }
    command = [str(TOMCAT_HOME / "bin/catalina.sh"), "run"]
    pages, seen = [], set()
    with running(command, port, work / "server.log", timeout=120, env=environment):
        for language in TOMCAT_LANGUAGES:
            for path, label in TRIGGERS.items():
                if path == "/gone-page":
                    continue
                status, _, body = fetch(f"http://127.0.0.1:{port}{path}", language)
                key = (path, body.replace(str(port).encode(), b""))
                if key in seen:
                    continue  # a language tomcat does not speak answers in English
                seen.add(key)
                name = path.strip("/").replace("/", "-")
                pages.append(
                    Page(
                        f"{name}.{language.lower()}.html",
                        body,
                        source,
                        "tomcat",
                        f"GET {path} Accept-Language: {language}",
                        language.lower(),
                        label,
                        status,
                        "Tomcat ErrorReportValve",
                    )
                )
    root = Path("/var/lib/tomcat10/webapps/ROOT/index.html")
    if root.exists():
        pages.append(
            Page(
                "welcome.html",
                root.read_bytes(),
                source,
                "tomcat",
                f"file {root}",
                "en",
                "ok",
                200,
                "Debian tomcat's default ROOT page",
            )
        )
    return pages


def java_version() -> str:
    return subprocess.run(["java", "-version"], capture_output=True, text=True).stderr
