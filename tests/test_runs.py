"""tools/runs.py: `make seeds` merges new runs into benchmarks/seeds.json without dropping seeds."""

import json
import sys
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import runs  # noqa: E402  (tools/runs.py)


def fake_run(path, backend, seed, timeout=None, params=None):
    return {
        "notebook": runs.variant_name(path.stem, params),
        "backend": backend,
        "seed": seed,
        "seconds": 1.0,
        "metric": "test MSE",
        "value": 100.0 + seed,
        "check_passed": True,
        "error": "",
    }


@pytest.fixture
def offline_runs(tmp_path, monkeypatch):
    """runs.py writing into tmp_path, with fake notebook runs, machine and commit."""
    monkeypatch.setattr(runs, "OUT", tmp_path)
    monkeypatch.setattr(runs, "run", fake_run)
    monkeypatch.setattr(
        runs, "machine", lambda: {"cpu": "test", "cores": 2, "python": "3", "versions": {}}
    )
    monkeypatch.setattr(runs, "source_commit", lambda: "abc1234")
    return tmp_path


def old_row(seed, value):
    return {**fake_run(Path("01_x.ipynb"), "tensorflow", seed), "value": value}


def test_seeds_replaces_rerun_seeds_and_keeps_the_others(tmp_path, offline_runs):
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


def test_seeds_of_another_backend_are_not_mixed_in(tmp_path, offline_runs):
    old = {"backend": "jax", "runs": [old_row(seed, 1.0) for seed in (4, 5)]}
    (tmp_path / "seeds.json").write_text(json.dumps(old))

    runs.seeds([Path("01_x.ipynb")], "tensorflow", [1])

    written = json.loads((tmp_path / "seeds.json").read_text())
    assert [r["seed"] for r in written["runs"]] == [1]


def test_section_seconds_sums_cell_durations_per_heading():
    nb = nbformat.v4.new_notebook()
    timed = [("## Setup\nintro", None), ("x = 1", 1.5), ("## Train", None), ("fit()", 10.0)]
    timed += [("plot()", 2.0), ("text\n## Check", None), ("assert True", None)]
    for source, duration in timed:
        if duration is None and not source.startswith("assert"):
            nb.cells.append(nbformat.v4.new_markdown_cell(source))
        else:
            cell = nbformat.v4.new_code_cell(source)
            if duration is not None:
                cell.metadata["papermill"] = {"duration": duration}
            nb.cells.append(cell)
    nb.cells.insert(0, nbformat.v4.new_code_cell("SEED = 1"))

    assert runs.section_seconds(nb) == {
        "(before the first section)": 0.0,
        "Setup": 1.5,
        "Train": 12.0,
        "Check": 0.0,
    }


def test_bench_tabulates_seconds_and_sections(offline_runs, monkeypatch):
    calls = iter([10.0, 30.0, 20.0])

    def timed_run(path, backend, seed):
        seconds = next(calls)
        return {
            **fake_run(path, backend, 0),
            "seconds": seconds,
            "sections": {"Train": seconds - 2},
        }

    monkeypatch.setattr(runs, "run", timed_run)
    runs.bench([Path("01_x.ipynb")], ["tensorflow"], 3, "cpu")

    written = json.loads((offline_runs / "cpu.json").read_text())
    assert written["summary"]["tensorflow"]["total"] == {"median": 20.0, "min": 10.0, "max": 30.0}
    table = (offline_runs / "cpu.md").read_text()
    assert "| 01_x | 20 (10–30) | 100 |" in table
    assert "| 01_x | tensorflow | Train 18 |" in table


def test_bench_of_one_notebook_keeps_the_others_runs(offline_runs, monkeypatch):
    old_rows = [  # recorded before rows were numbered: attempts follow their order
        {**fake_run(Path(f"{stem}.ipynb"), "tensorflow", 0), "seconds": seconds}
        for seconds in (5.0, 7.0, 6.0)
        for stem in ("01_x", "02_y")
    ]
    (offline_runs / "cpu.json").write_text(json.dumps({"runs": old_rows}))
    calls = iter([1.0, 3.0, 2.0])
    monkeypatch.setattr(
        runs, "run", lambda p, b, s: {**fake_run(p, b, 0), "seconds": next(calls), "sections": {}}
    )

    runs.bench([Path("02_y.ipynb")], ["tensorflow"], 3, "cpu")

    written = json.loads((offline_runs / "cpu.json").read_text())
    per = written["summary"]["tensorflow"]["notebooks"]
    assert per["01_x"]["median"] == 6.0 and per["02_y"]["median"] == 2.0
    # run by run: 5+1, 7+3, 6+2
    assert written["summary"]["tensorflow"]["total"] == {"median": 8.0, "min": 6.0, "max": 10.0}
    table = (offline_runs / "cpu.md").read_text()
    assert "| 01_x | 6 (5–7) | 100 | before |" in table
    assert "| 02_y | 2 (1–3) | 100 | abc1234 |" in table


def test_bench_drops_recorded_runs_it_cannot_pair(offline_runs, monkeypatch):
    old_rows = [{**fake_run(Path("01_x.ipynb"), "tensorflow", 0), "seconds": 5.0}]  # one run, not 3
    (offline_runs / "cpu.json").write_text(json.dumps({"runs": old_rows}))
    monkeypatch.setattr(
        runs, "run", lambda p, b, s: {**fake_run(p, b, 0), "seconds": 2.0, "sections": {}}
    )

    runs.bench([Path("02_y.ipynb")], ["tensorflow"], 3, "cpu")

    written = json.loads((offline_runs / "cpu.json").read_text())
    assert list(written["summary"]["tensorflow"]["notebooks"]) == ["02_y"]


def test_seeds_drop_forgets_recorded_runs_without_running(tmp_path, offline_runs):
    old = {"backend": "tensorflow", "runs": [old_row(seed, 1.0) for seed in (1, 2, 5)]}
    (tmp_path / "seeds.json").write_text(json.dumps(old))

    runs.seeds([Path("01_x.ipynb")], "tensorflow", [], drop=(5,))

    written = json.loads((tmp_path / "seeds.json").read_text())
    assert [r["seed"] for r in written["runs"]] == [1, 2]


def test_seeds_with_a_parameter_are_recorded_apart_from_the_default_run(tmp_path, offline_runs):
    path = Path("02_x.ipynb")
    runs.seeds([path], "tensorflow", [1, 2])
    runs.seeds([path], "tensorflow", [1], params=runs.parse_params(["TRAINING_STEPS=12000"]))
    summary = json.loads((offline_runs / "seeds.json").read_text())["summary"]
    assert summary["02_x"]["runs"] == 2
    assert summary["02_x@TRAINING_STEPS=12000"]["runs"] == 1
    with pytest.raises(ValueError, match="NAME=VALUE"):
        runs.parse_params(["SEED=3"])


def test_fit_lines_tabulate_the_main_fit_against_the_machine():
    fit = {"steps": 4000, "ms_per_step": 40.0, "gflop_per_step": 0.994, "gflops": 24.9}
    rows = [
        {"notebook": "02_x", "backend": "tensorflow", "fit": fit},
        {"notebook": "02_x", "backend": "tensorflow", "fit": {**fit, "ms_per_step": 50.0}},
        {"notebook": "00_y", "backend": "tensorflow", "fit": None},
    ]
    lines = runs.fit_lines(
        [Path("00_y.ipynb"), Path("02_x.ipynb")], ["tensorflow"], rows, {"matmul_1024": 67.1}
    )
    assert "matmul_1024 67.1 GFLOP/s" in " ".join(lines)
    assert lines[-1] == "| 02_x | tensorflow | 4000 | 45.0 | 0.994 | 24.9 |"


def test_nbtools_keeps_the_last_state_of_a_progress_bar():
    import nbtools  # tools/nbtools.py

    out = [
        nbformat.v4.new_output("stream", name="stdout", text="\r  0%|   | 0/3"),
        nbformat.v4.new_output("stream", name="stdout", text="\r 33%|█  | 1/3"),
        nbformat.v4.new_output("stream", name="stdout", text="\r100%|███| 3/3\n"),
        nbformat.v4.new_output("stream", name="stdout", text="done\n"),
        nbformat.v4.new_output("stream", name="stderr", text="a warning\n"),
    ]
    merged = nbtools.merge_streams(out)
    assert [o.name for o in merged] == ["stdout", "stderr"]
    assert nbtools.collapse_carriage_returns(merged[0].text) == "100%|███| 3/3\ndone\n"
    assert nbtools.collapse_carriage_returns("a\r\nb\n") == "a\nb\n"


def test_nbtools_clean_is_idempotent_when_a_log_line_splits_two_prints():
    import nbtools  # tools/nbtools.py

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("print(1); build(); print(2)")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="first\n"),
        nbformat.v4.new_output("stream", name="stderr", text="I0000 00:00 a backend log line\n"),
        nbformat.v4.new_output("stream", name="stdout", text="second\n"),
    ]
    nb.cells.append(cell)
    once = nbtools.clean(nb)
    assert [o.text for o in once.cells[0].outputs] == ["first\nsecond\n"]
    assert nbtools.clean(nbformat.from_dict(once)) == once


def test_nbtools_drops_a_finished_bars_timings_and_keeps_its_losses():
    import nbtools  # tools/nbtools.py

    bar = "100%|███| 30/30 [00:03<00:00,  8.05epoch/s, loss=4.86, val_loss=4.73]"
    assert nbtools.without_bar_timings(bar) == "100%|███| 30/30 [loss=4.86, val_loss=4.73]"
    assert nbtools.without_bar_timings("100%|███| 10/10 [07:19<00:00, 43.95s/epoch]") == (
        "100%|███| 10/10"
    )
    assert nbtools.without_bar_timings("a table [1, 2]") == "a table [1, 2]"


def test_code_hash_follows_the_lesson_code_only(tmp_path):
    import nbtools  # tools/nbtools.py

    path = tmp_path / "01_x.ipynb"

    def fingerprint(sources):
        kinds = (nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell) * 2
        cells = [kind(source) for kind, source in zip(kinds, sources, strict=True)]
        nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
        return nbtools.code_hash(path)

    base = fingerprint(["# Title", "x = 1", "## Exercises", "answer = None"])
    assert fingerprint(["# Other words", "x = 1", "## Exercises", "answer = 2"]) == base
    assert fingerprint(["# Title", "x = 2", "## Exercises", "answer = None"]) != base


def test_a_run_without_its_record_is_a_failure_not_a_pass():
    assert runs.run_error(True, [], [], recorded=True) == ""
    assert runs.run_error(True, [], [], recorded=False) == "no result recorded"
    assert runs.run_error(False, [], [], recorded=False) == "did not run"
    assert runs.run_error(True, [7], [True], recorded=True) == "Check failed"
    assert runs.run_error(True, [3, 7], [False, True], recorded=True) == "error in cell 3"
