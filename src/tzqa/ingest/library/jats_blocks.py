"""A JATS container's paragraphs, lists, captions and tables as the records passages are made from.

Paragraphs keep their section path; lists are read item by item; figure and table captions and every table
of the article itself (not of its decision letter or reply) are read wherever the publisher put them.
"""
from __future__ import annotations

import re
from dataclasses import replace

from tzqa.ingest.library.jats_render import (
    SKIP,
    Citations,
    Spans,
    find,
    join,
    local,
    no_content,
    sentence_end,
    text_of,
)
from tzqa.ingest.library.records import Block, Table


def _list_blocks(lst, cites: Citations, section: str, depth: int = 0,  # type: ignore[no-untyped-def]
                 lead: str = "") -> list[Block]:
    """A ``<list>`` as items: each item's paragraphs together, short items packed into one block, nested
    lists after their item. Why: rendered as one string the items run together ("shown below.At least 4").
    ``lead``: the label the list is set under ("Pros."), read before its first item (:func:`_list_leads`)."""
    out: list[Block] = []
    pending: list[tuple[str, Spans, tuple[int, ...]]] = []  # text, spans, the numbers that item cites

    def flush() -> None:
        if pending:
            text, spans = join([(t, sp) for t, sp, _ in pending])
            out.append(Block(section, text, tuple(dict.fromkeys(n for _, _, c in pending for n in c)), spans))
            pending.clear()

    for item in lst.xpath("./*[local-name()='list-item']"):
        label = text_of(find(item, "./*[local-name()='label']"))
        pieces: list[tuple[str, Spans]] = [(label, ())] if label else []
        if lead:
            pieces.insert(0, (lead, ()))
            lead = ""
        cited: list[int] = []
        for child in item:
            if local(child.tag) in ("p", "title", "def", "disp-quote"):
                text, nums, spans = cites.render_spans(child)
                pieces.append((text, spans))
                cited.extend(nums)
        text, spans = join(pieces)
        text = sentence_end(text)
        if text and not no_content(text):
            if pending and len(join([(t, sp) for t, sp, _ in pending])[0]) + len(text) > 400:
                flush()
            pending.append((("– " * depth) + text, tuple((a + 2 * depth, e + 2 * depth, n) for a, e, n in spans),
                            tuple(cited)))
        nested = item.xpath("./*[local-name()='list'] | ./*[local-name()='p']/*[local-name()='list']")
        if nested:
            flush()
            for sub in nested:
                out += _list_blocks(sub, cites, section, depth + 1)
    flush()
    return out


# a run-in label set in emphasis over a list: "Pros.", "Cons.", "Advantages:" (three words at most, no digits)
_LEAD = re.compile(r"[^\W\d_][^\W\d_’'\-]*(?: [^\W\d_][^\W\d_’'\-]*){0,2}[.:]")
_EMPHASIS = ("bold", "italic", "underline", "sc")


def _lead_of(el) -> str:  # type: ignore[no-untyped-def]
    """The label ``el`` is, when it is one: an emphasised run-in label (:data:`_LEAD`) holding no citation."""
    if local(el.tag) not in _EMPHASIS or el.xpath(".//*[local-name()='xref']"):
        return ""
    text = text_of(el)
    return text if _LEAD.fullmatch(text) else ""


def _list_leads(p) -> dict[int, str] | None:  # type: ignore[no-untyped-def]
    """The labels a paragraph sets over its lists ("<p><bold>Pros.</bold><list>…</list><bold>Cons.</bold><list>…"),
    by the position of the list each stands over; None unless the paragraph's own text is those labels and
    nothing else.

    Why: the lists are read as blocks of their own after the paragraph, so its text was "Pros.Cons.", a
    passage of labels alone, and each list lost the word saying what it lists (Springer's Cognitive
    Computation review sets every tool's pros and cons so: 32 passages held only a label)."""
    leads: dict[int, str] = {}
    pending = ""
    if (p.text or "").strip():
        return None
    for k, child in enumerate(p):
        if local(child.tag) == "list":
            if pending:
                leads[k], pending = pending, ""
        elif local(child.tag) in SKIP:
            pass  # a figure or table set inside the paragraph is read apart, as ever
        elif pending or not (pending := _lead_of(child)):
            return None
        if (child.tail or "").strip():
            return None
    return leads if leads and not pending else None


def _opens_with_list(el) -> bool:  # type: ignore[no-untyped-def]
    """Whether ``el`` is a list, or a paragraph whose first content is one."""
    if local(el.tag) == "list":
        return True
    return local(el.tag) == "p" and not (el.text or "").strip() and len(el) > 0 and local(el[0].tag) == "list"


def section_blocks(container, cites: Citations, default: str) -> list[Block]:  # type: ignore[no-untyped-def]
    """Paragraphs of ``container`` under their section path; lists as items; DOI-only paragraphs dropped.

    A paragraph that is only a run-in label ("<p><bold>Pros.</bold></p>") right before a list, or labels
    inside a paragraph over each of its lists, are read as the first words of the list they stand over
    (:func:`_list_leads`), not as passages of their own."""
    out: list[Block] = []

    def walk(node, path: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
        section = " › ".join(path) or default
        carried = ""  # a label paragraph's label, for the list that opens the next element
        children = list(node)
        for i, child in enumerate(children):
            name = local(child.tag)
            lead, carried = carried, ""
            if name == "sec":
                title = text_of(find(child, "./*[local-name()='title']"))
                label = text_of(find(child, "./*[local-name()='label']"))
                walk(child, (*path, f"{label} {title}".strip() or default))
            elif name in ("p", "disp-quote"):
                lists = child.xpath("./*[local-name()='list']")
                leads = _list_leads(child) if name == "p" and lists else None
                if leads is not None:
                    for k, lst in enumerate(child):
                        if local(lst.tag) == "list":
                            out.extend(_list_blocks(lst, cites, section, lead=lead or leads.get(k, "")))
                            lead = ""
                    continue
                if name == "p" and not lists and len(child) == 1 and not (child.text or "").strip() \
                        and not (child[0].tail or "").strip() and (label := _lead_of(child[0])) \
                        and i + 1 < len(children) and _opens_with_list(children[i + 1]):
                    carried = label
                    continue
                if name == "p" and _only_files(child):
                    for f in child:
                        out.extend(_file_blocks(f, cites, section))
                    continue
                text, cited, spans = cites.render_spans(child)
                if text and not no_content(text):
                    out.append(Block(section, text, cited, spans))
                for lst in lists:
                    out.extend(_list_blocks(lst, cites, section, lead=lead))
                    lead = ""
            elif name == "list":
                out.extend(_list_blocks(child, cites, section, lead=lead))
            elif name == "boxed-text":
                walk(child, path)
            elif name == "fn-group":
                out.extend(note_blocks(child, cites, section))
            elif name == "supplementary-material":
                out.extend(_file_blocks(child, cites, section))

    walk(container, ())
    return out


def under(title: str, blocks: list[Block]) -> list[Block]:
    """``blocks`` with ``title`` heading their section path ("Appendix 1 › Biomass composition"); a block
    already headed by it as it is."""
    return [replace(b, section=title if b.section == title else f"{title} › {b.section}") for b in blocks]


def note_blocks(group, cites: Citations, section: str) -> list[Block]:  # type: ignore[no-untyped-def]
    """The notes to the text in a ``<fn-group>``, one block each: a footnote the text points at, or one that
    cites the reference list.

    Why: a footnote is the authors' text set apart ("… very few gender differences in candidates' issue
    emphases (Dolan & Lynch, 2017; …)"), and its citations were on no passage. Notes about the publication
    (contributions and competing interests, pointed at from the byline; a publisher's note) stay out; a
    table's notes are read with its caption."""
    out: list[Block] = []
    for fn in group.xpath("./*[local-name()='fn']"):
        if fn.get("id") not in cites.notes and not cites.cites(fn):
            continue
        pieces: list[tuple[str, Spans]] = []
        cited: list[int] = []
        for p in fn.xpath("./*[local-name()='p']"):
            text, nums, spans = cites.render_spans(p)
            pieces.append((text, spans))
            cited.extend(nums)
        text, spans = join(pieces)
        if text and not no_content(text):
            out.append(Block(section, text, tuple(dict.fromkeys(cited)), spans))
    return out


def _only_files(p) -> bool:  # type: ignore[no-untyped-def]
    """Whether a paragraph holds supplementary files and nothing else (Springer's list of them)."""
    return len(p) > 0 and not (p.text or "").strip() and all(
        local(c.tag) == "supplementary-material" and not (c.tail or "").strip() for c in p)


def _file_blocks(el, cites: Citations, section: str) -> list[Block]:  # type: ignore[no-untyped-def]
    """A supplementary file's description as a block when it cites the reference list ("(a–e) are obtained
    from Ref [24]"), else nothing: a description that cites nothing ("Peer Review File", "Supplementary file 1.
    Primers") names a file the library does not hold, and is left out as before."""
    if not cites.cites(el):
        return []
    parts = [c for cap in el.xpath(".//*[local-name()='caption']") for c in cap]
    block = _described(text_of(find(el, "./*[local-name()='label']")), parts, cites, section)
    return [block] if block else []


def _described(label: str, parts: list, cites: Citations, section: str) -> Block | None:  # type: ignore[type-arg]
    """A label and the titles and paragraphs among ``parts`` (a caption's), each ending a sentence, as one block;
    None when they hold no words. eLife's "DOI: …" line under a caption is left out."""
    pieces: list[tuple[str, Spans]] = []
    cited: list[int] = []
    for child in parts:
        if local(child.tag) not in ("title", "p"):
            continue
        text, nums, spans = cites.render_spans(child)
        if text and not no_content(text) and not text.lower().startswith("doi:"):
            pieces.append((sentence_end(text), spans))
            cited.extend(nums)
    if not pieces:
        return None  # a label with no words ("Figure 1—figure supplement 1.") is no passage
    text, spans = join([(sentence_end(label), ()) if label else ("", ()), *pieces])
    return Block(section, text, tuple(dict.fromkeys(cited)), spans)


def main_floats(article, name: str) -> list:  # type: ignore[type-arg]
    """Every ``<fig>`` or ``<table-wrap>`` of the article itself, wherever the publisher put it (in a
    paragraph, a section, ``<floats-group>``), not those of its decision letter or reply."""
    return article.xpath(f".//*[local-name()='{name}'][not(ancestor::*[local-name()='sub-article' "
                         "or local-name()='response'])]")


def captions(article, cites: Citations) -> list[Block]:  # type: ignore[no-untyped-def]
    """Figure and table captions: label, title and text (a table's footnotes too), without the DOI eLife
    appends to each."""
    out: list[Block] = []
    for el in main_floats(article, "fig") + main_floats(article, "table-wrap"):
        caption = find(el, "./*[local-name()='caption']")
        if caption is None:
            continue
        label = text_of(find(el, "./*[local-name()='label']")).rstrip(". ") or (
            "Figure" if local(el.tag) == "fig" else "Table")
        foot = el.xpath("./*[local-name()='table-wrap-foot']//*[local-name()='p']")  # a table's notes cite too
        block = _described(label, [*caption, *foot], cites, label)
        if block:
            out.append(block)
    return out


def tables(article, cites: Citations) -> list[Table]:  # type: ignore[no-untyped-def]
    out: list[Table] = []
    for tw in main_floats(article, "table-wrap"):
        label = text_of(find(tw, "./*[local-name()='label']")) or f"Table {len(out) + 1}"
        caption = text_of(find(tw, "./*[local-name()='caption']"))
        rows = tw.xpath(".//*[local-name()='tr']")
        if not rows:
            continue
        head = tw.xpath(".//*[local-name()='thead']//*[local-name()='tr']")
        header = [c for c in (head[0] if head else rows[0]) if local(c.tag) in ("th", "td")]
        columns = tuple(text_of(c) for c in header)
        # a header's citation ("Toxicity assessment according to Ref. 2") is printed with every row's value under it
        header_cites = [cites.render(c)[1] for c in header]
        body_rows = [r for r in rows if r not in head and (head or r is not rows[0])]
        cells: list[tuple[str, ...]] = []
        citations: list[tuple[int, ...]] = []
        for r in body_rows:
            rendered = [cites.render(c) for c in r if local(c.tag) in ("th", "td")]
            cells.append(tuple(t for t, _ in rendered))
            under = [n for (t, _), h in zip(rendered, header_cites, strict=False) if t for n in h]
            citations.append(tuple(dict.fromkeys([n for _, c in rendered for n in c] + under)))
        out.append(Table(label, caption, columns, tuple(cells), tuple(citations)))
    return out
