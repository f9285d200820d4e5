"""Read RCPSP instances in Patterson's format (the ``.rcp`` files of RCPLIB and PSPLIB)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np

from tandem.engine.errors import InvalidInput
from tandem.engine.schedule.problem import Rcpsp


def read_patterson(path: str | Path) -> Rcpsp:
    """Read a Patterson-format ``.rcp`` file.

    The file holds ``jobs resources``, then the capacities, then per job its duration, its
    request of each resource, its successor count and its successors (1-based). Numbers
    are read as one stream, so a job's successors may run on over several lines.

    Parameters
    ----------
    path
        The file; the instance is named after it, without the extension.

    Returns
    -------
    Rcpsp
        Jobs numbered from 0 (the file's job 1 is job 0 here).

    Raises
    ------
    InvalidInput
        Naming the file and line of a word that is not a number, a successor that is no
        job, or where the file ends too soon or goes on too long.
    """
    path = Path(path)
    return parse_patterson(path.read_text(encoding="ascii", errors="replace"), name=path.stem)


class _Numbers:
    """The file's numbers in order, each with the line it is on."""

    def __init__(self, text: str, name: str) -> None:
        self.name = name
        self.words: Iterator[tuple[int, str]] = (
            (line_no, word)
            for line_no, line in enumerate(text.splitlines(), start=1)
            for word in line.split()
        )
        self.line = max(1, len(text.splitlines()))

    def next(self, what: str) -> int:
        """The next number; `what` says what was expected, should the file end."""
        try:
            self.line, word = next(self.words)
        except StopIteration:
            raise InvalidInput(f"{self.name}:{self.line}", f"the file ends before {what}") from None
        try:
            return int(word)
        except ValueError:
            message = f"expected {what}, got {word!r}"
            raise InvalidInput(f"{self.name}:{self.line}", message) from None

    def where(self) -> str:
        """``name:line`` of the number read last."""
        return f"{self.name}:{self.line}"


def parse_patterson(text: str, *, name: str) -> Rcpsp:
    """Parse the text of a Patterson-format file; see :func:`read_patterson`."""
    numbers = _Numbers(text, name)
    jobs, resources = numbers.next("the job count"), numbers.next("the resource count")
    if jobs < 1 or resources < 0:
        raise InvalidInput(numbers.where(), f"cannot have {jobs} jobs and {resources} resources")
    capacities = [numbers.next(f"capacity {res + 1}") for res in range(resources)]
    durations: list[int] = []
    requests: list[list[int]] = []
    successors: list[tuple[int, ...]] = []
    for job in range(1, jobs + 1):
        durations.append(numbers.next(f"the duration of job {job}"))
        requests.append([numbers.next(f"job {job}'s request {r + 1}") for r in range(resources)])
        count = numbers.next(f"job {job}'s successor count")
        if count < 0:
            raise InvalidInput(numbers.where(), f"job {job} has {count} successors")
        later = []
        for _ in range(count):
            successor = numbers.next(f"a successor of job {job}")
            if not 1 <= successor <= jobs:
                raise InvalidInput(
                    numbers.where(), f"job {job} has an unknown successor {successor}"
                )
            later.append(successor - 1)
        successors.append(tuple(later))
    _refuse_more(numbers, jobs)
    return Rcpsp(
        name=name,
        durations=np.array(durations, dtype=np.int64),
        requests=np.array(requests, dtype=np.int64).reshape(jobs, resources),
        capacities=np.array(capacities, dtype=np.int64),
        successors=tuple(successors),
    )


def _refuse_more(numbers: _Numbers, jobs: int) -> None:
    """Numbers after the last job mean the counts at the top are wrong."""
    extra = next(numbers.words, None)
    if extra is not None:
        line_no, word = extra
        message = f"{word!r} after the last of the {jobs} jobs"
        raise InvalidInput(f"{numbers.name}:{line_no}", message)
