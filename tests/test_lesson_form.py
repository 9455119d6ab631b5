"""The lesson form of every notebook (``../shared/STYLE.md``): sizes within budget, every number in
the prose printed by the notebook, exercises a learner can check. Measured by ``tools/lesson.py``
(run it for a report of every notebook).

Notebooks not yet within the code budget (``tools/lesson.py`` ``CODE_BUDGETS``: the anchors'
weight) are listed in ``NOT_YET`` with the issue that converts them: their code-budget test is an
expected failure (it runs and reports, and turns into a pass to remove from the list once the
notebook is converted). Every other test here holds for every notebook.
"""

import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import lesson  # noqa: E402  (tools/lesson.py)

NOT_YET: dict[str, str] = {}


def _cases(not_yet: dict[str, str] | None = None):
    cases = []
    for path in lesson.notebooks():
        marks = []
        if not_yet and path.stem in not_yet:
            reason = f"not yet within the code budget ({not_yet[path.stem]})"
            marks.append(pytest.mark.xfail(reason=reason, strict=False))
        cases.append(pytest.param(path, id=path.stem, marks=marks))
    return cases


def test_code_budget_report():
    """Every notebook's code figures, printed in the test log (``pytest -s`` or ``-rA``)."""
    for path in lesson.notebooks():
        figures = lesson.code_lines(nbformat.read(path, as_version=4))
        print(f"{path.stem}: {figures} (budgets {lesson.CODE_BUDGETS})")


@pytest.mark.parametrize("path", _cases(NOT_YET))
def test_code_within_the_anchors_weight(path):
    nb = nbformat.read(path, as_version=4)
    problems = lesson.over_code_budget(nb)
    assert not problems, (
        f"{path.stem}: {'; '.join(problems)}; measured {lesson.code_lines(nb)} "
        "(non-blank code lines before ## Exercises / in the whole notebook; ../shared/STYLE.md)"
    )


@pytest.mark.parametrize("path", _cases())
def test_committed_outputs_keep_one_line_per_fit(path):
    problems = lesson.output_problems(nbformat.read(path, as_version=4))
    assert not problems, f"{path.stem}: {problems} (execute with tools/nbtools.py, `make nb`)"


@pytest.mark.parametrize("path", _cases())
def test_lesson_fits_its_budgets(path):
    problems = lesson.over_budget(nbformat.read(path, as_version=4))
    assert not problems, f"{path.stem}: {'; '.join(problems)} (see ../shared/STYLE.md)"


@pytest.mark.parametrize("path", _cases())
def test_every_number_in_the_prose_is_printed(path):
    missing = lesson.unprinted_numbers(path)
    assert not missing, (
        f"{path.stem} quotes numbers that no output, code constant or results/ record prints at "
        f"that precision: {missing} (fix the prose, print the figure, or list a source figure in "
        "tools/lesson.py SOURCE_FIGURES)"
    )


@pytest.mark.parametrize("path", _cases())
def test_exercises_have_a_cell_to_edit_a_self_check_and_a_collapsed_solution(path):
    problems = lesson.exercise_problems(nbformat.read(path, as_version=4))
    assert not problems, f"{path.stem}: {problems}"


@pytest.mark.parametrize("path", _cases())
def test_first_screen_and_sections_follow_the_form(path):
    problems = lesson.form_problems(nbformat.read(path, as_version=4))
    assert not problems, f"{path.stem}: {problems}"


def test_listed_source_figures_are_in_their_source_files():
    if not lesson.SOURCES.is_dir():
        pytest.skip(f"no {lesson.SOURCES} beside this checkout")
    assert not lesson.unsupported_source_figures()


def test_not_yet_lists_only_existing_notebooks():
    stems = {p.stem for p in lesson.notebooks()}
    assert set(NOT_YET) <= stems, f"stale entries: {set(NOT_YET) - stems}"


# The measuring functions themselves, on small made-up notebooks.


def _notebook(*cells):
    nb = nbformat.v4.new_notebook()
    for kind, source, meta in cells:
        make = nbformat.v4.new_markdown_cell if kind == "md" else nbformat.v4.new_code_cell
        cell = make(source)
        cell.metadata.update(meta)
        nb.cells.append(cell)
    return nb


def test_sizes_count_prose_before_code_and_in_the_lesson():
    nb = _notebook(
        ("md", "# Title with four words", {}),
        ("code", "a = 1\nb = 2\n", {}),
        ("md", "Two words", {}),
        ("md", "## Going deeper\nnot counted in the lesson", {}),
        ("code", "\n".join(["x = 1"] * 5), {}),
    )
    assert lesson.sizes(nb) == {"words_before_code": 4, "lesson_words": 6, "longest_cell": 5}


def test_quoted_numbers_follow_the_quoted_precision():
    quoted = {
        text: (value, digits)
        for text, value, digits, _ in lesson._quoted_numbers(
            "MSE 0.0104, about 1,400 times, fewer than 7,000 weights, 1.6e-11, 12 steps, 97 %"
        )
    }
    assert quoted["0.0104"] == (0.0104, 3)
    assert quoted["1,400"] == (1400.0, 2)
    assert quoted["7,000"] == (7000.0, 4)
    assert quoted["1.6e-11"][1] == 2
    assert "12" not in quoted  # two digits, no decimal point: not checked
    assert lesson._matches(0.0104, 3, {0.01043}) and not lesson._matches(0.0104, 3, {0.0105})
    assert lesson._matches(1400.0, 2, {1381.0}) and not lesson._matches(7000.0, 4, {9923.0})


def test_exercise_problems_name_what_is_missing():
    hidden = {"tags": ["solution"], "jupyter": {"source_hidden": True, "outputs_hidden": True}}
    whole = [
        ("md", "**1. One**", {}),
        ("code", "answer = None", {"tags": ["exercise"]}),
        ("code", "check(answer)", {"tags": ["self-check"]}),
        ("code", "answer = 1", hidden),
    ]
    nb = _notebook(("md", "## Exercises", {}), *whole, *whole, ("md", "## Going deeper", {}))
    assert lesson.exercise_problems(nb) == []
    for metadata in ({"tags": ["solution"]}, {**hidden, "jupyter": {"source_hidden": True}}):
        broken = [*whole[:3], ("code", "answer = 1", metadata)]  # its answer would show
        nb = _notebook(("md", "## Exercises", {}), *whole, *broken)
        assert lesson.exercise_problems(nb) == [
            "exercise '**1. One**': its solution cell is not collapsed"
        ]
    nb = _notebook(("md", "## Exercises", {}), *whole[:2], *whole)
    assert any("no `self-check`" in p for p in lesson.exercise_problems(nb))


def test_code_lines_count_the_lesson_and_the_whole_notebook():
    nb = _notebook(
        ("code", "a = 1\n\nb = 2\n", {}),
        ("md", "## Going deeper", {}),
        ("code", "c = 3", {}),
        ("md", "## Exercises", {}),
        ("code", "d = 4\n   \ne = 5", {}),
    )
    assert lesson.code_lines(nb) == {"lesson_code_lines": 3, "code_lines": 5}
    lesson_only = _notebook(("code", "\n".join(["x = 1"] * 151), {}))
    assert lesson.over_code_budget(lesson_only) == ["lesson_code_lines = 151 (budget 150)"]


def test_output_problems_find_redraws_colours_and_too_many_bars():
    bar = "100%|██████| 30/30 [00:03<00:00,  8.05epoch/s, loss=4.86]\n"
    nb = _notebook(("code", "fit()", {}))
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text=bar * 3)]
    assert lesson.output_problems(nb) == []
    nb.cells[0].outputs[0].text = bar * (lesson.MAX_PROGRESS_LINES + 1)
    assert "progress lines" in lesson.output_problems(nb)[0]
    nb.cells[0].outputs[0].text = "\r 50%|███ | 15/30\r" + bar
    assert "carriage return" in lesson.output_problems(nb)[0]
    nb.cells[0].outputs[0].text = "\x1b[31mred\x1b[0m\n"
    assert "ANSI" in lesson.output_problems(nb)[0]
