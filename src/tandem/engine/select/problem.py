"""The selection problem: candidates, their needs of team capacity, the budget and the rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tandem.engine.errors import InvalidInput
from tandem.engine.graph import find_cycle
from tandem.engine.select import _checks


@dataclass(frozen=True, slots=True)
class Need:
    """One team's demand in one period.

    Parameters
    ----------
    team
        Index into :attr:`SelectionProblem.team_names`.
    period
        Index into :attr:`SelectionProblem.period_labels`.
    person_weeks
        The work, 0 or more person-weeks.
    """

    team: int
    period: int
    person_weeks: float


@dataclass(frozen=True, slots=True)
class Candidate:
    """Something that could be funded: an initiative, a project, an epic.

    Parameters
    ----------
    name
        Shown in the reasons.
    value
        What the selection maximises (a score or a money value), 0 or more.
    cost
        Money, counted against the budget, 0 or more.
    needs
        The team capacity it takes, per team and period. Needs for the same team and period
        add up.
    mandatory
        Must be funded (compliance, security). If the mandatory candidates and their
        prerequisites cannot all be funded together, the problem is infeasible.
    requires
        Indices of candidates that must be funded too (prerequisites).
    kind
        A free label (``"run"``, ``"grow"``, ``"transform"``, ``"comply"``); not used by the
        solver.
    """

    name: str
    value: float
    cost: float
    needs: tuple[Need, ...] = ()
    mandatory: bool = False
    requires: tuple[int, ...] = ()
    kind: str = ""


@dataclass(frozen=True, slots=True)
class SelectionProblem:
    """Which candidates to fund, within team capacity per period and a budget.

    The fields are validated and normalised on construction (numbers become floats, lists
    become tuples, candidates and needs are rebuilt with the normalised values).

    Parameters
    ----------
    candidates
        The candidates; indices refer to positions here.
    team_names
        One name per team; :attr:`Need.team` refers to positions here.
    period_labels
        One label per period, e.g. ``("2027 Q1", "2027 Q2")``.
    capacity_person_weeks
        ``[team][period]``: person-weeks still free for new work, 0 or more.
    budget
        Money available, 0 or more; ``None`` for no budget limit.
    exclusive_groups
        Groups of candidate indices of which at most one may be funded (alternatives).

    Raises
    ------
    InvalidInput
        Naming the field, e.g. ``candidates[12].cost: must be ≥ 0``: a negative, infinite or
        non-numeric amount, an index naming no team, period or candidate, a candidate
        requiring itself, prerequisites forming a cycle, a capacity table of the wrong shape or
        a group listing a candidate twice.
    """

    candidates: tuple[Candidate, ...]
    team_names: tuple[str, ...]
    period_labels: tuple[str, ...]
    capacity_person_weeks: tuple[tuple[float, ...], ...]
    budget: float | None = None
    exclusive_groups: tuple[tuple[int, ...], ...] = ()

    def __post_init__(self) -> None:
        teams = tuple(
            _checks.text(f"team_names[{t}]", name)
            for t, name in enumerate(_checks.items("team_names", self.team_names))
        )
        periods = tuple(
            _checks.text(f"period_labels[{p}]", label)
            for p, label in enumerate(_checks.items("period_labels", self.period_labels))
        )
        raw = _checks.items("candidates", self.candidates)
        candidates = tuple(
            _candidate(f"candidates[{i}]", i, item, len(raw), len(teams), len(periods))
            for i, item in enumerate(raw)
        )
        _refuse_cycles(candidates)
        budget = None if self.budget is None else _checks.amount("budget", self.budget)
        _set(
            self,
            candidates=candidates,
            team_names=teams,
            period_labels=periods,
            capacity_person_weeks=_capacity(self.capacity_person_weeks, len(teams), len(periods)),
            budget=budget,
            exclusive_groups=_groups(self.exclusive_groups, len(candidates)),
        )

    def to_json(self) -> dict[str, Any]:
        """The problem as plain JSON-ready values; :meth:`from_json` reads them back.

        Returns
        -------
        dict
            ``candidates`` (each with ``name``, ``value``, ``cost``, ``needs`` as
            ``{"team", "period", "person_weeks"}``, ``mandatory``, ``requires``, ``kind``),
            ``team_names``, ``period_labels``, ``capacity_person_weeks``, ``budget`` and
            ``exclusive_groups``.
        """
        return {
            "candidates": [
                {
                    "name": c.name,
                    "value": c.value,
                    "cost": c.cost,
                    "needs": [
                        {"team": n.team, "period": n.period, "person_weeks": n.person_weeks}
                        for n in c.needs
                    ],
                    "mandatory": c.mandatory,
                    "requires": list(c.requires),
                    "kind": c.kind,
                }
                for c in self.candidates
            ],
            "team_names": list(self.team_names),
            "period_labels": list(self.period_labels),
            "capacity_person_weeks": [list(row) for row in self.capacity_person_weeks],
            "budget": self.budget,
            "exclusive_groups": [list(group) for group in self.exclusive_groups],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SelectionProblem:
        """Read a problem written by :meth:`to_json`.

        Parameters
        ----------
        data
            The mapping (e.g. from ``json.loads``).

        Returns
        -------
        SelectionProblem
            The same problem.

        Raises
        ------
        InvalidInput
            If a field is missing, unknown or invalid, naming it (``candidates[3].needs[0]``).
        """
        fields = _fields(
            "",
            data,
            required=("candidates", "team_names", "period_labels", "capacity_person_weeks"),
            optional=("budget", "exclusive_groups"),
        )
        rows = _checks.items("candidates", fields["candidates"])
        candidates = tuple(
            _candidate_from_json(f"candidates[{i}]", row) for i, row in enumerate(rows)
        )
        return cls(
            candidates=candidates,
            team_names=fields["team_names"],
            period_labels=fields["period_labels"],
            capacity_person_weeks=fields["capacity_person_weeks"],
            budget=fields.get("budget"),
            exclusive_groups=fields.get("exclusive_groups", ()),
        )


def _set(target: object, **values: object) -> None:
    for name, value in values.items():
        object.__setattr__(target, name, value)


def _candidate(
    path: str, own: int, item: object, count: int, teams: int, periods: int
) -> Candidate:
    if not isinstance(item, Candidate):
        raise InvalidInput(path, "must be a Candidate")
    needs = []
    for j, need in enumerate(_checks.items(f"{path}.needs", item.needs)):
        at = f"{path}.needs[{j}]"
        if not isinstance(need, Need):
            raise InvalidInput(at, "must be a Need")
        needs.append(
            Need(
                team=_checks.index(f"{at}.team", need.team, teams, "teams"),
                period=_checks.index(f"{at}.period", need.period, periods, "periods"),
                person_weeks=_checks.amount(f"{at}.person_weeks", need.person_weeks),
            )
        )
    requires = []
    for j, other in enumerate(_checks.items(f"{path}.requires", item.requires)):
        required = _checks.index(f"{path}.requires[{j}]", other, count, "candidates")
        if required == own:
            raise InvalidInput(f"{path}.requires[{j}]", "a candidate cannot require itself")
        requires.append(required)
    return Candidate(
        name=_checks.text(f"{path}.name", item.name),
        value=_checks.amount(f"{path}.value", item.value),
        cost=_checks.amount(f"{path}.cost", item.cost),
        needs=tuple(needs),
        mandatory=_checks.flag(f"{path}.mandatory", item.mandatory),
        requires=tuple(dict.fromkeys(requires)),
        kind=_checks.text(f"{path}.kind", item.kind),
    )


def _refuse_cycles(candidates: tuple[Candidate, ...]) -> None:
    edges = [(before, i) for i, c in enumerate(candidates) for before in c.requires]
    cycle = find_cycle(edges)
    if cycle is not None:
        names = " → ".join(candidates[i].name for i in cycle)
        raise InvalidInput(
            f"candidates[{cycle[1]}].requires", f"prerequisites form a cycle: {names}"
        )


def _capacity(value: object, teams: int, periods: int) -> tuple[tuple[float, ...], ...]:
    rows = _checks.items("capacity_person_weeks", value)
    if len(rows) != teams:
        raise InvalidInput("capacity_person_weeks", f"must have one row per team ({teams})")
    table = []
    for t, row in enumerate(rows):
        path = f"capacity_person_weeks[{t}]"
        cells = _checks.items(path, row)
        if len(cells) != periods:
            raise InvalidInput(path, f"must have one entry per period ({periods})")
        table.append(tuple(_checks.amount(f"{path}[{p}]", cell) for p, cell in enumerate(cells)))
    return tuple(table)


def _groups(value: object, count: int) -> tuple[tuple[int, ...], ...]:
    groups = []
    for g, raw in enumerate(_checks.items("exclusive_groups", value)):
        members: list[int] = []
        for k, member in enumerate(_checks.items(f"exclusive_groups[{g}]", raw)):
            path = f"exclusive_groups[{g}][{k}]"
            index = _checks.index(path, member, count, "candidates")
            if index in members:
                raise InvalidInput(path, f"lists candidate {index} twice")
            members.append(index)
        groups.append(tuple(members))
    return tuple(groups)


def _fields(
    path: str, data: object, *, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> dict[str, Any]:
    """The keys of one JSON object; ``path`` is ``""`` for the top level."""
    if not isinstance(data, Mapping):
        raise InvalidInput(path or "problem", "must be an object")
    for key in data:
        if key not in required and key not in optional:
            raise InvalidInput(f"{path}.{key}" if path else str(key), "is not a field")
    for key in required:
        if key not in data:
            raise InvalidInput(f"{path}.{key}" if path else key, "is missing")
    return dict(data)


def _candidate_from_json(path: str, row: object) -> Candidate:
    fields = _fields(
        path,
        row,
        required=("name", "value", "cost"),
        optional=("needs", "mandatory", "requires", "kind"),
    )
    needs = []
    for j, need in enumerate(_checks.items(f"{path}.needs", fields.get("needs", ()))):
        values = _fields(f"{path}.needs[{j}]", need, required=("team", "period", "person_weeks"))
        needs.append(Need(values["team"], values["period"], values["person_weeks"]))
    return Candidate(
        name=fields["name"],
        value=fields["value"],
        cost=fields["cost"],
        needs=tuple(needs),
        mandatory=fields.get("mandatory", False),
        requires=fields.get("requires", ()),
        kind=fields.get("kind", ""),
    )
