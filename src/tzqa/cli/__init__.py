"""The ``tzqa`` command line, one module per group of commands; ``main`` holds the app."""
from __future__ import annotations

from typing import Any

_EXPORTS = ("app",)


def __getattr__(name: str) -> Any:
    # Only the public names: a submodule import (``from tzqa.cli import x``) must not land here.
    if name not in _EXPORTS:
        raise AttributeError(name)
    from tzqa.cli import main

    return getattr(main, name)
