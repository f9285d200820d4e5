"""MPSPLIB multi-project instances: reading, the combined problem, TMS and APD."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import numpy as np
import pytest

from tandem.engine import InvalidInput, schedule
from tests.datasets import dataset


def _sample(tmp_path: Path, xml: str) -> Path:
    """`xml` beside a copy of the sample's KolischInstanzen folder."""
    shutil.copytree(
        dataset("mpsplib_multiproject", "original_mpsplib_samples/KolischInstanzen"), tmp_path / "K"
    )
    path = tmp_path / "mp.xml"
    path.write_text(xml)
    return path


def _xml(resources: list[int], files: tuple[str, ...] = ("K/j30/j309_9.sm",)) -> str:
    projects = "".join(
        f"<project><filename>{name}</filename><start>{3 * i}</start></project>"
        for i, name in enumerate(files)
    )
    values = "".join(f"<resource>{value}</resource>" for value in resources)
    return (
        f"<mp-list><mp><name>hand</name><project-list>{projects}</project-list>"
        f"<resources>{values}</resources></mp></mp-list>"
    )


def test_read_mpsplib_combines_the_two_project_sample():
    """mp_j30_a2_nr2: two 32-job projects between a common start and end, resource 1 global
    (21), resources 2-4 one column per project, project 2 released at 5."""
    instance = schedule.read_mpsplib(
        dataset("mpsplib_multiproject", "original_mpsplib_samples") / "mp_j30_a2_nr2.xml"
    )
    problem = instance.problem
    assert (instance.name, instance.projects) == ("mp_j30_a2_nr2", ("j309_9", "j3033_3"))
    assert (problem.jobs, instance.arrivals.tolist()) == (66, [0, 5])
    folder = dataset("mpsplib_multiproject", "original_mpsplib_samples/KolischInstanzen/j30")
    first, second = (schedule.read_sm(folder / f"{stem}.sm") for stem in instance.projects)
    local = np.column_stack([first.capacities[1:], second.capacities[1:]]).ravel().tolist()
    assert problem.capacities.tolist() == [21, *local]
    assert problem.successors[0] == (1, 33)
    assert instance.local_jobs[:3] == ((-1, 0), (0, 1), (0, 2))
    assert instance.local_jobs[33] == (1, 1)
    assert instance.local_jobs[-1] == (-1, 0)
    assert instance.project_of[[0, 1, 32, 33, 64, 65]].tolist() == [-1, 0, 0, 1, 1, -1]
    assert problem.release_dates()[33:65].tolist() == [5] * 32
    assert problem.successors[32] == problem.successors[64] == (65,)
    assert problem.requests[1:33, [2, 4, 6]].sum() == 0  # not project 2's local columns
    assert instance.critical_paths.tolist() == [37, 42]  # sum 79, 5 + 42 = 47 as published


def test_every_shared_instance_gets_a_valid_heuristic_schedule():
    """All original samples and reconstructed instances parse, and serial with the LFT order
    gives a schedule check accepts, each project finishing no sooner than arrival plus path."""
    files = sorted(dataset("mpsplib_multiproject", "original_mpsplib_samples").glob("*.xml"))
    files += sorted(dataset("mpsplib_multiproject", "instances").glob("*.xml"))
    assert len(files) == 99
    for path in files:
        instance = schedule.read_mpsplib(path)
        problem = instance.problem
        starts = schedule.serial(problem, schedule.latest_finish_order(problem))
        assert schedule.check(problem, starts) == [], path.name
        finishes = instance.project_finishes(starts)
        assert (finishes >= instance.arrivals + instance.critical_paths).all(), path.name
        assert instance.total_makespan(starts) == schedule.makespan(problem, starts)
        assert instance.average_project_delay(starts) >= 0


def test_critical_paths_match_the_ms_project_results_table():
    """sum_cpd and max_arrival_plus_cpd of the MS Project results equal the sum of the
    projects' critical paths and the latest arrival plus critical path, for every matched row."""
    with open(
        dataset("mpsplib_multiproject") / "msproject_psgs_minslk_results.csv", newline=""
    ) as fh:
        rows = [row for row in csv.DictReader(fh) if row["psplib_match"] == "ok"]
    compared = 0
    for row in rows:
        path = dataset("mpsplib_multiproject", "instances") / f"{row['instance']}.xml"
        instance = schedule.read_mpsplib(path)
        assert int(instance.critical_paths.sum()) == int(row["sum_cpd"]), row["instance"]
        latest = int((instance.arrivals + instance.critical_paths).max())
        assert latest == int(row["max_arrival_plus_cpd"]), row["instance"]
        compared += 1
    assert compared == 98


def test_tms_and_apd_on_a_hand_made_pair_of_projects():
    """Project 1 (one 3-period job, arrives 0) ends at 7, project 2 (2 then 4 periods,
    arrives 2) at 9: TMS 9, delays 7 − 0 − 3 = 4 and 9 − 2 − 6 = 1, APD 2.5."""
    problem = schedule.Rcpsp(
        name="pair",
        durations=np.array([0, 3, 2, 4, 0]),
        requests=np.zeros((5, 0), dtype=np.int64),
        capacities=np.zeros(0, dtype=np.int64),
        successors=((1, 2), (4,), (3,), (4,), ()),
        releases=np.array([0, 0, 2, 2, 0]),
    )
    instance = schedule.MultiProject(
        name="pair",
        problem=problem,
        project_of=np.array([-1, 0, 1, 1, -1]),
        projects=("a", "b"),
        arrivals=np.array([0, 2]),
        critical_paths=np.array([3, 6]),
        local_jobs=((-1, 0), (0, 1), (1, 1), (1, 2), (-1, 0)),
    )
    starts = [0, 4, 2, 5, 9]
    assert instance.project_finishes(starts).tolist() == [7, 9]
    assert instance.total_makespan(starts) == 9
    assert instance.average_project_delay(starts) == 2.5


def test_read_mpsplib_makes_local_columns_per_project(tmp_path):
    """Two copies of one project with every resource local: four columns each, capacities
    from the .sm file, and the second copy released at 3."""
    path = _sample(tmp_path, _xml([0, 0, 0, 0], ("K/j30/j309_9.sm", "K/j30/j309_9.sm")))
    instance = schedule.read_mpsplib(path)
    own = schedule.read_sm(tmp_path / "K/j30/j309_9.sm")
    assert instance.problem.capacities.tolist() == np.repeat(own.capacities, 2).tolist()
    assert instance.arrivals.tolist() == [0, 3]
    assert instance.critical_paths.tolist() == [schedule.critical_path_bound(own)] * 2


@pytest.mark.parametrize(
    ("xml", "path", "message"),
    [
        (_xml([21, 0, 0]), "mp.xml", "3 resource values, but project 1 (j309_9) has 4 resources"),
        (_xml([0, 0, 0, 0], ("K/j30/none.sm",)), "mp.xml:project 1", "no file K/j30/none.sm"),
        (_xml([1, 0, 0, 0]), "mp.xml", "requests[2][0]: job 3 needs 5 of resource 1, which has 1"),
        ("<mp-list><mp>\n<name>x</mp></mp-list>", "mp.xml:2", "not well-formed XML"),
        ('<!DOCTYPE a [<!ENTITY e "x">]><mp-list/>', "mp.xml", "declares XML entities"),
        ("<mp-list/>", "mp.xml", "no <mp> element"),
        (_xml([-1, 0, 0, 0]), "mp.xml", "<resource> cannot be negative: -1"),
    ],
)
def test_read_mpsplib_refuses_bad_files_naming_them(tmp_path, xml, path, message):
    """A wrong resource count, a missing project file, a capacity below a request, bad XML,
    entity declarations and missing elements are refused, naming the file."""
    with pytest.raises(InvalidInput) as err:
        schedule.read_mpsplib(_sample(tmp_path, xml))
    assert err.value.path == path
    assert err.value.message.startswith(message)


def test_read_mpsplib_refuses_a_missing_file(tmp_path):
    """A file that is not there is named in the refusal."""
    with pytest.raises(InvalidInput) as err:
        schedule.read_mpsplib(tmp_path / "none.xml")
    assert err.value.path == str(tmp_path / "none.xml")
