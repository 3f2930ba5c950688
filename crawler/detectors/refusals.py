"""A grant refused: an error's statement that what the visitor asked to be granted (an
authorisation, access, a permission, their request) was rejected ("Authorization rejected.",
"Berechtigung zurückgewiesen.", "Autorización rechazada.", "Felhatalmazás elutasítva.",
"S'ha rebutjat l'autorització.", "Request rejected", "Zugriff abgelehnt"), in either order.

"Denied", "refused" and "forbidden" say a refusal whatever they are said of (error_messages.py's
NOT_ALLOWED); "rejected" and "declined" are said of many things an application turns down
(a message, a comment, a file, a line number), so they say a denial only of a grant. The
participles are those of the catalogs' "rejected" (glib's "Connection through SOCKSv4
server was rejected", gas's "line number %d rejected", gnupg's "signatures ... are
rejected") in each language; like every statement, it counts only on a page that says it is
an error page (error_messages.py).
"""

from __future__ import annotations

from gatewatch.crawler.detectors.phrases import ACCESS_WORDS
from gatewatch.crawler.detectors.text import word_starts

# what is granted besides access (phrases.ACCESS_WORDS): a permission, an
# authorisation, a request, at the start of a word
GRANT_WORDS = (
    "permission", "permiso", "permesso", "permissão", "permís", "toestemming", "uprawnie",
    "oprávnění", "разрешени", "engedély",
    "authoriz", "authoris", "autoriz", "autoris", "autoritz", "autoryz", "авториз",
    "berechtigung", "befugnis", "felhatalmaz", "εξουσιοδ", "valtuu",
    "request", "anfrage", "demande", "solicitud", "sol·licitud", "richiesta", "pedido",
    "solicitação", "verzoek", "aanvraag", "żądani", "wniosek", "žádost", "запрос", "заявк",
    "begäran", "forespørsel", "anmodning", "pyyntö", "kérés", "kérelem", "istek", "talep",
    "cerere", "αίτημα",
)  # fmt: skip
GRANT = word_starts((*ACCESS_WORDS, *GRANT_WORDS))
# the participle of "rejected" / "declined", at the start of a word (and Japanese's,
# Chinese's and Korean's "refuse", written without spaces)
REJECTED_WORDS = (
    "rejected", "declined", "abgewiesen", "zurückgewiesen", "abgelehnt", "rejeté",
    "rechazad", "rexeitad", "rejeitad", "recusad", "rebutjat", "rebutjad", "rifiutat",
    "respint", "afgewezen", "avvisad", "avböjd", "avvist", "avslått", "afvist", "afslået",
    "hylätty", "hylättiin", "odrzucon", "odmítnut", "zamítnut", "отклонен", "відхилен",
    "elutasítv", "visszautasítv", "megtagadv", "lükati tagasi", "tagasi lükatud", "ukatu",
    "ezetsi", "respins", "απορρίφθηκ", "reddedildi",
)  # fmt: skip
REJECTED = word_starts(REJECTED_WORDS, ("拒否", "拒绝", "拒絕", "거부"))
WINDOW = 3  # words between the grant and the participle, at most
MAX_WORDS = 6
MAX_CHARS = 200  # of a statement, read at most


def refused_grant(statement: str) -> str | None:
    """ "grant ... rejected" for a short statement that says what the visitor asked to be
    granted was rejected; None otherwise."""
    lowered = statement[:MAX_CHARS].lower()
    if len(lowered.split()) > MAX_WORDS:
        return None
    rejected = REJECTED.search(lowered)
    if rejected is None:
        return None
    for grant in GRANT.finditer(lowered):
        start, end = sorted((grant.start(), rejected.start()))
        if len(lowered[start:end].split()) <= WINDOW + 1:
            return f"{grant.group(0)} ... {rejected.group(0)}"
    return None
