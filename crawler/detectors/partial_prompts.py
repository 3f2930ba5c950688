# ruff: noqa: RUF001, RUF002  (the words are written in their own scripts)
"""A request to sign in, or a denial, that concerns one action on a page that shows its own
content: the page is healthy, the request is an aside (healthy_context.py's sibling).

A login wall's main content is the request to sign in (and a form or a link) and little
else; an access-denied page shows nothing of the thing denied. A product page that says
"Please sign in to see member prices" beside its name, price and description, a recipe
that says "Vous devez être connecté pour noter cette recette" above its ingredients, a
cart that says 您尚未登录 above its items, a document shown read-only under "No tienes
permiso para editar esta hoja" are the pages they are about.

So ``login_wording`` is taken back when every sign-in request of the content's lead is an
aside and the content says enough of its own beside them:

- an aside names a partial action, a purpose that is not the page itself ("to comment",
  "um Händlerpreise zu sehen", "pour noter", "para comentar", "aby zobaczyć numer
  telefonu", "için", "会員価格を見るには", "登录后使用"); or it states the session and asks
  nothing ("You are not logged in.", "Du bist nicht eingeloggt.", "您尚未登录。");
- a request that names the page, its content, going on or getting in ("to view this page",
  "to continue", "auf diese Seite zuzugreifen") or the credentials ("with your username and
  password") is the wall's own message: the page stays flagged;
- the content's own words: its text outside the title and h1, links, buttons, forms and the
  requests themselves, less its sentences about getting in, an account or members (a
  wall's talk: "This service is only open to registered members"), OWN_WORDS at least, or
  PRICED_WORDS with a price among them (a cart: "三体 ¥ 39"); four characters of Chinese,
  Japanese or Korean count as one word. A bare request ("Please sign in.", "Bitte melden
  Sie sich an.") is an aside only beside OWN_PROSE_WORDS of the page's own (an article);
  and a sentence of its own that asks to get in ("To read this wiki you need an account")
  keeps the page flagged. A stated session, which asks nothing, is an aside also beside
  PRICED_WORDS and a button of the page's own ("Neues Spiel": not a sign-in or sign-up).
  Where the phrase lists hold no request, the requests are the sign-in words that
  sign_in_required read in the evidence ("nicht ... angemeldet: sie sind nicht angemeldet.").

``permission_denied`` is taken back when the denied action changes the thing shown (edit,
delete, upload: "Sie haben keine Berechtigung, sie zu bearbeiten") and the content says
enough of its own beside the denial, or when the permission is a device's, which the
browser grants (a camera, a microphone, a location: カメラへのアクセス権限がありません).

A help page (its title names the site's help) whose heading asks a question ("Why do I
have to log in again? - Help Center") answers it: its requests are explained, not made.

Why is recorded under ``partial_prompt``. Read only on pages where one of the two codes was
found (a few pages of a crawl).
"""

from __future__ import annotations

import re
import unicodedata
from itertools import islice

import lxml.etree

from gatewatch.crawler.detectors.healthy_context import HELP_WORDS, WORDING
from gatewatch.crawler.detectors.named_works import CURRENCY_SIGNS, main_content
from gatewatch.crawler.detectors.settings import Matchers
from gatewatch.crawler.detectors.sign_in_required import SIGN_IN
from gatewatch.crawler.detectors.text import (
    QUESTION,
    WORD,
    Text,
    counted_words,
    normalise,
    segments,
)
from gatewatch.crawler.lines import leading_text
from gatewatch.crawler.parse import ParsedPage
from gatewatch.crawler.placement import hides_itself

LEAD_CHARS = 2000  # of the content, where a page's requests to sign in are read
OWN_CHARS = 4000  # of the content's own text, read to count its words
OWN_WORDS = 8  # a page's own content, beside its asides, says this many words at least
OWN_PROSE_WORDS = 25  # ... beside a bare request ("Please sign in."), this many
PRICED_WORDS = 4  # ... or this many, a price among them (a product, a cart: "¥ 39")
PRICE = re.compile(
    rf"[{CURRENCY_SIGNS}]\s?\d|\d\s?(?:[{CURRENCY_SIGNS}]|(?:zł|kr|kč|lei|руб|eur|usd|tl|chf|ron|sek|nok|dkk|pln|czk|huf)(?!\w))"
)
MAX_ELEMENTS = 2000  # of the content walked (a hostile page has millions)
MAX_CONTROLS = 20  # buttons of the content read
LABEL_CHARS = 400  # of a button's text read (a label is a few words)
# signing up: a registration's button ("Sign up", "Registrieren", "S'inscrire")
SIGN_UP = re.compile(r"sign ?up|regist|rejestr|регистр|inscri|kayıt|登録|注册|註冊|가입")
SENTENCE_END = re.compile(r"[.!?;。！？；]")
# what is not the content's own text: its links, buttons and forms, headings said by title
NOT_OWN = frozenset(
    {"a", "button", "form", "select", "label", "textarea", "input", "script", "style",
     "noscript", "template", "h1", "nav", "header", "footer"}
)  # fmt: skip
# other evidence of a wall or an error: the request is then the page's message
WALL_EVIDENCE = (*WORDING, "password_main", "login_identifier", "single_sign_on", "login_heading")


def _pattern(
    stems: tuple[str, ...], words: tuple[str, ...] = (), unspaced: tuple = ()
) -> re.Pattern:
    """Stems at the start of a word, words whole, and unspaced scripts' words anywhere;
    each also decomposed (a page may write "phải" as "pha" and a combining hook)."""
    stems, words = _decomposed_too(stems), _decomposed_too(words)
    parts = []
    if stems:
        parts.append(r"(?<!\w)(?:" + "|".join(map(re.escape, stems)) + ")")
    if words:
        parts.append(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)")
    if unspaced:
        parts.append("|".join(map(re.escape, unspaced)))
    return re.compile("|".join(parts))


def _decomposed_too(words: tuple[str, ...]) -> tuple[str, ...]:
    decomposed = (unicodedata.normalize("NFD", word) for word in words)
    return (*words, *(word for word in decomposed if word not in words))


# the page itself, its content, its site: what a wall asks to sign in for
PAGE = _pattern(
    ("page", "site", "website", "content", "resource", "portal", "seite", "inhalt",
     "bereich", "ressource", "contenu", "rubrique", "página", "sitio", "contenido",
     "recurso", "pagina", "contenut", "risors", "conteúdo", "inhoud", "stron", "witryn",
     "treś", "zasob", "страниц", "сайт", "содержим", "контент", "ресурс", "раздел",
     "сторінк", "вміст", "sayfa", "içerik", "webbplats", "innehåll", "innhold", "indhold",
     "nettsted", "stránk", "obsah", "sivu", "sisältö", "oldal", "tartalom", "pagin",
     "conținut", "σελίδ", "περιεχόμεν", "pàgin"),
    ("area", "section", "system", "dashboard", "sida", "sidan", "siden", "side", "sidor",
     "trang"),
    ("ページ", "コンテンツ", "サイト", "页面", "頁面", "本页", "此页", "网站", "網站", "内容",
     "內容", "페이지", "콘텐츠", "사이트"),
)  # fmt: skip
# going on, getting in: what a wall's request is for ("to continue", "zuzugreifen")
ENTRY = _pattern(
    ("continu", "proceed", "access", "weiter", "fortfahr", "fortzufahr", "zugreif",
     "zuzugreif", "zugriff", "zugang", "poursuiv", "accéd", "accès", "acced", "acces",
     "prosegu", "doorga", "toegang", "kontynu", "dostęp", "продолж", "доступ", "devam",
     "eriş", "fortsätt", "åtkomst", "tillgång", "fortsett", "fortsæt", "tilgang", "adgang",
     "pokrač", "přístup", "jatka", "pääsy", "folytat", "hozzáfér", "συνέχ", "πρόσβασ"),
    ("enter",),
    ("続行", "続け", "アクセス", "继续", "繼續", "访问", "訪問", "계속", "접근", "액세스"),
)  # fmt: skip
# reading on: the rest of an article the page begins ("to continue reading")
READING_ON = re.compile(
    r"continue reading|keep reading|read the (?:rest|full)|weiter ?lesen|lire la suite"
    r"|continuer (?:la lecture|à lire)|seguir leyendo|continuar (?:leyendo|lendo|a ler)"
    r"|continuare a leggere|verder lezen|czyta[ćj] dalej|читать (?:дальше|далее)"
    r"|okumaya devam|fortsätta läsa|lese videre|læse videre|続きを読|继续阅读|繼續閱讀|계속 읽"
)
# the credentials: how to sign in, the wall's own explanation
CREDENTIALS = _pattern(
    ("password", "passwort", "kennwort", "benutzername", "zugangsdaten", "credential",
     "contraseñ", "credenzial", "credencia", "wachtwoord", "gebruikersnaam", "hasł",
     "пароль", "пароля", "учетн", "учётн", "şifre", "parola", "kullanıcı adı", "lösenord",
     "användarnamn", "passord", "brukernavn", "adgangskode", "salasan", "käyttäjätunnu",
     "jelszó", "felhasználónév", "parol", "κωδικ", "slaptažod"),
    ("username", "user name", "account", "konto", "mot de passe", "identifiant", "compte",
     "usuario", "cuenta", "nome utente", "senha", "usuário", "conta", "heslo", "účet",
     "cont", "имя пользователя", "hesap", "hesabınız", "vardą"),
    ("パスワード", "ユーザー名", "アカウント", "密码", "密碼", "用户名", "帐号", "账号",
     "帳號", "비밀번호", "아이디", "계정"),
)  # fmt: skip
# members, registration, subscribers: what a wall says of who may get in
MEMBERS = _pattern(
    ("member", "mitglied", "membre", "miembro", "membro", "członk", "участник", "üye",
     "medlem", "jäsen", "člen", "registered", "registriert", "inscrit", "registrad",
     "registrat", "geregistreerd", "zarejestrow", "зарегистр", "kayıtlı", "registrerad",
     "subscri", "abonn", "suscri", "abbonat", "assinante", "prenumer", "подписчик"),
    (),
    ("会員", "会员", "會員", "회원", "订阅", "訂閱", "購読", "登録", "注册", "註冊"),
)  # fmt: skip
# a purpose, followed by the action (spaced scripts: a word after it)
PURPOSE_WORDS = frozenset(
    {"to", "um", "zu", "damit", "pour", "afin", "para", "per", "om", "aby", "żeby", "by",
     "чтобы", "для", "щоб", "için", "att", "å", "at", "abyste", "pro", "pre", "jotta",
     "hogy", "pentru", "να"}
)  # fmt: skip
POSTPOSITIONS = frozenset({"için", "diye"})  # the action before them ("eklemek için")
# the request's own verb after a purpose word: "to log in", "um sich anzumelden", "pour vous
# connecter", "para iniciar sesión", "om in te loggen", "aby się zalogować", "чтобы войти"
SIGN_IN_VERB = re.compile(
    r"(?:be|se|in|sich|zich|vous|się|te|et)$|log|sign|connect|inici|ident|acced|effettu|faz"
    r"|entr|anmeld|einlogg|zalog|войт|авториз|выполн|giriş|logga|logge|authent|autent|přihl"
    r"|kirjau|bejelentk|conect"
)
PURPOSE_UNSPACED = re.compile(
    r"[^|]\s*(?:には|ために|ため|と)|(?:后|後|才能|方可|以便|하려면|위해)\s*[^|\s.。]"
)
# a negation: the session stated ("not logged in"), no request
NEGATION = _pattern(
    ("yapmadın", "girmedin", "nejste", "nejsi"),
    ("not", "nicht", "non", "pas", "no", "niet", "nie", "не", "inte", "ikke", "ei", "nem",
     "nu", "ne", "değil", "ste", "không", "chưa", "tidak", "belum"),
    ("未", "没有", "沒有", "ません", "ない", "않", "안 "),
)  # fmt: skip
# a request: please, must, need (a session stated with one of these asks to sign in)
REQUEST = _pattern(
    ("please", "bitte", "veuillez", "merci de", "por favor", "per favore", "si prega",
     "alstublieft", "proszę", "пожалуйста", "lütfen", "vänligen", "vennligst", "prosím",
     "kérjük", "vă rugăm", "παρακαλ", "must", "need", "have to", "required", "müss", "muss",
     "erforderlich", "devez", "doit", "requis", "debe", "necesit", "necesari", "devi",
     "deve", "precisa", "moet", "vereist", "musisz", "należy", "trzeba", "wymagan",
     "необходимо", "нужно", "должн", "требует", "gerek", "måste", "krävs", "skal", "kræver",
     "musíte", "nutné", "täytyy", "kell", "trebuie", "πρέπει", "zorunda", "маєте", "повинн",
     "потрібно", "необхідно", "heu d'", "has de", "heu de"),
    ("phải", "cần", "harus", "perlu"),
    ("ください", "下さい", "请", "請", "必要", "必须", "需要", "須", "세요", "십시오", "필요",
     "해야"),
)  # fmt: skip
# an action that changes the thing shown (a denial of it leaves the thing readable)
CHANGES = _pattern(
    ("edit", "modif", "chang", "delet", "remov", "upload", "rename", "bearbeit", "änder",
     "lösch", "hochlad", "umbenenn", "éditer", "supprim", "téléverser", "editar", "eliminar",
     "borrar", "subir", "modific", "elimin", "cancell", "carica", "alterar", "excluir",
     "bewerk", "wijzig", "verwijder", "upload", "edyt", "zmieni", "usun", "usuwa",
     "редакт", "измен", "удал", "загруж", "düzenle", "değiştir", "sil", "redigera", "ändra",
     "radera", "ta bort", "redigere", "endre", "slette", "ændre", "uprav", "změn", "smaz",
     "odstran", "muokat", "poista", "szerkeszt", "módosít", "töröl", "edita", "șterge",
     "επεξεργ", "διαγρ"),
    (),
    ("編集", "変更", "削除", "编辑", "編輯", "修改", "删除", "刪除", "편집", "수정", "삭제"),
)  # fmt: skip
# a device's permission, which the browser grants: not the page's
DEVICE = _pattern(
    ("camera", "microphone", "webcam", "kamera", "mikrofon", "standort", "caméra",
     "cámara", "micrófono", "ubicación", "fotocamera", "microfono", "câmera", "microfone",
     "microfoon", "камер", "микрофон", "геолокац", "konum"),
    ("micro", "location", "localisation", "géolocalisation", "posizione", "localização", "locatie",
     "lokalizacja", "notifications"),
    ("カメラ", "マイク", "位置情報", "摄像头", "相机", "麦克风", "麥克風", "定位", "카메라",
     "마이크", "위치"),
)  # fmt: skip

WALL_TALK = re.compile("|".join(f"(?:{p.pattern})" for p in (ENTRY, CREDENTIALS, MEMBERS)))


def forget_partial_prompts(page: ParsedPage, found: dict, match: Matchers) -> None:
    """Drop ``login_wording`` or ``permission_denied`` where they are an aside of a page
    that shows its own content; record why under ``partial_prompt``."""
    if any(code in found for code in WALL_EVIDENCE if code != "permission_denied"):
        return
    if "login_wording" in found and "permission_denied" not in found:
        why = _answers_question(page) or _aside_requests(page, match, str(found["login_wording"]))
        if why:
            found.pop("login_wording")
            found["partial_prompt"] = why
    elif "permission_denied" in found and "login_wording" not in found:
        why = _aside_denial(page, str(found["permission_denied"]))
        if why:
            found.pop("permission_denied")
            found["partial_prompt"] = why


def _aside_requests(page: ParsedPage, match: Matchers, evidence: str) -> str:
    """Why every request to sign in of the content's lead is an aside, or "". The requests
    are the phrase lists' or, where they hold none, the sign-in words of a statement that
    sign_in_required read ("nicht ... angemeldet: sie sind nicht angemeldet.")."""
    lead = normalise(page.main_text[: LEAD_CHARS * 2])[:LEAD_CHARS]
    said = Text(lead)
    phrases = {phrase for name, phrase in match.body.search_all(said) if name == "login_required"}
    if not phrases:
        phrases = _statement_words(evidence)
    if not phrases:
        return ""
    lines = [normalise(line) for line in page.short_lines]
    sentences: dict[str, str] = {}
    for phrase in phrases:
        for sentence in _sentences_with(lines, phrase) or _sentences_with([lead], phrase):
            kind = sentences.get(sentence) or _kind(sentence, phrases)
            if kind == "whole page":
                return ""
            sentences[sentence] = kind
    if not sentences:
        return ""
    own, text = _own_words(page, list(sentences))
    if "bare request" in sentences.values():
        enough = own >= OWN_PROSE_WORDS
    else:
        enough = own >= OWN_WORDS or (own >= PRICED_WORDS and PRICE.search(text) is not None)
        if not enough and set(sentences.values()) == {"session stated"}:
            # (a session stated asks nothing: a page that works without it, a game, a quiz,
            # a list kept in the browser, shows a control of its own beside a few words)
            enough = own >= PRICED_WORDS and _own_control(page)
    if not enough or _asks_entry(text):
        return ""
    sentence, kind = next(iter(sentences.items()))
    return f"{kind}: {sentence[:80]} ({own} words of its own)"


def _statement_words(evidence: str) -> set[str]:
    """The sign-in words of sign_in_required's evidence ("cue ... words: sentence", "words:
    sentence" where the words say the negation too: "giriş yapmadınız")."""
    cue, colon, _ = evidence.partition(": ")
    words = cue.rpartition(" ... ")[2].strip()
    return {words} if colon and words else set()


def _answers_question(page: ParsedPage) -> str:
    """A help page (its title names the site's help) whose heading asks a question answers
    it ("Why do I have to log in again? - Help Center"): its requests are explained."""
    titles = segments(page.title or "")
    if not any(HELP_WORDS.intersection(part.split()) or part in HELP_WORDS for part in titles[1:]):
        return ""
    asked = next(
        (h for h in (page.h1, titles[0] if titles else "") if h and QUESTION.search(h)), ""
    )
    return f"a help page answers: {asked[:80]}" if asked else ""


def _sentences_with(lines: list[str], phrase: str) -> list[str]:
    """The sentences of `lines` that say `phrase` (matched word by word: "zaloguj się,
    aby")."""
    words = " ".join(WORD.findall(phrase))
    found = []
    for line in lines:
        for sentence in SENTENCE_END.split(line):
            if phrase in sentence or (words and words in " ".join(WORD.findall(sentence))):
                found.append(sentence.strip())
    return found


def _kind(sentence: str, phrases: set[str]) -> str:
    """What a sentence asking to sign in asks for: "whole page", "partial action",
    "session stated" or "bare request"."""
    words = WORD.findall(sentence)
    inside = _inside(words, phrases)
    rest = " ".join(word for index, word in enumerate(words) if index not in inside)
    if not rest and any(phrase[0] >= "\u2e80" for phrase in phrases):
        rest = sentence
        for phrase in phrases:
            rest = rest.replace(phrase, "|")
    rest = READING_ON.sub(" reading ", rest)
    if PAGE.search(rest) or ENTRY.search(rest) or CREDENTIALS.search(rest):
        return "whole page"
    if _purpose(sentence, words, inside, phrases):
        return "partial action"
    if NEGATION.search(sentence) and not REQUEST.search(sentence):
        return "session stated"
    return "bare request"


def _inside(words: list[str], phrases: set[str]) -> set[int]:
    """Positions of the words that belong to one of the requests."""
    inside: set[int] = set()
    for phrase in phrases:
        phrase_words = WORD.findall(phrase)
        size = len(phrase_words)
        for start in range(len(words) - size + 1):
            if size and words[start : start + size] == phrase_words:
                inside.update(range(start, start + size))
    return inside


def _purpose(sentence: str, words: list[str], inside: set[int], phrases: set[str]) -> bool:
    """A purpose said beside the request, with its action ("to comment", "aby zobaczyć",
    "eklemek için", "会員価格を見るには", "登录后使用"); not the request's own "to log in"
    ("you need to log in", "um sich anzumelden")."""
    outside = [index for index in range(len(words)) if index not in inside]
    for index, word in enumerate(words[:-1]):
        if (
            word in PURPOSE_WORDS
            and not SIGN_IN_VERB.match(words[index + 1])
            and any(later > index for later in outside)
        ):
            return True
        if word in POSTPOSITIONS and index - 1 in outside:
            return True
    rest = sentence
    for phrase in phrases:
        if phrase[0] >= "\u2e80":
            rest = rest.replace(phrase, "|")
    return rest != sentence and PURPOSE_UNSPACED.search(rest) is not None


def _own_control(page: ParsedPage) -> str:
    """The text of a button of the content that does something of the page's own ("Neues
    Spiel", "Submit answers"), not a sign-in, a registration or a way in ("Log in", "Sign
    up", "Continue")."""
    content = main_content(page)
    if content is None:
        return ""
    for button in islice(content.iter("button"), MAX_CONTROLS):
        label = normalise(leading_text(button, LABEL_CHARS))
        if label and not (
            SIGN_IN.search(label) or WALL_TALK.search(label) or SIGN_UP.search(label)
        ):
            return label
    return ""


def _asks_entry(text: str) -> bool:
    """A sentence of the content's own text asks to get in ("To read this wiki you need an
    account"): the wall explains itself."""
    return any(
        REQUEST.search(sentence)
        and (PAGE.search(sentence) or ENTRY.search(sentence) or CREDENTIALS.search(sentence))
        for sentence in SENTENCE_END.split(text)
    )


def _aside_denial(page: ParsedPage, evidence: str) -> str:
    """Why a permission denial is an aside: it names a device's permission, or an action
    that changes the thing shown, beside content of its own."""
    sentence = evidence.split(": ", 1)[-1]
    if DEVICE.search(sentence):
        return f"a device's permission: {sentence[:80]}"
    if not CHANGES.search(sentence) or ENTRY.search(sentence):  # ("edit or access")
        return ""
    own, _ = _own_words(page, [sentence])
    if own < OWN_WORDS:
        return ""
    return f"a change denied: {sentence[:80]} ({own} words of its own)"


def _own_words(page: ParsedPage, sentences: list[str]) -> tuple[int, str]:
    """Words of the content's own text, and that text: outside links, buttons, forms, the
    h1 (and the title said again), navigation, and the given sentences; a sentence about
    getting in, an account or members is a wall's talk, not counted ("This service is only
    open to registered members")."""
    content = main_content(page)
    if content is None:
        return 0, ""
    containers = page._containers
    parts: list[str] = []
    size = 0
    walker = lxml.etree.iterwalk(content, events=("start", "end"))
    for event, element in islice(walker, MAX_ELEMENTS):
        if size > OWN_CHARS:
            break
        if event == "start":
            if not isinstance(element.tag, str):
                continue
            if element is not content and (
                element.tag in NOT_OWN or element in containers or hides_itself(element)
            ):
                walker.skip_subtree()
                continue
            parts.append(element.text or "")
        elif element is not content and isinstance(element.tag, str):
            parts.append(element.tail or "")
        size += len(parts[-1]) if parts else 0
    text = normalise(" ".join(parts))[:OWN_CHARS]
    for heading in (page.h1, page.title):
        if heading:
            text = text.replace(normalise(heading), " ")
    for sentence in sentences:
        text = text.replace(sentence, " ")
    kept = [part for part in SENTENCE_END.split(text) if not WALL_TALK.search(part)]
    return counted_words(WORD.findall(" ".join(kept))), text
