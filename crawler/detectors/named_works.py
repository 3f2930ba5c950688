# ruff: noqa: RUF001, RUF003  (currency signs, IPA, words in their own scripts: what is read)
"""A page that names a work, a product or an event (healthy_context.py's first reading): the
names it gives the thing it is about, from its markup (schema.org data in JSON-LD or
microdata, an og:type) or from what a work's page shows (an ISBN, the one price right under
the name, a year in brackets, a kind of work beside the name or said first, a line of its
facts, a pronunciation; and, from work_kinds.py, a kind the title says in a segment or in
brackets, "an exhibition by ...", a notice 寻物启事 before its name, a part of speech under
a headword).

Its words are read in many languages: the kinds of works ("novel", "Roman", "película",
"фильм", "小説"), the things shops sell ("product", "Produkt", "商品"), currency signs and
codes, units of length (pages, minutes).
"""

from __future__ import annotations

import json
import re

from gatewatch.crawler.detectors.text import WORD, normalise, segments
from gatewatch.crawler.detectors.work_kinds import labelled_name, part_of_speech, title_kind
from gatewatch.crawler.lines import leading_text
from gatewatch.crawler.parse import ParsedPage

TEXT_CHARS = 5000  # of the content read: a work's page names it and its price near the top
# schema.org types of a thing a page is about (a work, a product, an event); not an article
# or a web page: a site's error template declares itself one too (Starlight's 404 page has
# og:type article)
WORK_TYPES_LIST = (
    "product", "book", "movie", "tvseries", "tvepisode", "tvseason", "episode", "creativework",
    "musicalbum", "musicrecording", "musiccomposition", "musicplaylist", "game", "videogame",
    "event", "musicevent", "theaterevent", "screeningevent", "festival", "exhibitionevent",
    "educationevent", "businessevent", "recipe", "podcastepisode", "podcastseries", "course",
    "softwareapplication", "visualartwork", "painting", "comicstory", "comicseries",
    "bookseries", "play", "offer", "individualproduct", "productmodel", "vehicle",
)  # fmt: skip
WORK_TYPES = frozenset(WORK_TYPES_LIST)
OG_WORK_TYPES = (
    "product", "book", "books.book", "video.movie", "video.episode", "video.tv_show",
    "video.other", "music.album", "music.song", "music.playlist", "og:product",
)  # fmt: skip
NAME_KEYS = ("name", "headline", "alternativeHeadline")
MAX_LD_CHARS = 50_000
ISBN = re.compile(r"\bisbn(?:-?1[03])?\s*[:：]?\s*(?:97[89][-\s]?)?\d[\d\s-]{7,15}[\dx]\b")
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
PRICE_CHARS = 600  # where that is in the content
PRICE_LINES = 4  # the one price stands in the first lines, the heading's among them
SENTENCE_ENDS = ".!?。！？"
MAX_PRICES = 2  # a page of one thing on sale, not a grid of recommendations
# a pronunciation after a word, the way dictionaries write it: /ʌnˈɔːθəraɪzd/, [ˈfɛːlɐ]
PRONUNCIATION = re.compile(r"[/\[][^/\]\s]{0,30}[ˈˌːəʌɪʊɔæɑʃʒθðŋɜɐɒɛ][^/\]]{0,40}[/\]]")
YEAR_IN_BRACKETS = re.compile(r"\((?:1[89]|20)\d\d\)")
YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")
# a length: pages, minutes (a book's, a film's), in any language's digits-and-unit form
LENGTH = re.compile(
    r"\d+\s?(?:pages?|p\.|pp\.|s\.|seiten|páginas|pagine|stron|страниц|с\.|sider|sidor|sivua"
    r"|oldal|ページ|页|頁|쪽|min\.?|minutes?|minuten|minutos|minuti|мин|dk|perc|分|분|h\s?\d+)",
    re.IGNORECASE,
)
# kinds of works, singular (a site's section is plural: "Films"), in many languages
KINDS_LIST = (
    "novel", "film", "movie", "album", "book", "memoir", "song", "single", "ep", "lp", "game",
    "documentary", "series", "episode", "play", "poem", "podcast", "comic", "manga", "thriller",
    "boardgame", "audiobook", "roman", "buch", "spiel", "lied", "serie", "folge", "hörbuch",
    "dokumentarfilm", "theaterstück", "krimi", "livre", "jeu", "chanson", "série", "épisode",
    "pièce", "documentaire", "bd", "novela", "película", "libro", "juego", "canción",
    "episodio", "documental", "obra", "romanzo", "libro", "gioco", "canzone", "episodio",
    "documentario", "romance", "filme", "livro", "jogo", "canção", "episódio", "documentário",
    "boek", "spel", "aflevering", "powieść", "książka", "gra", "piosenka", "serial", "odcinek",
    "роман", "фильм", "альбом", "книга", "игра", "песня", "сериал", "фільм", "гра", "пісня",
    "серіал", "bok", "bog", "spil", "sang", "låt", "román", "kniha", "hra", "píseň", "seriál",
    "albüm", "kitap", "oyun", "şarkı", "dizi", "μυθιστόρημα", "ταινία", "άλμπουμ", "βιβλίο",
    "παιχνίδι", "τραγούδι", "regény", "könyv", "játék", "dal", "romaani", "elokuva", "albumi",
    "kirja", "peli", "laulu", "رواية", "فيلم", "ألبوم", "كتاب", "لعبة", "أغنية", "مسلسل",
    "רומן", "סרט", "אלבום", "ספר", "משחק", "שיר", "phim", "sách", "buku", "lagu", "permainan",
    "talk", "lecture", "keynote", "workshop", "vortrag", "conférence", "charla", "ponencia",
    "intervento", "palestra", "lezing", "wykład", "доклад", "доповідь", "konuşma", "föredrag",
    "foredrag", "luento", "előadás", "přednáška", "ομιλία", "محاضرة", "הרצאה",
    "band", "banda", "orchestra", "orchester", "orchestre", "orquesta", "orkiestra", "оркестр",
    "choir", "chor", "chœur", "coro", "duo", "trio", "quartet", "quartett", "quatuor",
    "cuarteto", "quartetto",
)  # fmt: skip
KINDS = frozenset(KINDS_LIST)
KINDS_UNSPACED = (
    "小説", "映画", "アルバム", "書籍", "ゲーム", "漫画", "小说", "电影", "電影", "专辑",
    "專輯", "游戏", "遊戲", "歌曲", "电视剧", "長篇小說", "长篇小说", "소설", "영화", "앨범",
    "게임", "드라마", "講演", "演讲", "강연",
)  # fmt: skip
# things a shop's page is about, beside the kinds of works
THINGS_LIST = (
    "product", "item", "produkt", "artikel", "produit", "article", "producto", "prodotto",
    "produto", "товар", "ürün", "termék", "tuote", "vara", "vare", "produk", "sản",
)  # fmt: skip
THINGS = frozenset(THINGS_LIST)
THINGS_UNSPACED = ("商品", "产品", "產品", "상품", "製品")
ARTICLES = frozenset(
    ("a", "an", "the", "ein", "eine", "un", "une", "una", "um", "uma", "een", "en", "ett", "et")
)
FIRST_LINE_WORDS = 16
LINE_CHARS = 300  # of a block read as a line
BLOCKS = ("h1", "h2", "h3", "p", "li", "dt", "dd", "td", "figcaption", "blockquote")
FACT_WORDS = 12
FACT_SEPARATOR = re.compile(r"\s[·•|/–—]\s|,\s")
WHOLE_YEAR = re.compile(r"(?<![\d./:-])(?:1[89]|20)\d\d(?![\d./:-])")  # not a date's
KIND_LEAD_WORDS = 4  # the kind is said first ("A novel by", "Roman de"; not "The film you…")
FIRST_CHARS = 400  # where the first line of the content stands, heading included


def work_names(page: ParsedPage, heads: tuple[str, str]) -> tuple[list[str], list[str], str]:
    """The names the page gives the work it is about (where a phrase must stand to be the
    work's name), the texts that say those names (left out when the rest of the content is
    read: its headings, "404 Not Found 반팔 티셔츠" of a "404 Not Found 티셔츠"), and why it is
    a work's page. `heads`: the title and h1, normalised."""
    headings = [normalise(text) for text in (page.h1, *page.more_h1) if text]
    titles = segments(page.title or "")
    declared, kind = _declared_names(page)
    if declared:
        return declared, [*declared, *headings, *titles], kind
    cue = _work_cue(page, titles, heads)
    if cue:
        named = [part for part in (*headings, *titles) if not _names_a_kind(part)]
        return named, [*headings, *titles], cue
    return [], [], ""


def _names_a_kind(heading: str) -> bool:
    """A heading that speaks of a kind of thing, not of one by its name: "Book not found",
    "Produkt nicht gefunden" (on a page that shows the ISBN or the price it looked for)."""
    words = WORD.findall(heading)
    if any(word in KINDS or word in THINGS for word in words):
        return True
    return not heading.isascii() and any(kind in heading for kind in THINGS_UNSPACED)


def _declared_names(page: ParsedPage) -> tuple[list[str], str]:
    """Names of the page's schema.org works (JSON-LD, microdata) or of its og:type work."""
    names: list[str] = []
    kind = ""
    og_type = (page.meta.get("og:type") or "").strip().lower()
    if og_type in OG_WORK_TYPES:
        title = page.meta.get("og:title") or page.h1 or page.title
        if title:
            names.append(normalise(title))
            kind = f"og:type {og_type}"
    for block in page.structured_data:
        for item in _ld_items(block):
            types = item.get("@type")
            types = types if isinstance(types, list) else [types]
            if not any(str(t).lower() in WORK_TYPES for t in types if t):
                continue
            for key in NAME_KEYS:
                if isinstance(item.get(key), str) and item[key].strip():
                    names.append(normalise(item[key]))
                    kind = kind or f"schema.org {types[0]}"
    content = main_content(page)
    if content is None:
        return names, kind
    # (microdata of the main content, or of an element around it: its wrapper, the body)
    around = [element for element in content.iterancestors() if element.get("itemtype")]
    for element in [*around, *content.xpath("descendant-or-self::*[@itemtype]")][:20]:
        kind_name = element.get("itemtype", "").rstrip("/").rsplit("/", 1)[-1].lower()
        if kind_name not in WORK_TYPES:
            continue
        for named in element.xpath(".//*[@itemprop='name']")[:3]:
            text = named.get("content") or leading_text(named, LINE_CHARS)
            if text and text.strip():
                names.append(normalise(text))
                kind = kind or f"microdata {kind_name}"
    return names, kind


def _ld_items(text: str) -> list[dict]:
    try:
        data = json.loads(text[:MAX_LD_CHARS])
    except (ValueError, RecursionError):
        return []
    items = data if isinstance(data, list) else [data]
    out = []
    for item in items[:20]:
        if isinstance(item, dict):
            out.append(item)
            graph = item.get("@graph")
            if isinstance(graph, list):
                out.extend(part for part in graph[:20] if isinstance(part, dict))
            main = item.get("mainEntity")
            if isinstance(main, dict):
                out.append(main)
    return out


def _work_cue(page: ParsedPage, titles: list[str], heads: tuple[str, str]) -> str:
    """What shows, without markup, that the page is a work's: an ISBN, the one price on
    sale, a year in brackets after the name, a kind of work beside it or first said."""
    text = page.main_text[:TEXT_CHARS]
    lowered = text.lower()
    isbn = ISBN.search(lowered)
    if isbn:
        return f"isbn: {isbn.group(0)[:30]}"
    # (the price stands right under the name: the lines are read only when it may be so)
    near = bool(prices(text[:PRICE_CHARS]))
    price = _price_under_heading(page) if near and len(prices(text)) <= MAX_PRICES else ""
    if price:
        return f"price: {price}"
    spoken = PRONUNCIATION.search(text[:600])
    if spoken:
        return f"pronunciation: {spoken.group(0)[:40]}"
    for heading in (page.title, page.h1):
        bracket = YEAR_IN_BRACKETS.search(heading or "")
        if bracket:
            return f"year: {bracket.group(0)}"
    for part in titles[1:]:
        if _is_kind(part):
            return f"kind: {part}"
    for part in titles:
        kind = title_kind(part) or labelled_name(part)[0]
        if kind:
            return f"kind: {kind}"
    start = lowered[:FIRST_CHARS]
    first = _first_line(page, heads) if _has_kind(start) or LENGTH.search(start) else ""
    first = " ".join(word for word in first.split() if "/" not in word)
    lead = " ".join(first.split()[:KIND_LEAD_WORDS]) if first.isascii() else first[:12]
    if first and _has_kind(lead) and (YEAR.search(first) or LENGTH.search(first)):
        return f"kind: {first[:60]}"
    if first and _facts(first):
        return f"facts: {first[:60]}"
    speech = part_of_speech(_first_line(page, heads))
    return f"part of speech: {speech}" if speech else ""


def _facts(line: str) -> bool:
    """A line of a work's facts under its name: its year and its length, in a few words
    between separators ("2019 · Drama · 1 h 44 min", "Roman | 2023 | 312 Seiten")."""
    return (
        len(line.split()) <= FACT_WORDS
        and FACT_SEPARATOR.search(line) is not None
        and WHOLE_YEAR.search(line) is not None
        and LENGTH.search(line) is not None
    )


def _price_under_heading(page: ParsedPage) -> str:
    """The price that stands right under the name: in one of the first lines, before any
    sentence ("Sorry, we couldn't find that page. You may like: Blue kettle $24.00" is no
    product's)."""
    heading = (page.h1 or "").strip()
    for line in first_lines(page, PRICE_LINES):
        price = prices(line)
        if price:
            return price[0]
        line = line.strip()
        if line and line != heading and line[-1] in SENTENCE_ENDS:
            return ""
    return ""


def _is_kind(part: str) -> bool:
    words = [word for word in part.split() if word not in ARTICLES]
    if len(words) == 1 and words[0] in KINDS:
        return True
    return len(part) <= 8 and any(kind == part for kind in KINDS_UNSPACED)


def first_lines(page: ParsedPage, count: int) -> list[str]:
    """The first lines of the main content: its first blocks' text, whatever their length or
    punctuation ("2019 · Drama · 1 h 44 min")."""
    content = main_content(page)
    lines: list[str] = []
    if content is None:
        return lines
    for element in content.iter(*BLOCKS):
        text = " ".join(leading_text(element, LINE_CHARS).split())
        if text:
            lines.append(text)
            if len(lines) >= count:
                break
    return lines


def _has_kind(line: str) -> bool:
    if any(word in KINDS for word in WORD.findall(line)):
        return True
    return not line.isascii() and any(kind in line for kind in KINDS_UNSPACED)


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


def _first_line(page: ParsedPage, heads: tuple[str, str]) -> str:
    """The first line of the content after the heading, lower case."""
    for line in first_lines(page, 4):
        text = normalise(line)
        if not text or text in heads:
            continue
        if len(text.split()) <= FIRST_LINE_WORDS or not text.isascii():
            return text[:200]
        return ""
    return ""


def main_content(page: ParsedPage):
    """The page's main content element (the document when none was told apart)."""
    return page._content if page._content is not None else page.document
