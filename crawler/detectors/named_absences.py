"""What a message naming an object by its identifier says: `names_missing_object` reads a
box's message that names the object it was asked for by an identifier (a number, a UUID, a
hash): with the identifier taken out, what is left says the object was not found or does not
exist, wherever the predicate stands ("Keine Überwachung mit der UUID ... gefunden", "找不到
UUID 為 ... 的監測任務"). Without an identifier "No items found" is an empty list; with one,
it is one object that is missing.
"""

from __future__ import annotations

import re

from gatewatch.crawler.detectors.absent_objects import ABSENT, MESSAGE_WORDS, NO_SUCH

# an identifier: a word of at least four letters and digits with a digit in it, or a number
# ("11111111-2222-4333-8444-555555555555", "9f3c2a1", "#1234", "42")
IDENTIFIER = re.compile(r"(?<![\w-])#?(?=[\w-]*\d)[\w-]{4,}(?![\w-])|(?<![\w.])\d+(?![\w.])")
# "no <object> ... found" with the identifier out: the negation first, the participle last
# ("No watch with the UUID found", "Nenhum monitoramento com o UUID encontrado")
NEGATION = (
    r"no|kein\w*|aucun\w*|ningún|ninguna|nessun\w*|nenhum\w*|geen|ingen|inget|intet|žádn\w*"
    r"|brak|nie ma"
)
FOUND = (
    r"found|gefunden|trouvée?s?|encontrad\w+|trovat\w|fundet|funnet|gevonden|hittades"
    r"|nalezen\w*|znalezion\w*"
)
NEGATED_FOUND = re.compile(rf"^(?:{NEGATION})(?: \w+){{1,6}} (?:{FOUND})$")
# "<not found> <object>" said first, impersonally ("No se encontró ningún monitor con el
# UUID", "Tidak ditemukan monitor dengan UUID")
FOUND_FIRST = re.compile(
    r"^(?:no se (?:encontró|ha encontrado|pudo encontrar)|non se (?:atopou|puido atopar)"
    r"|no s'ha (?:trobat|pogut trobar)|tidak ditemukan|không tìm thấy)\b"
)


# ... or by what the visitor gave: "the specified link", "den angegebenen Link", "o link
# especificado", "指定連結" (the object of this request, not a list's)
REFERENCE = re.compile(
    r"(?<!\w)(?:the (?:specified|given|requested|provided)|angegeben\w*|angeforderte\w*"
    r"|spécifié\w*|demandé\w*|indiqué\w*|especificad\w*|solicitad\w*|indicad\w*"
    r"|informad\w*|specificat\w*|richiest\w*|indicat\w*|podan\w*|указанн\w*|вказан\w*"
    r"|belirtilen)(?!\w)|指定|所请求|所請求"
)
# (a reference's message may go on after it: "No history found for the specified link, bad
# link?")
NEGATED_FOUND_FIRST = re.compile(rf"^(?:{NEGATION})(?: \w+){{1,6}} (?:{FOUND})(?!\w)")
REFERENCE_WORDS = 16  # such a message, its question after it, at most


def names_missing_object(message: str) -> str | None:
    """The words by which a message naming an object by its identifier, or as the one the
    visitor gave, says that object was not found, or None."""
    if IDENTIFIER.search(message):
        text = " ".join(IDENTIFIER.sub(" ", message).split()).lower().strip(" .!。")
        if not text or len(text.split()) > MESSAGE_WORDS:
            return None
        said = NEGATED_FOUND.match(text) or FOUND_FIRST.match(text)
    elif REFERENCE.search(message.lower()):
        text = " ".join(message.split()).lower().strip(" .!。")
        if len(text.split()) > REFERENCE_WORDS:
            return None
        said = NEGATED_FOUND_FIRST.match(text) or FOUND_FIRST.match(text)
    else:
        return None
    said = said or NO_SUCH.search(text) or ABSENT.search(text)
    return said.group(0) if said else None
