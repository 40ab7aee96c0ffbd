"""Section headings of a paper's text: which lines name a section, what kind of section, and its name.

One vocabulary ("Abstract", "2. Results", "References", "Acknowledgements"...) serves the page cleaning
(a heading is never a running header), the paragraph assembly (a heading starts a section; the reference
list and back matter are not body text) and the reference-list reader (a back-matter statement ends a list),
so each recognises the same headings.
"""
from __future__ import annotations

import re

_KNOWN = (r"abstract|summary|synopsis|introduction|background|aims?|objectives?|purpose|rationale|"
          r"(?:materials?|patients|subjects)\s+and\s+methods|methods\s+and\s+materials|methods|methodology|"
          r"experimental\s+(?:procedures|section|design)|study\s+design|results|findings|"
          r"results\s+and\s+discussion|discussion|conclusions?|concluding\s+remarks|limitations|"
          r"(?:statement\s+of\s+)?significance|translational\s+relevance|highlights|key\s+points|"
          r"implications(?:\s+for\s+practice)?|interpretation|case\s+(?:report|presentation)|"
          r"supplementary\s+(?:material|information|data)|(?:end)?notes")
_REFS = r"references(?:\s+and\s+notes)?|bibliography|literature\s+cited|works\s+cited|cited\s+literature"
_BACK = (r"acknowledge?ments?|funding(?:\s+information)?|financial\s+support|grant\s+support|"
         r"conflicts?\s+of\s+interests?|competing\s+interests?|declaration\s+of\s+(?:competing\s+)?interests?|"
         r"disclosures?|(?:author\s+)?disclosure\s+statement|authors?['’]?\s+contributions?|"
         r"data\s+availability(?:\s+statement)?|ethics\s+(?:statement|approval.*)|abbreviations|"
         r"institutional\s+review\s+board(?:\s+statement)?|informed\s+consent(?:\s+statement)?|"
         r"(?:disclaimer\s*/\s*)?publisher['’]?s\s+note|disclaimer|footnotes|copyright")
_NUM = r"(?:(?:\d{1,2}(?:\.\d{1,2}){0,3}|[IVX]{1,4})\.?\s+)"
HEADING = re.compile(rf"{_NUM}?(?P<name>{_KNOWN}|{_REFS}|{_BACK})\s*[:.]?", re.IGNORECASE)
# "Abstract: …", "Methods. …"; IEEE sets "Abstract—Stereo …" with no space after the dash
_INLINE = re.compile(r"(?P<name>abstract|summary|background|methods|results|conclusions?)(?:\s*[:.]\s+|\s*[—–]\s*)"
                     r"(?P<rest>\S.*)", re.IGNORECASE)
_NUMBERED = re.compile(r"(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(?P<title>[A-Z*_][^\n]{1,118})")
# "1. Nielsen, M. A. & Chuang, I. L. Quantum computation …": a reference entry's authors, never a heading's title;
# nor Vancouver's, in a list numbered without full stops ("1   Kallen K. The impact of maternal smoking …", "3
# Salihu HM, Wilson RE. Epidemiology of …", The BMJ's): each line of such a list was read as a section
_AUTHORS = re.compile(r"[A-Z][\w'’-]+,\s+[A-Z]\.|[A-Z][\w'’-]+\s[A-Z]{1,3}(?:\.\s+[A-Z]|,\s+[A-Z][\w'’-]+\s[A-Z]{1,3}\b)")
# A heading set in capitals on a line of its own, as REVTeX and AASTeX print them ("EXPERIMENTAL CONFIGURATION",
# "IV. CONCLUSION AND DISCUSSION"); read only in a paper that set a known heading so ("INTRODUCTION"), from there
# on (a first page's capitals are its title, authors and labels; a figure's labels, "WARDS OTHERS", are capitals
# in a paper whose headings are not)
_CAPITALS = re.compile(r"(?:(?P<num>[IVX]{1,4}|\d{1,2})\.?\s+)?(?P<title>[A-Z][A-Z\-&' ]{2,70}[A-Z])")
# A table's row is no numbered heading: no section is numbered 0 ("0.3 HAC film - - 1"), and a heading holds
# no two empty cells' dashes or a citation ("0 Silicon HAC film 3 - - Maté et al. (2014)")
_TABLE_ROW = re.compile(r"^0(?:\.\d+)?\s|\s[-–—]\s+[-–—](?:\s|$)|\bet\s+al\.|\((?:19|20)\d\d[a-z]?\)")
MD_HEADING = re.compile(r"(?P<hashes>#{1,6})\s+(?P<title>.+?)\s*#*")
# Back matter printed as a one-paragraph statement under a run-in heading, outside its section.
BACK_STATEMENT = re.compile(rf"(?:{_BACK})(?:\s+statement)?\s*:\s+\S", re.IGNORECASE)


def section_name(s: str) -> str:
    """"2. RESULTS" -> "Results"; a numbered heading keeps its number."""
    m = HEADING.fullmatch(s)
    if m:
        name = re.sub(r"\s+", " ", m.group("name"))
        return name[0].upper() + name[1:].lower() if name.isupper() or name.islower() else name
    return re.sub(r"\s+", " ", s).rstrip(" .:")


def heading_kind(name: str) -> str:
    """"references", "back" (matter that is not body text) or "body", for a section name."""
    n = name.lower()
    if re.fullmatch(_REFS, n):
        return "references"
    if re.fullmatch(_BACK, n):
        return "back"
    return "body"


# An appendix's heading, lettered or not ("A Appendix A - Baseline Details", "Appendix B", "Supplementary
# Material"): after a reference list it ends the list, which would otherwise take in the appendix's text.
APPENDIX = re.compile(r"(?:[A-Z](?:\.\d{1,2})*\.?\s+)?(?i:appendix|appendices|supplementary\s+(?:material|information))"
                      r"(?:\s+[A-Z0-9]{1,2}\b)?(?:\s*[:.\-–—]\s*[A-Z][^\n]{0,80})?")


def _capitals(s: str) -> str | None:
    """The section name of a heading set in capitals (``_CAPITALS``), or None: two to eight words, or one of six
    letters or more ("FITTING"), never only short words (a table's "MODEL A B")."""
    m = _CAPITALS.fullmatch(s)
    if m is None:
        return None
    words = m.group("title").split()
    if not (2 <= len(words) <= 8 or len(words[0]) >= 6) or max(len(w) for w in words) < 4:
        return None
    title = re.sub(r"\s+", " ", m.group("title"))
    if HEADING.fullmatch(title):
        title = section_name(title)
    return f"{m.group('num')} {title}" if m.group("num") else title


def read_heading(s: str, prev_ended: bool, capitals: bool = False) -> tuple[str, str] | None:
    """(section name, text after an inline heading) when line ``s`` is a section heading; ``capitals``: the paper
    has set a known heading in capitals, so a line in capitals may be one too (:func:`sets_capitals`)."""
    if prev_ended and s[:1].isupper() and len(s) <= 100 and APPENDIX.fullmatch(s):
        return re.sub(r"\s+", " ", s).strip(), ""
    m = HEADING.fullmatch(s)
    if m and (s[0].isupper() or s[0].isdigit()) and (prev_ended or not s.endswith(".")):
        return section_name(s), ""
    if not prev_ended:
        return None
    m = _INLINE.fullmatch(s)
    if m and s[0].isupper():
        return section_name(m.group("name")), m.group("rest")
    m = _NUMBERED.fullmatch(s)
    if m and not re.search(r"[.,;]$", s) and len(s.split()) <= 16 and not _AUTHORS.match(m.group("title")) \
            and not _TABLE_ROW.search(s) \
            and sum(c.isalpha() for c in m.group("title")) >= 0.6 * len(m.group("title").replace(" ", "")):
        title = m.group("title").strip()
        if HEADING.fullmatch(title):
            return section_name(title), ""
        return f"{m.group('num')} {title}", ""
    if capitals and (name := _capitals(s)):
        return name, ""
    return None


def heading_number(line: str) -> int | None:
    """The section number a heading line opens with ("2.1 Data" -> 2, "3. Results" -> 3), or None."""
    m = re.match(r"(\d{1,2})(?:\.\d{1,2})*\.?\s", line)
    return int(m.group(1)) if m else None


def table_row(raw: str, line: str, highest: int) -> bool:
    """Whether a line that may read as a numbered heading is a table's row: set in three pieces or more, three
    spaces apart or more ("1   Huang C   Clinical features of …   The Lancet"; a heading is its number and its
    title), or its number set apart from the rest as a cell is and out of turn, three or more past the highest
    section number so far ("8        Zhongguo Dang Dai Er Ke Za Zhi Chinese Journal …", a table's rank 8 in a paper
    whose sections are not numbered). A section name the paper could print is a heading all the same; a number set
    close to its title is a heading's, whatever the numbers before it (a paper's first pages may be missing).
    ``raw`` is the line as laid out, ``line`` its words."""
    number = heading_number(line)
    if number is None or HEADING.fullmatch(line):
        return False
    pieces = re.split(r"\s{3,}", raw.strip())
    return len(pieces) >= 3 or (number > highest + 2 and re.fullmatch(r"[\d.]+", pieces[0]) is not None)


def sets_capitals(line: str) -> bool:
    """Whether a heading line is a known heading set in capitals ("INTRODUCTION", "I. INTRODUCTION")."""
    m = HEADING.fullmatch(line)
    return bool(m) and m.group("name").isupper() and len(m.group("name")) >= 6


def first_references_heading(raw: str) -> int | None:
    """Where the raw text's first reference-list heading starts ("References" on a line of its own), if any."""
    m = re.search(rf"(?im)^[ \t#]*{_NUM}?(?:{_REFS})\s*:?[ \t]*$", raw)
    return m.start() if m else None
