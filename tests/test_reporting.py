"""Tests of reporting.py: the results file, the plain-text table and the environment check."""

import json
import sys
import types

import pytest

import reporting


def test_save_results_writes_the_scoreboard_record(tmp_path, monkeypatch):
    monkeypatch.setenv("SERIES_RESULTS_DIR", str(tmp_path))
    record = reporting.save_results(
        "99_test",
        title="Test",
        source="nowhere",
        metric="MSE",
        model=("GRU", 0.001),
        baselines={"zero": 0.5, "last value": 0.2},
        original=0.01,
        train_seconds=1.234,
        reproduce_within=0.1,
    )
    saved = json.loads((tmp_path / "99_test.json").read_text())
    assert saved == record
    assert saved["best_baseline"] == {"name": "last value", "value": 0.2}
    assert saved["train_seconds"] == 1.2 and saved["backend"]
    assert saved["reproduce_within"] == 0.1 and saved["title"] == "Test"


def test_save_results_errors(tmp_path, monkeypatch):
    monkeypatch.setenv("SERIES_RESULTS_DIR", str(tmp_path))
    common = dict(title="T", source="s", metric="m")
    with pytest.raises(ValueError, match="finite"):
        reporting.save_results("99_test", **common, model=("m", float("nan")), baselines={"z": 1})
    with pytest.raises(ValueError, match="baseline"):
        reporting.save_results("99_test", **common, model=("m", 1.0), baselines={})
    with pytest.raises(ValueError, match="metric"):
        reporting.save_results(
            "99_test", title="T", source="s", metric=None, model=("m", 1.0), baselines={"z": 1.0}
        )


def test_save_results_without_a_headline_metric(tmp_path, monkeypatch):
    monkeypatch.setenv("SERIES_RESULTS_DIR", str(tmp_path))
    record = reporting.save_results("00_tour", title="Tour", source="all", metric=None, model=None)
    assert record["model"] is None and record["best_baseline"] is None


def test_results_go_to_a_scratch_folder_under_pytest():
    # conftest.py sets SERIES_RESULTS_DIR for every pytest run: tests never touch results/.
    assert reporting.results_dir() != reporting.ROOT / "results"


def test_format_table_aligns_columns():
    text = reporting.format_table(
        [{"model": "GRU", "MSE": 0.000123}, {"model": "last value", "MSE": 0.25}]
    )
    assert text.splitlines() == [
        "model       MSE",
        "----------  --------",
        "GRU         0.000123",
        "last value  0.25",
    ]


def test_check_environment_accepts_our_datasets(capsys):
    reporting.check_environment()
    assert "backend" in capsys.readouterr().out


def test_check_environment_refuses_a_shadowing_datasets(monkeypatch):
    impostor = types.ModuleType("datasets")
    impostor.__file__ = "/site-packages/datasets/__init__.py"
    monkeypatch.setitem(sys.modules, "datasets", impostor)
    with pytest.raises(ImportError, match="shadows"):
        reporting.check_environment()


def test_check_environment_refuses_modules_of_another_checkout(monkeypatch, tmp_path):
    (tmp_path / "reporting.py").write_text("")  # another checkout of the series
    (tmp_path / "notebooks").mkdir()
    monkeypatch.chdir(tmp_path / "notebooks")
    with pytest.raises(ImportError, match="another checkout"):
        reporting.check_environment()


def test_check_environment_ignores_folders_outside_a_checkout(monkeypatch, tmp_path, capsys):
    (tmp_path / "scratch").mkdir()
    monkeypatch.chdir(tmp_path / "scratch")
    reporting.check_environment()
    assert "backend" in capsys.readouterr().out


def test_reproduces_within_the_records_relative_tolerance():
    record = {"model": {"name": "GRU", "value": 2.0}, "reproduce_within": 0.1}
    assert reporting.reproduces(record, 2.2) and not reporting.reproduces(record, 2.21)
    assert reporting.reproduces({"model": {"value": 2.0}}, 2.0)  # 0: identical
    assert not reporting.reproduces({"model": {"value": 2.0}}, 2.0001)


def test_reproduces_is_relative_for_tiny_figures():
    # notebook 05's scale: an edited figure twice the fresh one must not pass on an absolute slack
    record = {"model": {"name": "LSTM", "value": 3.3e-11}, "reproduce_within": 0.5}
    assert not reporting.reproduces(record, 1.6466e-11)
    assert reporting.reproduces(record, 1.66e-11)


def test_hidden_answers_match_their_plain_forms_and_say_nothing_else():
    import numpy as np

    assert reporting.fingerprint(np.int64(59)) == reporting.fingerprint(59.0)
    assert reporting.fingerprint(np.zeros((86, 3, 1)).shape) == reporting.fingerprint([86, 3, 1])
    shapes = reporting.hidden(reporting.fingerprint(((86, 12, 1), (86, 3, 1))))
    assert shapes((np.zeros((86, 12, 1)).shape, (86, 3, 1)))
    assert not shapes(((86, 12, 1), (86, 1, 3)))
    count = reporting.hidden(reporting.fingerprint(576))
    assert reporting.check_answer(np.int64(576), count, what="the weights") is True
    with pytest.raises(AssertionError) as failed:
        reporting.check_answer(575, count, what="the weights")
    assert "576" not in str(failed.value) and "the weights, got 575" in str(failed.value)


def test_check_answer_says_what_was_expected(capsys):
    assert reporting.check_answer(None, 3, what="the number of layers") is False
    assert "Not attempted yet: the number of layers" in capsys.readouterr().out
    assert reporting.check_answer(3, 3, what="the number of layers") is True
    assert reporting.check_answer(0.0104, 0.0105, what="the bound", rtol=0.05) is True
    assert reporting.check_answer((2, 10, 1), (2, 10, 1), what="the shape") is True
    assert reporting.check_answer(5, lambda n: n > 4, what="more than four") is True
    with pytest.raises(AssertionError, match=r"the shape: expected \(2, 10, 1\), got \(10, 2, 1\)"):
        reporting.check_answer((10, 2, 1), (2, 10, 1), what="the shape")
    with pytest.raises(AssertionError, match="within 1%"):
        reporting.check_answer(1.1, 1.0, what="the ratio", rtol=0.01)
