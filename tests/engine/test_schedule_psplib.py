"""PSPLIB instances: reading, bounds, the serial schedule and the independent check."""

from __future__ import annotations

import csv

import numpy as np
import pytest

from tandem.engine import InvalidInput, schedule
from tests.datasets import dataset


def _best_known(family: str) -> dict[str, dict[str, str]]:
    with open(dataset("psplib_rcpsp", "best_known") / f"{family}_best_known.csv", newline="") as fh:
        return {row["instance"]: row for row in csv.DictReader(fh)}


def _tiny(capacity: int = 2) -> schedule.Rcpsp:
    """Start → A(2, needs 2) and B(3, needs 1) in parallel → C(1, needs 1) → end."""
    return schedule.Rcpsp(
        name="tiny",
        durations=np.array([0, 2, 3, 1, 0]),
        requests=np.array([[0], [2], [1], [1], [0]]),
        capacities=np.array([capacity]),
        successors=((1, 2), (3,), (3,), (4,), ()),
    )


def test_read_sm_reads_the_first_j30_instance():
    """j301_1 has 32 jobs, 4 resources and the capacities and successors of its file."""
    problem = schedule.read_sm(dataset("psplib_rcpsp", "j30") / "j301_1.sm")
    assert (problem.name, problem.jobs) == ("j301_1", 32)
    assert problem.capacities.tolist() == [12, 13, 4, 12]
    assert problem.successors[0] == (1, 2, 3)
    assert (problem.durations[1], problem.requests[1].tolist()) == (8, [4, 0, 0, 0])
    assert problem.successors[31] == ()


def test_parse_sm_names_the_line_of_a_bad_row():
    """A precedence line whose successor count disagrees is refused with its line number."""
    text = (dataset("psplib_rcpsp", "j30") / "j301_1.sm").read_text()
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("PRECEDENCE")) + 2
    lines[at] = "   1        1          4           2   3   4"
    with pytest.raises(InvalidInput) as err:
        schedule.parse_sm("\n".join(lines), name="broken")
    assert err.value.path == f"broken:{at + 1}"


def test_parse_sm_refuses_a_file_without_requests():
    """A file cut before its requests names the missing section."""
    text = (dataset("psplib_rcpsp", "j30") / "j301_1.sm").read_text().split("REQUESTS/DURATIONS")[0]
    with pytest.raises(InvalidInput, match="no REQUESTS/DURATIONS: section"):
        schedule.parse_sm(text, name="cut")


def test_rcpsp_refuses_a_request_over_capacity():
    """A job that needs more than a resource has can never run, so the problem is refused."""
    with pytest.raises(InvalidInput) as err:
        _tiny(capacity=1)
    assert err.value.path == "requests[1][0]"


def test_rcpsp_refuses_an_unknown_successor():
    """A successor outside the jobs is named by its job."""
    with pytest.raises(InvalidInput) as err:
        schedule.Rcpsp(
            name="x",
            durations=np.array([1]),
            requests=np.array([[0]]),
            capacities=np.array([1]),
            successors=((3,),),
        )
    assert err.value.path == "successors[0]"


def test_rcpsp_refuses_a_precedence_cycle():
    """Jobs that wait for each other can never start; the cycle is named in job numbers."""
    with pytest.raises(InvalidInput, match="cycle: 1 → 2 → 1"):
        schedule.Rcpsp(
            name="x",
            durations=np.array([1, 1]),
            requests=np.array([[0], [0]]),
            capacities=np.array([1]),
            successors=((1,), (0,)),
        )


def test_check_reports_precedence_and_capacity_breaches():
    """A schedule that starts C too early and runs A beside B breaks both rules, in words."""
    problem = _tiny()
    assert schedule.check(problem, [0, 0, 2, 5, 6]) == []
    broken = schedule.check(problem, [0, 0, 0, 2, 3])
    assert "job 4 starts at 2 before job 3 finishes at 3" in broken
    assert "resource 1 holds 3 of 2 in period 0" in broken
    assert schedule.check(problem, [0, 0]) == ["expected 5 starts, got 2"]


def test_bounds_on_a_hand_made_instance():
    """Critical path 4 (B then C); energy (2·2 + 3 + 1) / 2 = 4; the optimum is 6."""
    problem = _tiny()
    assert schedule.critical_path_bound(problem) == 4
    assert schedule.energy_bound(problem) == 4
    starts = schedule.serial(problem, schedule.latest_finish_order(problem))
    assert schedule.check(problem, starts) == []
    assert schedule.makespan(problem, starts) == 6


def test_forward_backward_never_lengthens_a_schedule():
    """Justifying a poor order's schedule keeps it valid and no longer than before."""
    problem = _tiny()
    poor = schedule.serial(problem, [0, 2, 1, 3, 4])
    improved = schedule.forward_backward(problem, poor)
    assert schedule.check(problem, improved) == []
    assert schedule.makespan(problem, improved) <= schedule.makespan(problem, poor)


@pytest.mark.parametrize("family", ["j30", "j120"])
def test_serial_schedules_every_shared_instance_validly(family):
    """Every shared instance: a valid schedule, no shorter than the best known, and the
    critical-path bound equal to the one published beside the data."""
    best = _best_known(family)
    files = sorted(dataset("psplib_rcpsp", family).glob("*.sm"))
    assert len(files) == {"j30": 384, "j120": 480}[family]
    plain_total = improved_total = 0
    for path in files:
        problem = schedule.read_sm(path)
        plain = schedule.serial(problem, schedule.latest_finish_order(problem))
        starts = schedule.forward_backward(problem, plain)
        row = best[problem.name]
        assert schedule.check(problem, plain) == [], problem.name
        assert schedule.check(problem, starts) == [], problem.name
        assert schedule.makespan(problem, starts) <= schedule.makespan(problem, plain)
        plain_total += schedule.makespan(problem, plain)
        improved_total += schedule.makespan(problem, starts)
        assert schedule.makespan(problem, starts) >= int(row["psplib_best_makespan"])
        assert schedule.critical_path_bound(problem) == int(row["cpm_lower_bound"])
        assert schedule.lower_bound(problem) <= int(row["psplib_best_makespan"])
    assert improved_total < plain_total  # forward-backward shortens some schedules
