"""Time every notebook from scratch (a fresh kernel each run), per Keras backend.

    python tools/bench.py --backends tensorflow jax --runs 3 [NOTEBOOK ...] [--label cpu]

Writes ``benchmarks/<label>.md``, ``.csv`` and ``.json``: median, min and max wall seconds per notebook
and in total for each backend, the headline metric of every run (speed and quality read together), the
CPU (or GPU) model, core count and library versions. Notebooks are executed in memory: the committed
files and results/ are not touched (each run writes its results to a scratch folder).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
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

from nbtools import notebook_paths  # tools/nbtools.py, beside this script

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_BUDGET_S = 180  # per notebook, TensorFlow on the 2-core CPU
SERIES_BUDGET_S = 900  # whole series, TensorFlow on the 2-core CPU


def machine() -> dict:
    info = {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cores": os.cpu_count(),
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        info["cpu"] = platform.processor() or "unknown"
    try:
        gpu = subprocess.run(
            ["nvidia-smi", "--query-gpu=name,memory.total", "--format=csv,noheader"],
            capture_output=True,
            text=True,
            timeout=20,
        )
        if gpu.returncode == 0 and gpu.stdout.strip():
            info["gpu"] = gpu.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    versions = {}
    for package in ("keras", "tensorflow", "jax", "jaxlib", "numpy", "pandas", "matplotlib"):
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            pass
    info["versions"] = versions
    return info


def run_notebook(
    path: Path, backend: str, results: Path, timeout: int
) -> tuple[float, dict | None, str]:
    """Execute a notebook in a fresh kernel; return (wall seconds, its results record, error text)."""
    from nbclient import NotebookClient

    env_before = dict(os.environ)
    os.environ.update(
        KERAS_BACKEND=backend,
        SERIES_RESULTS_DIR=str(results),
        TF_CPP_MIN_LOG_LEVEL="3",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    )
    nb = nbformat.read(path, as_version=4)
    error = ""
    started = time.perf_counter()
    try:
        NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
        ).execute()
    except Exception as exc:  # a failing notebook is reported, not fatal for the benchmark
        error = (
            f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1] if str(exc).strip() else ''}"
        )
    seconds = time.perf_counter() - started
    os.environ.clear()
    os.environ.update(env_before)
    record_path = results / f"{path.stem}.json"
    record = json.loads(record_path.read_text()) if record_path.exists() else None
    return seconds, record, error


def fmt(value) -> str:
    if value is None:
        return "—"
    return f"{value:.3g}" if abs(value) < 1e-2 or abs(value) >= 1e4 else f"{value:.4g}"


def summarise(rows: list[dict], backends: list[str]) -> dict:
    summary = {}
    for backend in backends:
        mine = [r for r in rows if r["backend"] == backend]
        per_notebook = {}
        for name in dict.fromkeys(r["notebook"] for r in mine):
            seconds = [r["seconds"] for r in mine if r["notebook"] == name]
            per_notebook[name] = {
                "median": statistics.median(seconds),
                "min": min(seconds),
                "max": max(seconds),
                "metrics": [r["metric"] for r in mine if r["notebook"] == name],
                "errors": [r["error"] for r in mine if r["notebook"] == name and r["error"]],
            }
        totals = [
            sum(r["seconds"] for r in mine if r["run"] == run)
            for run in sorted({r["run"] for r in mine})
        ]
        summary[backend] = {
            "notebooks": per_notebook,
            "total_median": statistics.median(totals),
            "total_min": min(totals),
            "total_max": max(totals),
            "runs": len(totals),
        }
    return summary


def markdown(label: str, info: dict, summary: dict, rows: list[dict], backends: list[str]) -> str:
    device = info.get("gpu") or f"{info.get('cpu', 'unknown CPU')}, {info['cores']} cores"
    lines = [
        f"# Benchmark: {label}",
        "",
        f"Generated by `tools/bench.py` (`make bench`) on {info['date']}. Each notebook is executed from",
        "scratch in a fresh kernel (imports, data, training, evaluation and plots included): wall seconds.",
        "",
        f"- Device: {device}",
        f"- Platform: {info['platform']}, Python {info['python']}",
        "- Versions: " + ", ".join(f"{k} {v}" for k, v in info["versions"].items()),
        "- Runs per backend: " + ", ".join(f"{b} {summary[b]['runs']}" for b in backends),
        "",
    ]
    header = (
        "| notebook | "
        + " | ".join(f"{b} median s (min–max) | {b} metric per run" for b in backends)
        + " |"
    )
    lines += [header, "|---" * (1 + 2 * len(backends)) + "|"]
    for name in summary[backends[0]]["notebooks"]:
        cells = []
        for backend in backends:
            stats = summary[backend]["notebooks"].get(name)
            if stats is None:
                cells += ["—", "—"]
                continue
            flag = " ✗" if stats["errors"] else ""
            cells.append(f"{stats['median']:.1f} ({stats['min']:.1f}–{stats['max']:.1f}){flag}")
            cells.append(", ".join(fmt(m) for m in stats["metrics"]))
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    totals = []
    for backend in backends:
        s = summary[backend]
        totals += [f"**{s['total_median']:.1f}** ({s['total_min']:.1f}–{s['total_max']:.1f})", ""]
    lines.append("| **total** | " + " | ".join(totals) + " |")
    lines.append("")
    metric_names = {r["notebook"]: r["metric_name"] for r in rows if r["metric_name"]}
    if metric_names:
        lines += [
            "Metric per notebook (the model's headline figure from `results/`): "
            + "; ".join(f"{k[:2]}: {v}" for k, v in metric_names.items())
            + ".",
            "",
        ]
    if "tensorflow" in summary and label.startswith("cpu"):
        tf = summary["tensorflow"]
        worst = max(tf["notebooks"].items(), key=lambda kv: kv[1]["median"])
        lines.append(
            f"Budgets (TensorFlow, this CPU): each notebook ≤ {NOTEBOOK_BUDGET_S} s — slowest is "
            f"{worst[0]} at {worst[1]['median']:.1f} s "
            f"({'met' if worst[1]['median'] <= NOTEBOOK_BUDGET_S else 'NOT met'}); whole series ≤ "
            f"{SERIES_BUDGET_S} s — {tf['total_median']:.1f} s "
            f"({'met' if tf['total_median'] <= SERIES_BUDGET_S else 'NOT met'})."
        )
        if "jax" in summary:
            ratio = tf["total_median"] / summary["jax"]["total_median"]
            lines.append(
                f"JAX runs the whole series {ratio:.1f}x faster than TensorFlow on this CPU."
            )
        lines.append("")
    errors = [r for r in rows if r["error"]]
    if errors:
        lines += ["Failed runs (✗):", ""]
        lines += [f"- {r['backend']} run {r['run']} {r['notebook']}: {r['error']}" for r in errors]
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("notebooks", nargs="*")
    parser.add_argument("--backends", nargs="+", default=["tensorflow", "jax"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--label", default="cpu", help="output name: benchmarks/<label>.md (default cpu)"
    )
    parser.add_argument("--out", default=str(ROOT / "benchmarks"))
    parser.add_argument("--timeout", type=int, default=900, help="seconds per cell")
    args = parser.parse_args(argv)
    paths = notebook_paths(args.notebooks)
    info = machine()
    info["date"] = dt.date.today().isoformat()
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        for backend in args.backends:
            for run in range(1, args.runs + 1):
                results = Path(scratch) / f"{backend}-{run}"
                results.mkdir()
                for path in paths:
                    seconds, record, error = run_notebook(path, backend, results, args.timeout)
                    metric = record["model"]["value"] if record else None
                    rows.append(
                        {
                            "backend": backend,
                            "run": run,
                            "notebook": path.stem,
                            "seconds": round(seconds, 2),
                            "metric": metric,
                            "metric_name": record["metric"] if record else None,
                            "error": error,
                        }
                    )
                    status = f"FAILED {error}" if error else f"metric {fmt(metric)}"
                    print(
                        f"{backend:10s} run {run}  {path.stem:34s} {seconds:7.1f} s  {status}",
                        flush=True,
                    )
    summary = summarise(rows, args.backends)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{args.label}.md").write_text(markdown(args.label, info, summary, rows, args.backends))
    (out / f"{args.label}.json").write_text(
        json.dumps({"machine": info, "summary": summary, "runs": rows}, indent=2) + "\n"
    )
    with open(out / f"{args.label}.csv", "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {out / args.label}.md/.csv/.json")
    return 1 if any(r["error"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
