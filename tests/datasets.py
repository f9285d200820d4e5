"""The shared benchmark data beside the repository: `../shared/datasets`, or TANDEM_DATASETS."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATASETS = Path(os.environ.get("TANDEM_DATASETS", REPO.parent / "shared" / "datasets"))


def dataset(*parts: str) -> Path:
    """DATASETS joined with `parts`; the test is skipped when it is missing, and fails under
    CI=true, where the data must be there."""
    path = DATASETS.joinpath(*parts)
    if not path.exists():
        message = f"benchmark data missing at {path} (set TANDEM_DATASETS)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path
