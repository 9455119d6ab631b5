"""Run every notebook from scratch with papermill and tabulate speed and metrics.

    python tools/runs.py bench --backends tensorflow jax --runs 3 [NOTEBOOK ...]
    python tools/runs.py seeds --seeds 1 2 3 4 5 [--backends tensorflow] [NOTEBOOK ...]
    python tools/runs.py seeds --seeds --drop 5 NOTEBOOK   # forget seed 5's recorded run
    python tools/runs.py seeds --param TRAINING_STEPS=12000 --param BATCH_SIZE=128 NB  # long recipe

``bench`` times each notebook ``--runs`` times per backend (the committed SEED) and writes
``benchmarks/<label>.md`` and ``.json`` (label ``cpu``, or ``gpu`` when a GPU is visible): the
median, min and max seconds per notebook and for the series, and each backend's headline metric
side by side; notebooks not named keep their recorded runs, so one changed notebook can be
re-timed alone. ``seeds`` runs each notebook once per seed (the ``SEED`` of the cell tagged
``parameters``) and writes ``benchmarks/seeds.md`` and ``.json``: the headline metric's median,
min, max, every run's value, and how often the notebook's Check passed. A failing Check is
recorded, not dropped: cells run on after an error, so the metric is still saved.

Notebooks run in memory from a copy; committed notebooks and ``results/`` are never touched.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbtools import CELL_TIMEOUT, code_hash, notebook_paths  # tools/nbtools.py, beside this script

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks"


def machine() -> dict:
    info = {"python": platform.python_version(), "cores": os.cpu_count()}
    cpu = [
        ln for ln in Path("/proc/cpuinfo").read_text().splitlines() if ln.startswith("model name")
    ]
    info["cpu"] = cpu[0].split(":", 1)[1].strip() if cpu else platform.processor() or "unknown"
    try:
        query = ["nvidia-smi", "--query-gpu=name", "--format=csv,noheader"]
        gpu = subprocess.run(query, capture_output=True, text=True, timeout=20).stdout.strip()
        if gpu:
            info["gpu"] = gpu.splitlines()[0]
    except (OSError, subprocess.SubprocessError):
        pass
    info["versions"] = {}
    for package in ("keras", "tensorflow", "jax", "numpy"):
        try:
            info["versions"][package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            pass
    return info


def source_commit() -> str:
    """The checked-out commit, with ``+`` when tracked files have uncommitted changes."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            # benchmarks/ itself is left out: a run of one seed rewrites seeds.json before the next
            ["git", "status", "--porcelain", "--untracked-files=no", "--", ".", ":!benchmarks"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return "unknown"
    return (head or "unknown") + ("+" if dirty else "")


def section_seconds(nb: nbformat.NotebookNode) -> dict[str, float]:
    """Seconds per ``## `` section of an executed notebook, from papermill's per-cell durations."""
    section, seconds = "(before the first section)", {}
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            headings = [ln[3:].strip() for ln in cell.source.splitlines() if ln.startswith("## ")]
            section = headings[-1] if headings else section
        elif cell.cell_type == "code":
            duration = cell.metadata.get("papermill", {}).get("duration") or 0.0
            seconds[section] = seconds.get(section, 0.0) + duration
    return {name: round(value, 1) for name, value in seconds.items()}


def variant_name(stem: str, params: dict | None) -> str:
    """The name runs are recorded under: the notebook's stem, plus any papermill parameters other
    than SEED (``02_superposed_sines@TRAINING_STEPS=12000``), so that a notebook's long recipe
    and its default run are never mixed in one spread."""
    extra = ",".join(f"{k}={v}" for k, v in sorted((params or {}).items()) if k != "SEED")
    return f"{stem}@{extra}" if extra else stem


def parse_params(items: list[str]) -> dict:
    """``["TRAINING_STEPS=12000"]`` -> ``{"TRAINING_STEPS": 12000}`` (ints stay ints)."""
    params = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.isidentifier() or name == "SEED":
            raise ValueError(f"--param wants NAME=VALUE with NAME not SEED, got {item!r}")
        params[name] = int(value) if value.lstrip("-").isdigit() else value
    return params


def run(
    path: Path,
    backend: str,
    seed: int | None,
    timeout: int = CELL_TIMEOUT,
    params: dict | None = None,
) -> dict:
    """Execute one notebook in a fresh kernel; return its seconds, metric and Check outcome.
    ``params``: papermill parameters besides SEED (the run is recorded under ``variant_name``)."""
    import papermill

    with tempfile.TemporaryDirectory() as scratch:
        env = {"KERAS_BACKEND": backend, "SERIES_RESULTS_DIR": scratch, "TF_CPP_MIN_LOG_LEVEL": "3"}
        saved = {key: os.environ.get(key) for key in env}
        os.environ.update(env)
        started = time.perf_counter()
        executed = Path(scratch) / path.name
        nb = None
        try:  # allow_errors: cells run on after a failed Check, so the results are still saved
            papermill.execute_notebook(
                str(path),
                str(executed),
                parameters={**(params or {}), **({} if seed is None else {"SEED": seed})},
                kernel_name="python3",
                cwd=str(path.parent),
                progress_bar=False,
                execution_timeout=timeout,
                allow_errors=True,
            )
        except papermill.PapermillExecutionError:
            pass  # reported below from the executed notebook's error outputs
        except Exception as exc:  # a notebook that cannot run at all is reported, not fatal
            print(f"{path.stem}: {type(exc).__name__}: {exc}"[:300], file=sys.stderr)
        if executed.exists():
            nb = nbformat.read(executed, as_version=4)
        errors = (
            []
            if nb is None
            else [
                index
                for index, cell in enumerate(nb.cells)
                if cell.cell_type == "code"
                for out in cell.get("outputs", [])
                if out.get("output_type") == "error"
            ]
        )
        seconds = time.perf_counter() - started
        for key, value in saved.items():
            os.environ.pop(key) if value is None else os.environ.__setitem__(key, value)
        record_path = Path(scratch) / f"{path.stem}.json"
        record = json.loads(record_path.read_text()) if record_path.exists() else {}

    def is_check(index: int) -> bool:
        # The assert cell follows the markdown cell "## Check" (papermill may put its error
        # marker cell in between).
        previous = [c for c in nb.cells[:index] if "papermill-error-cell" not in c.source]
        return bool(previous) and previous[-1].source.startswith("## Check")

    model = record.get("model") or {}
    in_check = [] if nb is None else [is_check(index) for index in errors]
    error = run_error(nb is not None, errors, in_check, bool(record))
    return {
        "notebook": variant_name(path.stem, params),
        "backend": backend,
        "seed": seed,
        "seconds": round(seconds, 1),
        "metric": record.get("metric"),
        "value": model.get("value"),
        "check_passed": not error,
        "error": error,
        "sections": {} if nb is None else section_seconds(nb),
        "fit": (record.get("extra") or {}).get("fit"),
    }


def run_error(ran: bool, error_cells: list[int], in_check: list[bool], recorded: bool) -> str:
    """Why a run failed, or "" when it passed. A run passes when the notebook ran, no cell failed
    and it wrote its ``results/`` record: a run that stops before its record (a kernel that did not
    start, say) has no metric and is a failure, not a pass."""
    if not ran:
        return "did not run"
    if error_cells:
        return "Check failed" if all(in_check) else f"error in cell {error_cells[0]}"
    return "" if recorded else "no result recorded"


def spread(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def fmt(value) -> str:
    if value is None:
        return "—"
    return f"{value:.3g}" if abs(value) < 1e-2 or abs(value) >= 1e4 else f"{value:.4g}"


def write(label: str, payload: dict, lines: list[str]) -> None:
    OUT.mkdir(exist_ok=True)
    (OUT / f"{label}.json").write_text(json.dumps(payload, indent=2) + "\n")
    (OUT / f"{label}.md").write_text("\n".join(lines) + "\n")
    print(f"wrote benchmarks/{label}.md and .json")


def header(title: str, info: dict, command: str) -> list[str]:
    device = info.get("gpu", info["cpu"])
    versions = ", ".join(f"{k} {v}" for k, v in info["versions"].items())
    return [
        f"# {title}",
        "",
        f"`{command}` on {device} ({info['cores']} cores), Python "
        f"{info['python']}, {versions}. Generated by `tools/runs.py`; do not edit by hand.",
        "",
    ]


def _numbered(rows: list[dict]) -> list[dict]:
    """Give rows recorded before runs were numbered their attempt: their order per notebook."""
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (row["backend"], row["notebook"])
        row.setdefault("attempt", seen.get(key, 0))
        seen[key] = row["attempt"] + 1
    return rows


def fit_lines(
    paths: list[Path], backends: list[str], rows: list[dict], machine_gflops: dict
) -> list:
    """The main fit of each notebook against the machine: steps, ms per step, GFLOP/s (medians
    over runs, from the ``fit`` entry of a notebook's record: its longest fit run with
    ``training.progress``, or an older ``training.fit_cost`` entry with GFLOP counts)."""
    lines = [
        "",
        "## Main fits against the machine",
        "",
        "Each notebook's longest fit, as `training.progress` measured it (its seconds include "
        "compilation and validation; GFLOP figures only where a notebook counted them with "
        "`training.fit_cost`: about 3 forward passes per training step, 2 floating-point "
        "operations per multiply-add). The machine's own speed, numpy "
        "float32 matrix products in the same run: "
        + (", ".join(f"{k} {v} GFLOP/s" for k, v in machine_gflops.items()) or "not measured")
        + ".",
        "",
        "| notebook | backend | steps | ms per step | GFLOP per step | GFLOP/s |",
        "|---|---|---|---|---|---|",
    ]
    for path in paths:
        for backend in backends:
            fits = [
                r["fit"]
                for r in rows
                if r["notebook"] == path.stem and r["backend"] == backend and r.get("fit")
            ]
            if not fits:
                continue
            ms = statistics.median(f["ms_per_step"] for f in fits)
            rates = [f["gflops"] for f in fits if f.get("gflops") is not None]
            per_step = fits[0].get("gflop_per_step")
            lines.append(
                f"| {path.stem} | {backend} | {fits[0]['steps']} | {ms:.1f} | "
                + (f"{per_step:.3g}" if per_step is not None else "not counted")
                + " | "
                + (f"{statistics.median(rates):.1f}" if rates else "—")
                + " |"
            )
    return lines


def matmul_gflops(n: int = 1024, repeats: int = 5) -> dict:
    """The machine's own speed: numpy float32 matrix products, n x n (best of ``repeats``) and of
    an RNN step's size (batch 128, 192 wide: a 64-unit GRU's three gates and its input)."""
    import numpy as np

    rng = np.random.default_rng(0)

    def best(a, b, count):
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            for _ in range(count):
                a @ b
            times.append(time.perf_counter() - started)
        return 2 * a.shape[0] * a.shape[1] * b.shape[1] * count / min(times) / 1e9

    big = rng.standard_normal((n, n), dtype=np.float32)
    step = rng.standard_normal((128, 192), dtype=np.float32)
    gates = rng.standard_normal((192, 192), dtype=np.float32)
    return {
        f"matmul_{n}": round(best(big, big, 3), 1),
        "matmul_rnn_step": round(best(step, gates, 2000), 1),
    }


def shared_code(rows: list[dict]) -> str | None:
    """The lesson-code fingerprint (``nbtools.code_hash``) that every one of ``rows`` ran, or
    None when they ran different versions of the notebook (or recorded none)."""
    codes = {r.get("code") for r in rows}
    return codes.pop() if len(codes) == 1 else None


def bench(paths: list[Path], backends: list[str], runs: int, label: str) -> None:
    info, rows = machine(), []
    info["numpy_gflops"] = matmul_gflops()
    for backend in backends:
        for attempt in range(runs):
            for path in paths:
                rows.append({**run(path, backend, None), "attempt": attempt})
                print(json.dumps(rows[-1]), flush=True)
    commit = source_commit()
    codes = {p.stem: code_hash(p) for p in paths if p.exists()}
    for row in rows:
        row["commit"] = commit
        row["code"] = codes.get(row["notebook"])  # readme.py shows the time only while it matches
    # Notebooks not re-run keep their recorded runs (same backends, same number of runs), so
    # that `make bench NB=...` re-times one changed notebook and the series total stays whole.
    previous = OUT / f"{label}.json"
    if previous.exists():
        old = json.loads(previous.read_text())
        ran = {r["notebook"] for r in rows}
        kept = [
            r
            for r in _numbered(old.get("runs", []))
            if r["notebook"] not in ran and r["backend"] in backends and r["attempt"] < runs
        ]
        complete = all(
            sum(r["backend"] == b and r["notebook"] == stem for r in kept) == runs
            for b in backends
            for stem in {r["notebook"] for r in kept}
        )
        if complete:
            rows = kept + rows
            paths = sorted(
                {Path(f"{r['notebook']}.ipynb") for r in kept} | set(paths), key=lambda p: p.stem
            )
    summary = {}
    for backend in backends:
        mine = [r for r in rows if r["backend"] == backend]
        per = {
            p.stem: spread([r["seconds"] for r in mine if r["notebook"] == p.stem]) for p in paths
        }
        for stem, entry in per.items():
            values = [r["value"] for r in mine if r["notebook"] == stem and r["value"] is not None]
            entry["metric"] = statistics.median(values) if values else None
            entry["code"] = shared_code([r for r in mine if r["notebook"] == stem])
        totals = [sum(r["seconds"] for r in mine if r["attempt"] == i) for i in range(runs)]
        summary[backend] = {"runs": runs, "total": spread(totals), "notebooks": per}
    lines = header(
        f"Speed: {label}", info, f'make bench BACKENDS="{" ".join(backends)}" RUNS={runs}'
    )
    lines += [
        "| notebook | "
        + " | ".join(f"{b} s (median, min–max) | {b} metric" for b in backends)
        + " | commit |",
        "|---|" + "---|---|" * len(backends) + "---|",
    ]
    for path in paths:
        cells = []
        for backend in backends:
            entry = summary[backend]["notebooks"][path.stem]
            cells += [
                f"{entry['median']:.0f} ({entry['min']:.0f}–{entry['max']:.0f})",
                fmt(entry["metric"]),
            ]
        commits = sorted(
            {r.get("commit", "before") for r in rows if r["notebook"] == path.stem},
            key=lambda c: c == "before",
        )
        lines.append(f"| {path.stem} | " + " | ".join(cells) + f" | {', '.join(commits)} |")
    lines.append(
        "| **series** | "
        + " | ".join(
            f"**{summary[b]['total']['median']:.0f}** ({summary[b]['total']['min']:.0f}–"
            f"{summary[b]['total']['max']:.0f}) | "
            for b in backends
        )
        + " |  |"
    )
    lines += [
        "",
        "Series: the sum of each run's notebook times, run by run (run k of every notebook). "
        "commit: the commit a notebook's runs were made at (`before`: runs recorded before rows "
        "named their commit; `+` marks uncommitted changes); `make bench NB=...` re-times the "
        "notebooks named and keeps the others' runs.",
    ]
    lines += fit_lines(paths, backends, rows, info.get("numpy_gflops", {}))
    failures = [r for r in rows if r["error"]]
    lines += ["", f"Runs with an error: {len(failures)}."]
    lines += [f"- {r['notebook']} ({r['backend']}): {r['error']}" for r in failures]
    lines += [
        "",
        "## Where the time goes",
        "",
        "Median seconds per section of each notebook (papermill's cell durations; sections under "
        "1 s left out; kernel start-up is outside every section).",
        "",
        "| notebook | backend | seconds per section |",
        "|---|---|---|",
    ]
    for path in paths:
        for backend in backends:
            mine = [r for r in rows if r["notebook"] == path.stem and r["backend"] == backend]
            names = list(dict.fromkeys(n for r in mine for n in r.get("sections", {})))
            medians = {
                n: statistics.median(r.get("sections", {}).get(n, 0.0) for r in mine) for n in names
            }
            shown = " · ".join(f"{n} {v:.0f}" for n, v in medians.items() if v >= 1.0)
            lines.append(f"| {path.stem} | {backend} | {shown or '—'} |")
    write(label, {"machine": info, "summary": summary, "runs": rows}, lines)


def _pin_worker(slots) -> None:
    """Pin a worker process (and the kernels it starts) to a pair of cores of its own."""
    slot, cores = slots.get(), sorted(os.sched_getaffinity(0))
    os.sched_setaffinity(0, cores[2 * slot : 2 * slot + 2] or cores)


def seeds(
    paths: list[Path],
    backend: str,
    seed_list: list[int],
    jobs: int = 1,
    drop: tuple = (),
    params: dict | None = None,
) -> None:
    info, rows = machine(), []
    work = [(path, backend, seed, CELL_TIMEOUT, params) for path in paths for seed in seed_list]
    if jobs == 1:
        for job in work:
            rows.append(run(*job))
            print(json.dumps(rows[-1]), flush=True)
    else:  # parallel runs, each on two cores of its own (for a many-core machine)
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        slots = multiprocessing.Manager().Queue()
        for slot in range(jobs):
            slots.put(slot)
        with ProcessPoolExecutor(jobs, initializer=_pin_worker, initargs=(slots,)) as pool:
            for row in pool.map(run, *zip(*work, strict=True)):
                rows.append(row)
                print(json.dumps(row), flush=True)
        info["parallel_jobs"] = jobs
    commit = source_commit()
    codes = {variant_name(p.stem, params): code_hash(p) for p in paths if p.exists()}
    for row in rows:
        row["commit"] = commit
        row["code"] = codes.get(row["notebook"])  # readme.py shows the spread only while it matches
    # Runs already in benchmarks/seeds.json (same backend) of other notebooks or other seeds are
    # kept, so that a few seeds or notebooks can be re-run at a time (`make seeds SEEDS="1 2 3"`,
    # `make seeds NB=notebooks/03_denoising.ipynb`); each row names the commit it ran at.
    previous = OUT / "seeds.json"
    if previous.exists():
        old = json.loads(previous.read_text())
        if old.get("backend") == backend:
            ran = {(r["notebook"], r["seed"]) for r in rows}
            # --drop: forget recorded runs of these seeds for the notebooks named (after a recipe
            # change, rather than mix two recipes in one range)
            ran |= {(variant_name(p.stem, params), seed) for p in paths for seed in drop}
            rows = [r for r in old["runs"] if (r["notebook"], r["seed"]) not in ran] + rows
    rows.sort(key=lambda r: (r["notebook"], r["seed"]))
    summary = {}
    lines = header("Spread over seeds", info, f"make seeds BACKEND={backend}")
    lines += [
        "| notebook | metric | median | min | max | Check passed | each seed | commit |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for stem in sorted({r["notebook"] for r in rows}):
        mine = [r for r in rows if r["notebook"] == stem]
        values = [r["value"] for r in mine if r["value"] is not None]
        passed = sum(r["check_passed"] for r in mine)
        summary[stem] = {
            "metric": mine[0]["metric"],
            **(spread(values) if values else {}),
            "passed": passed,
            "runs": len(mine),
            "values": {str(r["seed"]): r["value"] for r in mine},
            "code": shared_code(mine),
        }
        each = ", ".join(
            f"{r['seed']}: {fmt(r['value'])}{'' if r['check_passed'] else ' ✗ ' + r['error']}"
            for r in mine
        )
        entry = summary[stem]
        commits = ", ".join(
            sorted({r.get("commit", "before") for r in mine}, key=lambda c: c == "before")
        )
        lines.append(
            f"| {stem} | {entry['metric']} | {fmt(entry.get('median'))} | "
            f"{fmt(entry.get('min'))} | {fmt(entry.get('max'))} | {passed}/{len(mine)} | {each} | "
            f"{commits} |"
        )
    lines += [
        "",
        "✗: that seed's run failed (a failed Check still records its metric).",
        "commit: the commit each row's runs were made at (`before`: runs recorded before rows "
        "named their commit; `+` marks uncommitted changes).",
    ]
    write("seeds", {"machine": info, "backend": backend, "summary": summary, "runs": rows}, lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("mode", choices=["bench", "seeds"])
    parser.add_argument("notebooks", nargs="*")
    parser.add_argument("--backends", nargs="+", default=["tensorflow"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seeds", type=int, nargs="*", default=[1, 2, 3, 4, 5])
    parser.add_argument(
        "--drop", type=int, nargs="*", default=[], help="seeds: forget these seeds' recorded runs"
    )
    parser.add_argument("--label", default=None, help="bench file name (default cpu or gpu)")
    parser.add_argument("--jobs", type=int, default=1, help="seeds: parallel runs, 2 cores each")
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        help="seeds: a papermill parameter NAME=VALUE besides SEED (e.g. TRAINING_STEPS=12000)",
    )
    args = parser.parse_args(argv)
    paths = notebook_paths(args.notebooks)
    if args.mode == "bench":
        label = args.label or ("gpu" if "gpu" in machine() else "cpu")
        bench(paths, args.backends, args.runs, label)
    else:  # the data tour has no headline metric
        seeds(
            [p for p in paths if not p.stem.startswith("00")],
            args.backends[0],
            args.seeds,
            args.jobs,
            tuple(args.drop),
            parse_params(args.param),
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
