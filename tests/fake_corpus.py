"""A tiny generated corpus for the fast tier: a review in the bundled review's text format, and a cited paper.

Its words are invented ("quorblin", "glimmerase", "marovin"), so a search for them can only be right
in one way, whatever the pack's synonyms know about HER2. Each paragraph's citations are laid out so
that a sentence's own references differ from those it inherits from its paragraph (attribution).
"""
from __future__ import annotations

from pathlib import Path

from tzqa.ingest.corpus import review_stem

TITLE = "Quorblin resistance in zentrocyte tumours: mechanisms, biomarkers and targeting agents"

# Each top-level title carries its topic's word (the pack's section_topics: mechanism, predict, agent).
MECHANISM = ("Glimmerase phosphorylates the vortex receptor and blocks quorblin binding in zentrocyte cells (1). "
             "Loss of the tesseract domain follows glimmerase activation in resistant clones (2).")
# first sentence cites nothing itself: it inherits (3) from the paragraph's last sentence
INHERITED = ("Plinkton amplification drives zentrocyte growth during quorblin exposure. "
             "Sardomab reverses plinkton-driven growth in xenograft mice (3).")
BIOMARKER = "Serum marovin levels predict early relapse under quorblin treatment in two cohorts (2)."
AGENT = "Sardomab, a trivalent antibody, restores quorblin sensitivity in plinkton-high tumours (3, 4)."
BACKGROUND = "Zentrocyte tumours are rare and quorblin is their standard first-line therapy (1)."

REFERENCES = [
    "Abel A, Baker B. Glimmerase activation and the vortex receptor in zentrocyte cells. *J Imag Oncol* (2019) "
    "1:1-9. doi: 10.5555/fake.0001",
    "Carver C, Dunn D. Serum marovin as a predictor of relapse under quorblin treatment. *Imag Biomark* (2020) "
    "2:10-19. doi: 10.5555/fake.0002",
    "Evans E, Fox F. Sardomab reverses plinkton amplification in xenografts. *Imag Ther* (2021) 3:20-29. "
    "doi: 10.5555/fake.0003",
    "Grant G, Hill H. A trivalent antibody for quorblin-refractory zentrocyte tumours. *Imag Ther* (2022) "
    "4:30-39. doi: 10.5555/fake.0004",
]

# A cited paper, supplied as corpus/references/ref-2.txt (linked to reference 2 by its file name).
PAPER = ("Serum marovin as a predictor of relapse under quorblin treatment\n\n"
         "Methods\n\n"
         "We measured serum marovin by ELISA in 212 patients before their first quorblin infusion.\n\n"
         "Results\n\n"
         "Patients with high marovin relapsed within nine months, whereas low marovin patients stayed in "
         "remission for two years.\n")


def review_text() -> str:
    """The review as corpus-format text: front matter up to KEYWORDS, numbered sections, References."""
    lines = [
        "Check for updates",
        TITLE,
        "Ada Lovelace^{1} and Alan Turing^{1*}",
        "¹Department of Imaginary Oncology, Nowhere University, Nowhere",
        "Quorblin is the standard therapy for zentrocyte tumours, and resistance limits it. We summarise "
        "mechanisms, biomarkers and targeting agents of quorblin resistance.",
        "KEYWORDS",
        "zentrocyte, quorblin, resistance, biomarker",
        "1 Introduction",
        BACKGROUND,
        "2 Mechanisms of quorblin resistance",
        MECHANISM,
        INHERITED,
        "3 Biomarkers for predicting quorblin resistance",
        BIOMARKER,
        "4 Targeting agents against quorblin resistance",
        AGENT,
        "References",
        *[f"{i}. {r}" for i, r in enumerate(REFERENCES, 1)],
    ]
    return "\n\n".join(lines) + "\n"


def write_tiny_corpus(directory: Path, paper: bool = True) -> Path:
    """Write the generated review (and, with ``paper``, the cited paper) into ``directory``; returns it."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{review_stem()}.txt").write_text(review_text(), encoding="utf-8")
    if paper:
        (directory / "references").mkdir(exist_ok=True)
        (directory / "references" / "ref-2.txt").write_text(PAPER, encoding="utf-8")
    return directory
