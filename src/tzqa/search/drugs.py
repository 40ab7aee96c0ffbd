"""Which drugs a text names: the domain pack's agents by any of their names, and any word with an INN stem.

Why: a question about one drug is not answered by a sentence about another. "What side effects does
neratinib have?" finds a passage listing another inhibitor's adverse events; the sentence shares the
question's words ("adverse events", "diarrhea") and reads as an answer, yet it speaks of the other
drug. The cited answer (answer.py) lowers such sentences; this module only says which drugs a text
names, as canonical keys (an agent's name, or the stem word itself), so brand, code and INN agree.
"""
from __future__ import annotations

import re
from functools import lru_cache

from tzqa.domain.agents import load_agents
from tzqa.ingest.english import english_frequency
from tzqa.search.stems import drug_stem

__all__ = ["drug_mentions", "drugs_named", "prior_treatments"]


@lru_cache(maxsize=1)
def _names() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern over every agent name (longest first, so an ADC's two-word name beats its
    antibody's), and each lower-cased name's agent. Class entries name no single drug."""
    key: dict[str, str] = {}
    for agent in load_agents():
        if agent.kind == "class":
            continue
        for name in (*agent.names, *agent.corpus_forms):
            if len(name) >= 3:
                key.setdefault(name.lower(), agent.name)
    alternatives = sorted(key, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(a) for a in alternatives) + r")(?![\w-])", re.I) \
        if alternatives else re.compile(r"(?!x)x")
    return pattern, key


def drug_mentions(text: str) -> list[str]:
    """The drug names ``text`` writes, as written, in order (its INN, brand or code)."""
    pattern, _ = _names()
    return [m.group(0) for m in pattern.finditer(text)]


def drugs_named(text: str) -> frozenset[str]:
    """The drugs ``text`` names, one key per drug."""
    pattern, key = _names()
    found = {key[m.group(0).lower()] for m in pattern.finditer(text)}
    rest = pattern.sub(" ", text)
    # an INN stem on a word no English dictionary has ("concept" ends in -cept but is no drug)
    found |= {w.lower() for w in re.findall(r"[A-Za-z]{5,}", rest) if drug_stem(w) and not english_frequency(w.lower())}
    return frozenset(found)


# "patients had been treated with <drug> and <drug>", "who previously received <drug>": the drugs a trial's
# population had before, up to the clause's end (a comma ends it unless a list goes on: ", and …", ", examples
# include …", ", 66% had …"), not what the sentence reports on
_PRIOR = re.compile(r"(?i)\b(?:(?:had been|had|were previously|previously|heavily) (?:pre)?treated with|pretreated with|"
                    r"(?:had|have|has) (?:previously |already )?received|previously received|progressed (?:on|after)|"
                    r"after failing|after failure of)\b"
                    r"(?:[^.;:,]|,\s*(?=and\b|or\b|examples?\b|including\b|such as\b|e\.g\.|\d))*")


def prior_treatments(text: str) -> frozenset[str]:
    """The drugs ``text`` names only as a population's earlier treatment (see ``_PRIOR``)."""
    prior = frozenset().union(*(drugs_named(m.group(0)) for m in _PRIOR.finditer(text)))
    rest = _PRIOR.sub(" ", text)
    return prior - drugs_named(rest)
