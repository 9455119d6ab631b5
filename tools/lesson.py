"""The lesson form of a notebook, measured: sizes, prose numbers and exercises.

    python tools/lesson.py [NOTEBOOK ...]   # report every notebook (or those named)

What ``tests/test_lesson_form.py`` enforces (``../shared/STYLE.md``, "lesson first, evidence
after"), as functions that report instead of asserting, so that a writer can see where a notebook
stands:

* **sizes**: prose words before the first code cell, words of the lesson (every markdown cell
  before ``## Exercises`` or ``## Going deeper``), the longest code cell in lines;
* **code budget**: non-blank code lines of the lesson part (every code cell before
  ``## Exercises``: the main path, and Going deeper where a notebook puts it first) and of the whole
  notebook, the anchors' weight (``CODE_BUDGETS``);
* **progress output**: a committed output keeps no carriage return or ANSI code (a progress bar
  is collapsed to its last state) and no cell prints more than ``MAX_PROGRESS_LINES`` progress
  lines (one a fit);
* **prose numbers**: every number quoted in the markdown that has at least three digits, a decimal
  point or an exponent must be printed by the notebook (an output, a constant in its code, its
  ``results/`` record) at the precision quoted, or be a listed figure of a source file;
* **exercises**: under ``## Exercises``, each exercise is one markdown cell followed by three code
  cells tagged ``exercise`` (the learner edits it), ``self-check`` and ``solution`` (collapsed in
  JupyterLab, its code and its printed answer: ``"jupyter": {"source_hidden": true,
  "outputs_hidden": true}``).
"""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT.parent / "shared" / "sources"

BUDGETS = {"words_before_code": 300, "lesson_words": 1500, "longest_cell": 30}
# Non-blank code lines: before ``## Exercises``, and in the whole notebook (../shared/STYLE.md, "the
# main path": the DLAI week-3 lab is about 20 cells, d2l's seq2seq section about 150 lines).
CODE_BUDGETS = {"lesson_code_lines": 150, "code_lines": 300}
# A fit's progress bar, as tools/nbtools.py leaves it: "100%|███| 30/30 [00:03<00:00, ...]".
PROGRESS_LINE = re.compile(r"^\s*\d+%\|.*\|\s*\d+/\d+ \[")
MAX_PROGRESS_LINES = 8
LESSON_ENDS = ("## Exercises", "## Going deeper")
EXERCISE_TAGS = ("exercise", "self-check", "solution")

# A number as written in prose: 12,000 / 0.0104 / 1.6e-11 / 4.26e-15 (an ASCII or a Unicode minus).
QUOTED = re.compile(
    r"(?<![\w.\-−/])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:[eE]([-+−]?\d+))?(?![\w])(\s?%)?"
)
# A number as printed or written in code: commas and underscores as digit separators.
PRINTED = re.compile(r"\d[\d,_]*(?:\.\d+)?(?:[eE][-+−]?\d+)?")

# Figures quoted from a source file rather than printed by the notebook, per notebook: the text as
# quoted -> the file of ../shared/sources/ that contains it (the test checks that it does).
SOURCE_FIGURES: dict[str, dict[str, str]] = {
    "01_multi_signal_sines": {
        "2017": "1_seq2seq_signal_prediction_2017.txt",
        "0.003": "1_seq2seq_signal_prediction_2017.txt",
        "150": "1_seq2seq_signal_prediction_2017.txt",
        "0.007": "1_seq2seq_signal_prediction_2017.txt",
        "0.92": "1_seq2seq_signal_prediction_2017.txt",
    },
    "02_superposed_sines": {
        "2017": "1_seq2seq_signal_prediction_2017.txt",
        "2500": "1_seq2seq_signal_prediction_2017.txt",
        "500": "1_seq2seq_signal_prediction_2017.txt",
        "150": "1_seq2seq_signal_prediction_2017.txt",
    },
    "03_denoising": {
        "2017": "1_seq2seq_signal_prediction_2017.txt",
        "0.003": "1_seq2seq_signal_prediction_2017.txt",
        "150": "1_seq2seq_signal_prediction_2017.txt",
    },
    "04_bitcoin": {
        "2017": "1_seq2seq_signal_prediction_2017.txt",
        "0.003": "1_seq2seq_signal_prediction_2017.txt",
        "150": "1_seq2seq_signal_prediction_2017.txt",
        "0.007": "1_seq2seq_signal_prediction_2017.txt",
        "0.92": "1_seq2seq_signal_prediction_2017.txt",
        "0.5": "1_seq2seq_signal_prediction_2017.txt",
        "500": "1_seq2seq_signal_prediction_2017.txt",
    },
    "08_trend_seasonal_forecasting": {
        "400": "4_forecasting_course_week3_rnn_lstm.txt",
        "500": "4_forecasting_course_week3_rnn_lstm.txt",
        "6.35": "4_forecasting_course_week3_rnn_lstm.txt",
        "6.41": "4_forecasting_course_week3_rnn_lstm.txt",
    },
    "05_lstm_regression": {
        "0.03": "2_lstm_regression_2016.txt",
        "1000": "2_lstm_regression_2016.txt",
        "15.986": "2_lstm_regression_2016.txt",
        "15.436": "2_lstm_regression_2016.txt",
        "0.43224": "2_lstm_regression_2016.txt",
    },
}


def notebooks(names: list[str] | None = None) -> list[Path]:
    if names:
        return [Path(n).resolve() for n in names]
    return sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def prose(markdown: str) -> str:
    """Markdown without fenced code, HTML tags, link targets and the run-time line that
    ``tools/readme.py`` writes from ``benchmarks/``: the text a reader reads and a writer wrote."""
    text = re.sub(r"<!-- runtime:start -->.*?<!-- runtime:end -->", " ", markdown, flags=re.S)
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    text = re.sub(r"<[^>\n]+>", " ", text)
    return re.sub(r"\]\([^)]*\)", "]", text)


def words(markdown: str) -> int:
    return len(re.findall(r"[^\W_]\S*", prose(markdown)))


def sizes(nb: nbformat.NotebookNode) -> dict[str, int]:
    before = lesson = longest = 0
    seen_code = in_lesson_done = False
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            if cell.source.lstrip().startswith(LESSON_ENDS):
                in_lesson_done = True
            n = words(cell.source)
            if not seen_code:
                before += n
            if not in_lesson_done:
                lesson += n
        elif cell.cell_type == "code":
            seen_code = True
            longest = max(longest, len(cell.source.rstrip().splitlines()))
    return {"words_before_code": before, "lesson_words": lesson, "longest_cell": longest}


def code_lines(nb: nbformat.NotebookNode) -> dict[str, int]:
    """Non-blank code lines before ``## Exercises`` and in the whole notebook."""
    lesson = total = 0
    in_lesson = True
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.lstrip().startswith("## Exercises"):
            in_lesson = False
        if cell.cell_type != "code":
            continue
        n = sum(1 for line in cell.source.splitlines() if line.strip())
        total += n
        lesson += n if in_lesson else 0
    return {"lesson_code_lines": lesson, "code_lines": total}


def over_code_budget(nb: nbformat.NotebookNode) -> list[str]:
    measured = code_lines(nb)
    return [
        f"{name} = {measured[name]} (budget {limit})"
        for name, limit in CODE_BUDGETS.items()
        if measured[name] > limit
    ]


def output_problems(nb: nbformat.NotebookNode) -> list[str]:
    """Committed outputs a reader should not see: progress redraws, colour codes, a cell that
    prints more progress lines than ``MAX_PROGRESS_LINES``."""
    problems = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        bars = 0
        for output in cell.get("outputs", []):
            text = output.get("text", "") if output.get("output_type") == "stream" else ""
            if "\r" in text:
                problems.append(f"cell {index}: a carriage return (an uncollapsed progress bar)")
            if "\x1b[" in text:
                problems.append(f"cell {index}: an ANSI colour code")
            bars += sum(1 for line in text.splitlines() if PROGRESS_LINE.match(line))
        if bars > MAX_PROGRESS_LINES:
            problems.append(
                f"cell {index}: {bars} progress lines (at most {MAX_PROGRESS_LINES}, one a fit)"
            )
    return problems


def over_budget(nb: nbformat.NotebookNode) -> list[str]:
    measured = sizes(nb)
    return [
        f"{name} = {measured[name]} (budget {limit})"
        for name, limit in BUDGETS.items()
        if measured[name] > limit
    ]


# Words that make a round number an approximation: "about 1,400x" may quote a printed 1,381.
APPROXIMATE = re.compile(r"(about|around|roughly|nearly|almost|approximately|some|~|≈)\s*$", re.I)


def _quoted_numbers(markdown: str) -> list[tuple[str, float, int, bool]]:
    """(text, value, significant digits, is a percentage) of every checkable number quoted.

    The trailing zeros of a whole number count as significant ("fewer than 7,000" must be 7,000)
    unless a word such as "about" stands before it ("about 1,400" is 1,400 to two digits).
    """
    found = []
    text = prose(markdown)
    for match in QUOTED.finditer(text):
        whole, fraction, exponent, percent = match.groups()
        digits = whole.replace(",", "")
        checkable = len(digits.lstrip("0")) >= 3 or fraction or exponent
        if not checkable:
            continue
        mantissa = digits + (fraction or "")
        significant = (digits + (fraction or "")[1:]).lstrip("0")
        if not fraction and APPROXIMATE.search(text[max(0, match.start() - 16) : match.start()]):
            significant = significant.rstrip("0")
        value = float(mantissa) * 10.0 ** int((exponent or "0").replace("−", "-"))
        found.append((match.group(0).strip(), value, max(len(significant), 1), bool(percent)))
    return found


def printed_numbers(nb: nbformat.NotebookNode, record: dict | None) -> set[float]:
    """Every number the notebook prints, writes as a code constant, or saves in results/."""
    texts = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        texts.append(cell.source)
        for output in cell.get("outputs", []):
            texts.append(output.get("text", ""))
            texts.append(output.get("data", {}).get("text/plain", ""))
    if record is not None:
        texts.append(json.dumps(record))
    values = set()
    for text in texts:
        for token in PRINTED.findall(text):
            token = token.replace(",", "").replace("_", "").replace("−", "-")
            try:
                values.add(abs(float(token)))
            except ValueError:
                continue
    return values


def _matches(value: float, significant: int, printed: set[float]) -> bool:
    if value == 0:
        return 0.0 in printed
    half = 0.5 * 10.0 ** (math.floor(math.log10(abs(value))) - significant + 1)
    return any(abs(v - value) <= half * (1 + 1e-9) for v in printed)


def unprinted_numbers(path: Path) -> list[str]:
    """The numbers quoted in a notebook's markdown that nothing in the notebook prints."""
    nb = nbformat.read(path, as_version=4)
    result_path = ROOT / "results" / f"{path.stem}.json"
    record = json.loads(result_path.read_text()) if result_path.exists() else None
    printed = printed_numbers(nb, record)
    allowed = SOURCE_FIGURES.get(path.stem, {})
    missing = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for text, value, significant, percent in _quoted_numbers(cell.source):
            bare = text.rstrip("% ").strip()
            if bare in allowed:
                continue
            if _matches(value, significant, printed):
                continue
            if percent and _matches(value / 100, significant, printed):
                continue
            missing.append(text)
    return missing


def unsupported_source_figures() -> list[str]:
    """Listed source figures that their source file does not contain (empty without shared/)."""
    if not SOURCES.is_dir():
        return []
    wrong = []
    for notebook, figures in SOURCE_FIGURES.items():
        for figure, name in figures.items():
            text = (SOURCES / name).read_text(errors="replace")
            forms = {figure, figure.replace(",", "")}  # 2,500 may be written 2500 in the source
            if not any(re.search(rf"(?<![\d.]){re.escape(f)}(?![\d])", text) for f in forms):
                wrong.append(f"{notebook}: {figure!r} is not in {name} (as a whole number)")
    return wrong


def exercise_problems(nb: nbformat.NotebookNode) -> list[str]:
    """What is missing from the ``## Exercises`` section (empty when every exercise is whole)."""
    cells = nb.cells
    starts = [
        i
        for i, c in enumerate(cells)
        if c.cell_type == "markdown" and c.source.lstrip().startswith("## Exercises")
    ]
    if not starts:
        return ["no `## Exercises` section"]
    heading = cells[starts[0]].source.strip().split("\n", 1)
    # The heading cell may hold the first exercise's text too.
    section = [cells[starts[0]]] if len(heading) > 1 and heading[1].strip() else []
    for cell in cells[starts[0] + 1 :]:
        if cell.cell_type == "markdown" and re.match(r"\s*## ", cell.source):
            break
        section.append(cell)
    problems, exercises, i = [], 0, 0
    while i < len(section):
        cell = section[i]
        if cell.cell_type != "markdown":
            problems.append(f"a code cell with no exercise before it: {cell.source[:50]!r}")
            i += 1
            continue
        exercises += 1
        trio = section[i + 1 : i + 4]
        tags = [tuple(c.metadata.get("tags", [])) if c.cell_type == "code" else () for c in trio]
        title = cell.source.strip().splitlines()[0][:50]
        for expected, got in zip(EXERCISE_TAGS, tags + [()] * (3 - len(tags)), strict=True):
            if expected not in got:
                problems.append(f"exercise {title!r}: no `{expected}` code cell in its place")
        if len(trio) == 3 and "solution" in tags[2]:
            hidden = trio[2].metadata.get("jupyter", {})
            if not (hidden.get("source_hidden") and hidden.get("outputs_hidden")):
                problems.append(f"exercise {title!r}: its solution cell is not collapsed")
        i += 1 + sum(1 for t in tags if set(t) & set(EXERCISE_TAGS))
    if exercises < 2:
        problems.append(f"{exercises} exercise(s): the form asks for two or three")
    return problems


def form_problems(nb: nbformat.NotebookNode) -> list[str]:
    """The first screen and the headings of the form."""
    first = nb.cells[0].source if nb.cells else ""
    problems = [
        f"the first cell has no {label}"
        for label in ("**You will learn**", "**Result**")
        if label not in first
    ]
    headings = [c.source.lstrip() for c in nb.cells if c.cell_type == "markdown"]
    for heading in ("## Going deeper", "## About the original"):
        if not any(h.startswith(heading) for h in headings):
            problems.append(f"no `{heading}` section")
    return problems


def main(argv: list[str] | None = None) -> int:
    paths = notebooks((argv if argv is not None else sys.argv[1:]) or None)
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        measured = {**sizes(nb), **code_lines(nb)}
        flags = over_budget(nb) + over_code_budget(nb)
        print(f"{path.stem}: {measured}" + (f"  OVER: {'; '.join(flags)}" if flags else ""))
        for label, found in (
            ("numbers not printed", unprinted_numbers(path)),
            ("exercises", exercise_problems(nb)),
            ("form", form_problems(nb)),
            ("outputs", output_problems(nb)),
        ):
            if found:
                print(f"  {label}: {found}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
