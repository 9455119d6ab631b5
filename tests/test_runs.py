"""tools/runs.py: `make seeds` merges new runs into benchmarks/seeds.json without dropping seeds."""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import runs  # noqa: E402  (tools/runs.py)


def fake_run(path, backend, seed):
    return {
        "notebook": path.stem,
        "backend": backend,
        "seed": seed,
        "seconds": 1.0,
        "metric": "test MSE",
        "value": 100.0 + seed,
        "check_passed": True,
        "error": "",
    }


def old_row(seed, value):
    return {**fake_run(Path("01_x.ipynb"), "tensorflow", seed), "value": value}


def test_seeds_replaces_rerun_seeds_and_keeps_the_others(tmp_path, monkeypatch):
    monkeypatch.setattr(runs, "OUT", tmp_path)
    monkeypatch.setattr(runs, "run", fake_run)
    monkeypatch.setattr(
        runs, "machine", lambda: {"cpu": "test", "cores": 2, "python": "3", "versions": {}}
    )
    monkeypatch.setattr(runs, "source_commit", lambda: "abc1234")
    old = {"backend": "tensorflow", "runs": [old_row(seed, 1.0) for seed in (1, 2, 3, 4, 5)]}
    (tmp_path / "seeds.json").write_text(json.dumps(old))

    runs.seeds([Path("01_x.ipynb")], "tensorflow", [1, 2, 3])

    written = json.loads((tmp_path / "seeds.json").read_text())
    by_seed = {r["seed"]: r for r in written["runs"]}
    assert sorted(by_seed) == [1, 2, 3, 4, 5]
    assert [by_seed[s]["value"] for s in (1, 2, 3)] == [101.0, 102.0, 103.0]
    assert [by_seed[s]["value"] for s in (4, 5)] == [1.0, 1.0]  # kept, not re-run
    assert [by_seed[s].get("commit") for s in (1, 4)] == ["abc1234", None]
    assert written["summary"]["01_x"]["runs"] == 5
    table = (tmp_path / "seeds.md").read_text()
    assert "| abc1234, before |" in table


def test_seeds_of_another_backend_are_not_mixed_in(tmp_path, monkeypatch):
    monkeypatch.setattr(runs, "OUT", tmp_path)
    monkeypatch.setattr(runs, "run", fake_run)
    monkeypatch.setattr(
        runs, "machine", lambda: {"cpu": "test", "cores": 2, "python": "3", "versions": {}}
    )
    monkeypatch.setattr(runs, "source_commit", lambda: "abc1234")
    old = {"backend": "jax", "runs": [old_row(seed, 1.0) for seed in (4, 5)]}
    (tmp_path / "seeds.json").write_text(json.dumps(old))

    runs.seeds([Path("01_x.ipynb")], "tensorflow", [1])

    written = json.loads((tmp_path / "seeds.json").read_text())
    assert [r["seed"] for r in written["runs"]] == [1]
