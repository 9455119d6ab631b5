"""Results of the notebooks: the headline-metrics file each one writes, plain-text tables, the
environment check of the setup cell, and the self-check of the exercises. (What serves training,
progress bars, thread settings and fit costs, is in ``training.py``.)

``record`` (one line of output) and ``save_results`` (the same, returning the record) write
``results/<notebook>.json``: the single source of a notebook's title,
source, metric, model, baselines and the original's figure. The README table is generated from
these files (``tools/readme.py``) and ``make test`` checks that a fresh run reproduces them.
While pytest runs, ``conftest.py`` points ``SERIES_RESULTS_DIR`` at a scratch folder so that
tests never rewrite the committed files.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import platform
from pathlib import Path

__all__ = [
    "ROOT",
    "check_answer",
    "check_environment",
    "fingerprint",
    "format_table",
    "hidden",
    "record",
    "reproduces",
    "results_dir",
    "save_results",
]

ROOT = Path(__file__).resolve().parent


def check_environment() -> None:
    """Print the Keras backend and version; set the thread pools; check the modules' checkout.

    The Hugging Face library is also called ``datasets``: if it shadows ours, say so instead of
    failing later with a puzzling ``AttributeError``. And if the environment's editable install
    points to another checkout (a copied ``.venv``), a notebook would silently run that
    checkout's code and write its results there: refuse that too.
    """
    import keras

    import datasets

    ours = ROOT / "datasets.py"
    found = Path(getattr(datasets, "__file__", "") or "").resolve()
    if found != ours:
        raise ImportError(
            f"`import datasets` found {found}, not this series' {ours}. "
            "Another package named `datasets` "
            "(probably Hugging Face's) shadows it: run the notebooks in this repository's .venv "
            "(`make lab`, or `pip install -e .` in a fresh environment)."
        )
    checkout = Path.cwd().resolve().parent  # a notebook runs in its checkout's notebooks/
    if checkout != ROOT and (checkout / "reporting.py").exists():
        raise ImportError(
            f"this notebook runs in {checkout} but imports the series' modules from {ROOT}: "
            "the environment's editable install points to another checkout (a copied .venv?). "
            f"Run `pip install --no-deps -e .` in {checkout}."
        )
    from training import configure_threads

    threads = configure_threads()
    backend = keras.backend.backend()
    pools = ""
    if backend == "tensorflow":
        pools = (
            f", {threads} thread(s) per TensorFlow operation" if threads else ", default threads"
        )
    print(
        f"Keras {keras.__version__}, backend {backend}, Python {platform.python_version()}{pools}"
    )


def check_answer(answer, expected, *, what: str, rtol: float = 0.0) -> bool:
    """The self-check of an exercise: say whether ``answer`` is what was expected.

    ``answer`` still ``None`` (or ``...``): not attempted yet, so print what is expected and
    return False. Otherwise compare: numbers within the relative tolerance ``rtol``, anything else
    (a shape, a string) by equality; ``expected`` may also be a function that returns True for a
    right answer. A wrong answer raises an ``AssertionError`` that says what was expected.
    """
    if answer is None or answer is Ellipsis:
        print(f"Not attempted yet: {what}. Edit the cell above, then run this one again.")
        return False
    if callable(expected):
        right = bool(expected(answer))
    elif isinstance(expected, (int, float)) and not isinstance(expected, bool):
        right = abs(float(answer) - expected) <= rtol * abs(expected)
    else:
        right = answer == expected
    if not right:
        shown = "" if callable(expected) else f": expected {expected!r}"
        tolerance = f" (within {rtol:.0%})" if rtol else ""
        raise AssertionError(f"{what}{shown}{tolerance}, got {answer!r}")
    print(f"Correct: {what}.")
    return True


def _plain(value):
    """``value`` with numpy scalars and arrays, lists and whole floats made plain Python (tuples,
    ints): ``np.int64(59)``, ``59.0`` and ``59`` are the same answer, as are a shape and a list."""
    if hasattr(value, "tolist"):  # a numpy array or scalar
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return tuple(_plain(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def fingerprint(answer) -> str:
    """A short hash of an exact answer (a count, a shape), for ``hidden``."""
    return hashlib.sha256(repr(_plain(answer)).encode()).hexdigest()[:16]


def hidden(digest: str):
    """An expected exact answer kept out of the learner's sight: ``check_answer(answer,
    hidden(fingerprint(59)), ...)`` is right for 59 (or ``np.int64(59)``) and says no more than
    "wrong" otherwise. The digest is written into the notebook, the answer is not."""

    def matches(answer) -> bool:
        return fingerprint(answer) == digest

    return matches


def results_dir() -> Path:
    """Where notebooks write their headline metrics: ``results/``, or ``$SERIES_RESULTS_DIR``.

    The test suite and the benchmark point ``SERIES_RESULTS_DIR`` at a scratch folder so
    that running notebooks never rewrites the committed results.
    """
    folder = Path(os.environ.get("SERIES_RESULTS_DIR", ROOT / "results"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _number(name: str, value) -> float:
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return value


def save_results(
    notebook: str,
    *,
    title: str,
    source: str,
    metric: str | None,
    model: tuple[str, float] | None,
    baselines: dict[str, float] | None = None,
    original: float | None = None,
    train_seconds: float | None = None,
    lower_is_better: bool = True,
    extra: dict | None = None,
    reproduce_within: float = 0.0,
    quiet: bool = False,
) -> dict:
    """Write ``results/<notebook>.json`` with a notebook's headline numbers and return it.

    ``model`` is ``(name, value)`` of the headline model; ``baselines`` maps each baseline's
    name to its value on the same test set; ``original`` is the figure the original
    tutorial reported (same metric), if any. The best baseline is derived, not passed. A
    notebook without a headline metric (the data tour) passes ``metric=None, model=None``.
    ``reproduce_within`` is the relative tolerance ``make test`` allows between a fresh run's
    model value and the committed one (0: identical on the committed backend).
    """
    import keras

    if model is not None and not baselines:
        raise ValueError("a headline model needs at least one baseline to be compared with")
    if model is not None and not metric:
        raise ValueError("a headline model needs the name of its metric")
    baselines = {name: _number(f"baselines[{name!r}]", v) for name, v in (baselines or {}).items()}
    pick = min if lower_is_better else max
    best = pick(baselines, key=baselines.get) if baselines else None
    record = {
        "notebook": notebook,
        "title": title,
        "source": source,
        "metric": metric,
        "lower_is_better": lower_is_better,
        "model": None
        if model is None
        else {"name": model[0], "value": _number("model value", model[1])},
        "best_baseline": None if best is None else {"name": best, "value": baselines[best]},
        "baselines": baselines,
        "original": None if original is None else _number("original", original),
        "backend": keras.backend.backend(),
        "keras": keras.__version__,
        "python": platform.python_version(),
        "train_seconds": None
        if train_seconds is None
        else round(_number("train_seconds", train_seconds), 1),
        "reproduce_within": _number("reproduce_within", reproduce_within),
        "extra": extra or {},
    }
    path = results_dir() / f"{notebook}.json"
    path.write_text(json.dumps(record, indent=2, sort_keys=False) + "\n")
    if not quiet:
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return record


def record(
    notebook: str,
    *,
    title: str,
    source: str,
    metric: str | None,
    model: tuple[str, float] | None,
    baselines: dict[str, float] | None = None,
    original: float | None = None,
    lower_is_better: bool = True,
    extra: dict | None = None,
    reproduce_within: float = 0.0,
) -> None:
    """Write ``results/<notebook>.json`` (``save_results``) and print one line: the last cell of a
    notebook's Check. The longest fit that ran with ``training.progress()`` gives the record its
    training time and its steps (for ``make bench``); nothing else about the run is needed."""
    import training

    measured = training.fits()
    longest = max(measured, key=lambda f: f["seconds"]) if measured else None
    extra = dict(extra or {})
    if longest and longest["steps"] and "fit" not in extra:
        extra["fit"] = {
            "steps": longest["steps"],
            "ms_per_step": round(1000 * longest["seconds"] / longest["steps"], 2),
            "gflop_per_step": None,
            "gflops": None,
        }
    save_results(
        notebook,
        title=title,
        source=source,
        metric=metric,
        model=model,
        baselines=baselines,
        original=original,
        train_seconds=sum(f["seconds"] for f in measured) if measured else None,
        lower_is_better=lower_is_better,
        extra=extra,
        reproduce_within=reproduce_within,
        quiet=True,
    )
    where = results_dir() / f"{notebook}.json"
    shown = where.relative_to(ROOT) if where.is_relative_to(ROOT) else where
    headline = "" if model is None else f": {model[0]} {float(model[1]):.4g} ({metric})"
    print(f"recorded {shown}{headline}")


def reproduces(record: dict, value: float) -> bool:
    """Whether ``value`` matches a saved record's headline figure within its ``reproduce_within``
    (relative; 0 means identical up to a relative 1e-9, for float rounding). Used by the
    reproduction check in ``make test`` and by the README's note on benchmark rows that predate
    the committed result. The slack is relative too: an absolute one would swamp figures as small
    as notebook 05's 1.6e-11."""
    committed = record["model"]["value"]
    tolerance = record.get("reproduce_within", 0.0) + 1e-9
    return abs(value - committed) <= tolerance * abs(committed)


def format_table(rows: list[dict], columns: list[str] | None = None, floatfmt: str = ".4g") -> str:
    """A plain-text table (reads the same in Jupyter, in markdown exports and on GitHub)."""
    columns = columns or list(rows[0])

    def cell(value) -> str:
        if isinstance(value, float):
            return format(value, floatfmt)
        return str(value)

    text = [[cell(row.get(c, "")) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in text)) for i, c in enumerate(columns)]

    def line(items) -> str:
        return "  ".join(s.ljust(w) for s, w in zip(items, widths, strict=True)).rstrip()

    return "\n".join([line(columns), line(["-" * w for w in widths]), *(line(r) for r in text)])
