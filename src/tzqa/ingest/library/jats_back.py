"""What a JATS article says after its body: appendices, notes to the text, and back-matter parts that cite.

Why: the reader read the abstract and the body only, so every citation set after the body was on no passage:
eLife's appendices (103 of 405 citation links of one article), a footnote to the text (Amsterdam UP: three), a
data-availability statement citing where the data come from (Athena: 26 of 174). What the back matter says about
the publication rather than its subject — funding, competing interests, contributions, acknowledgements,
abbreviations, a list of supplementary files — cites nothing, and is left out as before.
"""
from __future__ import annotations

from tzqa.ingest.library.jats_blocks import note_blocks, section_blocks, under
from tzqa.ingest.library.jats_render import Citations, find, local, text_of
from tzqa.ingest.library.records import Block

_TITLE = "./*[local-name()='title']"


def text_notes(article) -> frozenset[str]:  # type: ignore[no-untyped-def]
    """The ids of the footnotes the article's own text points at (``<xref ref-type="fn">`` outside the front
    matter, where the byline points at contributions and affiliations, and outside decision letters)."""
    return frozenset(r for x in article.xpath(
        ".//*[local-name()='xref'][@ref-type='fn'][not(ancestor::*[local-name()='front' or "
        "local-name()='sub-article' or local-name()='response'])]") for r in (x.get("rid") or "").split())


def _heading(el, default: str) -> str:  # type: ignore[no-untyped-def]
    """A back-matter part's label and title ("Appendix 1", "Data Availability"), else ``default``."""
    label = text_of(find(el, "./*[local-name()='label']"))
    return f"{label} {text_of(find(el, _TITLE))}".strip() or default


def back_blocks(article, cites: Citations) -> list[Block]:  # type: ignore[no-untyped-def]
    """The blocks of ``<back>`` in the order printed: every appendix (``<app>``) under its title; the notes to
    the text of each ``<fn-group>`` (:func:`.jats_blocks.note_blocks`) under its title or "Notes"; any other
    part (a ``<sec>``, ``<notes>``, ``<ack>``) only when it cites the reference list, whole, under its title."""
    back = find(article, "./*[local-name()='back']")
    out: list[Block] = []
    for part in back if back is not None else ():
        name = local(part.tag)
        if name == "ref-list":
            continue
        if name in ("app-group", "app"):
            for k, app in enumerate([part] if name == "app" else part.xpath("./*[local-name()='app']"), start=1):
                title = _heading(app, f"Appendix {k}")
                out += under(title, section_blocks(app, cites, title))
        elif name == "fn-group":
            out += note_blocks(part, cites, _heading(part, "Notes"))
        elif cites.cites(part):
            title = _heading(part, "Back matter")
            out += under(title, section_blocks(part, cites, title))
    return out
