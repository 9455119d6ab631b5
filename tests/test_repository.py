"""Repository hygiene: notebooks executed and clean; docs/, links and the README up to date."""

import filecmp
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import nbtools  # noqa: E402  (tools/nbtools.py)
import readme  # noqa: E402  (tools/readme.py)

NOTEBOOKS = nbtools.notebook_paths([])


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ must hold at least one NN_slug.ipynb"
    assert [p.stem[:2] for p in NOTEBOOKS] == sorted({p.stem[:2] for p in NOTEBOOKS}), (
        "notebook numbers repeat"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_notebook_is_executed_and_clean(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", "kernelspec must be python3"
    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    assert code, "no code cells"
    assert all(c.execution_count is not None for c in code), (
        "unexecuted code cells: run `make nb NB=...`"
    )
    counts = [c.execution_count for c in code]
    assert counts == list(range(1, len(counts) + 1)), (
        "cells were not run top to bottom in one kernel"
    )
    for cell in code:
        assert "execution" not in cell.metadata, (
            "per-cell timings are churn: run tools/nbtools.py clean"
        )
        for output in cell.outputs:
            assert output.output_type != "error", f"error output in cell: {cell.source[:60]!r}"
            size = len(json.dumps(output))
            assert size <= 1_000_000, (
                f"an output of {size} bytes (over 1 MB) in cell {cell.source[:60]!r}"
            )
            text = output.get("text", "") + output.get("data", {}).get("text/plain", "")
            assert "\x1b[" not in text, "ANSI escape codes in an output"
            assert "<style" not in output.get("data", {}).get("text/html", ""), (
                "pandas <style> block"
            )
    assert nbtools.clean(nbformat.read(path, as_version=4)) == nb, "notebook is not cleaned"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_states_its_source_and_links_its_neighbours(path):
    nb = nbformat.read(path, as_version=4)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith(f"# {path.stem[:2]} · ")
    assert "Comes from:" in first.source, (
        "the first cell must say which original exercise this comes from"
    )
    last = nb.cells[-1]
    assert last.cell_type == "markdown"
    index = NOTEBOOKS.index(path)
    links = re.findall(r"\]\(([^)]+\.ipynb)\)", last.source)
    expected = [
        p.name
        for p in (
            NOTEBOOKS[index - 1] if index else None,
            NOTEBOOKS[index + 1] if index + 1 < len(NOTEBOOKS) else None,
        )
        if p
    ]
    assert links == expected, (
        f"the last cell must link previous/next notebooks {expected}, found {links}"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_has_a_parameters_cell_with_only_the_seed(path):
    """papermill (`make seeds`) sets SEED through the one cell tagged `parameters`; a notebook
    whose default run is a shortened recipe also sets TRAINING_STEPS and BATCH_SIZE there (the
    long recipe is then papermill parameters away)."""
    nb = nbformat.read(path, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, "exactly one code cell must be tagged `parameters`"
    code = [ln for ln in tagged[0].source.splitlines() if ln.strip() and not ln.startswith("#")]
    names = [ln.split("=")[0].strip() for ln in code]
    assert names[:1] == ["SEED"] and set(names) <= {"SEED", "TRAINING_STEPS", "BATCH_SIZE"}, (
        f"the parameters cell holds SEED (and at most TRAINING_STEPS, BATCH_SIZE), found {names}"
    )


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p.stem[:2] != "00"], ids=lambda p: p.stem)
def test_notebook_has_results_and_a_check_before_saving(path):
    nb = nbformat.read(path, as_version=4)
    sources = [c.source for c in nb.cells]
    checks = [
        i
        for i, c in enumerate(nb.cells)
        if c.cell_type == "markdown" and c.source.lstrip().startswith("## Check")
    ]
    # reporting.record: one printed line (save_results, which it calls, prints the whole record).
    call = re.compile(r"reporting\.record\(")
    saves = [i for i, src in enumerate(sources) if call.search(src)]
    assert checks and saves, "a `## Check` section and a `reporting.record(...)` call are required"
    first = sources[min(saves)]
    assert min(saves) > checks[0] + 1 or (
        min(saves) == checks[0] + 1 and call.search(first).start() > first.rindex("assert ")
    ), "record the results after the Check's asserts, not before"
    assert "assert " in sources[checks[0] + 1], "the cell after `## Check` must assert the bar"
    result = json.loads((ROOT / "results" / f"{path.stem}.json").read_text())
    for key in (
        "title",
        "source",
        "metric",
        "model",
        "best_baseline",
        "baselines",
        "original",
        "backend",
        "train_seconds",
        "reproduce_within",
    ):
        assert key in result, f"results/{path.stem}.json lacks {key!r}"
    markdown = "".join(c.source for c in nb.cells if c.cell_type == "markdown")
    solutions = [c for c in nb.cells if "solution" in c.metadata.get("tags", [])]
    assert "<details>" in markdown or solutions, "exercises need answers"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_uses_the_shared_modules(path):
    """No notebook defines its own metric or naive baseline, and helpers.py is gone."""
    code = "\n".join(
        c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"
    )
    assert "import helpers" not in code and "from helpers" not in code
    for name in ("mse", "mae", "mse_per_value", "last_value", "drift", "zero", "accuracy_of"):
        assert not re.search(rf"^def {name}\(", code, flags=re.M), (
            f"{name} belongs in forecasting.py"
        )
    assert "tf." not in re.sub(r"#.*", "", code).replace("tf.keras", ""), (
        "backend-neutral Keras only"
    )


def test_shared_modules_import_from_the_notebooks_folder_without_pythonpath():
    """A kernel started in notebooks/ with no PYTHONPATH finds the series' modules (pip -e .)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    probe = (
        "import datasets, forecasting, plots, reporting; reporting.check_environment(); "
        "print(datasets.__file__)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT / "notebooks",
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert Path(done.stdout.strip().splitlines()[-1]) == ROOT / "datasets.py"


def test_relative_links_and_images_resolve():
    """Every relative link and image in README.md and docs/*.md points at a file that exists."""
    dead = []
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = re.sub(r"```.*?```", "", page.read_text(), flags=re.S)  # code is not a link
        text = re.sub(r"`[^`\n]*`", "", text)
        text = re.sub(r"^(    |\t).*$", "", text, flags=re.M)  # printed outputs in the export
        targets = re.findall(r"\]\(([^)\s]+)\)", text) + re.findall(r'src="([^"]+)"', text)
        for target in targets:
            target = target.split("#")[0]
            if not target or re.match(r"[a-z]+:", target):
                continue
            if not (page.parent / target).exists():
                dead.append(f"{page.relative_to(ROOT)} -> {target}")
    assert not dead, f"{len(dead)} dead relative links, e.g. {dead[:5]}"


def test_docs_are_up_to_date(tmp_path):
    """Exporting the committed notebooks again reproduces docs/ exactly (markdown and figures)."""
    for path in NOTEBOOKS:
        nbtools.export(path, tmp_path)
    comparison = filecmp.dircmp(tmp_path, ROOT / "docs")
    stale = []

    def walk(cmp, prefix=""):
        stale.extend(
            prefix + n for n in cmp.left_only + cmp.right_only + cmp.diff_files + cmp.funny_files
        )
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(comparison)
    # dircmp compares shallowly (size and mtime); compare the bytes of every file too.
    for generated in tmp_path.rglob("*"):
        committed = ROOT / "docs" / generated.relative_to(tmp_path)
        if (
            generated.is_file()
            and committed.is_file()
            and generated.read_bytes() != committed.read_bytes()
        ):
            stale.append(str(generated.relative_to(tmp_path)))
    assert not sorted(set(stale)), (
        f"docs/ is out of date ({sorted(set(stale))[:5]}): run `make docs`"
    )


def test_readme_results_section_is_up_to_date():
    current, regenerated = readme.updated_readme()
    assert current == regenerated, "README.md results section is out of date: run `make readme`"


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, flags=re.M)
    assert "make test" in (ROOT / "README.md").read_text()


def test_make_knows_the_documented_targets():
    for target in ("lab", "test", "docs", "readme", "bench", "lint", "clean"):
        result = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 0, f"make {target}: {result.stderr}"


def test_readme_flags_benchmark_rows_that_predate_the_committed_result(monkeypatch):
    files = {
        "results/01_a.json": {"model": {"value": 1.0}, "reproduce_within": 0.1},
        "results/02_b.json": {"model": {"value": 1.0}, "reproduce_within": 0.1},
    }
    monkeypatch.setattr(readme, "load", lambda name: files.get(name, {}))
    stale = readme.stale_timings({"01_a": {"metric": 1.05}, "02_b": {"metric": 2.0}})
    assert stale == ["02 (benchmarked 2, committed 1)"]


def test_readme_shows_a_recipe_variant_and_the_run_time():
    seeds = {
        "summary": {
            "02_b@TRAINING_STEPS=12000": {
                "median": 0.004,
                "min": 0.003,
                "max": 0.005,
                "runs": 5,
                "passed": 5,
            }
        }
    }
    assert readme.seed_cell("02_b", seeds) == "TRAINING_STEPS=12000: 0.004 (0.003–0.005, 5 seeds)"
    assert readme.seed_cell("03_c", seeds) == "—"
    real = "01_multi_signal_sines"  # seeds run on another version of its code are not shown
    entry = {"median": 1e-6, "min": 1e-6, "max": 2e-6, "runs": 3, "passed": 3}
    current = readme.code_hash(ROOT / "notebooks" / f"{real}.ipynb")
    assert readme.seed_cell(real, {"summary": {real: {**entry, "code": "0123456789ab"}}}) == "—"
    assert "3 seeds" in readme.seed_cell(real, {"summary": {real: {**entry, "code": current}}})
    bench = {"summary": {"tensorflow": {"notebooks": {"02_b": {"median": 201.4}}}}}
    assert readme.runs_in("02_b", bench) == "TF 201 s"
    assert readme.runs_in("03_c", bench) == "—"


def _requirements(path: Path) -> dict[str, str]:
    """``name -> specifier`` of a requirements file (comments and blank lines skipped)."""
    found = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.match(r"([A-Za-z0-9_.\-\[\]]+)\s*(.*)", line)
        name = re.sub(r"\[.*\]", "", match.group(1))
        found[re.sub(r"[-_.]+", "-", name).lower()] = match.group(2).strip()
    return found


def test_the_lock_pins_every_requirement_within_its_range():
    from packaging.specifiers import SpecifierSet

    ranges = _requirements(ROOT / "requirements.txt")
    lock = _requirements(ROOT / "requirements.lock")
    assert all(spec.startswith("==") for spec in lock.values()), "the lock pins exact versions"
    missing = sorted(set(ranges) - set(lock))
    assert not missing, f"requirements.lock does not pin {missing}: run `make lock`"
    outside = {
        name: (lock[name], spec)
        for name, spec in ranges.items()
        if lock[name][2:] not in SpecifierSet(spec)
    }
    assert not outside, f"locked versions outside requirements.txt's ranges: {outside}"


def test_make_installs_the_lock():
    makefile = (ROOT / "Makefile").read_text()
    assert "LOCK   := requirements.lock" in makefile
    assert "pip install --quiet -r $(LOCK)" in makefile


def test_runtime_line_reads_the_benchmark_and_replaces_itself():
    bench = {
        "machine": {"cores": 2},
        "summary": {
            "tensorflow": {"runs": 3, "notebooks": {"01_x": {"median": 33.6}}},
            "jax": {"runs": 3, "notebooks": {"01_x": {"median": 24.2}}},
        },
    }
    line = readme.runtime_line("01_x", bench)  # no results/01_x.json: nothing to be stale against
    assert "about 34 s on a 2-core CPU with TensorFlow (24 s with JAX)" in line
    assert "median of 3 runs" in line
    one = {**bench, "summary": {"tensorflow": {"runs": 1, "notebooks": {"01_x": {"median": 9}}}}}
    assert "about 9 s on a 2-core CPU with TensorFlow, one run of `make bench`" in (
        readme.runtime_line("01_x", one)
    )
    assert "not timed yet" in readme.runtime_line("09_new", bench)
    first = "# Title\n\n**Result**: ..."
    once = readme.with_runtime(first, line)
    assert once.startswith(first) and once.endswith(readme.RUNTIME_END)
    newer = readme.runtime_line(
        "01_x", {**bench, "summary": {"tensorflow": bench["summary"]["tensorflow"]}}
    )
    twice = readme.with_runtime(once, newer)
    assert twice.count(readme.RUNTIME_START) == 1 and "with JAX" not in twice


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_first_screen_says_how_long_the_notebook_runs(path):
    first = nbformat.read(path, as_version=4).cells[0].source
    assert readme.RUNTIME_START in first and "**Runs in**" in first, (
        "the first cell has no run-time line: run `make readme`"
    )


def test_readme_bolds_only_a_figure_that_wins_as_shown():
    assert readme.winner_marks(0.0082, 0.0161, "lower") == ("**0.0082**", "0.0161")
    assert readme.winner_marks(5020.1, 5020.1, "lower") == ("5,020 (tie)", "5,020 (tie)")
    assert readme.winner_marks(0.83, 0.9, "higher") == ("0.83", "**0.9**")
