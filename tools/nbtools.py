"""Execute, clean and export the notebooks.

    python tools/notebooks.py execute [NOTEBOOK ...]   # run in place (fresh kernel), then clean
    python tools/notebooks.py clean   [NOTEBOOK ...]   # strip churn (timings, versions) only
    python tools/notebooks.py export  [NOTEBOOK ...] [--out docs]   # markdown + figures

With no notebook named, every ``notebooks/NN_*.ipynb`` is processed. Run through
``make docs``, which sets PYTHONPATH and the log level for you.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import sys
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
# Links between notebooks, rewritten to their markdown pages in docs/.
NOTEBOOK_LINK = re.compile(r"\]\((\d\d_\w+)\.ipynb(#[^)]*)?\)")
# Log lines that libraries print to stderr and that say nothing to a reader.
NOISE = re.compile(
    r"^(WARNING: All log messages before absl|E0000 |I0000 |W0000 |.*cuda_.*\.cc:\d+\]|"
    r".*computation_placer|.*Unable to register cu|.*oneDNN custom operations|"
    r"To enable the following instructions: .*rebuild TensorFlow).*$"
)

# Seconds one cell may run (also pytest.ini's --nbmake-timeout): notebook 02's training cell took
# 664 s on TensorFlow here (results/02_superposed_sines.json), and 2-core machines vary twofold.
CELL_TIMEOUT = 2400


# The metadata JupyterLab writes when the kernel starts: a notebook that already holds exactly this
# opens clean, not marked as modified (checked in a headless browser with JupyterLab 4.6).
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "name": "python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
}


def language_info(nb: nbformat.NotebookNode) -> dict:
    """ipykernel's language_info, with the Python version the notebook was executed with (the
    kernel reports it; JupyterLab compares it on opening), or this Python's for a new notebook."""
    version = nb.metadata.get("language_info", {}).get("version") or sys.version.split()[0]
    return {**LANGUAGE_INFO, "version": version}


def code_hash(path: Path) -> str:
    """A short fingerprint of a notebook's lesson code (the code cells before ``## Exercises``;
    outputs, prose and exercises left out): a recorded run (``make seeds``, ``make bench``)
    describes the current notebook only while this is unchanged."""
    nb = nbformat.read(path, as_version=4)
    lesson = []
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.lstrip().startswith("## Exercises"):
            break
        if cell.cell_type == "code":
            lesson.append(cell.source)
    code = "\n# cell\n".join(lesson)
    return hashlib.sha256(code.encode()).hexdigest()[:12]


def notebook_paths(names: list[str]) -> list[Path]:
    if names:
        return [Path(n).resolve() for n in names]
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def collapse_carriage_returns(text: str) -> str:
    """What a terminal shows of text redrawn with carriage returns (a progress bar): the last
    state of each line."""
    return "\n".join(line.rstrip("\r").rsplit("\r", 1)[-1] for line in text.split("\n"))


# A finished progress bar's timings ("[01:05<00:00,  3.2s/epoch, loss=...]"): they describe the
# machine that executed the notebook, not the lesson, so the committed line keeps only the counts
# and the losses ("[loss=...]"). JupyterLab shows the live timings while a fit runs.
BAR_TIMINGS = re.compile(r"\[\d+(?::\d\d)+<[^,\]]*,\s*[^,\]]*?(?:,\s*|(?=\]))")


def without_bar_timings(text: str) -> str:
    return BAR_TIMINGS.sub("[", text).replace(" []", "")


def merge_streams(outputs: list) -> list:
    """Consecutive outputs of one stream as one output (a progress bar sends one per redraw)."""
    merged = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (
            output.output_type == "stream"
            and previous is not None
            and previous.output_type == "stream"
            and previous.name == output.name
        ):
            previous.text += output.text
        else:
            merged.append(output)
    return merged


def clean(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove what changes on every run without changing what a reader sees."""
    nb.metadata = {"kernelspec": KERNELSPEC, "language_info": language_info(nb)}
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("ExecuteTime", None)
        cell.metadata.pop("collapsed", None)
        cell.metadata.pop("scrolled", None)
        if cell.cell_type != "code":
            continue
        kept = []
        for output in merge_streams(cell.outputs):
            if output.output_type == "stream":
                text = without_bar_timings(collapse_carriage_returns(ANSI.sub("", output.text)))
                lines = text.splitlines(keepends=True)
                output.text = "".join(ln for ln in lines if not NOISE.match(ln))
                if not output.text:
                    continue
            elif "data" in output:
                # Rich (model.summary) and pandas send HTML beside plain text: keep the text,
                # which reads the same in Jupyter, on GitHub and in the markdown export.
                if "text/html" in output.data and len(output.data) > 1:
                    del output.data["text/html"]
                if "text/plain" in output.data:
                    output.data["text/plain"] = ANSI.sub("", output.data["text/plain"])
            kept.append(output)
        cell.outputs = merge_streams(kept)  # a dropped log line can leave two streams side by side
    return nb


def execute(path: Path, timeout: int = CELL_TIMEOUT) -> float:
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    started = time.perf_counter()
    NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    seconds = time.perf_counter() - started
    nbformat.write(clean(nb), path)
    return seconds


def fold_solutions(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Put each code cell tagged ``solution`` inside a collapsed ``<details>`` block, as JupyterLab
    shows it collapsed (``source_hidden``): in the markdown export a reader opens it on purpose."""
    cells = []
    for cell in nb.cells:
        solution = cell.cell_type == "code" and "solution" in cell.metadata.get("tags", [])
        if solution:
            cells.append(
                nbformat.v4.new_markdown_cell("<details><summary>Worked solution</summary>")
            )
        cells.append(cell)
        if solution:
            cells.append(nbformat.v4.new_markdown_cell("</details>"))
    nb.cells = cells
    return nb


def export(path: Path, out: Path) -> Path:
    """Write ``out/<stem>.md`` and its figures in ``out/<stem>_files/`` (stale ones removed)."""
    from nbconvert import MarkdownExporter

    nb = fold_solutions(clean(nbformat.read(path, as_version=4)))
    files = f"{path.stem}_files"
    body, resources = MarkdownExporter().from_notebook_node(
        nb, resources={"output_files_dir": files, "unique_key": path.stem}
    )
    figure_dir = out / files
    shutil.rmtree(figure_dir, ignore_errors=True)
    for name, data in sorted(resources.get("outputs", {}).items()):
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    body = NOTEBOOK_LINK.sub(r"](\1.md\2)", ANSI.sub("", body)).rstrip() + "\n"
    target = out / f"{path.stem}.md"
    target.write_text(body)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("command", choices=["execute", "clean", "export"])
    parser.add_argument("notebooks", nargs="*")
    parser.add_argument("--out", default=str(ROOT / "docs"), help="export folder (default docs/)")
    args = parser.parse_args(argv)
    paths = notebook_paths(args.notebooks)
    if not paths:
        print("no notebooks found", file=sys.stderr)
        return 1
    for path in paths:
        if args.command == "execute":
            print(f"executing {path.name} ...", flush=True)
            print(f"  {execute(path):.1f} s", flush=True)
        elif args.command == "clean":
            nbformat.write(clean(nbformat.read(path, as_version=4)), path)
        else:
            out = Path(args.out)
            out.mkdir(parents=True, exist_ok=True)
            print(f"exported {export(path, out).name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
