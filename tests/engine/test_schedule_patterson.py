"""Patterson-format (.rcp) instances: reading, wrapped lines and refusals with file:line."""

from __future__ import annotations

import numpy as np
import pytest

from tandem.engine import InvalidInput, schedule
from tests.datasets import dataset

TINY = """\
5 1
2
0 0 2 2 3
2 2 1 4
3 1 1 4
1 1 1 5
0 0 0
"""


def _to_patterson(problem: schedule.Rcpsp, wrap: int = 0) -> str:
    """The instance in Patterson's format; with `wrap`, successor lists break every `wrap`."""
    lines = [f"{problem.jobs} {problem.capacities.size}", " ".join(map(str, problem.capacities))]
    for job in range(problem.jobs):
        head = [int(problem.durations[job]), *problem.requests[job].tolist()]
        later = [s + 1 for s in problem.successors[job]]
        words = [*map(str, head), str(len(later))]
        if wrap:
            lines.append(" ".join(words))
            lines += [" ".join(map(str, later[i : i + wrap])) for i in range(0, len(later), wrap)]
        else:
            lines.append(" ".join(words + [str(s) for s in later]))
    return "\n".join(lines) + "\n"


def _same(left: schedule.Rcpsp, right: schedule.Rcpsp) -> bool:
    return (
        left.name == right.name
        and np.array_equal(left.durations, right.durations)
        and np.array_equal(left.requests, right.requests)
        and np.array_equal(left.capacities, right.capacities)
        and left.successors == right.successors
    )


def test_parse_patterson_reads_a_hand_made_instance():
    """Counts, capacities, durations, requests and 1-based successors come out 0-based."""
    problem = schedule.parse_patterson(TINY, name="tiny")
    assert (problem.name, problem.jobs, problem.capacities.tolist()) == ("tiny", 5, [2])
    assert problem.durations.tolist() == [0, 2, 3, 1, 0]
    assert problem.requests[:, 0].tolist() == [0, 2, 1, 1, 0]
    assert problem.successors == ((1, 2), (3,), (3,), (4,), ())


def test_parse_patterson_reads_successors_wrapped_onto_the_next_line():
    """A successor list continued on the following line reads as if on one line."""
    wrapped = TINY.replace("0 0 2 2 3\n", "0 0 2 2\n   3\n")
    assert _same(
        schedule.parse_patterson(wrapped, name="tiny"), schedule.parse_patterson(TINY, name="tiny")
    )


def test_read_patterson_names_the_instance_after_the_file(tmp_path):
    """read_patterson reads a file and names the instance after it."""
    path = tmp_path / "small.rcp"
    path.write_text(TINY)
    assert schedule.read_patterson(path).name == "small"


@pytest.mark.parametrize("wrap", [0, 1, 2])
def test_patterson_text_of_psplib_instances_reads_back_the_same(wrap):
    """A few j30 and j120 instances written in Patterson's format (wrapped or not) read back
    equal to read_sm's problems."""
    for folder, stem in [("j30", "j301_1"), ("j30", "j3048_9"), ("j120", "j1201_1")]:
        original = schedule.read_sm(dataset("psplib_rcpsp", folder) / f"{stem}.sm")
        text = _to_patterson(original, wrap)
        assert _same(schedule.parse_patterson(text, name=stem), original)


@pytest.mark.parametrize(
    ("text", "path", "message"),
    [
        ("", "bad:1", "the file ends before the job count"),
        ("5 1\n2\n0 0 2 2 x\n", "bad:3", "expected a successor of job 1, got 'x'"),
        ("5 1\n2\n0 0 2 2 9\n", "bad:3", "job 1 has an unknown successor 9"),
        ("5 1\n2\n0 0 -1\n", "bad:3", "job 1 has -1 successors"),
        (TINY.replace("0 0 0\n", ""), "bad:6", "the file ends before the duration of job 5"),
        (TINY + "7\n", "bad:8", "'7' after the last of the 5 jobs"),
        ("0 1\n", "bad:1", "cannot have 0 jobs and 1 resources"),
    ],
)
def test_parse_patterson_refuses_bad_text_naming_its_line(text, path, message):
    """Truncated files, words that are not numbers, unknown successors and trailing numbers
    are refused with the file and line."""
    with pytest.raises(InvalidInput) as err:
        schedule.parse_patterson(text, name="bad")
    assert (err.value.path, err.value.message) == (path, message)
