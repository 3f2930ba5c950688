# ruff: noqa: RUF001, RUF002  (words in their own scripts, dashes: what is read)
"""A page that is a record about an error, not the error: an error tracker's issue (its
events, users, first and last seen, environment, release), a status page's incident (its
updates led by Investigating, Identified, Resolved; what it affected). Such a page names the
error in its title and heading ("Elevated 403 errors on API", "HTTPError: 403 Forbidden",
"NotFoundError: ordine non trovato") and quotes it; healthy_context.py takes its wording back.

`record_fields(text)`: the record's field labels said in the content (normalised), a label
followed by a colon or a dash ("Events: 212", "Resolved – The rule has been reverted"); two
different ones at least make a record. In many languages.

`answers(content)`: a question page's answers (a Q&A site's "ERROR: relation "users" does not
exist" with the answers that explain it), told by their markup: schema.org's acceptedAnswer or
suggestedAnswer, or the class "answer" that Stack Exchange, Askbot, Discourse's Q&A and most Q&A
software give each one. A page that holds answers discusses the error its title names.
"""

from __future__ import annotations

import re
from itertools import islice

# the fields of a record about an error, each with its words in many languages
FIELDS: dict[str, tuple[str, ...]] = {
    "events": (
        "events", "ereignisse", "événements", "evenements", "eventos", "eventi",
        "gebeurtenissen", "zdarzenia", "события", "події", "olaylar", "händelser",
        "hændelser", "hendelser", "tapahtumat", "események", "události", "συμβάντα", "أحداث",
        "אירועים", "sự kiện", "peristiwa", "イベント", "事件", "이벤트",
    ),
    "occurrences": (
        "occurrences", "vorkommen", "ocurrencias", "occorrenze", "ocorrências", "voorkomens",
        "wystąpienia", "вхождения", "повторения", "oluşumlar", "förekomster", "発生回数",
        "发生次数", "발생 횟수",
    ),
    "users": (
        "users", "users affected", "affected users", "benutzer", "nutzer", "utilisateurs",
        "usuarios", "utenti", "usuários", "gebruikers", "użytkownicy", "пользователи",
        "користувачі", "kullanıcılar", "användare", "brugere", "brukere", "käyttäjät",
        "felhasználók", "uživatelé", "χρήστες", "المستخدمون", "משתמשים", "người dùng",
        "pengguna", "ユーザー", "用户", "用戶", "사용자",
    ),
    "first seen": (
        "first seen", "erstmals gesehen", "zuerst gesehen", "première occurrence", "vu pour la"
        " première fois", "primera vez", "visto por primera vez", "prima volta", "visto per"
        " la prima volta", "primeira vez", "eerst gezien", "pierwsze wystąpienie", "впервые",
        "первое", "ilk görülme", "först sedd", "初回", "首次出现", "首次", "최초",
    ),
    "last seen": (
        "last seen", "zuletzt gesehen", "dernière occurrence", "vu pour la dernière fois",
        "última vez", "ultimo", "ultima volta", "última", "laatst gezien",
        "ostatnie wystąpienie", "последнее", "останнє", "son görülme", "senast sedd",
        "最終", "最后出现", "最近", "최근",
    ),
    "environment": (
        "environment", "umgebung", "environnement", "entorno", "ambiente", "omgeving",
        "środowisko", "среда", "окружение", "середовище", "ortam", "miljö", "miljø",
        "ympäristö", "környezet", "prostředí", "περιβάλλον", "البيئة", "סביבה",
        "môi trường", "lingkungan", "環境", "环境", "환경",
    ),
    "affected": (
        "affected", "affected components", "betroffen", "affecté", "affectés", "afectado",
        "afectados", "interessati", "coinvolti", "afetados", "getroffen", "dotknięte",
        "затронуто", "затронуты", "зачеплено", "etkilenen", "påverkade", "berørte",
        "vaikuttaa", "érintett", "dotčené", "επηρεάζονται", "المتأثر", "מושפע",
        "bị ảnh hưởng", "terdampak", "影響", "影响", "영향",
    ),
    "resolved": (
        "resolved", "behoben", "gelöst", "résolu", "resuelto", "risolto", "resolvido",
        "opgelost", "rozwiązany", "rozwiązano", "решено", "устранено", "вирішено",
        "çözüldü", "löst", "åtgärdat", "løst", "ratkaistu", "megoldva", "vyřešeno",
        "επιλύθηκε", "تم الحل", "נפתר", "đã giải quyết", "terselesaikan", "解決済み", "已解决",
        "已解決", "해결됨",
    ),
    "investigating": (
        "investigating", "identified", "monitoring", "wird untersucht", "identifiziert",
        "überwachung", "enquête en cours", "identifié", "surveillance", "investigando",
        "identificado", "supervisando", "monitorizando", "in analisi", "identificato",
        "monitoraggio", "monitorando", "onderzoeken", "geïdentificeerd", "badamy",
        "zidentyfikowano", "monitorujemy", "расследуется", "изучаем", "выявлено",
        "мониторинг", "inceleniyor", "tespit edildi", "izleniyor", "undersöker",
        "identifierat", "övervakar", "tutkitaan", "vizsgáljuk", "prošetřujeme",
        "διερευνάται", "قيد التحقيق", "בבדיקה", "đang điều tra", "diselidiki", "調査中",
        "特定済み", "監視中", "调查中", "已确定", "监控中", "調查中", "조사 중", "모니터링",
    ),
}  # fmt: skip
MIN_FIELDS = 2
# a label: at a line's, a sentence's or a field's start, followed by a colon or a dash
_LABEL_OF = {word: field for field, words in FIELDS.items() for word in words}
LABEL = re.compile(
    r"(?:^|(?<=[\s·•|.!?。，,]))("
    + "|".join(re.escape(word) for word in sorted(_LABEL_OF, key=len, reverse=True))
    + r")\s*(?:[:：]|\s[–—-]\s)"
)
TEXT_CHARS = 3000  # a record shows its fields near the top


def record_fields(text: str) -> list[str]:
    """The record fields labelled in the content (normalised), when two or more differ."""
    fields = {_LABEL_OF[label.group(1)] for label in LABEL.finditer(text[:TEXT_CHARS])}
    return sorted(fields) if len(fields) >= MIN_FIELDS else []


ANSWER_PROPS = frozenset({"acceptedanswer", "suggestedanswer"})
ANSWER_CLASSES = frozenset({"answer", "accepted-answer", "answercell"})
ANSWER_WORDS = 8  # an answer says something
ANSWER_CHARS = 200  # of a piece of its text, where its words are counted
ANSWER_NODES = 64  # of its elements read, in document order
MAX_ELEMENTS = 2000  # of the content walked (a hostile page has millions)


def answers(content) -> int:
    """How many answers the content (an lxml element, or None) holds, by their markup."""
    if content is None:
        return 0
    count = 0
    for element in islice(content.iter("div", "article", "section", "li"), MAX_ELEMENTS):
        prop = (element.get("itemprop") or "").lower()
        classes = (element.get("class") or "").lower().split()
        if ANSWER_PROPS.isdisjoint(prop.split()) and ANSWER_CLASSES.isdisjoint(classes):
            continue
        if _says_something(element):
            count += 1
    return count


def _says_something(element) -> bool:
    """The answer holds ANSWER_WORDS words, read from its first elements only, never its
    whole text (answers nested in answers, a hostile page's, would be read again for each)."""
    words = 0
    for node in islice(element.iter(), ANSWER_NODES):
        text = node.text if isinstance(node.tag, str) else None  # (not a comment's)
        tail = node.tail if node is not element else None  # (its own tail is outside it)
        for piece in (text, tail):
            words += len(piece[:ANSWER_CHARS].split()) if piece else 0
        if words >= ANSWER_WORDS:
            return True
    return False
