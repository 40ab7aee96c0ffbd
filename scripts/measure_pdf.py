"""Measure how tzqa reads real PDFs: reference list, page furniture in passages, resolved citations.

    PYTHONPATH=src HF_HUB_OFFLINE=1 python scripts/measure_pdf.py [file.pdf[:true_count] ...]

With no arguments, the real articles under tests/data/realdocs/ with their true reference counts
(counted by reading each PDF's list).
"""
from __future__ import annotations

import sys
from pathlib import Path

from tzqa.evaluation.library_pdf import measure

REALDOCS = Path(__file__).resolve().parents[1] / "tests" / "data" / "realdocs"
TRUE_COUNTS = {"bmc_hsr_malawi.pdf": 31, "bmc_jtmo_dvt.pdf": 79, "hindawi_rrp_heart_failure.pdf": 17,
               "clinsci_ace_inhibitors.pdf": 52}


def main(args: list[str]) -> None:
    targets = [(REALDOCS / name, n) for name, n in TRUE_COUNTS.items()] if not args else [
        (Path(a.rsplit(":", 1)[0]), int(a.rsplit(":", 1)[1])) if ":" in a else (Path(a), None) for a in args]
    for path, n in targets:
        m = measure(path, n)
        print(m.summary())
        for f in m.furniture[:6]:
            print("   furniture:", repr(f))
        for u in m.unresolved_examples[:3]:
            print("   unresolved:", repr(u))


if __name__ == "__main__":
    main(sys.argv[1:])
