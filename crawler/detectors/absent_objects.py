# ruff: noqa: RUF001, RUF003  (the words are written in their own scripts)
"""What an application's short message says when it is the page's whole message, by meaning
and in many languages rather than by one program's sentence: that the object asked for does
not exist ("No such entry", "Kein Eintrag gefunden", "Brak takiego wpisu", "L'entrée n'existe
pas", "没有这样的格式项目"), or that the action asked for is switched off ("Command disabled by
the server configuration", "Befehl durch Server-Konfiguration deaktiviert").

A message box often holds its own heading before the message ("Error" / "No such entry
(uid=nobody,ou=People)"): `box_message` takes the heading off (and says the box names an
error) and leaves out the identifier the message names in brackets or after a colon, so that
what is left is the few words that say what happened.
"""

from __future__ import annotations

import re

from gatewatch.crawler.detectors.text import heading_segments, word_starts

# "no such <object>": the negation and "such" in each language, at the start of a word (or
# anywhere in scripts written without spaces). Not "no <object>" alone: "Keine Kommentare",
# "Aucun résultat", "No comments" say a list is empty, not that an object is missing.
NO_SUCH_WORDS = (
    "no such", "there is no such", "kein solch", "keine solch", "keinen solch",
    "geen dergelijk", "aucun tel", "aucune telle", "no hay tal", "no existe tal",
    "no existe ningún", "no existe ninguna", "sem tal", "não há tal", "não existe tal",
    "nessun tale", "nessuna tale", "brak takiego", "brak takiej", "brak takich",
    "nie ma takiego", "nie ma takiej", "nie ma takich", "žádný takový", "žádná taková",
    "žiadny taký", "žiadna taká", "нет такого", "нет такой", "нет таких", "немає такого",
    "немає такої", "немає таких", "няма такъв", "няма такава", "böyle bir", "ingen slik",
    "intet slikt", "ingen sådan", "intet sådant", "inget sådant", "nincs ilyen",
    "δεν υπάρχει τέτοι", "nu există un astfel", "nu există o astfel", "ei tällaista",
    "no hi ha cap", "non hai tal", "necun tal", "nema takv",
    "нема такв", "няма такъв", "няма такава", "няма такова", "няма такога", "nėra tokio",
    "nem létező", "그런",
)  # fmt: skip
NO_SUCH_UNSPACED = (
    "没有这样的", "没有那个", "沒有這樣的", "沒有那個", "没有此", "沒有此", "无此", "無此",
    "そのような",
)  # fmt: skip
# ... and the forms whose words stand apart ("Aucun fichier ou dossier de ce type", "Nessun
# processo corrisponde", "Tokio proceso nėra", "No existe el fichero", "Laitetta ei ole"; the
# forms of glibc's "No such file or directory" and its kin in their catalogs)
NO_SUCH_APART = re.compile(
    r"(?<!\w)(?:aucun\w* (?:\w+ ){1,4}de ce type|nessun\w* (?:\w+ ){1,2}corrisponde"
    r"|tokio (?:\w+ ){1,2}nėra|no existe (?:el|la|ese|esa|este|esta) \w"
    r"|não existe (?:o|a|esse|essa|este|esta) \w|\w+ (?:\w+ ){0,3}ei ole$"
    r"|không có (?:\w+ ){1,6}như vậy)"
)
# "<object> does not exist / was not found", the predicate in each language ("The entry
# (...) does not exist.", "Indgangen findes ikke.", "Tietuetta ei löydetty")
ABSENT_WORDS = (
    "does not exist", "doesn't exist", "not found", "could not be found",
    "existiert nicht", "gibt es nicht", "nicht gefunden", "bestaat niet", "niet gevonden",
    "n'existe pas", "introuvable", "no existe", "no encontrad", "não existe",
    "não encontrad", "inexistente", "non esiste", "non trovat", "nie istnieje",
    "nie znaleziono", "nie odnaleziono", "neexistuje", "nenalezen", "nenájden",
    "не существует", "не найден", "не існує", "не знайден", "не съществува", "не е намерен",
    "mevcut değil", "bulunamadı", "findes ikke", "finnes ikke", "finns inte",
    "eksisterer ikke", "existerar inte", "ikke fundet", "hittades inte", "ei ole olemassa",
    "ei löydetty", "ei löytynyt", "nem létezik", "nem található", "δεν υπάρχει",
    "δεν βρέθηκε", "nu există", "nu a fost găsit", "no existeix", "nepastāv",
    "neegzistuoja", "ne postoji", "nije pronađen", "ne obstaja", "không tồn tại",
    "tidak ditemukan", "pas été trouvé", "non è stato trovat", "não foi encontrad",
    "no se ha encontrado", "no fue encontrad", "ei löydy", "nie został odnalezion",
    "nie została odnalezion", "nie został znalezion", "nie została znalezion",
    "ne ekzistas", "ня йснуе", "не існуе",
    # (Estonian, Basque, Occitan, Catalan, Vietnamese: the forms of "not found" and "does not
    # exist" in their catalogs: avahi's, bash's, PackageKit's, adduser's, appstream's, gtk's)
    "ei leitud", "ei ole olemas", "pole olemas", "ez da aurkitu", "ez dago", "existís pas",
    "pas trobat", "no s'ha trobat", "no es troba", "không tìm thấy",
)  # fmt: skip
ABSENT_UNSPACED = (
    "不存在", "未找到", "未被找到", "找不到", "存在しません", "見つかりません", "존재하지 않",
    "찾을 수 없",
)  # fmt: skip
# "no <object> found" ("No repositories found", "Kein Eintrag gefunden", "Aucun élément
# trouvé"): an empty list on most pages, an absence in an error box only
NONE_FOUND = re.compile(
    r"^(?:no|kein\w*|aucun\w*|ningún|ninguna|nessun\w*|nenhum\w*|geen|ingen|inget|intet)"
    r"(?: \w+){1,3} (?:found|gefunden|trouvée?s?|encontrad\w+|trovat\w|fundet|funnet"
    r"|gevonden|hittades)$"
)
# ... and "there is no <object>" in Japanese ("エントリーがありません"), in an error box
NONE_UNSPACED = re.compile("(?:が|は)(?:ありません|見つかりません|存在しません)$")
NO_SUCH = word_starts(NO_SUCH_WORDS, NO_SUCH_UNSPACED)
ABSENT = word_starts(ABSENT_WORDS, ABSENT_UNSPACED)
# "<command / action / feature> disabled": what the visitor asked to do is switched off for
# them. The subject is an action (not "Notifications are disabled", "JavaScript is
# disabled": a state of the page or the browser, said on healthy pages too).
ACTION_WORDS = (
    "command", "action", "feature", "function", "operation", "befehl", "kommando",
    "aktion", "funktion", "comando", "commande", "acción", "ação", "azione", "fonction",
    "función", "função", "funzione", "opération", "operación", "operação", "operazione",
    "komenda", "polecenie", "funkcja", "команда", "действие", "функция", "операция",
    "дія", "функція", "операція", "komut", "işlem", "příkaz", "príkaz", "funkce", "toiminto",
    "komento", "parancs", "funkció", "commando", "functie", "opdracht", "kommandoen",
    "funksjon", "kommandot", "funktionen",
)  # fmt: skip
ACTION_UNSPACED = ("コマンド", "操作", "機能", "命令", "功能", "명령", "기능")
DISABLED_WORDS = (
    "disabled", "deaktiviert", "désactivé", "deshabilitad", "desactivad", "desabilitad",
    "desativad", "disabilitat", "disattivat", "wyłączon", "отключен", "отключён", "вимкнен",
    "заборонен", "zakázan", "zakázán", "deaktivován", "devre dışı", "iptal edildi",
    "estetty", "poistettu käytöstä", "letiltva", "uitgeschakeld", "avslått", "deaktivert",
    "deaktiveret", "inaktiverad", "avaktiverad", "dezactivat",
)  # fmt: skip
DISABLED_UNSPACED = ("無効", "禁用", "停用", "비활성")
# (the whole word, or its plural: not "functional cookies disabled", a cookie banner's)
ACTION = re.compile(
    r"(?<!\w)(?:"
    + "|".join(map(re.escape, ACTION_WORDS))
    + r")(?:s|e|en|n)?(?!\w)|"
    + "|".join(ACTION_UNSPACED)
)
DISABLED = word_starts(DISABLED_WORDS, DISABLED_UNSPACED)
# "Error" as a box's own heading, in languages the heading lists (phrases.ERROR_HEADING)
# lack
MORE_ERROR_WORDS = (
    "fejl", "hiba", "greška", "eroare", "lỗi", "σφάλμα", "помилка", "грешка", "klaida",
    "kļūda", "viga", "napaka", "kesalahan", "שגיאה", "خطا", "出错", "出錯",
    "errorea", "σφαλμα", "에러",  # (Basque's; Greek in capitals has no accent; Korean's loan)
)  # fmt: skip
# "<object> deleted" as a heading ("Article deleted", "Artikel gelöscht", "Статья удалена",
# "Článok bol vymazaný"): the participle last, after one word naming the object (below) and
# an auxiliary at most. (In scripts without spaces the phrase lists hold it: "記事が削除さ
# れました", "文章已删除".)
DELETED_WORDS = frozenset({
    "deleted", "removed", "gelöscht", "entfernt", "supprimé", "supprimée", "effacé",
    "effacée", "borrado", "borrada", "eliminado", "eliminada", "suprimido", "suprimida",
    "removido", "removida", "excluído", "excluída", "apagado", "apagada", "eliminato",
    "eliminata", "cancellato", "cancellata", "rimosso", "rimossa", "verwijderd", "slettet",
    "fjernet", "raderad", "raderat", "borttagen", "borttaget", "poistettu", "usunięty",
    "usunięta", "usunięte", "smazán", "smazána", "smazáno", "odstraněn", "odstraněna",
    "odstraněno", "vymazaný", "vymazaná", "vymazané", "odstránený", "odstránená", "удален",
    "удалена", "удалено", "удалён", "видалено", "видалений", "видалена", "törölve", "törölt",
    "șters", "ștearsă", "silindi", "kaldırıldı", "διαγράφηκε", "esborrat", "esborrada",
    "suprimit", "삭제되었습니다", "삭제됨",
})  # fmt: skip
# ... and the object is a page's content: an article, a page, a post, an entry, a document,
# a file, a topic, a message, a resource ("Tattoo removed!", "Gräten entfernt" are no pages)
CONTENT_OBJECTS = frozenset({
    "article", "page", "post", "entry", "item", "document", "file", "topic", "thread",
    "message", "comment", "resource", "artikel", "seite", "beitrag", "eintrag", "dokument",
    "datei", "thema", "nachricht", "kommentar", "ressource", "billet", "entrée", "fichier",
    "sujet", "commentaire", "artículo", "página", "entrada", "documento", "archivo", "tema",
    "mensaje", "comentario", "recurso", "artigo", "postagem", "arquivo", "ficheiro",
    "tópico", "mensagem", "comentário", "articolo", "voce", "pagina", "messaggio",
    "commento", "risorsa", "bericht", "bestand", "onderwerp", "artykuł", "strona", "wpis",
    "plik", "temat", "wiadomość", "komentarz", "zasób", "článek", "stránka", "příspěvek",
    "soubor", "článok", "súbor", "статья", "страница", "запись", "документ", "файл", "тема",
    "сообщение", "комментарий", "ресурс", "стаття", "сторінка", "makale", "sayfa", "yazı",
    "gönderi", "belge", "dosya", "konu", "mesaj", "yorum", "kaynak", "artikkeli", "sivu",
    "viesti", "tiedosto", "cikk", "oldal", "bejegyzés", "fájl", "αρχείο", "άρθρο", "σελίδα",
    "articol", "pagină", "postare", "fișier", "artikkel", "side", "innlegg", "fil", "sida",
    "inlägg", "indlæg", "문서가", "게시물이", "페이지가", "파일이",
})  # fmt: skip
AUXILIARIES = frozenset({
    "is", "was", "has", "been", "ist", "wurde", "est", "a", "été", "fue", "ha", "sido", "foi",
    "è", "stato", "stata", "werd", "er", "blev", "har", "blivit", "on", "został", "została",
    "bol", "bola", "byl", "byla", "был", "была", "было", "був", "була", "fost",
})  # fmt: skip
DELETED_HEADING_WORDS = 4
ONE_STATEMENT_CHARS = 60  # a main content this long at most is one statement (CJK: a line)
MESSAGE_WORDS = 8  # a message this long at most, its identifier left out
# ... or this long, in one sentence, when the box leads it with its own "Error" heading: it
# says the message is an error's ("ERROR - E-mail address x@y was not found in list garden.")
LED_MESSAGE_WORDS = 12
# "<object> not found" said first, impersonally, of one object named after it (the forms of
# PackageKit's, apt's and Linux-PAM's catalogs; not "No se encontraron resultados": plural)
IMPERSONAL_NOT_FOUND = re.compile(
    r"^(?:no se (?:encontró|ha encontrado|pudo encontrar)|non se (?:atopou|puido atopar)"
    r"|no s'ha (?:trobat|pogut trobar)|no es troba) (?:el|la|l'|lo|o|a)\b"
)
SENTENCE_BREAK = re.compile(r"[.!?。！？]\s+\S")
# an identifier the message names: in brackets, in quotes, or after a colon at its end
BRACKETED = re.compile(r"\s*[(\[{（][^()\[\]{}（）]{0,300}[)\]}）]")
QUOTED = re.compile(r"\s*(?<!\w)[\"'«“„‘][^\"'«»“”„‘’]{0,120}[\"'»”’](?!\w)")  # (not "L'entrée")
AFTER_COLON = re.compile(r"\s*[:：]\s*\S{1,80}\s*[.。]?\s*$")


def box_message(text: str, error_words: tuple[str, ...]) -> tuple[str, bool]:
    """A box's message without its leading error word ("Error", "Fehler", "出错") and without
    the identifier it names; and whether it led with an error word."""
    lowered = text.lower()
    led = False
    for word in (*error_words, *MORE_ERROR_WORDS):
        if lowered.startswith(word) and _heads(text[len(word) :]):
            text, led = text[len(word) :].lstrip(" :："), True
            break
    # (and the dash that may part it from the message: "ERROR (review) - Access refused.")
    return without_identifier(text).lstrip("-–— ").strip(), led


def _heads(rest: str) -> bool:
    """The error word is a heading of its own: a colon follows it, or a new sentence (a
    capital, a bracket, a script without capitals: "Error No such entry", "エラー スキーマ"),
    not the rest of a sentence ("Error in chapter 3: ...")."""
    if rest[:1] in (":", "：", "（"):  # (or the action it names, in brackets: "错误（review）")
        return True
    if rest[:1] != " " or len(rest) < 2:
        return False
    first = rest[1]
    return first.isupper() or not first.isalpha() or first.lower() == first.upper()


def without_identifier(text: str) -> str:
    """The words of a message less the object it names: "No such entry (uid=nobody,...)" is
    "No such entry", 'Skemaet findes ikke: "nosuchattr"' is "Skemaet findes ikke"."""
    text = BRACKETED.sub("", text)
    text = QUOTED.sub("", text)
    return AFTER_COLON.sub("", text).strip().rstrip(":：").rstrip()


def says_absent(message: str, max_words: int = MESSAGE_WORDS) -> str | None:
    """The words by which a short message says its object does not exist, or None. A
    message longer than MESSAGE_WORDS (a box's that its "Error" heading leads) may say it
    first, in the impersonal form Spanish, Galician and Catalan give "<object> not found"
    ("No se encontró la carpeta", "Non se atopou o ficheiro", "No s'ha trobat el paquet")."""
    if not message or len(message.split()) > max_words:
        return None
    if max_words > MESSAGE_WORDS and SENTENCE_BREAK.search(message):
        return None  # (the longer message is one sentence)
    lowered = message.lower().rstrip(" .!。")
    impersonal = max_words > MESSAGE_WORDS and IMPERSONAL_NOT_FOUND.match(lowered)
    if impersonal:
        return impersonal.group(0)
    found = NO_SUCH.search(lowered) or NO_SUCH_APART.search(lowered)
    if found is None:
        # the predicate after its subject ("La tabla no existe"): at the start it says a list
        # is empty ("No existen tablas.", "Not found any items")
        found = ABSENT.search(lowered, 1)
    return found.group(0) if found else None


def says_disabled(message: str) -> str | None:
    """The words by which a message says, in its first words, that the action asked for is
    switched off ("Command disabled by the server configuration. The command could not be
    run"), or None."""
    lowered = " ".join(message.lower().split()[:MESSAGE_WORDS])
    action, disabled = ACTION.search(lowered), DISABLED.search(lowered)
    if action is None or disabled is None:
        return None
    return f"{action.group(0)} ... {disabled.group(0)}"


def deleted_heading(heading: str | None) -> str | None:
    """A title or h1 segment "<object> deleted", in a language: the segment, or None."""
    for part in heading_segments(heading):
        words = part.words
        if not 2 <= len(words) <= DELETED_HEADING_WORDS or words[-1] not in DELETED_WORDS:
            continue
        naming = [word for word in words[:-1] if word not in AUXILIARIES]
        # (the object named in one word, a page's content: not "Wisdom Teeth Removed")
        if len(naming) == 1 and naming[0] in CONTENT_OBJECTS:
            return part.text
    return None


def says_none_found(message: str) -> str | None:
    """ "No <object> found" in a language, or "<object>がありません": the words, or None. (Said
    in an error box: elsewhere it is an empty list.)"""
    text = " ".join(re.findall(r"\w+", message.lower()))
    if NONE_FOUND.match(text):
        return text
    unspaced = NONE_UNSPACED.search(message.strip().rstrip("。."))
    return unspaced.group(0) if unspaced else None


def one_absence(page) -> bool:
    """The page's main content is one short statement, no question, that its object does
    not exist ("There is no such module installed.", "GRAFIKS NEPASTĀV")."""
    text = page.main_text
    if page.main_word_count > MESSAGE_WORDS or len(text) > ONE_STATEMENT_CHARS:
        return False
    return "?" not in text and says_absent(without_identifier(text)) is not None
