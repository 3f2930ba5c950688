"""Debian Jetty 9, a jetty.base made here (http, deploy, security, webapp) on 127.0.0.1 with
one web application: a directory of files (the DefaultServlet's listings), a path behind BASIC
authentication and a path no role may see (web.xml security constraints); Debian's default
root as a second context. Jetty's own pages: the listings and the welcome page (healthy), its
error pages for 404 (in the application, and "no context" outside any), 401 and 403."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

GROUP = "jetty"
HOME = Path("/usr/share/jetty9")
WEB_XML = """<?xml version="1.0" encoding="UTF-8"?>
<web-app xmlns="http://xmlns.jcp.org/xml/ns/javaee" version="3.1">
  <servlet>
    <servlet-name>default</servlet-name>
    <servlet-class>org.eclipse.jetty.servlet.DefaultServlet</servlet-class>
    <init-param><param-name>dirAllowed</param-name><param-value>true</param-value></init-param>
  </servlet>
  <security-constraint>
    <web-resource-collection>
      <web-resource-name>members</web-resource-name><url-pattern>/members/*</url-pattern>
    </web-resource-collection>
    <auth-constraint><role-name>member</role-name></auth-constraint>
  </security-constraint>
  <security-constraint>
    <web-resource-collection>
      <web-resource-name>private</web-resource-name><url-pattern>/private/*</url-pattern>
    </web-resource-collection>
    <auth-constraint/>
  </security-constraint>
  <login-config><auth-method>BASIC</auth-method><realm-name>Members</realm-name></login-config>
  <security-role><role-name>member</role-name></security-role>
</web-app>
"""
CONTEXT = """<?xml version="1.0"?>
<!DOCTYPE Configure PUBLIC "-//Jetty//Configure//EN"
  "https://www.eclipse.org/jetty/configure_9_3.dtd">
<Configure class="org.eclipse.jetty.webapp.WebAppContext">
  <Set name="contextPath">{path}</Set>
  <Set name="war">{war}</Set>
  <Get name="securityHandler">
    <Set name="loginService">
      <New class="org.eclipse.jetty.security.HashLoginService">
        <Set name="name">Members</Set>
        <Set name="config">{realm}</Set>
      </New>
    </Set>
  </Get>
</Configure>
"""
# path -> (label, name, note)
REQUESTS = {
    "/files/": ("ok", "listing", "a directory listing"),
    "/files/licences/": ("ok", "listing-licences", "a directory listing (licence texts)"),
    "/welcome/": ("ok", "welcome", "Debian's default root page for Jetty"),
    "/files/no-such-page": ("soft_404", "not-found", "404 in the application"),
    "/": ("soft_404", "no-context", "404: no context at / (DefaultHandler, lists the contexts)"),
    "/files/members/": ("soft_401", "unauthorized", "401: BASIC authentication required"),
    "/files/private/": ("soft_403", "forbidden", "403: an empty auth-constraint"),
}


def harvest(work: Path) -> list[Page]:
    apt_install("jetty9")
    source = deb_version("jetty9")
    shutil.rmtree(work, ignore_errors=True)
    files = work / "webapps" / "files"
    (files / "WEB-INF").mkdir(parents=True)
    (files / "WEB-INF" / "web.xml").write_text(WEB_XML)
    (files / "licences").mkdir()
    for name in ("Apache-2.0", "BSD", "GPL-3"):
        shutil.copy(Path("/usr/share/common-licenses") / name, files / "licences" / name)
    (files / "members").mkdir()
    (files / "private").mkdir()
    (files / "README.txt").write_text("Licence texts as Debian ships them.\n")
    (work / "realm.properties").write_text("someone: not-a-real-password,member\n")
    for path, war in (("/files", files), ("/welcome", HOME / "default-root")):
        (work / "webapps" / f"{path.strip('/')}.xml").write_text(
            CONTEXT.format(path=path, war=war, realm=work / "realm.properties")
        )
    start = ["java", "-jar", str(HOME / "start.jar"), f"jetty.home={HOME}", f"jetty.base={work}"]
    modules = "--add-to-start=http,deploy,security,servlet,webapp"
    subprocess.run([*start, "--create-startd", modules], check=True, capture_output=True)
    port = free_port()
    command = [*start, f"jetty.http.port={port}", "jetty.http.host=127.0.0.1"]
    pages = []
    with running(command, port, work / "server.log", timeout=120):
        for path, (label, name, note) in REQUESTS.items():
            status, headers, body = fetch(f"http://127.0.0.1:{port}{path}")
            if "html" not in headers.get("content-type", ""):
                continue
            pages.append(
                Page(f"{name}.html", body, source, GROUP, f"GET {path}", "en", label, status, note)
            )
    return pages
