"""A topic for each passage of an added document, from the taxonomy in the domain pack's ``topics.json``.

The review's passages take their topic from its section titles; another document's sections are
named otherwise, so its passages are classified by the taxonomy's words (and the agents known to
``agents.json``): the topic whose words a passage uses most, with its section title counting double.
"""
from __future__ import annotations

import re
from functools import lru_cache

from tzqa.domain import pack


@lru_cache(maxsize=1)
def taxonomy() -> tuple[str, dict[str, re.Pattern[str]]]:
    data = pack.load("topics.json")
    words = {t: list(ws) for t, ws in data["topics"].items()}
    try:
        from tzqa.domain.agents import load_agents

        words.setdefault("agent", []).extend(a.name.lower() for a in load_agents())
    except Exception:  # the taxonomy works without the agent list
        pass
    patterns = {t: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(set(ws), key=len, reverse=True))
                              + ")", re.IGNORECASE) for t, ws in words.items()}
    return data.get("default", "background"), patterns


def classify(text: str, section: str = "") -> str:
    """The taxonomy topic ``text`` (under heading ``section``) is about, or the default when none fits."""
    default, patterns = taxonomy()
    scores = {t: len(p.findall(text)) + 2 * len(p.findall(section)) for t, p in patterns.items()}
    best = max(scores, key=lambda t: (scores[t], t == "mechanism"))
    return best if scores[best] >= 2 else default
