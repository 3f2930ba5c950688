# ruff: noqa: RUF001  (the words are written in their own scripts)
"""A one-time link that leads nowhere any more, in any language: a short page says, in one
sentence, that the link (a password reset's, an e-mail confirmation's, an invitation's) has
expired or is invalid ("This e-mail confirmation link expired or is invalid.", "Dieser
Bestätigungslink ist leider abgelaufen.", "ลิงก์ยืนยันอีเมลนี้หมดอายุหรือไม่ถูกต้อง"). The
page it stands for is gone: a soft 404 (``expired_link``).

The meaning is two words, whatever the sentence around them: a word for a link and a word
for expired (or invalid). A help text says them too ("If your link has expired, ask for a
new one"), so the sentence must not be a condition, and the page must be thin and hold no
form of its own (a form that asks for an e-mail address is the request for a new link),
unless the sentence stands in a box whose class names an error ("Invalid reset password
token.": the page's message, the form beside it the request for a new link). News about
links is no message either: a time span or a date ("expired after 48 hours", "scaduto il 1
marzo 2026"), a changelog's entry ("Fixed: ... link expired too early"), past narration
("Bisher war ein Einladungslink ... abgelaufen"), a list of fields ("Link: ... · Clic: ...").
"""

from __future__ import annotations

import re

from gatewatch.crawler.detectors.error_messages import INVALID, INVALID_UNSPACED
from gatewatch.crawler.detectors.reading import ERROR_BOX_WORDS
from gatewatch.crawler.detectors.text import QUESTION, normalise, word_starts
from gatewatch.crawler.parse import ParsedPage

# a link, at the start of a word ("Bestätigungslink" holds it inside: German compounds end
# with it), or anywhere in scripts written without spaces
LINK_WORDS = (
    "link", "lien", "enlace", "vínculo", "vinculo", "collegamento", "ligação", "koppeling",
    "odkaz", "odnośnik", "łącze", "ссылк", "посилан", "спасылк", "връзка", "bağlantı",
    "länk", "lenke", "linkki", "hivatkozás", "σύνδεσμ", "קישור", "رابط", "پیوند", "ბმულ",
    "ლინკ", "nuorod", "saite", "viide", "povezav", "poveznic", "veza", "tautan", "pautan",
    "liên kết", "հղում", "сілтеме", "havola", "dolen",
)  # fmt: skip
LINK_UNSPACED = ("リンク", "链接", "鏈接", "連結", "링크", "ลิงก์", "ลิงค์")
# ... or the token a link carries ("Invalid reset password token."): said in an error box
TOKEN = re.compile(r"(?<!\w)(?:token|jeton|токен|τεκμήριο|տոկեն|رمز)|トークン|令牌|토큰")
# expired (past, not "expires in 24 hours"): the start of a word, or anywhere unspaced
EXPIRED_WORDS = (
    "expired", "abgelaufen", "verfallen", "expiré", "expirée", "caducad", "caducó",
    "expirad", "expirou", "scadut", "verlopen", "wygasł", "vypršel", "vypršal", "expiroval",
    "истек", "истёк", "просрочен", "закінчився", "сплив", "изтекъл", "süresi dol",
    "süresi geç", "utgått", "udløbet", "utløpt", "vanhentunut", "vanhentui", "lejárt",
    "έληξε", "פג תוקף", "פג תוקפו", "منتهي", "انتهت صلاحي", "منقضی", "ვადაგასულ",
    "baigėsi", "beigusies", "aegunud", "potekl", "istekla", "istekao", "kedaluwarsa",
    "tamat tempoh", "hết hạn", "ժամկետն անց", "мерзімі өтк", "muddati o",
)  # fmt: skip
EXPIRED_UNSPACED = ("期限切れ", "有効期限が切れ", "过期", "過期", "已失效", "만료", "หมดอายุ")
# a condition: "if", "wenn", "si"... (a help text's "If the link has expired, ...")
CONDITIONS = frozenset(
    {"if", "when", "wenn", "falls", "si", "se", "als", "indien", "jeśli", "jeżeli", "pokud",
     "jestli", "если", "якщо", "ако", "eğer", "om", "hvis", "jos", "ha", "αν", "εάν", "אם",
     "اگر", "إذا", "nếu", "jika", "apabila", "jei", "kui", "če", "ako", "dacă"}
)  # fmt: skip
SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+|[\n|]")
# news about links, not the page's message: a time span or a date ("expired after 48 hours",
# "a expiré au bout de 24 heures", "scaduto il 1 marzo 2026"), a changelog's entry ("Fixed:
# password reset link expired too early"), past narration ("Bisher war ein Einladungslink
# nach 48 Stunden abgelaufen")
TIME_SPAN = re.compile(
    r"\d+\s*(?:h|hours?|heures?|stunden?|std|horas?|ore|uur|godzin\w*|час\w*|saat|timmar"
    r"|timer|tuntia|óra|ώρ\w*|minut\w*|min|days?|tagen?|jours?|días?|dias?|giorni|dagen|dni"
    r"|дн\w*|gün|dagar|dage|dager|päivää|nap|ημέρ\w*|weeks?|wochen|semaines?|semanas?"
    r"|settimane|weken|months?|monate?n?|mois|mes(?:es)?|mesi)\b"
    r"|(?<!\d)(?:19|20)\d\d(?!\d)|too early|too soon|zu früh|trop tôt|demasiado pronto"
    r"|troppo presto|te vroeg"
)
NEWS_START = frozenset(
    {"fixed", "fix", "bugfix", "fixes", "behoben", "corrigé", "corrigés", "corregido",
     "corrección", "risolto", "corretto", "opgelost", "naprawiono", "исправлено", "düzeltildi",
     "changed", "new", "neu", "nouveau", "nuevo", "nuovo", "nieuw"}
)  # fmt: skip
NARRATION = frozenset(
    {"bisher", "früher", "previously", "formerly", "auparavant", "jusqu'ici", "antes",
     "anteriormente", "prima", "precedentemente", "vroeger", "voorheen", "wcześniej",
     "раньше", "ранее", "önceden", "tidigare", "tidligere", "aiemmin", "korábban"}
)  # fmt: skip
LIST_SEPARATORS = re.compile("[·•]")
MAX_SENTENCE_WORDS = 24  # (four characters of an unspaced script count as a word)
MAX_TEXT_CHARS = 3000  # a thin page's text is read this far (a token without spaces is long)


LINK = word_starts(LINK_WORDS, LINK_UNSPACED)
# (a compound's link: "Bestätigungslink", "aktivierungslink")
LINK_IN_COMPOUND = re.compile(r"\w{3,}link\b")
EXPIRED = word_starts(EXPIRED_WORDS, EXPIRED_UNSPACED)


def expired_link(page: ParsedPage, thin_words: int) -> str | None:
    """ "link ... expired: <the sentence>" where a thin page without a form of its own says
    its link expired or is invalid; None otherwise."""
    if page.main_word_count > thin_words or not page.main_text:
        return None
    if any(
        form.section == "main" and not form.search and (form.fields or form.password_inputs)
        for form in page.forms
    ):
        return None
    text = normalise(page.main_text[: MAX_TEXT_CHARS * 4])[:MAX_TEXT_CHARS]
    for sentence in SENTENCE_END.split(text):
        said = _said(sentence)
        if said:
            return said
    return None


def expired_token(page: ParsedPage) -> str | None:
    """ "box <class>: ..." where a box whose class names an error says, in a sentence, that
    the page's link or token expired or is invalid: the page's message, whatever form stands
    beside it (a request for a new link)."""
    for token, text in page.message_boxes:
        if not any(word in token.lower() for word in ERROR_BOX_WORDS):
            continue
        for sentence in SENTENCE_END.split(normalise(text[: MAX_TEXT_CHARS * 4])[:MAX_TEXT_CHARS]):
            said = _said(sentence, TOKEN)
            if said:
                return f"box {token}: {said}"
    return None


def _said(sentence: str, extra: re.Pattern | None = None) -> str | None:
    words = sentence.split()
    if not words or len(words) > MAX_SENTENCE_WORDS or len(sentence) > 4 * MAX_SENTENCE_WORDS * 2:
        return None
    link = (
        LINK.search(sentence)
        or LINK_IN_COMPOUND.search(sentence)
        or (extra.search(sentence) if extra else None)
    )
    if link is None:
        return None
    expired = EXPIRED.search(sentence) or INVALID.search(sentence)
    if expired is None and INVALID_UNSPACED.search(sentence):
        expired = INVALID_UNSPACED.search(sentence)
    if expired is None or QUESTION.search(sentence):  # ("Password reset link expired?")
        return None
    said_words = re.findall(r"[\w']+", sentence)
    if not CONDITIONS.isdisjoint(said_words) or not NARRATION.isdisjoint(said_words):
        return None
    if TIME_SPAN.search(sentence) or len(LIST_SEPARATORS.findall(sentence)) >= 2:
        return None
    if said_words and said_words[0] in NEWS_START and ":" in sentence[:24]:
        return None
    return f"{link.group(0).strip()} ... {expired.group(0).strip()}: {sentence[:80]}"
