"""Read MPSPLIB multi-project instances (Homberger, 2007) as one combined RCPSP.

An MPSPLIB instance is an XML file naming PSPLIB ``.sm`` files (one per project, relative
to the XML's folder) with each project's arrival, and four resource values: above 0 the
resource is global, shared by all projects with that capacity; 0 keeps it local, each
project having its own with the capacity its ``.sm`` file gives.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tandem.engine.errors import InvalidInput
from tandem.engine.schedule.bounds import critical_path_bound
from tandem.engine.schedule.problem import IntArray, Rcpsp
from tandem.engine.schedule.psplib import read_sm


@dataclass(frozen=True)
class MultiProject:
    """Several projects scheduled together, and the way back to each project's own jobs.

    Parameters
    ----------
    name
        The instance's name, as the XML gives it.
    problem
        The combined problem: job 0 starts everything, the last job ends everything and
        each project's jobs (its own dummy start and end included) lie in between, in
        file order. Every job of a project is released at the project's arrival.
        A global resource is one column; a local resource is one column per project.
    project_of
        For each combined job, its project's index; -1 for the combined start and end.
    projects
        Each project's ``.sm`` file name without the extension.
    arrivals
        Each project's arrival (earliest start), in periods.
    critical_paths
        Each project's critical-path length on its own (its ``.sm`` file alone).
    local_jobs
        For each combined job, ``(project index, job number in its .sm file)``, 1-based as in
        PSPLIB; ``(-1, 0)`` for the combined start and end.
    """

    name: str
    problem: Rcpsp
    project_of: IntArray
    projects: tuple[str, ...]
    arrivals: IntArray
    critical_paths: IntArray
    local_jobs: tuple[tuple[int, int], ...]

    def project_finishes(self, starts: Sequence[int]) -> IntArray:
        """When each project's last job finishes (its arrival if it has no work)."""
        finish = np.asarray(starts, dtype=np.int64) + self.problem.durations
        finishes = self.arrivals.copy()
        mine = self.project_of >= 0
        np.maximum.at(finishes, self.project_of[mine], finish[mine])
        return finishes

    def total_makespan(self, starts: Sequence[int]) -> int:
        """TMS: when the last project finishes, counted from period 0 (not from an arrival)."""
        return int(self.project_finishes(starts).max(initial=0))

    def average_project_delay(self, starts: Sequence[int]) -> float:
        """APD: the mean over projects of finish − arrival − the project's critical path."""
        delays = self.project_finishes(starts) - self.arrivals - self.critical_paths
        return float(delays.mean()) if delays.size else 0.0


def read_mpsplib(path: str | Path) -> MultiProject:
    """Read an MPSPLIB ``.xml`` instance and the PSPLIB files it names.

    Parameters
    ----------
    path
        The XML file; project file names are relative to its folder.

    Returns
    -------
    MultiProject
        The combined problem and the projects' arrivals, critical paths and job numbers.

    Raises
    ------
    InvalidInput
        Naming the file when it is missing, is not well-formed XML, declares entities, lacks
        an element, names a project file that is missing, gives a resource count other than
        the projects', or a global capacity below a job's request; a bad ``.sm`` file is
        named with its line.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as err:
        raise InvalidInput(str(path), f"cannot read the file ({err.strerror})") from None
    name, listed, resources = _parse_xml(text, path.name)
    problems = [
        _read_project(path, number, filename) for number, (filename, _) in enumerate(listed)
    ]
    for number, project in enumerate(problems):
        if project.capacities.size != len(resources):
            message = (
                f"{len(resources)} resource values, but project {number + 1} "
                f"({project.name}) has {project.capacities.size} resources"
            )
            raise InvalidInput(path.name, message)
    arrivals = np.array([start for _, start in listed], dtype=np.int64)
    try:
        return _combine(name, problems, arrivals, resources)
    except InvalidInput as err:
        raise InvalidInput(path.name, f"{err.path}: {err.message}") from err


def _read_project(path: Path, number: int, filename: str) -> Rcpsp:
    file = path.parent / filename
    if not file.is_file():
        raise InvalidInput(f"{path.name}:project {number + 1}", f"no file {filename}")
    return read_sm(file)


def _parse_xml(text: str, where: str) -> tuple[str, list[tuple[str, int]], list[int]]:
    """The instance's name, its (file, arrival) pairs and its resource values."""
    if "<!ENTITY" in text:
        raise InvalidInput(where, "declares XML entities, which are not expanded here")
    try:
        root = ET.fromstring(text)  # noqa: S314 - no entities (refused above), no DTD fetched
    except ET.ParseError as err:
        line = err.position[0]
        raise InvalidInput(f"{where}:{line}", f"not well-formed XML ({err})") from None
    mp = root if root.tag == "mp" else root.find("mp")
    if mp is None:
        raise InvalidInput(where, "no <mp> element")
    projects = [
        (_text(project, "filename", where), _number(project, "start", where))
        for project in mp.iterfind("project-list/project")
    ]
    if not projects:
        raise InvalidInput(where, "no <project> in <project-list>")
    resources = [_integer(res.text, where, "resource") for res in mp.iterfind("resources/resource")]
    return _text(mp, "name", where), projects, resources


def _text(element: ET.Element, tag: str, where: str) -> str:
    found = element.find(tag)
    if found is None or not (found.text or "").strip():
        raise InvalidInput(where, f"a <{element.tag}> without <{tag}>")
    return (found.text or "").strip()


def _number(element: ET.Element, tag: str, where: str) -> int:
    return _integer(_text(element, tag, where), where, tag)


def _integer(text: str | None, where: str, tag: str) -> int:
    try:
        value = int((text or "").strip())
    except ValueError:
        raise InvalidInput(where, f"<{tag}> is not a whole number: {text!r}") from None
    if value < 0:
        raise InvalidInput(where, f"<{tag}> cannot be negative: {value}")
    return value


def _combine(
    name: str, problems: list[Rcpsp], arrivals: IntArray, resources: list[int]
) -> MultiProject:
    """One problem holding every project between a common start and a common end."""
    sizes = [project.jobs for project in problems]
    offsets = [1 + sum(sizes[:number]) for number in range(len(sizes) + 1)]
    jobs = offsets[-1] + 1
    every = range(len(problems))
    project_of = np.concatenate([[-1], *(np.full(sizes[i], i) for i in every), [-1]])
    problem = Rcpsp(
        name=name,
        durations=np.concatenate([[0], *(p.durations for p in problems), [0]]).astype(np.int64),
        requests=_requests(problems, offsets, resources, jobs),
        capacities=_capacities(problems, resources),
        successors=_successors(problems, offsets),
        releases=np.concatenate([[0], *(np.full(sizes[i], arrivals[i]) for i in every), [0]]),
    )
    local = [(number, job + 1) for number in every for job in range(sizes[number])]
    return MultiProject(
        name=name,
        problem=problem,
        project_of=project_of.astype(np.int64),
        projects=tuple(project.name for project in problems),
        arrivals=arrivals,
        critical_paths=np.array([critical_path_bound(p) for p in problems], dtype=np.int64),
        local_jobs=((-1, 0), *local, (-1, 0)),
    )


def _successors(problems: list[Rcpsp], offsets: list[int]) -> tuple[tuple[int, ...], ...]:
    """Each project's precedences, its sources after the common start, its sinks before the end."""
    end = offsets[-1]
    first: list[int] = []
    successors: list[tuple[int, ...]] = []
    for project, offset in zip(problems, offsets, strict=False):
        waits = {later for succ in project.successors for later in succ}
        first += [offset + job for job in range(project.jobs) if job not in waits]
        successors += [
            tuple(offset + later for later in succ) if succ else (end,)
            for succ in project.successors
        ]
    return (tuple(first), *successors, ())


def _requests(
    problems: list[Rcpsp], offsets: list[int], resources: list[int], jobs: int
) -> IntArray:
    """One column per global resource, one per project for each local resource."""
    columns: list[IntArray] = []
    for res, capacity in enumerate(resources):
        shared = capacity > 0
        column = np.zeros(jobs, dtype=np.int64)
        for project, offset in zip(problems, offsets, strict=False):
            if not shared:
                column = np.zeros(jobs, dtype=np.int64)
            column[offset : offset + project.jobs] = project.requests[:, res]
            if not shared:
                columns.append(column)
        if shared:
            columns.append(column)
    return np.column_stack(columns) if columns else np.zeros((jobs, 0), dtype=np.int64)


def _capacities(problems: list[Rcpsp], resources: list[int]) -> IntArray:
    """The capacities of the columns :func:`_requests` makes, in the same order."""
    capacities: list[int] = []
    for res, capacity in enumerate(resources):
        if capacity > 0:
            capacities.append(capacity)
        else:
            capacities += [int(project.capacities[res]) for project in problems]
    return np.array(capacities, dtype=np.int64)
