"""Lexical tokeniser shared by BM25 indexing and querying.

Why a custom one: this literature writes one entity many ways (miR-21 /
microRNA-21, NF-κB / NF-kB / NF-ĸB, TGF-β1 / TGF β 1, PKCα / Cyrillic "РКСа") and the PDF
extraction splits Greek letters off their stems.  A generic tokeniser would shatter these
("her", "2") or keep variants apart, so queries and documents both go through this module
and every variant collapses to one canonical token.

Decisions (documented because retrieval quality depends on them):
- Bio tokens (anything with a digit or Greek letter, or glued from hyphen/space-separated
  parts such as "Jagged-1") are lowercased, Greek-mapped (α->a, β->b, κ->k, γ->g) and never
  stemmed.  Ordinary words are Snowball-English stemmed ("resistance"/"resistant" -> "resist").
- Standalone numbers are KEPT ("kinase 12", "exon 16" keep their meaning); bracketed
  citation markers such as "(12)" or "(7, 8)" are removed first so they don't pose as numbers.
- Single Latin letters are dropped; a standalone Greek letter becomes its name ("β" -> "beta").
- Forms specific to one literature (a receptor written with a hyphen before its number, a trial series)
  come from the domain pack's ``tokens.json``, not from this module.
- Lower-case hyphen compounds also emit the joined form ("tumor-associated" -> "tumor",
  "associ", "tumorassoci") so they meet the PDF's hyphen-less "tumorassociated".
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

import Stemmer

from tzqa.ingest.text import fold_lookalikes  # one table of look-alikes, shared with the parser

__all__ = ["STOPWORDS", "Token", "clean_text", "fold_lookalikes", "iter_tokens",
           "normalise_for_match", "tokenize"]

_GREEK_LETTER = str.maketrans({
    "α": "a", "β": "b", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "h", "θ": "th", "ι": "i",
    "κ": "k", "λ": "l", "μ": "u", "ν": "n", "ξ": "x", "π": "p", "ρ": "r", "σ": "s", "ς": "s",
    "τ": "t", "υ": "u", "φ": "ph", "χ": "ch", "ψ": "ps", "ω": "w",
})
_GREEK_SPELLED = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta",
    "η": "eta", "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu",
    "ξ": "xi", "π": "pi", "ρ": "rho", "σ": "sigma", "ς": "sigma", "τ": "tau", "υ": "upsilon",
    "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
}
_NAME_TO_GREEK = {"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "kappa": "κ"}

# NLTK's English list plus function words common in biomedical prose.
_STOPWORD_TEXT = """
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she
her hers herself it its itself they them their theirs themselves what which who whom this that
these those am is are was were be been being have has had having do does did doing a an the and
but if or because as until while of at by for with about against between into through during
before after above below to from up down in out on off over under again further then once here
there when where why how all any both each few more most other some such no nor not only own
same so than too very s t can will just don should now d ll m o re ve y ain aren couldn didn
doesn hadn hasn haven isn ma mightn mustn needn shan shouldn wasn weren won wouldn
et al via also may might must could would shall however thus hence therefore moreover
furthermore although whereas whether among amongst within without upon onto toward towards
per etc i.e e.g
"""
STOPWORDS: frozenset[str] = frozenset(_STOPWORD_TEXT.split())


_G = "\u0370-\u03ff"                     # Greek block
_L, _R = r"(?<![^\W_])", r"(?![^\W_])"   # alnum word boundaries ("_" counts as a separator)
_GNAME = r"(?i:alpha|beta|gamma|delta|kappa)"
_MARK = "\ue000"                         # prefix of protected canonical tokens

_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2043\u2212\ufe63\uff0d]")
_CITATION = re.compile(r"[(\[]\s*\d{1,3}(?:\s*[,;\-]\s*\d{1,3})*\s*[)\]]")
_HYPHEN_SPACE_GREEK = re.compile(rf"-[ \t]+(?=[{_G}])")                 # "C- α"  -> "C-α"
_GREEK_SPACE_HYPHEN = re.compile(rf"([{_G}])[ \t]+-(?=[^\W_])")        # "α -SMA" -> "α-SMA"
_GREEK_SPACE_DIGIT = re.compile(rf"{_L}([{_G}]|{_GNAME})[ \t]+(?=\d(?!\d|[.,]\d))")  # "β 1"
_NAME_ATTACHED = re.compile(rf"(?<=[A-Z0-9])({_GNAME})(?=\d|{_R})")  # "TGFbeta1", "HIF1alpha"
_NAME_HYPHEN = re.compile(rf"{_L}([A-Za-z]{{1,5}}(?:-?\d{{1,2}})?)-({_GNAME})(?=\d|{_R})")
_NAME_PREFIX = re.compile(rf"{_L}({_GNAME})-(?=[A-Z]{{2,5}}\d*{_R})")  # "alpha-SMA"
_STEM_SPACE_GREEK = re.compile(
    rf"{_L}([A-Za-z]{{1,5}}(?:-?\d{{1,2}}[A-Za-z]?)?)[ \t]+(?=(?:[{_G}]|{_GNAME})\d{{0,2}}{_R})")
_STEM_SPACE_NUM = re.compile(rf"{_L}([A-Za-z]{{2,11}})[ \t]+(\d{{1,2}})(?![^\W_]|[.,]\d|-\d|%|\+)")

_MIR = re.compile(
    rf"(?i){_L}(?:hsa[-_])?(?:micro-?rna|mirna|mir)[- ]?(\d{{1,4}}[a-z]?)((?:-[35]p)?)"
    rf"((?:/\d{{1,4}}[a-z]?(?:-[35]p)?)*){_R}")
_LET7 = re.compile(rf"(?i){_L}(?:hsa-)?let-?7([a-z]?){_R}")
_MIR_WORD = re.compile(rf"(?i){_L}(?:micro-?rnas?|mirnas?){_R}")
_NFKB = re.compile(rf"(?i){_L}nf[- ]?(?:κ|k|kappa)[- ]?(?:b|β|beta)(\d?){_R}")

_UNIT = re.compile(rf"{_MARK}[a-z0-9]+|\d+\.\d+|[^\W_]+(?:[-/][^\W_]+)*")
_NUM_SUFFIX = re.compile(rf"\d+[A-Za-z{_G}]?")
_GREEK_HEAD = re.compile(rf"[{_G}]\d{{0,2}}")
_SHORT_STEM = re.compile(r"[A-Za-z]{1,5}|[A-Za-z]{1,5}\d{1,2}")
_SHORT_CAPS = re.compile(r"[A-Z]{2,5}\d*")
_PROTO = re.compile(r"[A-Z][a-z]{1,3}|[A-Z]{2,4}")
_UPPER = tuple("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_ACRONYM_PLURAL = re.compile(r"[a-z]{0,2}[A-Z]{2,}[A-Z0-9]*s")
_PHOSPHO = re.compile(r"p([A-Z][A-Z0-9]{2,})")
_GLUED_WORD = re.compile(r"([A-Za-z]*\d+[A-Z]?)([a-z]{4,})")       # "RAS2positive"
_CODE_SUFFIX = re.compile(r"([A-Za-z]+\d{4,})[a-z]")               # "DS8201a" -> "DS8201"
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")
_NON_ALNUM = re.compile(r"[^0-9a-z]")


def _strip_accents(text: str) -> str:
    """Drop diacritics so that 'González' (corpus) meets 'Gonzalez' (typed query)."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class Token(NamedTuple):
    """One output token with the surface it came from; `bio` marks canonical unstemmed forms."""

    text: str
    surface: str
    bio: bool


_STEMMER = Stemmer.Stemmer("english")
_STEM_LOCK = threading.Lock()   # PyStemmer objects are not thread-safe; the API server is threaded.


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    with _STEM_LOCK:
        return _STEMMER.stemWord(word)


def normalise_for_match(text: str) -> str:
    """Lowercase and collapse every run of non-word characters to one space (for relevance checks)."""
    return re.sub(r"\W+", " ", text.lower()).strip()


def clean_text(text: str) -> str:
    """Unicode/typography clean-up that keeps the text readable (shared with abbreviation mining)."""
    text = re.sub("[\u2122\u00ae\u00a9\u2120]", " ", text)   # ™ ® © would glue onto brand names
    text = re.sub("[\u00b9\u00b2\u00b3\u2070-\u2079]+", " ", text)  # affiliation/footnote marks
    text = fold_lookalikes(unicodedata.normalize("NFKC", text))
    text = text.replace("\u00ad", "").replace("ß", "β")      # ß in biomedical PDFs is a mangled β
    text = _DASHES.sub("-", text).replace("\u2014", " ").replace("\u2015", " ")
    text = _HYPHEN_SPACE_GREEK.sub("-", text)
    text = _GREEK_SPACE_HYPHEN.sub(r"\1-", text)
    return _GREEK_SPACE_DIGIT.sub(r"\1", text)


def _glue_ok(stem: str, spaced: bool) -> bool:
    """A short stem may absorb a Greek suffix if it looks like a symbol, not an English word."""
    letters = re.sub(r"[^A-Za-z]", "", stem)
    if letters.lower() in STOPWORDS:
        return False
    return any(c.isupper() for c in stem) or len(letters) <= (4 if spaced else 5)


def _glue_greek_space(m: re.Match[str]) -> str:
    return m.group(1) + "-" if _glue_ok(m.group(1), spaced=True) else m.group(0)


def _glue_greek_name(m: re.Match[str]) -> str:
    if not _glue_ok(m.group(1), spaced=False):
        return m.group(0)
    return f"{m.group(1)}-{_NAME_TO_GREEK[m.group(2).lower()]}"


def _glue_number(m: re.Match[str]) -> str:
    stem = m.group(1)
    if stem.lower() in STOPWORDS:
        return m.group(0)
    looks_like_symbol = sum(c.isupper() for c in stem) >= 2 or any(c.isupper() for c in stem[1:])
    if looks_like_symbol or stem.lower() in _pack_forms().glue_stems:     # not "Nearly 30" or "Table 1"
        return f"{stem}-{m.group(2)}"
    return m.group(0)


def _protect(canon: str) -> str:
    return f" {_MARK}{canon} "


def _mir_sub(m: re.Match[str]) -> str:
    names = [m.group(1) + m.group(2)] + [p for p in m.group(3).split("/") if p]
    return "".join(_protect("mir" + _NON_ALNUM.sub("", n.lower())) for n in names)


class _PackForms(NamedTuple):
    """The domain pack's tokenizer forms (tokens.json), compiled once."""

    glue_stems: frozenset[str]
    normalise: tuple[tuple[re.Pattern[str], str], ...]
    protect: tuple[tuple[re.Pattern[str], str], ...]


@lru_cache(maxsize=1)
def _pack_forms() -> _PackForms:
    from tzqa.domain import pack

    data = pack.load("tokens.json")

    def rx(pattern: str) -> re.Pattern[str]:
        return re.compile(pattern.replace("{L}", _L).replace("{R}", _R))

    return _PackForms(frozenset(data.get("glue_stems", ())),
                      tuple((rx(n["pattern"]), n["replace"]) for n in data.get("normalise", ())),
                      tuple((rx(n["pattern"]), n["token"]) for n in data.get("protect", ())))


def _prepare(text: str) -> str:
    """Normalise spacing/spelling so that every variant reaches the same unit shape."""
    text = _CITATION.sub(" ", clean_text(text))
    text = _STEM_SPACE_GREEK.sub(_glue_greek_space, text)   # "PKC α", "TNF alpha"
    text = _NAME_ATTACHED.sub(lambda m: _NAME_TO_GREEK[m.group(1).lower()], text)
    text = _NAME_HYPHEN.sub(_glue_greek_name, text)          # "TNF-alpha" -> "TNF-α"
    text = _NAME_PREFIX.sub(lambda m: _NAME_TO_GREEK[m.group(1).lower()] + "-", text)
    text = _STEM_SPACE_NUM.sub(_glue_number, text)           # "Jagged 1" -> "Jagged-1"
    forms = _pack_forms()
    for rx, repl in forms.normalise:
        text = rx.sub(repl, text)
    text = _MIR.sub(_mir_sub, text)
    text = _LET7.sub(lambda m: _protect("let7" + m.group(1).lower()), text)
    text = _MIR_WORD.sub(_protect("mirna"), text)
    text = _NFKB.sub(lambda m: _protect("nfkb" + m.group(1)), text)
    for rx, template in forms.protect:
        text = rx.sub(lambda m, t=template: _protect(t.format("", *(g.lower() for g in m.groups()))), text)
    return text


_BRITISH = (
    (re.compile(r"(haem|anaem|leukaem|paed|gynaec)"), lambda m: m.group(1).replace("ae", "e")),
    (re.compile(r"^oe(?=[a-z]{4})"), "e"),                                              # oestrogen
    (re.compile(r"(?<=[a-z]{3})our(?=s?$|ed$|ing$|able$|ably$|ite$|ites$)"), "or"),     # tumour
    (re.compile(r"(?<=[a-z]{3})is(?=e$|ed$|es$|ing$|ation$|ations$)"), "iz"),           # randomised
    (re.compile(r"(?<=[a-z]{3})ys(?=e$|ed$|ing$)"), "yz"),                              # analysed
    (re.compile(r"(?<=[a-z]{2}[tb])re(?=s?$)"), "er"),                                  # centre, fibre
)


def _american(word: str) -> str:
    """British spellings meet American ones (tumour/tumor, oestrogen, randomised, haematology)."""
    for pattern, repl in _BRITISH:
        word = pattern.sub(repl, word)
    return word


def _bio(raw: str, surface: str) -> Token:
    m = _CODE_SUFFIX.fullmatch(raw)
    if m:                                   # development-code salt letter: DS-8201a == DS-8201
        raw = m.group(1)
    canon = _NON_ALNUM.sub("", _strip_accents(raw.lower()).translate(_GREEK_LETTER))
    return Token(canon, surface, True)


def _word(word: str) -> list[Token]:
    """Tokens for one purely alphabetic (Latin) word."""
    if _ACRONYM_PLURAL.fullmatch(word):     # CSCs, TKIs, GPCRs -> singular acronym
        word = word[:-1]
    low = word.lower()
    if len(low) < 2 or (low in STOPWORDS and word != "HER"):   # keep the receptor family "HER"
        return []
    return [Token(_stem(_american(_strip_accents(low))), word, False)]


def _single(part: str) -> list[Token]:
    """Tokens for one hyphen-free part."""
    m = _PHOSPHO.fullmatch(part)
    if m:                                   # pSTAT3 -> "pstat3" and "stat3"
        return [_bio(part, part), *_single(m.group(1))]
    if part.isdigit():
        return [Token(part, part, True)]
    has_digit = any(c.isdigit() for c in part)
    has_greek = any("\u0370" <= c <= "\u03ff" for c in part)
    if not has_digit and not has_greek:
        return _word(part)
    if _ORDINAL.fullmatch(part):
        return []
    if not has_digit and len(part) == 1:    # standalone Greek letter -> its name
        name = _GREEK_SPELLED.get(part.lower(), part.lower())
        return [Token(name, part, False)]
    m = _GLUED_WORD.fullmatch(part)
    if m:                                   # PDF lost the hyphen: "RAS2positive"
        return [_bio(m.group(1), m.group(1)), *_word(m.group(2))]
    if part.lower().startswith("chr") and re.fullmatch(r"chr\d+[pq][\d.]*", part.lower()):
        part = part[3:]                     # chr17q12 -> 17q12
    return [_bio(part, part)]


def _joinable(group: list[str], nxt: str) -> bool:
    """Should hyphen part `nxt` be glued onto the parts already in `group`?"""
    prev, whole = group[-1], "".join(group)
    if _NUM_SUFFIX.fullmatch(nxt) and prev[-1].isalpha():           # IRS-1, HIF-1α, DS-8201a
        return True
    if _GREEK_HEAD.fullmatch(nxt) and _SHORT_STEM.fullmatch(whole):  # TGF-β1, PKC-α
        return _glue_ok(whole, spaced=False)
    if len(group) == 1 and re.fullmatch(f"[{_G}]", prev) and _SHORT_CAPS.fullmatch(nxt):
        return True                                                  # α-SMA
    if len(group) == 1 and re.fullmatch(r"[A-Z]{1,4}", prev) and re.fullmatch(r"[A-Z]\d{1,2}", nxt):
        return True                                                  # PD-L1
    return len(group) == 1 and prev in ("c", *_UPPER) and bool(_PROTO.fullmatch(nxt))  # c-Src, K-Ras


def _hyphen_part_tokens(parts: list[str]) -> list[Token]:
    groups: list[list[str]] = []
    for part in parts:
        if groups and _joinable(groups[-1], part):
            groups[-1].append(part)
        else:
            groups.append([part])
    out: list[Token] = []
    for group in groups:
        if len(group) == 1:
            out.extend(_single(group[0]))
        elif len(group) == 2 and group[0] in ("c", *_UPPER) and group[1].isascii() and group[1].isalpha():
            out.append(Token((group[0] + group[1]).lower(), "-".join(group), True))
            out.extend(Token(t.text, t.surface, True) for t in _word(group[1]))
        else:
            out.append(_bio("".join(group), "-".join(group)))
    if 2 <= len(parts) <= 3 and all(re.fullmatch(r"[a-z]{2,}", p) and p not in _NAME_TO_GREEK
                                    for p in parts):
        joined = "".join(parts)             # "tumor-associated" also as "tumorassociated"
        out.append(Token(_stem(_american(joined)), "-".join(parts), False))
    return out


def _unit_tokens(unit: str) -> list[Token]:
    out: list[Token] = []
    for slash_part in unit.split("/"):
        prev = out[-1] if out else None
        if slash_part.isdigit() and prev and prev.bio and re.fullmatch(r"[a-z]+\d+", prev.text):
            stem = re.sub(r"\d+$", "", prev.text)            # ERK1/2 -> erk1, erk2
            out.append(Token(stem + slash_part, slash_part, True))
            continue
        parts = [p for p in slash_part.split("-") if p]
        if parts:
            out.extend(_hyphen_part_tokens(parts))
    return out


def iter_tokens(text: str) -> Iterator[Token]:
    """Yield tokens with their surface form (used to tell gene-like mentions from prose)."""
    for m in _UNIT.finditer(_prepare(text)):
        unit = m.group(0)
        if unit.startswith(_MARK):
            yield Token(unit[1:], unit[1:], True)
        elif unit[0].isdigit() and "." in unit:
            yield Token(unit, unit, True)                  # decimal such as 16.4
        else:  # a name of non-Latin letters and digits ("Þ𑓐") canonicalises to nothing: no token
            yield from (t for t in _unit_tokens(unit) if t.text)


def tokenize(text: str) -> list[str]:
    """Lowercased, stemmed, stopword-free BM25 tokens with biomedical names kept whole."""
    return [t.text for t in iter_tokens(text)]
