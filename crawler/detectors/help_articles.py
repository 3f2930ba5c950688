# ruff: noqa: RUF001  (words in their own scripts: what is read)
"""A help article named by a message: how a page of a site's help shows that it explains
the denial its heading names ("Accès refusé | Aide", "Access denied - Router FAQ"), not
that it is one.

- Its title names the site's help in a segment of its own: a help word is the segment or
  one of its words ("Router FAQ", "Trung tâm trợ giúp", "مركز المساعدة").
- It asks whether the article helped ("Was this article helpful?", "Cet article vous
  a-t-il aidé ?"): a help article's feedback question, which no error page asks.
- It shows the message in a code block: every word of its heading stands in one <pre> or
  <code> block ("So sieht die Meldung aus:" over "Fehler: Datei /etc/app.conf nicht
  gefunden"): a sample of the message, which an error page prints as its text.
- It says, as a condition, the situation its heading names: every word of the heading
  stands in a sentence that starts with "if" ("If the admin page says access is denied,
  join the main network"): the article tells what to do when it happens.
"""

from __future__ import annotations

import re
from itertools import islice

from gatewatch.crawler.detectors.expired_links import CONDITIONS, SENTENCE_END
from gatewatch.crawler.detectors.text import WORD, normalise
from gatewatch.crawler.lines import leading_text

# the help section of a site, named in a title's segment
HELP_WORDS_LIST = (
    "help", "faq", "faqs", "support", "docs", "documentation", "manual", "guide", "hilfe",
    "handbuch", "aide", "assistance", "ayuda", "soporte", "aiuto", "assistenza", "ajuda",
    "suporte", "hulp", "klantenservice", "pomoc", "помощь", "справка", "довідка", "yardım",
    "hjälp", "hjælp", "hjelp", "ohje", "súgó", "nápověda", "βοήθεια", "مساعدة", "עזרה", "ヘルプ",
    "帮助", "幫助", "도움말", "bantuan", "tutorial", "tutorials", "anleitung", "tutoriel",
    "handleiding", "poradnik", "руководство", "rehber", "チュートリアル", "教程", "튜토리얼",
)  # fmt: skip
HELP_WORDS = frozenset(HELP_WORDS_LIST) | {
    "help center",
    "help centre",
    "knowledge base",
    "trợ giúp",
    "centro de ayuda",
}
# the article a page calls itself, and what its feedback question asks of it
ARTICLE_NOUNS = (
    "article", "artikel", "artículo", "articolo", "artigo", "artykuł", "статья", "статті",
    "makale", "artikkel", "artikeln", "artikkeli", "cikk", "článek", "άρθρο", "مقالة",
    "המאמר", "記事", "文章", "문서", "bài viết", "answer", "antwort", "réponse", "respuesta",
    "risposta", "resposta", "antwoord", "odpowiedź", "ответ",
)  # fmt: skip
HELPED_WORDS = (
    "helpful", "useful", "hilfreich", "geholfen", "aidé", "utile", "útil", "util",
    "nuttig", "geholpen", "pomocn", "przydatn", "полезн", "помогл", "корисн", "yardımcı",
    "hjälpsam", "hjälpte", "nyttig", "hyödyllinen", "hasznos", "užitečn", "χρήσιμ", "مفيد",
    "מועיל", "役に立", "有帮助", "有幫助", "有用", "도움", "hữu ích", "membantu",
)  # fmt: skip
ARTICLE = re.compile("|".join(re.escape(word) for word in ARTICLE_NOUNS))
HELPED = re.compile("|".join(re.escape(word) for word in HELPED_WORDS))
QUESTION_CHARS = 80  # a feedback question is short
QUESTION = re.compile(rf"[^.!?。！？\n]{{0,{QUESTION_CHARS}}}[?？]")
MIN_HEADING_WORDS = 2
MAX_BLOCKS = 20  # code blocks read
BLOCK_CHARS = 500  # of each


def names_help(part: str) -> bool:
    """A title's segment names the site's help: a help word is the segment or one of its
    words (Arabic's article before it: "المساعدة"), or a help phrase stands in it."""
    if part in HELP_WORDS:
        return True
    words = part.split()
    if any(word in HELP_WORDS or word.removeprefix("ال") in HELP_WORDS for word in words):
        return True
    return any(" " in help_word and help_word in part for help_word in HELP_WORDS)


def article_feedback(text: str) -> str:
    """The question a help article asks at its end, whether it helped: a short question
    naming the article (or answer) and its help. `text`: the content, normalised."""
    if "?" not in text and "？" not in text:
        return ""
    for question in QUESTION.finditer(text):
        asked = question.group(0)
        if ARTICLE.search(asked) and HELPED.search(asked):
            return asked.strip()[:60]
    return ""


def restated_as_condition(text: str, heading: str) -> str:
    """The sentence of `text` (the content, normalised) that starts with a condition and
    holds every word of `heading` (normalised, two words or more): the situation the
    heading names, said as the case the article is about."""
    wanted = set(WORD.findall(heading))
    if len(wanted) < MIN_HEADING_WORDS:
        return ""
    for sentence in SENTENCE_END.split(text):
        words = WORD.findall(sentence)
        if words and words[0] in CONDITIONS and wanted <= set(words):
            return sentence[:60]
    return ""


def shown_in_code(content, heading: str) -> str:
    """The code block of `content` (an lxml element, or None) that holds every word of
    `heading` (normalised, two words or more): the message shown as a sample."""
    wanted = set(WORD.findall(heading))
    if content is None or len(wanted) < MIN_HEADING_WORDS:
        return ""
    for block in islice(content.iter("pre", "code"), MAX_BLOCKS):
        text = normalise(leading_text(block, BLOCK_CHARS))
        if wanted <= set(WORD.findall(text)):
            return text[:60]
    return ""
