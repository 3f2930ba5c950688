# ruff: noqa: RUF001  (the words are written in their own scripts)
"""A page whose whole content is a file it names by its path and the statement that the file
cannot be opened: "File /var/log/app/XferLOG.99" / "Can't open log file
/var/log/app/XferLOG.99", "Kann LOG Datei nicht öffnen /var/...", "无法打开日志文件 /var/...".
The page was asked for one file, and the file is not there to show: a not-found.

The meaning is two things in one statement: the verb "open" (as coreutils' and its kin's
"cannot open %s" says it in their catalogs: "kann nicht geöffnet werden", "impossible
d'ouvrir", "no se puede abrir", "impossibile aprire", "não foi possível abrir", "kan %s niet
openen", "nie można otworzyć", "nelze otevřít", "невозможно открыть", "не вдалося відкрити",
"无法打开", "開くことが出来ません") and, a few words from it, a negation or an inability, with a
path of two parts or more ("/var/log/x", "C:\\logs\\x") that the page names twice, as its
own (its heading, then the statement; a changelog's "Fixed: cannot open /var/log/app.log on
Windows" and a post's "Kann /etc/fstab nicht öffnen, morgen weiter." name a file once, of
no page). Only where that is the whole content (a few words besides the path), with no
question and no condition: a help text's "If you cannot open /etc/hosts, check its
permissions." is none.
"""

from __future__ import annotations

import re

from gatewatch.crawler.detectors.expired_links import CONDITIONS
from gatewatch.crawler.detectors.text import QUESTION, normalise

# "open", at the start of a word (and in scripts written without spaces, anywhere)
OPEN = re.compile(
    r"(?<!\w)(?:open|öffn|geöffnet|ouvr|abri|aprir|otworz|otevř|открыт|відкрит|öppna|åbne"
    r"|åpne|avata|açıla|nyitható|deschide)"
    r"|打开|打開|開啟|开启|開く|開け|열 수"
)
# a negation or an inability, a whole word ("can't", "kann ... nicht", "impossible",
# "nelze", "не вдається"), or in scripts written without spaces, anywhere
CANNOT = re.compile(
    r"(?<!\w)(?:can't|cannot|could not|couldn't|unable|failed|not|nicht|impossible|ne|pas"
    r"|no|imposible|impossibile|non|não|impossível|niet|nie|není|nelze|nemohu|nepodařilo"
    r"|не|невозможно|неможливо|inte|ikke|ei|nem|nu)(?!\w)"
    r"|无法|無法|不能|できません|出来ません|ません|없습니다"
)
WINDOW_WORDS = 4  # words between the negation and "open", at most
PATH = re.compile(r"(?:^|\s)(?:[a-z]:)?[/\\][\w.~-]+(?:[/\\][\w.~-]+)+")
MAX_WORDS = 16  # of the content, its paths left out
MAX_CHARS = 600  # of the content, read at most


def unopened_file(main_text: str) -> str | None:
    """ "cannot ... open: <statement>" when the content is a path and the statement that
    the file cannot be opened; None otherwise."""
    if len(main_text) > MAX_CHARS or not PATH.search(main_text):
        return None
    text = normalise(main_text)
    if not any(text.count(path.group(0).strip()) > 1 for path in PATH.finditer(text)):
        return None  # (the page names no file of its own: "Fixed: cannot open /var/x.log")
    words = PATH.sub(" ", text).split()
    if len(words) > MAX_WORDS or QUESTION.search(text) or not CONDITIONS.isdisjoint(words):
        return None
    for verb in OPEN.finditer(text):
        near = text[: verb.start()].split()[-WINDOW_WORDS - 1 :]
        after = text[verb.end() :].split()[:2]
        for word in (*near, *after):
            if CANNOT.fullmatch(word) or (not word.isascii() and CANNOT.search(word)):
                return f"{word} ... {verb.group(0)}: {PATH.sub(' …', text)[:80]}"
        around = text[max(0, verb.start() - 8) : verb.end() + 8]
        if not around.isascii() and CANNOT.search(around):
            return f"cannot ... {verb.group(0)}: {PATH.sub(' …', text)[:80]}"
    return None
