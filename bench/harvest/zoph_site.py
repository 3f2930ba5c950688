"""Debian zoph (Zoph, a photo organiser, PHP) under PHP's built-in server on 127.0.0.1: a copy
of Debian's /usr/share/zoph/www/php served with three workers, its zoph.ini of our own (read
through an auto_prepend_file that defines INI_FILE, the constant the package's code checks
first; the package's /etc/zoph.ini is not touched) naming a MariaDB database of its own
(`zoph_harvest`, from the package's dbconfig-common schema, its own database user; dropped
after the harvest). The administrator (the schema's admin, its password changed), three
photos made here with ImageMagick (fixed dates) imported by Zoph's own CLI (a copy of
/usr/bin/zoph reading our zoph.ini) into two albums ("Harbour walks", "Private family"), a
person, a place and a category made by the CLI; a restricted user "reader" (class User,
cannot see all photos, cannot browse tracks) and a group "Friends" of him with access to
"Harbour walks" only, made in the administrator's forms. Breadcrumbs are switched off in both
users' preferences (else every page lists the pages seen before it). The language: each
language file Zoph ships, by Accept-Language (users' language preference left empty).

Pages, in each language whose text differs from English's: the sign-in page (asked for;
where a visitor is sent from the home page: the same text, kept once; after a wrong password,
"You have entered an incorrect username/password combination") (soft_401); "Album not
found" for an album that does not exist (administrator), "Person not found" for a person
that does not exist (reader), and for the administrator the empty photo, person, user
and group pages Zoph draws for an id that does not exist (no message: the page of nothing)
(soft_404); "Access denied" for the reader on the tracks ("User has no rights to browse
tracks") and on a relation of two photos ("Admin user required") (soft_403); healthy pages:
home, albums, an album, photos of an album, a photo, people, a person, places, a place,
categories, search, about, reports, and for the administrator the admin page, users, a user,
groups, a group, preferences and configuration; the reader's home, the photos of his album, a
photo, people, a person, search and about (ok). In a language other than English, Zoph marks
each string its file does not translate with "[tr]", so most pages differ from English's; a
page whose text is the same in several languages (the refusals, mostly untranslated) is kept
once, in the first of them.

Left out: every album page for the reader (album.php dies for a user who may not edit
organizers: its redirect names a class it does not import, 500 with an empty body), the
reader's photo of "Private family" and an unknown photo (Zoph treats a photo the user may not
see as not found, but its not-found view crashes under PHP 8.2: 500, an empty body), an
unknown place or category for the administrator (Zoph loops until PHP's time limit), the
reader's admin pages and comments (a redirect to the home page, no message), the sign-in
page in other languages (not translated), the Swedish Chef language file (a joke)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, running
from bench.harvest.web_session import Keeper, Session

GROUP = "zoph"
DATABASE = "zoph_harvest"
DB_PASSWORD = "harvest-only-zoph"
PORT = 18550  # this harvester's range is 18550-18599 (the machine is shared)
SHARE = Path("/usr/share/zoph/www/php")
SCHEMA = Path("/usr/share/dbconfig-common/data/zoph/install/mysql")
ADMIN = ("admin", "harvest-admin-42")
READER = ("reader", "harvest-reader-42")
# Zoph's language files -> the language recorded (sc, "Swedish Chef", is a joke: left out)
LANGUAGES = {
    "en": "en",
    "af": "af",
    "de": "de",
    "dk": "da",
    "en-ca": "en-ca",
    "es": "es",
    "fi": "fi",
    "fr": "fr",
    "it": "it",
    "iw": "he",
    "nb": "nb",
    "nl": "nl",
    "pl": "pl",
    "pt": "pt",
    "ru": "ru",
    "sv": "sv",
    "tr": "tr",
    "tw": "zh-tw",
}
PHOTOS = (  # (file, ImageMagick gradient, size, album)
    ("harbour.jpg", "gradient:navy-skyblue", "640x480", "Harbour walks"),
    ("lighthouse.jpg", "gradient:white-firebrick", "640x480", "Harbour walks"),
    ("market.jpg", "gradient:gold-darkgreen", "480x640", "Private family"),
)
TAKEN = 1718447400  # 2024-06-15 10:30 UTC: the photos' file dates, which Zoph imports
# (path, user, label, name, note)
REQUESTS = (
    ("/logon.php", None, "soft_401", "sign-in", "the sign-in page, asked for"),
    ("/zoph.php", None, "soft_401", "sign-in-from-home",
     "a visitor opens the home page: sent to the sign-in page"),
    ("/zoph.php", ADMIN, "ok", "home", "the home page, the administrator"),
    ("/album.php", ADMIN, "ok", "albums", "the albums"),
    ("/album.php?album_id=2", ADMIN, "ok", "album", "an album"),
    ("/photos.php?album_id=2", ADMIN, "ok", "photos", "the photos of an album"),
    ("/photo.php?photo_id=1", ADMIN, "ok", "photo", "a photo"),
    ("/person.php?_action=people", ADMIN, "ok", "people", "the people"),
    ("/person.php?person_id=2", ADMIN, "ok", "person", "a person"),
    ("/place.php", ADMIN, "ok", "places", "the places"),
    ("/place.php?place_id=2", ADMIN, "ok", "place", "a place"),
    ("/category.php", ADMIN, "ok", "categories", "the categories"),
    ("/search.php", ADMIN, "ok", "search", "the search form"),
    ("/zoph.php?_action=info", ADMIN, "ok", "about", "the about page"),
    ("/zoph.php?_action=reports", ADMIN, "ok", "reports", "the reports"),
    ("/admin.php", ADMIN, "ok", "admin", "the admin page"),
    ("/user.php?_action=users", ADMIN, "ok", "users", "the users"),
    ("/user.php?user_id=2", ADMIN, "ok", "user", "a user"),
    ("/group.php?_action=groups", ADMIN, "ok", "groups", "the groups"),
    ("/group.php?group_id=1", ADMIN, "ok", "group", "a group"),
    ("/user.php?_action=prefs", ADMIN, "ok", "preferences", "the administrator's preferences"),
    ("/config.php", ADMIN, "ok", "configuration", "the configuration"),
    ("/album.php?album_id=999", ADMIN, "soft_404", "no-such-album",
     "an album that does not exist: 'Album not found'"),
    ("/photo.php?photo_id=999", ADMIN, "soft_404", "no-such-photo",
     "a photo that does not exist, the administrator: an empty photo page (no message)"),
    ("/person.php?person_id=999", ADMIN, "soft_404", "no-such-person",
     "a person that does not exist, the administrator: an empty person page (no message)"),
    ("/user.php?user_id=999", ADMIN, "soft_404", "no-such-user",
     "a user that does not exist: an empty user page (no message)"),
    ("/group.php?group_id=999", ADMIN, "soft_404", "no-such-group",
     "a group that does not exist: an empty group page (no message)"),
    ("/zoph.php", READER, "ok", "home-reader", "the home page, the restricted user"),
    ("/photos.php?album_id=2", READER, "ok", "photos-reader", "the photos of an album he may see"),
    ("/photo.php?photo_id=1", READER, "ok", "photo-reader", "a photo he may see"),
    ("/person.php?_action=people", READER, "ok", "people-reader", "the people"),
    ("/person.php?person_id=2", READER, "ok", "person-reader", "a person"),
    ("/search.php", READER, "ok", "search-reader", "the search form"),
    ("/zoph.php?_action=info", READER, "ok", "about-reader", "the about page"),
    ("/person.php?person_id=999", READER, "soft_404", "no-such-person-reader",
     "a person that does not exist, the restricted user: 'Person not found'"),
    ("/track.php?_action=tracks", READER, "soft_403", "denied-tracks",
     "the tracks for a user who may not browse them: 'Access denied ... User has no rights "
     "to browse tracks'"),
    ("/relation.php?photo_id_1=1&photo_id_2=2", READER, "soft_403", "denied-relation",
     "a relation of two photos for a user who is not an administrator: 'Access denied ... "
     "Admin user required'"),
)  # fmt: skip
# dates, times, sizes and counts of a request's moment (an empty photo's date is today's)
NOISE = re.compile(r"\d[\d.,:/%-]*")


def harvest(work: Path) -> list[Page]:
    # dbconfig-no-thanks: the package's dbconfig-common would make a database `zoph` of its own
    apt_install("dbconfig-no-thanks", "zoph", "php-cli", "php-mysql", "php-gd", "imagemagick")
    source = deb_version("zoph")
    shutil.rmtree(work, ignore_errors=True)
    _configure(work)
    _database()
    _photos(work)
    php = ["php", "-d", f"auto_prepend_file={work / 'prepend.php'}",
           "-d", "upload_max_filesize=16M", "-d", "post_max_size=16M",
           "-d", "max_execution_time=60",
           "-S", f"127.0.0.1:{PORT}", "-t", str(work / "www")]  # fmt: skip
    environment = {"PATH": "/usr/bin:/bin", "PHP_CLI_SERVER_WORKERS": "3"}
    try:
        with running(php, PORT, work / "php.log", env=environment):
            base = f"http://127.0.0.1:{PORT}"
            _users(base)
            keeper = Keeper(GROUP, source, NOISE)
            for iso, language in LANGUAGES.items():
                _pages(keeper, base, iso, language)
    finally:
        _mysql([], f"DROP DATABASE IF EXISTS {DATABASE}")
    return keeper.pages


def _configure(work: Path) -> None:
    shutil.copytree(SHARE, work / "www", symlinks=True)
    (work / "images").mkdir()
    ini = {"db_host": "127.0.0.1", "db_name": DATABASE, "db_user": DATABASE,
           "db_pass": DB_PASSWORD, "db_prefix": "zoph_",
           "php_location": str(work / "www")}  # fmt: skip
    lines = [f'{key} = "{value}"' for key, value in ini.items()]
    (work / "zoph.ini").write_text("[zoph]\n" + "\n".join(lines) + "\n")
    (work / "prepend.php").write_text(f"<?php define('INI_FILE', '{work / 'zoph.ini'}');\n")
    cli = Path("/usr/bin/zoph").read_text().replace('"/etc/zoph.ini"', f'"{work / "zoph.ini"}"')
    (work / "zoph-cli").write_text(cli)


def _database() -> None:
    _mysql(
        [],
        f"DROP DATABASE IF EXISTS {DATABASE};"
        f" CREATE DATABASE {DATABASE} CHARACTER SET utf8 COLLATE utf8_general_ci;"
        + "".join(
            f" CREATE USER IF NOT EXISTS '{DATABASE}'@'{host}' IDENTIFIED BY '{DB_PASSWORD}';"
            f" GRANT ALL ON {DATABASE}.* TO '{DATABASE}'@'{host}';"
            for host in ("localhost", "127.0.0.1")
        ),
    )
    _mysql([DATABASE], SCHEMA.read_text())
    script = f"echo password_hash('{ADMIN[1]}', PASSWORD_BCRYPT);"
    hashed = subprocess.run(["php", "-r", script], capture_output=True, text=True,
                            check=True).stdout  # fmt: skip
    _mysql([DATABASE], f"UPDATE zoph_users SET password='{hashed}' WHERE user_name='admin';")


def _mysql(arguments: list[str], script: str) -> None:
    command = ["mysql", "-h", "127.0.0.1", "-u", "root", *arguments]
    subprocess.run(command, input=script, text=True, check=True)


def _cli(work: Path, *arguments: str) -> None:
    command = ["php", str(work / "zoph-cli"), *arguments]
    subprocess.run(command, cwd=work / "incoming", check=True, capture_output=True)


def _photos(work: Path) -> None:
    """Photos made here, and the organisers, imported by Zoph's CLI (copied into images/)."""
    incoming = work / "incoming"
    incoming.mkdir()
    _cli(work, "--config", "path.images", str(work / "images"))
    _cli(work, "--config", "date.tz", "UTC")
    for album in ("Harbour walks", "Private family"):
        _cli(work, "--new", "--parent", "Album Root", "--album", album)
    _cli(work, "--new", "--person", "Mara Holm")
    _cli(work, "--new", "--parent", "World", "--place", "Harbour Street")
    _cli(work, "--new", "--parent", "Category Root", "--category", "Seaside")
    for name, gradient, size, album in PHOTOS:
        subprocess.run(["convert", "-size", size, gradient, str(incoming / name)], check=True)
        os.utime(incoming / name, (TAKEN, TAKEN))
        extra = ["--person", "Mara Holm", "--location", "Harbour Street", "--category",
                 "Seaside"] if album == "Harbour walks" else []  # fmt: skip
        _cli(work, "--copy", "--album", album, *extra, name)


def _users(base: str) -> None:
    """The reader and his group, made in the administrator's forms (as an administrator would)."""
    admin = _session(base, "en", ADMIN)
    rights = {"view_all_photos": 0, "delete_photos": 0, "browse_people": 1, "browse_places": 1,
              "browse_tracks": 0, "edit_organizers": 0, "detailed_people": 0,
              "see_hidden_circles": 0, "detailed_places": 0, "import": 0, "download": 0,
              "leave_comments": 0, "allow_rating": 1, "allow_multirating": 0, "allow_share": 0,
              "lightbox_id": 0}  # fmt: skip
    fields = {"_action": "insert", "user_id": "", "user_name": READER[0], "person_id": 1,
              "password": READER[1], "user_class": 1, **rights}  # fmt: skip
    admin.get("/user.php", fields)
    # the new user's form keeps its password as typed: the edit form's field hashes it
    admin.get("/user.php", {"_action": "update", "user_id": 2, "_password": READER[1]})
    admin.get("/group.php", {"_action": "insert", "group_id": "", "group_name": "Friends",
                             "description": "Friends of the family"})  # fmt: skip
    admin.get("/group.php", {"_action": "update", "group_id": 1, "group_name": "Friends",
                             "description": "Friends of the family", "_member": 2})  # fmt: skip
    admin.get("/permissions.php", {"_action": "updatealbums", "group_id": 1, "group_id_new": 1,
                                   "album_id_new": 2, "access_level_new": 5, "writable_new": 0,
                                   "subalbums_new": 0})  # fmt: skip
    _mysql([DATABASE], "UPDATE zoph_prefs SET show_breadcrumbs='0';")
    _session(base, "en", READER)  # raises if he cannot sign in


def _session(base: str, iso: str, user: tuple[str, str] | None) -> Session:
    browser = Session(base, iso)
    if user:
        fields = {"uname": user[0], "pword": user[1], "redirect": "zoph.php"}
        _, final, _, _ = browser.get("/zoph.php", fields)
        if "logon.php" in final:
            raise RuntimeError(f"{user[0]} could not sign in")
    return browser


def _pages(keeper: Keeper, base: str, iso: str, language: str) -> None:
    browsers = {user: _session(base, iso, user) for user in (None, ADMIN, READER)}
    for path, user, label, name, note in REQUESTS:
        status, final, kind, body = browsers[user].get(path)
        if label != "soft_401" and "logon.php" in final:
            raise RuntimeError(f"{path} ({user}) was sent to the sign-in page")
        who = f"signed in as {user[0]}" if user else "a visitor"
        how = f"GET {path} ({who}, Accept-Language: {iso})"
        if final != path:
            how += f"; redirected to {final}"
        keeper.keep(name, body, status, label, language, how, note, kind)
    fields = {"uname": READER[0], "pword": "not-the-password", "redirect": "zoph.php"}
    status, final, kind, body = Session(base, iso).get("/zoph.php", fields)
    keeper.keep("sign-in-failed", body, status, "soft_401", language,
                f"POST /zoph.php with a wrong password (Accept-Language: {iso}); redirected to "
                f"{final}", "the sign-in page after a wrong password: 'You have entered an "
                "incorrect username/password combination'", kind)  # fmt: skip
