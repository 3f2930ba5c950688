# ruff: noqa: RUF001, RUF002  (words in their own scripts, dashes and colons: what is read)
"""More kinds of named things a page labels itself with (named_works.py's first words are
works on sale or shown): a game's achievement or trophy, a song's lyrics, an exhibition or an
installation, a dictionary's entry (its part of speech under the headword), a notice (a
lost-and-found one: 寻物启事). In many languages; read only where a page's title or first
line says the kind, never in a sentence.

- `title_kind(segment)`: a title's segment (or a part of it in brackets) that says the kind
  of the thing the page is about: "Access Denied (achievement)", "Không Tìm Thấy – Lời bài
  hát", "找不到 – 歌词", "Error 404 – an exhibition by Rui Okada".
- `labelled_name(segment)`: a title's segment that says the kind first and the name after a
  colon ("寻物启事：找不到的钱包", "Achievement: Access Denied"): the kind and the name.
- `part_of_speech(line)`: a dictionary entry's first line under its headword ("phrase,
  informal", "noun", "名詞").
"""

from __future__ import annotations

import re

from gatewatch.crawler.detectors.text import WORD

LABEL_KINDS_LIST = (
    # achievements, trophies, badges of a game
    "achievement", "trophy", "badge", "erfolg", "trophäe", "succès", "trophée", "logro",
    "trofeo", "insignia", "obiettivo", "conquista", "troféu", "prestatie", "trofee",
    "osiągnięcie", "trofeum", "достижение", "трофей", "досягнення", "başarım", "kupa",
    "prestation", "saavutus", "teljesítmény", "trofej", "úspěch", "επίτευγμα", "إنجاز",
    "הישג", "thành tựu", "pencapaian", "実績", "トロフィー", "成就", "奖杯", "獎盃", "업적",
    "트로피",
    # a song's words
    "lyrics", "songtext", "paroles", "letra", "testo", "songtekst", "tekst piosenki",
    "текст песни", "текст пісні", "şarkı sözleri", "sözleri", "låttext", "sanoitukset",
    "dalszöveg", "στίχοι", "كلمات", "מילים", "lời bài hát", "lirik", "歌詞", "歌词", "가사",
    # an exhibition, an installation, a work of art
    "exhibition", "installation", "artwork", "ausstellung", "kunstwerk", "exposition",
    "œuvre", "exposición", "instalación", "mostra", "installazione", "exposição", "instalação",
    "tentoonstelling", "wystawa", "instalacja", "выставка", "инсталляция", "виставка",
    "sergi", "enstalasyon", "utställning", "udstilling", "utstilling", "näyttely",
    "kiállítás", "výstava", "έκθεση", "معرض", "תערוכה", "triển lãm", "pameran", "展覧会",
    "展示", "展览", "展覽", "전시", "전시회",
    # a dictionary's entry
    "idiom", "redewendung", "idiome", "modismo", "modo di dire", "expressão idiomática",
    "idioom", "идиома", "фразеологизм", "deyim", "idiomi", "idióma", "ιδιωματισμός",
    "thành ngữ", "慣用句", "成语", "成語", "관용구",
    # a notice: lost and found, wanted
    "寻物启事", "尋物啟事", "寻人启事", "尋人啟事", "失物招领", "失物招領", "启事", "啟事",
    "落とし物", "분실물",
)  # fmt: skip
LABEL_KINDS = frozenset(LABEL_KINDS_LIST)
ARTICLES = frozenset(("a", "an", "the", "ein", "eine", "un", "une", "una", "um", "uma"))
# "an exhibition by Rui Okada", "une exposition de ...": the kind and its maker
BY_WORDS = frozenset(
    ("by", "von", "de", "di", "por", "par", "door", "av", "af", "od", "от", "від", "της")
)
BRACKETED = re.compile(r"\(([^()]{2,40})\)\s*$")
LABEL_COLON = re.compile(r"^([^:：]{2,20})\s*[:：]\s*(\S.{1,80})$")
# parts of speech a dictionary writes under the headword, in many languages
PARTS_OF_SPEECH = frozenset(
    (
        "noun", "verb", "adjective", "adverb", "phrase", "idiom", "interjection",
        "substantiv", "adjektiv", "adverb", "redewendung", "wendung", "nom", "verbe",
        "adjectif", "adverbe", "locution", "sustantivo", "verbo", "adjetivo", "adverbio",
        "locución", "modismo", "sostantivo", "aggettivo", "avverbio", "locuzione",
        "substantivo", "advérbio", "locução", "zelfstandig", "werkwoord", "bijvoeglijk",
        "uitdrukking", "rzeczownik", "czasownik", "przymiotnik", "przysłówek", "frazeologizm",
        "существительное", "глагол", "прилагательное", "наречие", "идиома", "фразеологизм",
        "іменник", "дієслово", "прикметник", "isim", "fiil", "sıfat", "zarf", "deyim",
        "uttryck", "substantiivi", "verbi", "főnév", "ige", "melléknév", "podstatné",
        "sloveso", "ουσιαστικό", "ρήμα", "اسم", "فعل", "שם", "פועל",
    )
)  # fmt: skip
PARTS_OF_SPEECH_UNSPACED = (
    "名詞", "動詞", "形容詞", "慣用句", "名词", "动词", "形容词", "成语", "成語", "俗语",
    "명사", "동사", "형용사", "관용구", "danh từ", "động từ", "tính từ", "thành ngữ",
)  # fmt: skip
POS_WORDS = 4  # "phrase, informal", "noun (plural ...)"


def title_kind(segment: str) -> str:
    """The kind a title's segment (normalised) says, alone, in brackets after the name, or
    first with its maker ("an exhibition by ...")."""
    bracket = BRACKETED.search(segment)
    part = bracket.group(1).strip() if bracket else segment
    if part in LABEL_KINDS:
        return part
    words = part.split()
    if len(words) > 1 and words[0] in ARTICLES and words[1] in LABEL_KINDS:
        return words[1]  # "an exhibition", "an exhibition by Rui Okada"
    if len(words) > 1 and words[0] in LABEL_KINDS and words[1] in BY_WORDS:
        return words[0]  # "exposition de ..."
    return ""


def labelled_name(segment: str) -> tuple[str, str]:
    """(kind, name) of a segment that says the kind first, then the name after a colon."""
    labelled = LABEL_COLON.match(segment)
    if labelled and labelled.group(1).strip() in LABEL_KINDS:
        return labelled.group(1).strip(), labelled.group(2).strip()
    return "", ""


def part_of_speech(line: str) -> str:
    """A dictionary entry's part of speech, said alone on the first line (normalised)."""
    words = WORD.findall(line)
    if not words or len(words) > POS_WORDS:
        return ""
    if words[0] in PARTS_OF_SPEECH:
        return words[0]
    return next((pos for pos in PARTS_OF_SPEECH_UNSPACED if line.startswith(pos)), "")
