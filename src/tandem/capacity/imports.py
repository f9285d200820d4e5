"""Reading an actuals CSV (a timesheet or ticketing export) into checked rows, without writing.

The file needs a header row with the columns `week`, `team`, `category` and `hours` (in any
order, any case; other columns are ignored), separated by `,` or `;`, in UTF-8 (with or without
a byte-order mark) or Windows-1252. Every row is checked, and every problem is reported as
`line N: <field>: <reason>`, where N counts the file's lines with the header as line 1.
`tandem.capacity.services.actuals_import` decides what to write.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from tandem.capacity import choices
from tandem.capacity.choices import ACTUAL_MAX_HOURS, LoadCategory
from tandem.core.errors import RuleViolation

REQUIRED_COLUMNS = ("week", "team", "category", "hours")
ISO_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)
CENT = Decimal("0.01")
SHOWN = 40  # characters of a bad value quoted back in a message


@dataclass(frozen=True, slots=True)
class Problem:
    """Why one field of one line cannot be imported."""

    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.reason}"


@dataclass(frozen=True, slots=True)
class ActualRow:
    """One good row: a team's hours in one week (its Monday) on one category."""

    line: int
    team_id: int
    week: date
    category: str
    hours: Decimal

    @property
    def key(self) -> tuple[int, date, str]:
        return (self.team_id, self.week, self.category)


@dataclass(slots=True)
class ParsedActuals:
    """The good rows, the problems, and how many data rows the file has."""

    rows: list[ActualRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    total: int = 0

    @property
    def bad_lines(self) -> int:
        return len({problem.line for problem in self.problems})


def decode(data: bytes, *, file_name: str) -> str:
    """The text of `data`: UTF-8 (a byte-order mark is dropped), else Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as err:
        raise RuleViolation(
            f"{file_name} is neither UTF-8 nor Windows-1252 text.",
            code=choices.ACTUALS_FILE_UNREADABLE,
            field="file",
        ) from err


def parse_actuals(
    text: str, *, teams: dict[str, int], today: date, file_name: str = "The file"
) -> ParsedActuals:
    """Check every row of `text`; `teams` maps lower-case team names to ids.

    RuleViolation if the file has no header row or lacks a required column; row problems are
    collected in the result instead, so that all of them can be reported at once.
    """
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    columns = _columns(next(reader, None), file_name)
    parsed = ParsedActuals()
    first_seen: dict[tuple[int, date, str], int] = {}
    this_week = today - timedelta(days=today.weekday())
    previous_end = reader.line_num
    for cells in reader:
        line, previous_end = previous_end + 1, reader.line_num
        if not any(cell.strip() for cell in cells):
            continue  # blank lines are not rows
        parsed.total += 1
        values = {
            name: cells[index].strip() if index < len(cells) else ""
            for name, index in columns.items()
        }
        row, problems = _row(line, values, teams, this_week)
        if row is not None and row.key in first_seen:
            problems.append(
                Problem(
                    line,
                    "row",
                    f"repeats line {first_seen[row.key]} (the same team, week and category)",
                )
            )
        if problems:
            parsed.problems.extend(problems)
            continue
        assert row is not None  # noqa: S101 - a row without problems was built
        first_seen[row.key] = line
        parsed.rows.append(row)
    return parsed


def _columns(header: list[str] | None, file_name: str) -> dict[str, int]:
    """Where each required column is, by its (case-insensitive) name in the header."""
    names = [cell.strip().lstrip("\ufeff").lower() for cell in header or []]
    if not any(names):
        raise RuleViolation(
            f"{file_name} is empty; it needs a header row with the columns "
            f"{', '.join(REQUIRED_COLUMNS)}.",
            code=choices.ACTUALS_FILE_EMPTY,
            field="file",
        )
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    if missing:
        listed = ", ".join(f"'{name}'" for name in missing)
        which = f"columns {listed} are" if len(missing) > 1 else f"column {listed} is"
        found = ", ".join(name for name in names if name)
        raise RuleViolation(
            f"line 1: header: the required {which} missing (the header has: {found}).",
            code=choices.ACTUALS_MISSING_COLUMN,
            field="file",
        )
    return {name: names.index(name) for name in REQUIRED_COLUMNS}


def _row(
    line: int, values: dict[str, str], teams: dict[str, int], this_week: date
) -> tuple[ActualRow | None, list[Problem]]:
    problems: list[Problem] = []

    def take(name: str, parse: Callable[[str], Any]) -> Any:
        value = values[name]
        if not value:
            problems.append(Problem(line, name, "is empty"))
            return None
        try:
            return parse(value)
        except ValueError as err:
            problems.append(Problem(line, name, str(err)))
            return None

    week = take("week", lambda value: _week(value, this_week))
    team_id = take("team", lambda value: _team(value, teams))
    category = take("category", _category)
    hours = take("hours", _hours)
    if problems:
        return None, problems
    return ActualRow(line, team_id, week, category, hours), []


def _shown(value: str) -> str:
    return f"'{value[:SHOWN]}…'" if len(value) > SHOWN else f"'{value}'"


def week_monday(value: str) -> date:
    """The Monday of the week `value` names: an ISO date of any day in it, or `2026-W14`."""
    match = ISO_WEEK.match(value)
    try:
        if match:
            return date.fromisocalendar(int(match[1]), int(match[2]), 1)
        day = date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"{_shown(value)} is not a date or an ISO week (write e.g. 2026-03-30 or 2026-W14)"
        ) from None
    return day - timedelta(days=day.weekday())


def _week(value: str, this_week: date) -> date:
    monday = week_monday(value)
    if monday > this_week:
        raise ValueError(f"the week of {monday.isoformat()} has not started yet")
    return monday


def _team(value: str, teams: dict[str, int]) -> int:
    team_id = teams.get(value.lower())
    if team_id is None:
        raise ValueError(f"there is no IT team called {_shown(value)}")
    return team_id


def _category_key(text: str) -> str:
    return " ".join(text.lower().replace("_", " ").replace("-", " ").split())


CATEGORIES = {
    _category_key(text): category.value
    for category in LoadCategory
    for text in (category.value, category.label)
}


def _category(value: str) -> str:
    category = CATEGORIES.get(_category_key(value))
    if category is None:
        names = ", ".join(c.label.lower() for c in LoadCategory)
        raise ValueError(f"{_shown(value)} is not a category (use one of: {names})")
    return category


def _hours(value: str) -> Decimal:
    text = value.replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")  # a decimal comma, as European spreadsheets write it
    try:
        hours = Decimal(text)
    except InvalidOperation:
        hours = Decimal("NaN")
    if not hours.is_finite():
        raise ValueError(f"{_shown(value)} is not a number of hours")
    if hours < 0:
        raise ValueError(f"{_shown(value)} is negative; hours must be 0 or more")
    if hours > ACTUAL_MAX_HOURS:
        raise ValueError(f"{_shown(value)} is more than {ACTUAL_MAX_HOURS:,} hours in a week")
    return hours.quantize(CENT, rounding=ROUND_HALF_UP)
