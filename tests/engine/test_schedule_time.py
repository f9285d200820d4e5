"""Release dates, time-varying capacity and pinned starts: check, bounds and the heuristic."""

from __future__ import annotations

import csv

import numpy as np
import pytest

from tandem.engine import schedule
from tests.datasets import dataset


def _line(**time: object) -> schedule.Rcpsp:
    """Start → A(2, needs 2) → B(1, needs 1) → end, one resource of 2; `time` adds the rest."""
    return schedule.Rcpsp(
        name="line",
        durations=np.array([0, 2, 1, 0]),
        requests=np.array([[0], [2], [1], [0]]),
        capacities=np.array([2]),
        successors=((1,), (2,), (3,), ()),
        **time,  # type: ignore[arg-type]
    )


def _pair(**time: object) -> schedule.Rcpsp:
    """Start → A(2, needs 1) and B(2, needs 1) side by side → end, one resource of 2."""
    return schedule.Rcpsp(
        name="pair",
        durations=np.array([0, 2, 2, 0]),
        requests=np.array([[0], [1], [1], [0]]),
        capacities=np.array([2]),
        successors=((1, 2), (3,), (3,), ()),
        **time,  # type: ignore[arg-type]
    )


def _lft(problem: schedule.Rcpsp) -> np.ndarray:
    return schedule.serial(problem, schedule.latest_finish_order(problem))


def test_check_names_a_job_started_before_its_release():
    """Starting a job before its release is a breach, said in words."""
    problem = _line(releases=np.array([0, 0, 5, 0]))
    assert schedule.check(problem, [0, 0, 5, 6]) == []
    assert schedule.check(problem, [0, 0, 3, 6]) == ["job 3 starts at 3 before its release at 5"]


def test_check_names_a_pinned_job_moved_from_its_start():
    """A pinned job anywhere but at its pinned start is a breach."""
    problem = _line(pinned={1: 1})
    assert schedule.check(problem, [0, 1, 3, 4]) == []
    assert schedule.check(problem, [0, 0, 2, 3]) == ["job 2 starts at 0, not at its pinned start 1"]


def test_check_measures_each_period_against_the_profile():
    """A job over a dip in the profile breaks that period's capacity, not the steady one."""
    problem = _line(profile=np.array([[2], [1], [2]]))
    assert schedule.check(problem, [0, 0, 2, 3]) == ["resource 1 holds 2 of 1 in period 1"]
    assert schedule.check(problem, [0, 2, 4, 5]) == []


def test_check_lists_at_most_twenty_capacity_breaches():
    """A long over-commitment is reported in its first 20 periods only."""
    problem = schedule.Rcpsp(
        name="long",
        durations=np.array([30, 30]),
        requests=np.array([[1], [1]]),
        capacities=np.array([1]),
        successors=((), ()),
    )
    broken = schedule.check(problem, [0, 0])
    assert len(broken) == 20
    assert broken[-1] == "resource 1 holds 2 of 1 in period 19"


def test_serial_waits_for_the_profile_to_recover():
    """A needs 2 for 2 periods; the profile dips to 1 in periods 1 and 2, so A waits until 3."""
    problem = _line(profile=np.array([[2], [1], [1]]))
    starts = _lft(problem)
    assert starts.tolist() == [0, 3, 5, 6]
    assert schedule.check(problem, starts) == []
    assert schedule.energy_bound(problem) == 4  # 5 units of work; 2 + 1 + 1 + 2 covers them
    assert schedule.lower_bound(problem) <= schedule.makespan(problem, starts)


def test_serial_starts_no_job_before_its_release():
    """B released at 5 starts at 5 although A finishes at 2; the bounds count the release."""
    problem = _line(releases=np.array([0, 0, 5, 0]))
    starts = _lft(problem)
    assert starts.tolist() == [0, 0, 5, 6]
    assert schedule.earliest_starts(problem).tolist() == [0, 0, 5, 6]
    assert schedule.critical_path_bound(problem) == 6
    assert schedule.lower_bound(problem) == 6


def test_serial_places_pinned_jobs_first_and_fits_the_rest_around():
    """B pinned at 1 holds one unit in periods 1-2, so A (needs 2) waits; nobody moves B."""
    problem = schedule.Rcpsp(
        name="pinned",
        durations=np.array([0, 2, 2, 0]),
        requests=np.array([[0], [2], [1], [0]]),
        capacities=np.array([2]),
        successors=((1, 2), (3,), (3,), ()),
        pinned={2: 1},
    )
    starts = _lft(problem)
    assert starts[2] == 1
    assert starts[1] == 3  # periods 1 and 2 have one unit left, period 0 cannot fit two
    assert schedule.check(problem, starts) == []
    assert schedule.earliest_starts(problem)[2] == 1
    assert schedule.lower_bound(problem) <= schedule.makespan(problem, starts)


def test_serial_keeps_over_committed_pinned_jobs_and_bounds_stay_below():
    """Two pinned jobs needing 2 of 1 run anyway; the check says so, the bounds stay below."""
    problem = schedule.Rcpsp(
        name="over",
        durations=np.array([0, 3, 3, 2, 0]),
        requests=np.array([[0], [1], [1], [1], [0]]),
        capacities=np.array([1]),
        successors=((1, 2, 3), (4,), (4,), (4,), ()),
        pinned={1: 0, 2: 0},
    )
    starts = _lft(problem)
    assert starts.tolist() == [0, 0, 0, 3, 5]
    assert schedule.check(problem, starts)[0] == "resource 1 holds 2 of 1 in period 0"
    assert schedule.energy_bound(problem) == 5
    assert schedule.lower_bound(problem) == 5


def test_latest_finishes_respect_pinned_starts():
    """A job before a job pinned at 4 must finish by 4, whatever the horizon."""
    problem = _line(pinned={2: 4})
    assert schedule.latest_finishes(problem, 10).tolist() == [2, 4, 5, 10]


def test_window_energy_bound_beats_path_and_energy_bounds():
    """Two chains share one unit: path and energy say 4, the windows prove 6 (the optimum)."""
    problem = schedule.Rcpsp(
        name="chains",
        durations=np.array([0, 2, 2, 2, 2, 0]),
        requests=np.array([[0], [1], [1], [0], [0], [0]]),
        capacities=np.array([1]),
        successors=((1, 2), (3,), (4,), (5,), (5,), ()),
    )
    assert schedule.critical_path_bound(problem) == 4
    assert schedule.energy_bound(problem) == 4
    assert schedule.window_energy_bound(problem) == 6
    assert schedule.makespan(problem, _lft(problem)) == 6


def test_window_energy_bound_counts_the_profile():
    """With the profile at 0 until period 3, the pair cannot end before 5 although paths say 2."""
    problem = _pair(profile=np.array([[0], [0], [0]]))
    assert schedule.critical_path_bound(problem) == 2
    assert schedule.window_energy_bound(problem) == 5
    starts = _lft(problem)
    assert schedule.makespan(problem, starts) == 5
    assert schedule.check(problem, starts) == []


@pytest.mark.parametrize("seed", range(6))
def test_heuristic_honours_random_releases_profiles_and_pins(seed):
    """j30 instances with random releases, a profile halved in periods 5-11 and a pinned job
    get valid schedules from serial and forward-backward, never shorter than the bound."""
    rng = np.random.default_rng(seed)
    files = sorted(dataset("psplib_rcpsp", "j30").glob("*.sm"))
    for path in rng.choice(files, size=4, replace=False):
        plain = schedule.read_sm(path)
        profile = np.tile(plain.capacities, (20, 1))
        profile[5:12] = profile[5:12] // 2
        pinned_job = int(rng.integers(1, plain.jobs - 1))
        releases = rng.integers(0, 15, plain.jobs)
        releases[pinned_job] = 0
        lone = schedule.Rcpsp(  # the pinned job loses its precedences, so any start is valid
            name=plain.name,
            durations=plain.durations,
            requests=plain.requests,
            capacities=plain.capacities,
            successors=tuple(
                () if job == pinned_job else tuple(s for s in succ if s != pinned_job)
                for job, succ in enumerate(plain.successors)
            ),
            releases=releases,
            profile=profile,
            pinned={pinned_job: 12},  # after the dip, so it over-commits nothing
        )
        first = _lft(lone)
        improved = schedule.forward_backward(lone, first)
        for starts in (first, improved):
            assert schedule.check(lone, starts) == [], lone.name
        assert schedule.makespan(lone, improved) <= schedule.makespan(lone, first)
        assert schedule.lower_bound(lone) <= schedule.makespan(lone, improved)


def test_window_energy_bound_stays_below_the_best_known_on_j60():
    """On every shared j60 instance the window bound is at least the others and at most the
    best known makespan (j30 and j120 are covered through lower_bound in the PSPLIB tests)."""
    with open(dataset("psplib_rcpsp", "best_known") / "j60_best_known.csv", newline="") as fh:
        best = {row["instance"]: int(row["psplib_best_makespan"]) for row in csv.DictReader(fh)}
    files = sorted(dataset("psplib_rcpsp", "j60").glob("*.sm"))
    assert len(files) == 384
    raised = 0
    for path in files:
        problem = schedule.read_sm(path)
        others = max(schedule.critical_path_bound(problem), schedule.energy_bound(problem))
        bound = schedule.window_energy_bound(problem)
        assert others <= bound <= best[problem.name], problem.name
        raised += bound > others
    assert raised > 0
