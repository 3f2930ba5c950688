# ruff: noqa: RUF001, RUF002  (currency signs, dashes, words in their own scripts)
"""What a page says of the thing it is about, in a line of facts under its name (named_works.py
reads it as the sign of a work's, a product's or a place's page): a price, a length in pages
or minutes, a size or a distance, opening hours, a film's credits.

- `prices(text)`: the prices a text gives, a currency sign or code beside an amount.
- `facts(line)`: a work's year and length between separators ("2019 · Drama · 1 h 44 min").
- `listed_facts(lines, heads)`: a short line of items between separators, one a quantity
  with its unit ("€ 16,00 · 280 pagine", "Distance 9.6 km · Elevation gain 540 m", "Open
  daily 11:30–22:00"), or credits with a length ("Regie: Jule Roth. 90 Minuten.").
"""

from __future__ import annotations

import re

from gatewatch.crawler.detectors.text import normalise

SENTENCE_ENDS = ".!?。！？"
# a price: a currency sign or code beside an amount, in any language
CURRENCY_SIGNS = "$€£¥₩₫₽₹₺₴₪円元원"
CURRENCY_CODES_LIST = (
    "zł", "kr", "kč", "ft", "грн", "руб", "р", "lei", "лв", "chf", "usd", "eur", "gbp", "dkk",
    "sek", "nok", "pln", "czk", "huf", "ron", "brl", "r$", "mxn", "jpy", "cny", "rmb", "krw",
    "vnd", "inr", "aud", "cad",
)  # fmt: skip
CURRENCY_CODES = frozenset(CURRENCY_CODES_LIST)
# an amount (found first: a digit starts it, which is fast to look for), and the currency
# beside it is looked at after
AMOUNT = re.compile(r"\d(?:[\d.,\s\u00a0\u202f]{0,12}\d)?")
LETTERS = re.compile(r"[^\W\d_]+\$?$")
# a length: pages, minutes (a book's, a film's), in any language's digits-and-unit form
LENGTH = re.compile(
    r"\d+\s?(?:pages?|p\.|pp\.|s\.|seiten|páginas|pagine|stron|страниц|с\.|sider|sidor|sivua"
    r"|oldal|ページ|页|頁|쪽|min\.?|minutes?|minuten|minutos|minuti|мин|dk|perc|分|분|h\s?\d+)",
    re.IGNORECASE,
)
FACT_WORDS = 12
FACT_SEPARATOR = re.compile(r"\s[·•|/–—]\s|,\s")
LISTED = re.compile(r"\s[·•|]\s")  # items listed, not a sentence's commas
# a film's or a play's credits: a role, labelled ("Regie: Jule Roth"), in many languages
CREDIT_ROLES = (
    "director", "directed by", "cast", "starring", "regie", "drehbuch", "besetzung",
    "réalisation", "réalisateur", "avec", "dirección", "reparto", "regia", "interpreti",
    "direção", "elenco", "regisseur", "reżyseria", "obsada", "режиссёр", "режиссер",
    "в ролях", "yönetmen", "oyuncular", "rendező", "szereplők", "režie", "hrají", "ohjaus",
    "näyttelijät", "σκηνοθεσία", "إخراج", "בימוי", "監督", "导演", "導演", "감독", "đạo diễn",
    "sutradara",
)  # fmt: skip
CREDIT = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(role) for role in CREDIT_ROLES) + r")\s?[:：]\s?\w"
)
MEASURE = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?\s?(?:km|m|cm|mm|kg|g|l|ml|mi|ft|in)(?!\w)")
HOURS = re.compile(r"(?<![\d:.])[0-2]?\d[:.][0-5]\d\s?[–-]\s?[0-2]?\d[:.][0-5]\d(?![\d:.])")
WHOLE_YEAR = re.compile(r"(?<![\d./:-])(?:1[89]|20)\d\d(?![\d./:-])")  # not a date's


def facts(line: str) -> bool:
    """A line of a work's facts under its name: its year and its length, in a few words
    between separators ("2019 · Drama · 1 h 44 min", "Roman | 2023 | 312 Seiten")."""
    return (
        len(line.split()) <= FACT_WORDS
        and FACT_SEPARATOR.search(line) is not None
        and WHOLE_YEAR.search(line) is not None
        and LENGTH.search(line) is not None
    )


def listed_facts(lines: list[str], heads: tuple[str, str]) -> str:
    """A short line of a thing's facts among the first lines, its items between separators,
    one of them a quantity with its unit: a price, a length in pages or minutes, a size or a
    distance, opening hours ("€ 16,00 · 280 pagine", "Zondag 21.05 uur · 48 minuten",
    "Distance 9.6 km · Elevation gain 540 m", "Open daily 11:30–22:00"). What a page says
    about the thing it sells, shows or describes; an error page's lines are sentences.
    `lines`: the content's first lines; `heads`: the title and h1, normalised."""
    for line in lines:
        text = normalise(line)
        if not text or text in heads or len(text.split()) > FACT_WORDS:
            continue
        if CREDIT.search(text) and LENGTH.search(text):
            return text  # "Mit Anna Berg. Regie: Jule Roth. 90 Minuten."
        if not LISTED.search(text) or text[-1] in SENTENCE_ENDS:
            continue
        if any(quantity(item.strip()) for item in LISTED.split(text)):
            return text
    return ""


def quantity(item: str) -> bool:
    """An item of a list of facts that gives a quantity: a price, a size or a distance, or
    opening hours, labelled or not ("Distance 9.6 km"); a length alone ("48 minuten": an
    error page's "wait 5 min" tells the visitor what to do)."""
    return bool(
        prices(item) or MEASURE.search(item) or HOURS.search(item) or LENGTH.fullmatch(item)
    )


def prices(text: str) -> list[str]:
    """The prices in a text: an amount with a currency sign or code just before or after it
    ("$24.00", "12,90 €", "1,760円", "149 zł", "CHF 12")."""
    found = []
    for amount in AMOUNT.finditer(text):
        start, end = amount.span()
        before = text[max(0, start - 4) : start].rstrip()
        after = text[end : end + 4].lstrip()
        if (before and before[-1] in CURRENCY_SIGNS) or (after and after[0] in CURRENCY_SIGNS):
            found.append(amount.group(0).strip())
            continue
        code = LETTERS.search(before)
        word = re.match(r"[^\W\d_]+", after)
        if (code and _code(text, start, before, code)) or (
            word and word.group(0).lower() in CURRENCY_CODES
        ):
            found.append(amount.group(0).strip())
    return found


def _code(text: str, start: int, before: str, code: re.Match) -> bool:
    """A currency code ends just before the amount, a word of its own ("CHF 12", "R$ 12")."""
    word = code.group(0)
    at = start - (len(text[max(0, start - 4) : start]) - len(before)) - len(word)
    whole = at <= 0 or not text[at - 1].isalpha()
    return whole and word.lower() in CURRENCY_CODES
