"""Debian's Jekyll with the minima theme (jekyll-theme-minima): the site `jekyll new` makes,
built offline (no bundler) and served by `jekyll serve` on 127.0.0.1: its 404.html (what the
server answers for an unknown URL), the home page, the about page and the welcome post."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

GROUP = "jekyll"
# path -> (label, name, note); the post's path is found from the home page's link
REQUESTS = {
    "/no-such-page": ("soft_404", "not-found", "unknown URL: the site's 404.html (404)"),
    "/2019/05/old-post.html": ("soft_404", "not-found-old-post", "unknown post URL (404)"),
    "/": ("ok", "home", "the home page with its list of posts"),
    "/about/": ("ok", "about", "the about page"),
}


def harvest(work: Path) -> list[Page]:
    apt_install("jekyll", "jekyll-theme-minima", "ruby-webrick")
    source = f"{deb_version('jekyll')} + {deb_version('jekyll-theme-minima')}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    site = work / "site"
    subprocess.run(
        ["jekyll", "new", str(site), "--skip-bundle"], check=True, stdout=subprocess.DEVNULL
    )
    (site / "Gemfile").unlink()  # the Debian gems, not bundler's downloads
    subprocess.run(["jekyll", "build"], cwd=site, check=True, stdout=subprocess.DEVNULL)
    (post,) = (site / "_site").glob("jekyll/update/*/*/*/*.html")
    requests = {
        **REQUESTS,
        f"/{post.relative_to(site / '_site')}": ("ok", "post", "the welcome post"),
    }
    port = free_port()
    command = [
        *("jekyll", "serve", "--skip-initial-build", "--no-watch"),
        *("--host", "127.0.0.1", "--port", str(port)),
    ]
    pages = []
    with running(command, port, work / "serve.log", cwd=site):
        for path, (label, name, note) in requests.items():
            status, _, body = fetch(f"http://127.0.0.1:{port}{path}")
            pages.append(
                Page(f"{name}.html", body, source, GROUP, f"GET {path}", "en", label, status, note)
            )
    return pages
