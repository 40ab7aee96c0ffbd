"""Paragraphs of a PDF that are its front matter's furniture wherever the layout leaves them: affiliations,
correspondence and e-mail lines, received/accepted dates, copyright lines and permission or licence statements,
the journal's citation line and a "Cite this article as: …" box.

Why not only the leading blocks (:func:`tzqa.ingest.library.textdoc._front_matter`): a first page's footnotes
("* Corresponding author. Address: …", "E-mail address: …"), an affiliation block printed under the abstract
or beside it, and "Received 1 October 2003; revised …" come out after the abstract or between body paragraphs
once the columns are read in turn, and were kept as passages to answer from. Each rule wants the paragraph to
be short and to read as a label, never as prose: an affiliation has an institution's name, a comma and no
lower-case word but "of", "and", "for" and the like.
"""
from __future__ import annotations

import re

_INSTITUTION = re.compile(r"\b(?:Universit\w*|Institut\w*|Department|Dept\.|School|College|Hospital|Cent(?:er|re)|"
                          r"Laborator(?:y|ies)|Faculty|Division|Academy|Clinic|Foundation|Council)\b")
_EMAIL = re.compile(r"\S*@[\w-]+(?:\.[\w-]+)+\S*")
# ... and the box giving the article's own citation, "Cite this article as: Smith J, … 2020;34:51. https://doi.org/…"
_LABEL = re.compile(r"^\W{0,3}(?:corresponding\s+authors?|correspondence(?:\s+to)?|e-?mail(?:\s+address(?:es)?)?|"
                    r"address\s+for\s+correspondence|(?:please\s+|how\s+to\s+)?cite\s+this\s+article(?:\s+as)?\s*:)",
                    re.IGNORECASE)
# "Received 1 October 2003; revised …", "Accepted: May 12, 2019", "Published 2019-05-12": a date right after
_DATES = re.compile(r"^\W{0,3}(?i:received|submitted|accepted|revised|published(?:\s+online)?|available\s+online)"
                    r"(?:\s+(?i:in\s+revised\s+form|for\s+publication|online))?\s*:?\s*"
                    r"(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\.?,?\s+|[A-Z][a-z]+\.?\s+\d{1,2},?\s+)?(?:19|20)\d\d")
_RIGHTS = re.compile(r"all\s+rights\s+reserved|see\s+front\s+matter", re.IGNORECASE)
# the article's own citation, "Some Journal. 2022;165:141–142.", "J Hydrol 310 (2005) 253–265"
_CITATION_LINE = re.compile(r"[A-Z][\w .&:'’-]{2,80}?[.,]?\s+(?:(?:19|20)\d\d\s*;\s*\d+(?:\(\d+\))?\s*:\s*\w+(?:[–-]\w+)?"
                            r"|\d+\s+\((?:19|20)\d\d\)\s+\w+(?:[–-]\w+)?)\.?")
# A permission or licence statement's own phrases, whoever publishes it ("Permission to make digital or hard copies
# of … for personal or classroom use is granted without fee provided that copies bear this notice …"): a block
# holding two of them is the statement, however long; a sentence of an article about licences holds one at most.
_PERMISSION = re.compile(r"permission\s+to\s+(?:make|copy)\b|for\s+personal\s+or\s+classroom\s+use|"
                         r"granted\s+without\s+fee|copies\s+bear\s+this\s+notice|copyrights?\s+(?:is\s+held|for\s+"
                         r"(?:third-party\s+)?components)|request\s+permissions?\s+from|to\s+copy\s+otherwise|"
                         r"abstracting\s+with\s+credit|licensed\s+under\s+a\s+creative\s+commons|"
                         r"reproduced\s+with\s+permission|further\s+reproduction\s+prohibited|"
                         r"copyright\s+owned\s+by|under\s+the\s+terms\s+of\s+the\s+creative\s+commons|"
                         # an open-access licence's grant and its condition, as publishers word them: "which permits
                         # (unrestricted) use, distribution and reproduction in any medium, provided the original work
                         # is properly cited" (Wiley, PLOS, Springer), "… are permitted without any further permission
                         # from Dove Medical Press Limited, provided the work is properly attributed"
                         r"permits\s+(?:unrestricted\s+|any\s+(?:non-?\s?commercial\s+)?)?use,\s+distribution,?\s+"
                         r"(?:and|or)\s+reproduction|provided\s+the\s+(?:original\s+)?(?:work|author\(?s?\)?\s+and\s+"
                         r"(?:the\s+)?source)\s+(?:is|are)\s+(?:properly\s+)?(?:cited|credited|attributed)|"
                         r"permitted\s+without\s+any\s+further\s+permission|published\s+and\s+licensed\s+by",
                         re.IGNORECASE)
# A licence line of the first page, "*This work has been published under CC BY-NC-SA 1.0 license.", "This is an open
# access article distributed under the terms of the Creative Commons Attribution License": the work itself is
# published under a licence it names (an article's sentence about licences speaks of other works)
_LICENCE = re.compile(r"\b(?:work|article|paper)\s+(?:has\s+been\s+|is\s+)?(?:published|distributed|licensed|released|"
                      r"made\s+available)\s+under\s+(?:the\s+terms\s+of\s+)?"
                      r"(?:the\s+|an?\s+)?(?:CC[\s-]BY\b|creative\s+commons\b)(?:[^.]|\.(?=\d)){0,60}\blicen[cs]e", re.IGNORECASE)
# A copyright line, "© 2014 Nitish Srivastava, Geoffrey Hinton …": TeX draws "©" as a "c" in a circle, and the
# circle is lost in the text ("c2014 Nitish …", "c©2014 …"); a year and a capital follow it
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|c©?)\s?(?:19|20)\d\d\b,?\s+[A-Z]"
                        # ... or the holder before the year, alone: "© BMJ Publishing Group Ltd 2015"
                        r"|^(?:©|\(c\))\s?[A-Z][\w&.,'’ -]{2,60}\s(?:19|20)\d\d\.?$")
# A label naming the article's kind, alone: "RESEARCH ARTICLE", "Original Article", "Review Article Open Access"
_ARTICLE_KIND = re.compile(r"(?:research|original|review|short|brief|case)\s+(?:article|report|communication|paper)"
                           r"(?:\s+open\s+access)?", re.IGNORECASE)
# ... or the publisher's line alone, its "©" read as another letter by a symbol font: "r 1998 Wiley-Liss, Inc."
_PUBLISHER_LINE = re.compile(r"\W?\w?\s?(?:19|20)\d\d\s+[A-Z][\w\-&]+(?:[ ,]+[\w\-&.]+){0,4},?\s+"
                             r"(?:Inc|Ltd|LLC|GmbH|B\.V|S\.A|plc)\.?")
# The authors' copyright line, its "©" lost or read as other letters ("VC" where Oxford draws it as a "C" set in a
# circle glyph, "ß" in Taylor & Francis's symbol font): "© The Author(s) (2020). Published by Oxford University Press
# on behalf of …", "© 2021 The Author(s). Published by Informa UK Limited, trading as Taylor & Francis Group."
_AUTHORS_RIGHTS = re.compile(r"^\W{0,2}[^\W\d]{0,2}\s?(?:(?:19|20)\d\d\s+)?The\s+Authors?(?:\s?\(s\))?\.?\s*"
                             r"(?:\(?(?:19|20)\d\d\)?\.?\s*)?(?:Published\s+by|This\s+is\s+an\s+open)\b")
# A block of affiliations closed by the correspondence note ("… Seoul, South Korea. 5These authors contributed
# equally to the work. Correspondence should be addressed to C.A.A. (costas@…)", Nature's first-page footnote): the
# note's prose words keep it from reading as an affiliation, its own phrases mark it
_CORRESPONDENCE = re.compile(r"correspondence\s+(?:should\s+be\s+|may\s+be\s+)?(?:addressed|sent)\s+to|"
                            r"(?:these\s+authors\s+)?contributed\s+equally", re.IGNORECASE)
# A download's cover page (Taylor & Francis's, before the article's own pages): its link labels and counts, "View
# supplementary material", "Submit your article to this journal", "Article views: 1360", "View Crossmark data", "Full
# Terms & Conditions of access and use can be found at …", and the article's citation with its DOI, "To cite this
# article: <authors> (2023) <title>, <journal>, 24:3-4, 175-184, DOI: …", "To link to this article: https://doi.org/…"
_COVER = re.compile(r"(?:view\s+(?:supplementary\s+material|related\s+articles|crossmark\s+data|citing\s+articles)|"
                    r"submit\s+your\s+article\s+to\s+this\s+journal|(?:article\s+views|citing\s+articles)\s*:\s*\d+|"
                    r"full\s+terms\s+&\s+conditions\s+of\s+access\s+and\s+use\b.{0,200}$)\s*", re.IGNORECASE)
_COVER_CITATION = re.compile(r"to\s+(?:cite|link\s+to)\s+this\s+article\s*:.*(?:doi|10\.\d{4,9}/)", re.IGNORECASE | re.S)
# A first page's labels with no date ("(Received; Revised; Accepted)", AASTeX's placeholders), the status line
# ("Submitted to AAS Journals", "Draft version July 14, 2017") and AAS's back-matter label "Facilities: …"
_STATUS = re.compile(r"\(?(?:received|revised|accepted|published)(?:[;,]?\s*(?:received|revised|accepted|published))*"
                     r"[;.]?\)?|(?:submitted\s+to|draft\s+version|preprint\s+typeset\s+using)\b.{0,60}|"
                     r"facilit(?:y|ies)\s*:.{0,200}", re.IGNORECASE)
# A footnote: set under a rule ("___ * This manuscript has been authorized by …") or a first page's note about
# an author opened by its mark ("∗Visiting astronomer, Cerro Tololo …", "∗Speaker.", "∗Equal contribution"; a
# table's note "∗Not determined in the study [35]." is the table's); a US laboratory's contract notice
_FOOTNOTE = re.compile(r"_{3,}\s*\S|[∗†‡*]\s?(?:Visiting|Corresponding|Equal\s+contribution|Speaker|Present\s+address|"
                       r"Current\s+address|Also\s+(?:at|with)|These\s+authors|Electronic\s+address|E-?mail|Deceased|"
                       r"Work\s+(?:done|performed))\b")
_NOTICE = re.compile(r"has\s+been\s+(?:authored|authorized)\s+by\b.{0,120}\bunder\s+contract", re.IGNORECASE | re.S)
_FILLER = {"of", "and", "for", "the", "de", "du", "des", "la", "le", "und", "der", "di", "y", "et", "at", "in"}


def _prose_words(text: str) -> int:
    """Lower-case words that are not an affiliation's fillers, marks glued to a name ("aSchool") or addresses."""
    words = re.findall(r"\S+", _EMAIL.sub(" ", text))
    return sum(1 for w in words if re.match(r"[a-z]{3,}", w) and not re.match(r"[a-z][A-Z]", w)
               and w.strip(".,;:()") not in _FILLER)


def is_front_furniture(text: str) -> bool:
    """Whether a paragraph is front-matter furniture (see the module's docstring) rather than the article's text."""
    s = " ".join(text.split())
    if len(s) <= 2000 and len({m.group(0).lower() for m in _PERMISSION.finditer(s)}) >= 2:
        return True  # a permission statement, a first-page footnote that column reading leaves mid-text
    if len(s) <= 800 and _CORRESPONDENCE.search(s) and (_INSTITUTION.search(s) or _EMAIL.search(s)):
        return True
    if len(s) <= 160 and (note := _CORRESPONDENCE.search(s)) and not re.search(r"[a-z]{3,}", s[:note.start()]):
        return True  # "30602, USA †These authors contributed equally to this work.": an address's tail and the note
    if len(s) <= 300 and _AUTHORS_RIGHTS.match(s) and re.search(r"(?:19|20)\d\d", s[:40]):
        return True  # the authors' copyright line, dated
    if len(s) <= 600 and (_FOOTNOTE.match(s) or _NOTICE.search(s)):
        return True
    if len(s) <= 250 and _STATUS.fullmatch(s):
        return True
    if len(s) <= 1200 and (_COVER_CITATION.match(s) or re.fullmatch(rf"(?:{_COVER.pattern})+", s, re.IGNORECASE)):
        return True
    if 400 < len(s) <= 1200:  # a long affiliation block: several institutions with their addresses
        unmarked = re.sub(r"(?<!\w)\d{1,2}(?=[A-Z])", " ", s)  # "1Department …": the marks glued to each
        return len(_INSTITUTION.findall(unmarked)) >= 3 and _prose_words(s) == 0 and s[0].isalnum()
    if not s or len(s) > 400:
        return False
    if _LABEL.match(s) or (len(s) <= 200 and _DATES.match(s)):
        return True
    if len(s) <= 250 and (_RIGHTS.search(s) or _LICENCE.search(s) or _CITATION_LINE.fullmatch(s) or _COPYRIGHT.match(s)
                          or _PUBLISHER_LINE.fullmatch(s) or _ARTICLE_KIND.fullmatch(s)):
        return True
    if _EMAIL.search(s) and len(s.split()) <= 8:
        return True  # "@allenai.org }", an address block's last line
    # an affiliation is a line or more of names and places; "(Centre A, R5)." is a quotation's attribution
    return len(s) >= 30 and s[0].isalnum() and bool(_INSTITUTION.search(s)) and "," in s and _prose_words(s) == 0
