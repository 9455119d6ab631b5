"""The recorded-run scripts' shared plumbing: which variants to run, and one json row per run.

``decoder_01.py``, ``denoising_ablation.py`` and ``ablations_07.py`` each train one network per
variant and keep one row per (variant, seed) in a json list that a notebook reads. Runs of one
script are often started in parallel (a variant each), so rows are written in turn, under a lock.
"""

from __future__ import annotations

import argparse
import fcntl
import json
from pathlib import Path


def chosen(parser: argparse.ArgumentParser, names: list[str], known) -> list[str]:
    """The variants named on the command line (all of ``known`` if none), or a clear error.

    ``choices=`` would do this, but argparse on Python 3.11 rejects an empty ``nargs="*"`` list.
    """
    unknown = sorted(set(names) - set(known))
    if unknown:
        parser.error(f"unknown variant(s) {unknown}; choose from {list(known)}")
    return list(names) or list(known)


def save(path: Path, row: dict, known) -> None:
    """Add ``row`` to the json list at ``path``, replacing the row of the same variant and seed;
    rows stay in the order of ``known``, higher seeds first."""
    with open(__file__) as lock:  # parallel runs write in turn
        fcntl.flock(lock, fcntl.LOCK_EX)
        rows = json.loads(path.read_text()) if path.exists() else []
        rows = [r for r in rows if (r["variant"], r["seed"]) != (row["variant"], row["seed"])]
        rows.append(row)
        rows.sort(key=lambda r: (list(known).index(r["variant"]), -r["seed"]))
        path.write_text(json.dumps(rows, indent=1) + "\n")
