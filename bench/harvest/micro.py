"""Python web frameworks' default error pages, each framework run on 127.0.0.1 from the
harvest's own environment (PyPI): an unknown URL (404), and views that end in the
framework's own 410, 401 and 403 answers; plus the framework's own healthy pages where it
has some (Twisted's directory listing)."""

from __future__ import annotations

from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page, fetch, free_port, running

TRIGGERS = {
    "/no-such-page": "soft_404",
    "/gone-page": "soft_404",
    "/members/": "soft_401",
    "/private/": "soft_403",
}

FLASK = """
import sys
from flask import Flask, abort
app = Flask(__name__)
@app.route("/gone-page")
def gone(): abort(410)
@app.route("/members/")
def members(): abort(401)
@app.route("/private/")
def private(): abort(403)
app.run("127.0.0.1", int(sys.argv[1]))
"""
BOTTLE = """
import sys
from bottle import abort, route, run
@route("/gone-page")
def gone(): abort(410, "Gone")
@route("/members/")
def members(): abort(401, "Unauthorized")
@route("/private/")
def private(): abort(403, "Forbidden")
run(host="127.0.0.1", port=int(sys.argv[1]), quiet=True)
"""
CHERRYPY = """
import sys, cherrypy
class Root:
    @cherrypy.expose
    def index(self): return "home"
    @cherrypy.expose(alias="gone-page")
    def gone(self): raise cherrypy.HTTPError(410)
    @cherrypy.expose
    def members(self): raise cherrypy.HTTPError(401)
    @cherrypy.expose
    def private(self): raise cherrypy.HTTPError(403)
cherrypy.config.update({"server.socket_host": "127.0.0.1",
                        "server.socket_port": int(sys.argv[1]), "log.screen": False})
cherrypy.quickstart(Root())
"""
TORNADO = """
import sys, asyncio, tornado.web
def failing(code):
    class Handler(tornado.web.RequestHandler):
        def get(self): raise tornado.web.HTTPError(code)
    return Handler
async def main():
    app = tornado.web.Application([(r"/gone-page", failing(410)), (r"/members/", failing(401)),
                                   (r"/private/", failing(403))])
    app.listen(int(sys.argv[1]), "127.0.0.1")
    await asyncio.Event().wait()
asyncio.run(main())
"""
AIOHTTP = """
import sys
from aiohttp import web
def failing(error):
    async def handler(request): raise error()
    return handler
app = web.Application()
app.router.add_get("/gone-page", failing(web.HTTPGone))
app.router.add_get("/members/", failing(web.HTTPUnauthorized))
app.router.add_get("/private/", failing(web.HTTPForbidden))
web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None)
"""
TWISTED = """
import sys, os
from twisted.internet import reactor
from twisted.web import resource, server, static, guard
from twisted.cred.portal import Portal, IRealm
from twisted.cred.checkers import InMemoryUsernamePasswordDatabaseDontUse
from zope.interface import implementer
@implementer(IRealm)
class Realm:
    def requestAvatar(self, avatarId, mind, *interfaces):
        return resource.IResource, static.Data(b"secret", "text/plain"), lambda: None
here = sys.argv[2]
root = static.File(here)
root.putChild(b"gone-page", resource.ErrorPage(410, "Gone", "This resource is gone."))
portal = Portal(Realm(), [InMemoryUsernamePasswordDatabaseDontUse(someone=b"invalid")])
root.putChild(b"members", guard.HTTPAuthSessionWrapper(
    portal, [guard.BasicCredentialFactory(b"Members")]))
root.putChild(b"private", resource.ForbiddenResource())
reactor.listenTCP(int(sys.argv[1]), server.Site(root), interface="127.0.0.1")
reactor.run()
"""
PYRAMID = """
import sys
from wsgiref.simple_server import make_server
from pyramid.config import Configurator
from pyramid import httpexceptions as http
def failing(error):
    def view(request): raise error()
    return view
with Configurator() as config:
    for name, path, error in (("gone", "/gone-page", http.HTTPGone),
                              ("members", "/members/", http.HTTPUnauthorized),
                              ("private", "/private/", http.HTTPForbidden)):
        config.add_route(name, path)
        config.add_view(failing(error), route_name=name)
    app = config.make_wsgi_app()
make_server("127.0.0.1", int(sys.argv[1]), app).serve_forever()
"""

# group -> (PyPI package whose version is recorded, script)
APPS = {
    "werkzeug": ("flask", FLASK),
    "bottle": ("bottle", BOTTLE),
    "cherrypy": ("cherrypy", CHERRYPY),
    "tornado": ("tornado", TORNADO),
    "aiohttp": ("aiohttp", AIOHTTP),
    "twisted": ("twisted", TWISTED),
    "pyramid": ("pyramid", PYRAMID),
}


def harvester(group: str):
    def harvest(work: Path) -> list[Page]:
        return framework_pages(group, work)

    return harvest


def framework_pages(group: str, work: Path) -> list[Page]:
    package, script = APPS[group]
    python = pyenv.python(package)
    names = [package] + (["werkzeug"] if package == "flask" else [])
    source = (
        " + ".join(f"{name} {version}" for name, version in pyenv.versions(python, *names).items())
        + " (PyPI)"
    )
    work.mkdir(parents=True, exist_ok=True)
    (work / "app.py").write_text(script)
    (work / "files").mkdir(exist_ok=True)
    for name in ("changelog.txt", "README.txt", "release-2.4.tar.gz"):
        (work / "files" / name).write_text("placeholder\n")
    port = free_port()
    pages = []
    command = [str(python), str(work / "app.py"), str(port), str(work / "files")]
    with running(command, port, work / "server.log"):
        for path, label in TRIGGERS.items():
            status, headers, body = fetch(f"http://127.0.0.1:{port}{path}")
            if "html" not in headers.get("content-type", ""):
                continue  # a plain-text answer is no HTML page
            name = path.strip("/").replace("/", "-")
            pages.append(
                Page(
                    f"{name}.html",
                    body,
                    source,
                    group,
                    f"GET {path}",
                    "en",
                    label,
                    status,
                    f"{package}'s default {status} page",
                )
            )
        if group == "twisted":
            status, _, body = fetch(f"http://127.0.0.1:{port}/")
            pages.append(
                Page(
                    "directory-listing.html",
                    body,
                    source,
                    group,
                    "GET /",
                    "en",
                    "ok",
                    status,
                    "twisted.web.static.File directory listing",
                )
            )
    return pages
