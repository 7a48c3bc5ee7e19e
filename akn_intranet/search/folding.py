"""One way of spelling for index and query: "Jüchen", "Juechen" and "JÜCHEN" become "juechen", "Straße" and
"Strasse" become "strasse"; a word written with an umlaut is also indexed with the plain vowel ("juchen"),
so a search typed without umlauts finds it too. Snippets are cut from the text as written."""

import re
import unicodedata
from functools import lru_cache

from markupsafe import Markup, escape

WORD = re.compile(r"\w+")
TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
PLAIN_VOWELS = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})
MAX_TERMS = 8  # a query of more words is no search but a pasted text: the first words decide
SNIPPET_WORDS = 30
STEM_MIN = 4  # a hit word may be shorter than the term by its ending ("Straße" for "Straßen"), if this long


def _strip_accents(text: str) -> str:
    """é → e, ç → c …: what remains after the umlauts are spelt out."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """The spelling the index and the query share: lower case, umlauts and ß spelt out, accents off."""
    return _strip_accents(unicodedata.normalize("NFC", text).lower().translate(TRANSLITERATION))


def _plain(word: str) -> str:
    return _strip_accents(unicodedata.normalize("NFC", word).lower().translate(PLAIN_VOWELS))


def index_terms(text: str) -> str:
    """The words to index for ``text``: its folded form, then the plain-vowel form of each umlaut word."""
    folded = fold(text)
    variants = {_plain(word) for word in WORD.findall(text)} - set(WORD.findall(folded))
    return f"{folded} {' '.join(sorted(variants))}" if variants else folded


def query_terms(query: str) -> list[str]:
    """The folded words of a query, in order, without repetition, at most ``MAX_TERMS``."""
    return list(dict.fromkeys(WORD.findall(fold(query))))[:MAX_TERMS]


@lru_cache(maxsize=16384)
def _is_hit(word: str, terms: tuple[str, ...]) -> bool:
    """Whether a word of the text answers one of the terms: by prefix (the last word is typed on), or as a
    shorter form of it (PostgreSQL's stemming finds "Straße" for "Straßen"). The same words recur in every
    snippet of a page: each is decided once."""
    forms = {fold(word), _plain(word)}
    return any(
        form.startswith(term) or (len(form) >= STEM_MIN and term.startswith(form))
        for form in forms
        for term in terms
    )


def highlight(text: str, terms: list[str], *, words: int | None = None) -> Markup:
    """``text`` HTML-escaped, its hits in ``<mark>``; with ``words``, only that many words around the first hit."""
    wanted = tuple(terms)
    tokens = list(WORD.finditer(text))
    start, end = 0, len(text)
    if words is not None and len(tokens) > words:
        first = next((i for i, token in enumerate(tokens) if _is_hit(token.group(), wanted)), 0)
        begin = max(0, min(first - words // 3, len(tokens) - words))
        start, end = tokens[begin].start(), tokens[begin + words - 1].end()
    pieces, position = ["… " if start > 0 else ""], start
    for token in tokens:
        if start <= token.start() and token.end() <= end and _is_hit(token.group(), wanted):
            pieces += [escape(text[position:token.start()]), f"<mark>{escape(token.group())}</mark>"]
            position = token.end()
    pieces += [escape(text[position:end]), " …" if end < len(text) else ""]
    return Markup("".join(pieces))  # noqa: S704  every piece of the text escaped just above


def snippet(text: str, terms: list[str]) -> Markup:
    return highlight(text, terms, words=SNIPPET_WORDS)
