"""Terminal output that survives 80 columns and pipes.

Why: a rich table squeezed into 80 columns empties its narrow columns and splits DOIs and numbers
across lines, and output piped to a file was hard-wrapped mid-sentence. So: consoles never hard-wrap
printed text (``soft_wrap``), and a listing is a table only on a terminal wide enough for it; in a
pipe or a narrow terminal it is plain blocks, one field per line, nothing split. ``--json`` remains
the form for programs.
"""
from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.markup import escape
from rich.table import Table

WIDE = 110  # columns a listing table needs to show every column whole


def make_console(stderr: bool = False) -> Console:
    """A console that never hard-wraps what it prints (a terminal still wraps long lines on screen)."""
    return Console(stderr=stderr, soft_wrap=True)


def as_table(console: Console) -> bool:
    """Tables on a terminal at least :data:`WIDE` columns wide; plain blocks otherwise (pipes, 80 columns)."""
    return console.is_terminal and console.width >= WIDE


def print_blocks(console: Console, title: str, rows: Sequence[tuple[str, Sequence[tuple[str, str]]]]) -> None:
    """``title``, then each row as a heading line and indented ``label: value`` lines, values never split."""
    if title:
        console.print(title, markup=False, highlight=False)
    for head, fields in rows:
        console.print(head, markup=False, highlight=False)
        for label, value in fields:
            if value:
                console.print(f"   {label}: {value}" if label else f"   {value}", markup=False, highlight=False)


def print_table(console: Console, title: str, columns: Sequence[tuple[str, dict]], rows: Sequence[Sequence[str]]) -> None:
    t = Table(title=escape(title), show_lines=True)
    for name, kw in columns:
        t.add_column(name, **kw)
    for r in rows:
        t.add_row(*(escape(c) for c in r))
    console.print(t)


def print_rows(console: Console, title: str, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A figures table (short cells, first column the name): a table on a wide terminal, else one line per row,
    ``name: column value · column value``, nothing squeezed or split."""
    if as_table(console):
        print_table(console, title, [(c, {"no_wrap": True, "min_width": len(c)}) for c in columns], rows)
        return
    console.print(title, markup=False, highlight=False)
    for r in rows:
        console.print(f"{r[0]}: " + " · ".join(f"{c} {v}" for c, v in zip(columns[1:], r[1:], strict=True)),
                      markup=False, highlight=False)
