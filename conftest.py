"""pytest set-up for every run, however started (`make test`, a bare `pytest`, an IDE).

* Notebooks executed by nbmake write their results into a scratch folder, never into the
  committed ``results/`` (the kernels inherit ``SERIES_RESULTS_DIR`` from this process).
* TensorFlow's C++ log lines stay quiet.
* The reproduction check (``tests/test_reproduction.py``) runs after every notebook.
"""

import os
import tempfile

os.environ.setdefault("SERIES_RESULTS_DIR", tempfile.mkdtemp(prefix="series-results-"))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def pytest_collection_modifyitems(config, items):
    """Run the reproduction check last: it compares what the notebooks just wrote."""
    items.sort(key=lambda item: "test_reproduction" in item.nodeid)
