"""The committed results/*.json must still come out of the committed code.

Runs last (conftest.py orders it): nbmake has just executed every notebook, each writing a fresh
record into the scratch ``SERIES_RESULTS_DIR``. On the backend that produced the committed record,
the fresh headline figure must match it within the notebook's own ``reproduce_within`` (relative);
an edited or stale committed figure fails here. Notebooks that did not run in this session (e.g.
``pytest tests``) are skipped, and so is a run on another backend (its numbers differ by design).
"""

import json
import os
from pathlib import Path

import pytest

import reporting

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = sorted((ROOT / "results").glob("[0-9][0-9]_*.json"))


def compare(committed: dict, fresh: dict) -> str | None:
    """Why the fresh record does not reproduce the committed one, or None when it does."""
    if committed["model"] is None:
        return None if fresh["model"] is None else "a headline model appeared"
    old, new = committed["model"]["value"], fresh["model"]["value"]
    tolerance = committed.get("reproduce_within", 0.0)
    if not reporting.reproduces(committed, new):
        return (
            f"fresh {fresh['model']['name']} = {new:.6g}, committed {old:.6g}: more than "
            f"{tolerance:.0%} apart (re-execute the notebook, or fix the committed file)"
        )
    return None


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: p.stem)
def test_fresh_run_reproduces_committed_result(path):
    fresh_path = Path(os.environ["SERIES_RESULTS_DIR"]) / path.name
    if not fresh_path.exists():
        pytest.skip(f"{path.stem} was not executed in this pytest session")
    committed, fresh = json.loads(path.read_text()), json.loads(fresh_path.read_text())
    if fresh["backend"] != committed["backend"]:
        pytest.skip(f"ran on {fresh['backend']}; committed figures are {committed['backend']}'s")
    problem = compare(committed, fresh)
    assert problem is None, problem


def test_compare_catches_an_edited_figure():
    committed = {"model": {"name": "GRU", "value": 1.0}, "reproduce_within": 0.1}
    assert compare(committed, {"model": {"name": "GRU", "value": 1.05}}) is None
    assert "apart" in compare(committed, {"model": {"name": "GRU", "value": 1.5}})
