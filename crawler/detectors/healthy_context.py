# ruff: noqa: RUF001, RUF002, RUF003  (quotation marks and dashes: what is read)
"""What a page is when its heading reads like an error message, and is not one.

1. It names a work: a film, a book, a game, a band, a product or an event called
   "Unauthorized", "Forbidden Planet", "Access Denied", "404 Brain Not Found" or 找不到. The
   page says so by its markup (schema.org data of a work, a product or an event naming it, in
   JSON-LD or microdata; an og:type of one: not an article or a web page, which an error
   template declares too) or by what a work's page shows: an ISBN, the price of the one
   thing on sale right under the name, a year in brackets after it ("The Forbidden Kingdom
   (2008)"), a kind of work beside it ("Access denied: a novel", "Accès refusé – roman") or
   said first in the first line with its year or length ("A novel by Jane Roe. 320 pages."),
   a line of its facts ("2019 · Drama · 1 h 44 min"), a pronunciation (a dictionary's
   entry). The words that read like an error are then the work's name: a phrase found only
   inside that name says nothing; a phrase the page says again outside the name ("This
   product is no longer available") still counts, and a heading that speaks of a kind of
   thing ("Book not found", "Produkt nicht gefunden") names none.
2. It explains the message: an article with sections and numbered steps ("Cause",
   "Solution", 1. 2. 3.), a help page that says what the message means ("Permission denied –
   Help": "This message means your account cannot open the file"), a text naming two HTTP
   statuses or more ("Error 401 vs 403", an API's error codes) is documentation of the
   message, not the message.
3. It quotes the message, in a longer heading ("Qué hacer si aparece «Acceso denegado»") or
   inside a sentence of the content (a changelog's 'Fixed: “Page not found” after...'):
   a phrase between quotation marks is mentioned, not said.
   A record about the error quotes it too: an error tracker's issue page (its events,
   users, first and last seen), a status page's incident (Investigating, Resolved;
   what it affected): two fields of a record labelled in the content (error_records.py).
4. It is a search page (its title or h1 says so): what its content does not find is an empty
   result, which gatewatch does not flag; and where its heading counts the results it found
   ("3 résultats trouvés, 1 produit non trouvé"), a "not found" in it is about one of them.

`forget_mentions(page, found)` drops, from the observations of one page, the wording codes
these explain, and records why under ``names_work``, ``explains_message``,
``quotes_message``, ``empty_search`` or ``search_results``. It reads the page only when a
wording code was found (a few pages of a crawl), so it costs nothing on the others.
"""

from __future__ import annotations

import re
from itertools import islice

from gatewatch.crawler.detectors.error_records import answers, record_fields
from gatewatch.crawler.detectors.named_works import TEXT_CHARS, main_content, work_names
from gatewatch.crawler.detectors.text import WORD, counted_words, normalise, segments
from gatewatch.crawler.detectors.work_kinds import labelled_name
from gatewatch.crawler.lines import leading_text
from gatewatch.crawler.parse import ParsedPage

# the codes by which a page says, in words or a status code, that it is an error or a wall
WORDING = (
    "heading_not_found", "heading_not_found_words", "content_not_found", "box_not_found",
    "message_not_found", "access_denied", "access_denied_text", "box_access_denied",
    "message_access_denied", "permission_denied", "auth_required", "message_auth_required",
    "code_not_found", "code_forbidden", "code_unauthorized",
)  # fmt: skip
NOT_FOUND = (
    "heading_not_found_words", "content_not_found", "box_not_found", "message_not_found",
)  # fmt: skip
WHERE = re.compile(r"^(?:title|h1(?: #\d+)?|text|box [^:]*|[\w-]+):\s+")


# the help section of a site, named in a title's segment
HELP_WORDS_LIST = (
    "help", "faq", "faqs", "support", "docs", "documentation", "manual", "guide", "hilfe",
    "handbuch", "aide", "assistance", "ayuda", "soporte", "aiuto", "assistenza", "ajuda",
    "suporte", "hulp", "klantenservice", "pomoc", "помощь", "справка", "довідка", "yardım",
    "hjälp", "hjælp", "hjelp", "ohje", "súgó", "nápověda", "βοήθεια", "مساعدة", "עזרה", "ヘルプ",
    "帮助", "幫助", "도움말", "bantuan",
)  # fmt: skip
HELP_WORDS = frozenset(HELP_WORDS_LIST) | {
    "help center",
    "help centre",
    "knowledge base",
    "trợ giúp",
    "centro de ayuda",
}


def _unspaced(word: str) -> bool:
    return word[0] >= "\u2e80"


# the message a help page explains, named as such
MESSAGE_NOUNS = (
    "message", "meldung", "nachricht", "mensaje", "messaggio", "mensagem", "melding",
    "komunikat", "сообщени", "повідомлен", "mesaj", "meddelande", "besked", "viesti",
    "üzenet", "zpráv", "μήνυμα", "رسالة", "הודעה", "メッセージ", "消息", "提示", "메시지",
    "thông báo", "pesan",
)  # fmt: skip
MESSAGE_NOUN = re.compile(
    r"(?<!\w)(?:\w*meldung|\w*melding|"
    + "|".join(re.escape(word) for word in MESSAGE_NOUNS if not _unspaced(word))
    + ")|"
    + "|".join(re.escape(word) for word in MESSAGE_NOUNS if _unspaced(word))
)
# what a help page says of the message: what it means, when it appears ("This message means
# your account cannot open the file"); not a 403's "if you think this message is an error"
MEANS_WORDS = (
    "means", "appears", "is shown", "is displayed", "indicates", "occurs", "bedeutet",
    "erscheint", "wird angezeigt", "signifie", "apparaît", "s'affiche", "indique", "significa",
    "aparece", "indica", "appare", "betekent", "verschijnt", "oznacza", "pojawia", "означает",
    "появляется", "означає", "з'являється", "anlamına", "görünür", "betyder", "visas", "vises",
    "tarkoittaa", "näkyy", "jelenti", "megjelenik", "znamená", "zobrazí", "σημαίνει",
    "εμφανίζεται", "يعني", "تظهر", "פירושה", "מופיעה", "意味", "表示され", "意味着", "表示",
    "出现", "出現", "의미", "표시", "nghĩa là", "xuất hiện", "berarti", "muncul",
)  # fmt: skip
MEANS = re.compile("|".join(re.escape(word) for word in MEANS_WORDS))
MEANS_CHARS = 40  # after the message noun
QUOTED = re.compile(
    r'["«„「『‹]\s*([^"«»„「」『』‹›]{2,80}?)\s*["»“」』›]'
    r"|(?<!\w)'([^']{2,80}?)'(?!\w)"  # (not an apostrophe: "can't ... won't")
)
QUOTE_MARK = re.compile("[\"'«„「『‹]")
# a line of source code, not a step: braces, a statement's end, a variable, a method call, a
# call or declaration ("gone(): Response"), a comment, a declaration's first word
CODE_LINE = re.compile(
    r"[{};$]|->|::|\w\(|^(?://|/\*|\*/?|#)"
    r"|^(?:public|private|protected|abstract|static|final|class|def|function|import|package)\s"
)
# a status line ("404 not found", "410 gone"): quoted by an error page, it is the page's own
STATUS_LINE = re.compile(r"^[45]\d\d\s+\w")
MIN_WORDS_OUTSIDE_QUOTES = 2
# an article that explains: subheadings and numbered steps, at least (an error page may show
# one heading over its list of what to try: "What you can do", 1. 2. 3.)
SECTIONS_AND_STEPS = ((2, 2),)
OUTLINE = ("h2", "h3", "h4", "dt", "summary", "ol")
MAX_ELEMENTS = 400  # of the outline or the code blocks read (a hostile page has millions)
MAX_ITEMS = 400  # numbered lists' items read, all lists together
ITEM_CHARS = 300  # of an item's text read
CODE_CHARS = 2000  # of a code block's text read
# HTTP statuses a text about them names (two or more of them: a reference, an article); not
# a stack trace's line number
STATUS_CODES = re.compile(
    r"(?<![\w.,/:-])(?<!line )(?<!port )"
    r"(30[1278]|40[0-9]|41[0-8]|42[2689]|451|50[0-4])(?![\w/-]|[.,:]\d)"
)
SENTENCE_END = re.compile(r"[.!?。！？\n]")
MIN_WORDS_BESIDE_QUOTE = 3
# a page of search results, named so by its title or h1
SEARCH_WORDS = (
    "search", "suche", "suchergebnis", "suchergebnisse", "recherche", "búsqueda", "busqueda",
    "resultados", "ricerca", "risultati", "pesquisa", "zoeken", "zoekresultaten", "szukaj",
    "wyniki",
    "поиск", "результаты поиска", "пошук", "arama", "sök", "søg", "haku", "keresés",
    "hledání", "αναζήτηση", "بحث", "חיפוש", "検索", "搜索", "搜尋", "검색", "tìm kiếm",
    "pencarian", "căutare", "cautare", "rezultate",
)  # fmt: skip
SEARCH = re.compile(
    r"(?<!\w)(?:"
    + "|".join(re.escape(w) for w in SEARCH_WORDS if not _unspaced(w))
    + r")(?![^\W\d_])|"  # (not "Searchlight Pictures")
    + "|".join(re.escape(w) for w in SEARCH_WORDS if _unspaced(w))
)

# a search heading that counts what it found ("3 résultats trouvés", "12 results", "5 Treffer",
# "検索結果 3件"): its results are listed, a "not found" in it is about one of them
RESULTS_FOUND = re.compile(
    r"(?<![\d.,])[1-9]\d*\s*(?:results?|résultats?|resultados?|risultati|resultaten"
    r"|ergebnisse?|treffer|wynik\w*|результат\w*|sonuç|träffar|treff|hits|výsled\w*"
    r"|tulos\w*|találat\w*|rezultat\w*|件|个结果|個結果|개)"
)
# ... or that says its results follow ("Results for 'mixer'", "Rezultate pentru „mixer”")
RESULTS_FOR = re.compile(
    r"(?<!\w)(?:results?|résultats?|resultados?|risultati|ergebnisse|resultaten|rezultate"
    r"|wyniki|результаты|výsledky) (?:for|pour|para|per|für|voor|pentru|dla|для|pro)(?!\w)"
)
NOT_FOUND_SAID = ("heading_not_found", *NOT_FOUND)


def forget_mentions(page: ParsedPage, found: dict) -> None:
    """Drop the wording codes a work's name, a help page or a quotation explains."""
    said = [code for code in WORDING if code in found]
    if not said:
        return
    text = normalise(page.main_text[:TEXT_CHARS])
    headings = (normalise(page.title), normalise(page.h1))
    said = _forget_quotes(page, found, said, text, headings)
    if not said:
        return
    explained = explains_message(page, text) or documents_codes(page, text, headings[0])
    if explained:
        for code in said:
            found.pop(code)
        found["explains_message"] = explained
        return
    searched = search_heading(headings)
    if searched:
        counted = RESULTS_FOUND.search(searched) or next(
            filter(None, map(RESULTS_FOR.search, headings)), None
        )
        for code in said:
            if counted and code in NOT_FOUND_SAID:
                found.pop(code)  # "3 résultats trouvés, 1 produit non trouvé"
                found["search_results"] = counted.group(0)
            elif code in NOT_FOUND and normalise(_phrase(found[code])) not in searched:
                found.pop(code)
                found["empty_search"] = searched
        said = [code for code in said if code in found]
    names, saying, why = work_names(page, headings)
    if not names:
        return
    rest = _outside(text, saying)
    labelled = _labelled_names(page.title) if "title: " in str(found.values()) else []
    for code in said:
        phrase = normalise(_phrase(found[code]))
        if phrase and any(phrase in name for name in names) and phrase not in rest:
            found.pop(code)
            found["names_work"] = why
        elif str(found[code]).startswith("title: ") and _inside(phrase, labelled):
            found.pop(code)  # "寻物启事：找不到的钱包": part of a notice's name
            found["names_work"] = why


def _labelled_names(title: str | None) -> list[str]:
    """The names of the title's segments that say a kind first ("寻物启事：找不到的钱包")."""
    return [name for part in segments(title or "") for name in labelled_name(part)[1:] if name]


def _inside(phrase: str, names: list[str]) -> bool:
    """The phrase is a part of a longer name: the title names the thing, it says no message
    (what the content says again is read by the content's own codes)."""
    return bool(phrase) and any(phrase in name and phrase != name for name in names)


def _forget_quotes(
    page: ParsedPage, found: dict, said: list[str], text: str, headings: tuple[str, str]
):
    """Drop the codes of phrases the page quotes, or all of them where the page is a record
    about the error (an error tracker's issue, a status page's incident) or a question with
    its answers (a Q&A site's); the codes left."""
    quoting = [heading for heading in headings if QUOTE_MARK.search(heading)]
    for code in said:
        phrase = _phrase(found[code])
        if "error_heading" in found and (
            said_unquoted(headings, phrase) or STATUS_LINE.match(normalise(phrase))
        ):
            continue  # "An Error Occurred: Gone" says it; its text quotes its "410 Gone"
        why = quoted_in_heading(quoting, phrase) or quoted_in_text(text, phrase)
        if why:
            found.pop(code)
            found.setdefault("quotes_message", why)
    said = [code for code in said if code in found]
    fields = record_fields(text) if said else []
    answered = answers(main_content(page)) if said and not fields else 0
    if fields or answered:
        for code in said:
            found.pop(code)
        found["quotes_message"] = (
            f"record: {', '.join(fields[:4])}" if fields else f"question with {answered} answers"
        )
        return []
    return said


def _phrase(evidence: object) -> str:
    text = str(evidence)
    return WHERE.sub("", text, count=1) if ": " in text else text


def _outside(text: str, names: list[str]) -> str:
    for name in sorted(names, key=len, reverse=True):
        if len(name) > 2:
            text = text.replace(name, " ")
    return text


def explains_message(page: ParsedPage, text: str) -> str:
    """Why the page is documentation of a message: sections and numbered steps, or a help
    page (its title names the site's help) that names the message it explains. `text`: the
    content, normalised."""
    content = main_content(page)
    if content is not None:
        sections = steps = 0
        items_left = MAX_ITEMS
        for element in islice(content.iter(*OUTLINE), MAX_ELEMENTS):
            if element.tag == "ol":
                items = list(islice(element.iterchildren("li"), items_left))
                items_left -= len(items)
                steps = max(steps, prose_items(items))
            else:
                sections += 1
        if any(sections >= least and steps >= most for least, most in SECTIONS_AND_STEPS):
            return f"{sections} sections, {steps} steps"
    titles = segments(page.title or "")
    if any(part in HELP_WORDS for part in titles[1:]):
        rest = text
        for heading in (page.h1, page.title):
            rest = rest.replace(normalise(heading), " ", 1)
        for noun in MESSAGE_NOUN.finditer(rest):
            said = MEANS.search(rest, noun.end(), noun.end() + MEANS_CHARS)
            if said:
                return f"help page: {rest[noun.start() : said.end()][:60]}"
    return ""


def said_unquoted(headings: tuple[str, str], phrase: str) -> bool:
    """The title or h1 (normalised) says the phrase itself, outside quotation marks: the
    page states the message (Symfony's "An Error Occurred: Not Found", whose text then
    quotes the status line), it does not quote it."""
    phrase = normalise(phrase)
    if not phrase:
        return False
    for heading in headings:
        bare = QUOTED.sub(" ", heading) if QUOTE_MARK.search(heading) else heading
        if phrase in bare:
            return True
    return False


def prose_items(items: list) -> int:
    """The items of a numbered list (its <li> elements) that read as steps: a source
    listing's numbered lines (an exception page's code excerpt: braces, semicolons, `$`,
    `->`) are no steps."""
    texts = [" ".join(leading_text(item, ITEM_CHARS).split()) for item in items]
    return sum(1 for text in texts if text and not CODE_LINE.search(text))


def quoted_in_heading(headings: list[str], phrase: str) -> str:
    """The heading (of the normalised `headings`) that quotes the phrase among words of its
    own."""
    phrase = normalise(phrase) if headings else ""
    if not phrase:
        return ""
    for text in headings:
        for quote in QUOTED.finditer(text):
            if phrase not in (quote.group(1) or quote.group(2)):
                continue
            outside = (text[: quote.start()] + " " + text[quote.end() :]).split()
            if len(outside) >= MIN_WORDS_OUTSIDE_QUOTES:
                return text[:120]
    return ""


def documents_codes(page: ParsedPage, text: str, title: str) -> str:
    """The title and the prose (not its code blocks: a stack trace's line 415) name two HTTP
    statuses or more: a reference or an article about them ("Error 401 vs 403"). `text`
    and `title` are normalised."""
    if len(set(STATUS_CODES.findall(f"{title} {text}"))) < 2:
        return ""
    content = main_content(page)
    if content is not None:
        for block in islice(content.iter("pre", "code"), MAX_ELEMENTS):
            text = text.replace(normalise(leading_text(block, CODE_CHARS)), " ")
    codes = sorted(set(STATUS_CODES.findall(f"{title} {text}")))
    return f"names statuses {', '.join(codes[:4])}" if len(codes) > 1 else ""


def quoted_in_text(text: str, phrase: str) -> str:
    """The content (`text`, normalised) says the phrase only between quotation marks, inside
    sentences of its own ("Nach einem Deployment lieferte das CDN „Nicht gefunden“")."""
    phrase = normalise(phrase)
    if not phrase or phrase not in text or not QUOTE_MARK.search(text):
        return ""
    quotes = list(QUOTED.finditer(text))
    start = text.find(phrase)
    while start >= 0:
        end = start + len(phrase)
        quote = next((q for q in quotes if q.start() < start and end < q.end()), None)
        if quote is None or _words_beside(text, quote) < MIN_WORDS_BESIDE_QUOTE:
            return ""
        start = text.find(phrase, end)
    return f"quoted: {phrase[:60]}"


def _words_beside(text: str, quote: re.Match) -> int:
    """Words of the quote's sentence outside it (four characters of CJK count as one)."""
    before = SENTENCE_END.split(text[max(0, quote.start() - 200) : quote.start()])[-1]
    after = SENTENCE_END.split(text[quote.end() : quote.end() + 200])[0]
    return counted_words(WORD.findall(f"{before} {after}"))


def search_heading(headings: tuple[str, ...]) -> str:
    """The title or h1 (normalised) names a search ("Search results for 'zxqv'",
    「…」の検索結果): what its content does not find is the search's result, an empty one, not
    a missing page."""
    return next((text for text in headings if text and SEARCH.search(text)), "")
