"""Read PSPLIB single-mode instances (the ``.sm`` format of Kolisch and Sprecher, 1996)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tandem.engine.errors import InvalidInput
from tandem.engine.schedule.problem import Rcpsp


def read_sm(path: str | Path) -> Rcpsp:
    """Read a PSPLIB ``.sm`` file.

    Parameters
    ----------
    path
        The file; the instance is named after it, without the extension.

    Returns
    -------
    Rcpsp
        Jobs numbered from 0 (PSPLIB's job 1 is job 0 here).

    Raises
    ------
    InvalidInput
        Naming the file and line when a section is missing or a line cannot be read.
    """
    path = Path(path)
    return parse_sm(path.read_text(encoding="ascii", errors="replace"), name=path.stem)


def parse_sm(text: str, *, name: str) -> Rcpsp:
    """Parse the text of a PSPLIB ``.sm`` file; see :func:`read_sm`."""
    lines = text.splitlines()
    successors = _section(lines, name, "PRECEDENCE RELATIONS:")
    requests = _section(lines, name, "REQUESTS/DURATIONS:")
    capacity_rows = _section(lines, name, "RESOURCEAVAILABILITIES:")
    jobs = len(successors)
    succ: list[tuple[int, ...]] = []
    for number, (line_no, row) in enumerate(successors, start=1):
        if len(row) < 3 or row[0] != number or len(row) != 3 + row[2]:
            raise InvalidInput(f"{name}:{line_no}", "expected: job, modes, count, successors")
        succ.append(tuple(s - 1 for s in row[3:]))
    if len(requests) != jobs:
        raise InvalidInput(f"{name}:{requests[0][0]}", f"expected {jobs} request lines")
    width = len(requests[0][1])
    for line_no, row in requests:
        if len(row) != width:
            raise InvalidInput(f"{name}:{line_no}", f"expected {width} numbers")
    table = np.array([row for _, row in requests], dtype=np.int64)
    if len(capacity_rows) != 1 or len(capacity_rows[0][1]) != width - 3:
        raise InvalidInput(f"{name}:RESOURCEAVAILABILITIES", "expected one row of capacities")
    return Rcpsp(
        name=name,
        durations=table[:, 2].copy(),
        requests=table[:, 3:].copy(),
        capacities=np.array(capacity_rows[0][1], dtype=np.int64),
        successors=tuple(succ),
    )


def _section(lines: list[str], name: str, title: str) -> list[tuple[int, list[int]]]:
    """The numeric rows of the section headed `title`, with their 1-based line numbers."""
    try:
        start = next(i for i, line in enumerate(lines) if line.strip().startswith(title))
    except StopIteration:
        raise InvalidInput(name, f"no {title} section") from None
    rows: list[tuple[int, list[int]]] = []
    for offset, line in enumerate(lines[start + 1 :], start=start + 2):
        if line.startswith("*"):
            break
        words = line.split()
        if not words or not words[0].lstrip("-").isdigit():
            continue  # a heading or a ruler line
        try:
            rows.append((offset, [int(w) for w in words]))
        except ValueError:
            message = f"not a row of numbers: {line.strip()!r}"
            raise InvalidInput(f"{name}:{offset}", message) from None
    if not rows:
        raise InvalidInput(name, f"the {title} section is empty")
    return rows
