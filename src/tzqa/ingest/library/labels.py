"""Labelled reference lists ("[Gad06] A. Gadsby, …", "[SPB+14] …", "[hut] …", "[Brin, 1998] S. Brin. …")
and their citations.

BibTeX's alpha style, common in computer science preprints, labels each entry with letters of its authors'
names and two digits of its year instead of a number, and the text cites "[Gad06]" or "[Kar15a, Kar15b]".
Such a list has neither numbers running in sequence nor an author–year entry's shape, so the numbered and
author–year readers found nothing in it. Entries are numbered in the order printed (as an author–year
list's are) and keep their label, and a citation resolves by its labels; a bracket holding a label the
list does not have is reported, never guessed.

IJCAI's and AAAI's styles label each entry with its citation itself, "[Agichtein and Gravano, 2000]", and the
text cites "[Rosario and Hearst, 2004; Culotta et al., 2006]": the same reading, with labels of names and a
year, a group's labels parted by semicolons.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from tzqa.models import Reference

# letters (and "+" for more authors), then two or four digits of the year and a suffix letter: "Gad06",
# "SPB+14", "Kar15a", "VKMT13"; or, with no year, a short word at a line start: "[hut]", "[Red]"
_DATED = r"[A-Za-z][A-Za-z+\-]{0,7}(?:\d{2}|\d{4})[a-z]?"
_UNDATED = r"[A-Za-z][a-z]{1,4}"
# a surname (after a particle: "van", "de la"), another after "and"/"&" or "et al.", a comma and the year:
# "Brin, 1998", "Agichtein and Gravano, 2000", "Pasca et al., 2006", "Downey et al., 2005b"
_SURNAME = r"(?:[a-z]{1,3}\s+){0,2}[A-Z][^\s,;\[\]]*"
_NAMED = rf"{_SURNAME}(?:\s+(?:and|&)\s+{_SURNAME}|\s+et\s+al\.?)?,\s+(?:19|20)\d{{2}}[a-z]?"
_AT_LINE_START = re.compile(rf"^\s*\[({_NAMED}|{_DATED}|{_UNDATED})\]\s+(?=\S)", re.M)
_INSIDE = re.compile(rf"(?<=\s)\[({_DATED})\]\s+(?=[A-Z“\"—–-])|(?<=[.,/]\s)\[({_UNDATED}|{_NAMED})\]\s+(?=[A-Z“\"—–-])")
MIN_ENTRIES = 3
DATED_SHARE = 0.6  # of the labels; an undated label is a web page's or a program's


def split_labelled(text: str) -> list[tuple[str, str]]:
    """(label, entry text) of each entry of an alpha-labelled list in order printed; [] when it is not one.

    A label starts a line, or sits inside a line where the layout joined entries (an undated one only after
    an entry's end), before a capital, a quote or a dash (the "——," that repeats the authors above); the
    entry runs to the next label."""
    starts = sorted({(m.start(), m.end(), m.group(1) or m.group(2))
                     for rx in (_AT_LINE_START, _INSIDE) for m in rx.finditer(text)})
    labels = [label for _, _, label in starts]
    if len(starts) < MIN_ENTRIES or len(set(labels)) < 0.9 * len(labels):
        return []
    if sum(bool(re.fullmatch(f"{_DATED}|{_NAMED}", lab)) for lab in labels) < DATED_SHARE * len(labels):
        return []
    out = []
    for k, (_, end, label) in enumerate(starts):
        stop = starts[k + 1][0] if k + 1 < len(starts) else len(text)
        out.append((_spaced(label), re.sub(r"\s+", " ", text[end:stop]).strip()))
    return out


_CITED = re.compile(rf"\[((?:{_DATED}|{_UNDATED})(?:\s*[,;]\s*(?:{_DATED}|{_UNDATED}))*)\]"
                    rf"|\[({_NAMED}(?:\s*;\s*{_NAMED})*)\]")


def _spaced(label: str) -> str:
    """A label with its spaces as one space each: a line break inside "[Shinyama and\nSekine, 2006]"."""
    return re.sub(r"\s+", " ", label).strip()


def label_markers(text: str, references: Sequence[Reference],
                  problems: list[str] | None = None) -> list[tuple[int, int, tuple[int, ...]]]:
    """(start, end, numbers) of each "[Gad06]" / "[Kar15a, Kar15b]" / "[Brin, 1998; Riloff, 1996]" in ``text``
    whose labels are the list's."""
    numbers = {r.label: r.number for r in references if r.label}
    if not numbers:
        return []
    out = []
    for m in _CITED.finditer(text):
        labels = re.split(r"\s*[,;]\s*", m.group(1)) if m.group(1) else [_spaced(x) for x in m.group(2).split(";")]
        known = [numbers[lab] for lab in labels if lab in numbers]
        if known:
            out.append((m.start(), m.end(), tuple(dict.fromkeys(known))))
        if problems is not None and len(known) < len(labels) and re.fullmatch(_DATED, labels[0]):
            problems.append(f"[{m.group(1)}]: no entry labelled so")
        elif problems is not None and len(known) < len(labels) and m.group(2):
            problems.append(f"[{m.group(2)}]: no entry labelled so")
    return out
