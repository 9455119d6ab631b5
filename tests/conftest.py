"""Make the repository root importable (datasets.py, helpers.py), also for notebook kernels."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
