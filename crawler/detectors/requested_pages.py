# ruff: noqa: RUF001  (the words are written in their own scripts)
"""What a not-found page says to the visitor about the page they asked for, in its own
words: "The page you were trying to reach doesn't exist.", "La page que vous demandez
n'existe pas.", "Die Seite, die Sie aufgerufen haben, existiert nicht.", "La página que
buscas no existe." (the phrase lists hold some of these sentences; the programs word the
clause between in many ways: "you were trying to reach", "you requested", "you followed").

The form is a sentence of its own: its subject a page (or a file, a URL, a resource, or
the information, data, item or record the page would have shown: "The information you are
trying to access does not exist", "Информация, к которой Вы хотите получить доступ не
существует") that a clause names as the visitor's (a second person or a relative pronoun
follows the noun),
its predicate an absence (absent_objects.py's), at its end. It is read in a thin page's
short lines only, never in a condition ("If the page you requested does not exist, ...").
"""

from __future__ import annotations

import re

from gatewatch.crawler.detectors.absent_objects import ABSENT
from gatewatch.crawler.detectors.expired_links import CONDITIONS
from gatewatch.crawler.detectors.text import normalise

# what the page would have shown: the information, the data, the item or record asked for
OBJECT_WORDS = (
    r"information|informationen|información|informação|informazion\w|informatie|informacj\w"
    r"|informace|информаци\w|інформаці\w|bilgi|data|daten|données|datos|dados|dati|gegevens"
    r"|dane|данные|item|entry|record|eintrag|élément|elemento|registro|enregistrement"
)
PAGE_WORDS = (
    r"(?:page|webpage|file|url|address|resource|document|link|seite|datei|adresse|ressource"
    r"|página|pagina|archivo|fichier|ficheiro|arquivo|recurso|risorsa|indirizzo|dirección"
    r"|endereço|bestand|sida|side|siden|sidan|stránka|strona|страница|sayfa|"
    + OBJECT_WORDS
    + r")\b"
)
PAGE_WORD = re.compile(PAGE_WORDS)
# (an object's absence ends the sentence: "The item you are thinking of does not exist in
# Java Edition" places it in a world, a version, a game, where a page is on no server)
OBJECT_NOUN = re.compile(r"(?:" + OBJECT_WORDS + r")$")
# an article (or none), then a page word, at the start of the sentence
SUBJECT = re.compile(
    r"^(?:the|this|that|la|le|l'|die|der|das|el|a|o|de|het|il|lo|den|det)?\s*" + PAGE_WORDS
)
# the clause that makes it the visitor's: a second person, or a relative pronoun
CLAUSE = frozenset(
    {"you", "you're", "you've", "your", "which", "that", "vous", "que", "qui", "sie", "die",
     "du", "usted", "buscas", "busca", "che", "cui", "você", "u", "je", "som", "którą",
     "którego", "kterou", "которую", "которой", "который", "которые", "вы", "aradığınız",
     "ihr"}
)  # fmt: skip
MAX_WORDS = 14
CLAUSE_WINDOW = 4  # words after the noun, at most, before the clause starts
MAX_LINES = 12
TRAILING_CHARS = 16  # after the predicate, at most ("... on this server")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def may_say_absent(text: str) -> bool:
    """Whether a thin page's text names a page and an absence at all: its lines (a walk over
    its elements) are read only then."""
    lowered = normalise(text)
    return PAGE_WORD.search(lowered) is not None and ABSENT.search(lowered) is not None


def requested_page_absent(lines: list[str]) -> str | None:
    """ "<absence>: <sentence>" for the first sentence of a thin page's first `MAX_LINES`
    lines that says the page the visitor asked for does not exist; None otherwise."""
    for line in lines[:MAX_LINES]:
        for sentence in SENTENCE_END.split(normalise(line[:400])):
            said = _said(sentence.rstrip(" .!"))
            if said:
                return f"{said}: {sentence[:80]}"
    return None


def _said(sentence: str) -> str | None:
    subject = SUBJECT.match(sentence)
    if subject is None or "?" in sentence:
        return None
    words = re.findall(r"[\w']+", sentence)
    if len(words) > MAX_WORDS or not CONDITIONS.isdisjoint(words):
        return None
    after = re.findall(r"[\w']+", sentence[subject.end() :])
    if CLAUSE.isdisjoint(after[:CLAUSE_WINDOW]):
        return None
    # (the last one: the predicate ends the sentence)
    absent = next(reversed(list(ABSENT.finditer(sentence, subject.end()))), None)
    trailing = 0 if OBJECT_NOUN.search(sentence, 0, subject.end()) else TRAILING_CHARS
    if absent is None or len(sentence) - absent.end() > trailing:
        return None
    return absent.group(0)
