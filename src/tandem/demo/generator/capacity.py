"""The demo company's capacity data, as plain records.

A holiday calendar, leave for every IT person, a hiring plan, the non-discretionary load of
each team (run teams carry far more of it than development teams), work profiles for some
estimates and a year of weekly actual hours booked against the load. Committed work on the
ERP and data teams is made big enough that, with their load, it exceeds what they can supply
in some weeks of the next two quarters: the demo always has teams that are overcommitted.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from tandem.demo.generator.specs import (
    ActualSpec,
    CapacitySpec,
    Company,
    EstimateSpec,
    HireSpec,
    HolidaySpec,
    InitiativeSpec,
    LeaveSpec,
    LoadSpec,
    PersonSpec,
    TeamSpec,
    WorkProfileSpec,
)

STANDARD_HOURS = 40
HORIZON_WEEKS = 26  # the next two quarters
ACTUAL_WEEKS = 52
COMMITTED = ("approved", "in_progress")
# Share of capacity (%) a family's ongoing non-discretionary work takes, drawn in this range:
# run teams (infrastructure, service desk, security) 40-65% in all, development teams 15-30%.
LOAD_TOTALS = {
    "INFRA": (46, 54),
    "DESK": (50, 60),
    "SEC": (42, 52),
    "ERP": (20, 26),
    "DIGITAL": (16, 22),
    "DATA": (16, 22),
    "INTEG": (19, 25),
}
RUN_FAMILIES = ("INFRA", "DESK", "SEC")
# How that share splits over the categories (maintenance, support, patching, compliance, other).
LOAD_SPLIT = {
    "INFRA": (40, 25, 22, 5, 8),
    "DESK": (10, 75, 5, 3, 7),
    "SEC": (5, 20, 30, 35, 10),
    "ERP": (40, 35, 10, 10, 5),
    "DIGITAL": (35, 35, 15, 5, 10),
    "DATA": (35, 40, 5, 15, 5),
    "INTEG": (40, 35, 15, 5, 5),
}
CATEGORIES = ("maintenance", "support", "security_patching", "compliance", "other")
LOAD_NOTES = {
    "maintenance": "Upgrades, housekeeping and small fixes of the systems the team runs",
    "support": "Second-line tickets and questions from users",
    "security_patching": "Monthly patch cycle and urgent vulnerability fixes",
    "compliance": "Audit evidence, access reviews and policy work",
    "other": "Meetings, reporting and everything else that has to happen",
}
# Run teams book their "other" load as fixed weekly hours: a rota, not a share of the week.
ROTAS = {"INFRA": "Out-of-hours on-call rota", "DESK": "Evening and weekend phone cover"}
# (category, extra %, first day and last day relative to today, note): time-bound load.
TEMPORARY = {
    "INFRA": ("maintenance", 5, -60, 80, "Decommissioning the old data-centre servers"),
    "SEC": ("compliance", 6, 21, 105, "ISO 27001 surveillance audit"),
}
# The families whose committed work is concentrated so that they run short.
OVERCOMMITTED = ("ERP", "DATA")
OVERCOMMIT_RATIO = 1.2  # committed work in the 6th-busiest week / what is left after the load
# (family, category): actual hours drift from `start` to `end` times the load over the year,
# on the first team of the family.
TRENDS = {("DESK", "support"): (0.85, 1.15), ("INTEG", "maintenance"): (0.8, 1.2)}
HIRE_TITLES = {
    "INFRA": ("Cloud engineer", "Network engineer"),
    "DESK": ("Service desk analyst", "Field support technician"),
    "ERP": ("SAP FI/CO consultant", "ABAP developer"),
    "DIGITAL": ("Front-end developer", "Salesforce developer"),
    "DATA": ("Data engineer", "BI developer"),
    "SEC": ("Security analyst", "Identity & access engineer"),
    "INTEG": ("Integration developer", "EDI specialist"),
}
TRAINING = ("Certification course", "Vendor training", "Conference", "Internal academy")
SHAPES = {
    "front": [3.0, 3.0, 2.0, 1.0],
    "bell": [1.0, 2.0, 3.0, 3.0, 2.0, 1.0],
    "back": [1.0, 2.0, 3.0, 3.0],
    "late": [0.0, 1.0, 2.0, 2.0],
}


def capacity_generate(company: Company, *, rng: random.Random) -> CapacitySpec:
    """The capacity data of `company`; also enlarges the committed estimates of the
    overcommitted teams (listed in the result) so that they run short."""
    today = company.today
    spec = CapacitySpec()
    last_year = max(2028, today.year + 2)
    spec.holidays = holidays_generate(today.year - 1, last_year)
    holidays = {h.day for h in spec.holidays}
    it_people = [p for p in company.people if p.team]
    spec.leaves = _leaves(rng, it_people, today, holidays)
    spec.hires = _hires(rng, company.teams, it_people, today)
    spec.loads = _loads(rng, company.teams, it_people, today)
    spec.overcommitted = _concentrate(company, spec.loads, it_people)
    spec.work_profiles = _work_profiles(rng, company.initiatives, set(spec.overcommitted))
    spec.actuals = _actuals(rng, company, spec, it_people, holidays)
    return spec


#
# Calendar
#


def easter_sunday(year: int) -> date:
    """Easter Sunday of `year` (the anonymous Gregorian computus)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday) // 451
    month, day = divmod(h + weekday - 7 * m + 114, 31)
    return date(year, month, day + 1)


def holidays_generate(first_year: int, last_year: int) -> list[HolidaySpec]:
    """The company's holidays; a fixed-date holiday on a weekend moves to the next free weekday."""
    holidays: list[HolidaySpec] = []
    for year in range(first_year, last_year + 1):
        easter = easter_sunday(year)
        first_may_monday = date(year, 5, 1) + timedelta(days=(7 - date(year, 5, 1).weekday()) % 7)
        august_end = date(year, 8, 31)
        movable = [
            (easter - timedelta(days=2), "Good Friday"),
            (easter + timedelta(days=1), "Easter Monday"),
            (first_may_monday, "May Day"),
            (easter + timedelta(days=50), "Whit Monday"),
            (august_end - timedelta(days=august_end.weekday()), "Summer bank holiday"),
        ]
        fixed = [
            (date(year, 1, 1), "New Year's Day"),
            (date(year, 12, 25), "Christmas Day"),
            (date(year, 12, 26), "Boxing Day"),
        ]
        taken = {day for day, _ in movable}
        for day, name in fixed:
            label = name
            while day.weekday() >= 5 or day in taken:
                day += timedelta(days=1)
                label = f"{name} (substitute day)"
            taken.add(day)
            movable.append((day, label))
        holidays.extend(HolidaySpec(day=day, name=name) for day, name in sorted(movable))
    return holidays


def _weekday_on_or_after(day: date) -> date:
    return day + timedelta(days=7 - day.weekday()) if day.weekday() >= 5 else day


def _add_weekdays(day: date, count: int) -> date:
    """The day `count` weekdays after `day` (count 0: `day` itself)."""
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


#
# Leave
#


def _leaves(
    rng: random.Random, people: list[PersonSpec], today: date, holidays: set[date]
) -> list[LeaveSpec]:
    """Leave within a year either side of today: summer, spring, Christmas and short breaks,
    training, past sick days, and parental leave for a few people in the coming months."""
    start, end = today - timedelta(days=365), today + timedelta(days=365)
    parents = {
        p.key
        for p in rng.sample(
            [p for p in people if p.role == "member" and p.end_date is None],
            max(1, len(people) // 25),
        )
    }
    leaves = []
    for person in people:
        blocks = []
        if person.key in parents:
            first = _weekday_on_or_after(today + timedelta(days=rng.randint(20, 150)))
            last = first + timedelta(weeks=rng.randint(12, 20), days=-3)
            blocks.append((first, last, "parental", "Parental leave"))
        for year in range(start.year, end.year + 1):
            blocks.extend(_year_of_leave(rng, year, today))
        employed_from = max(start, person.start_date or start)
        employed_to = min(end, person.end_date or end)
        taken: list[tuple[date, date]] = []
        for first, last, kind, note in blocks:
            first, last = max(first, employed_from), min(last, employed_to)
            while first.weekday() >= 5 or first in holidays:
                first += timedelta(days=1)
            if last < first:
                continue
            if any(first <= t_last and t_first <= last for t_first, t_last in taken):
                continue
            taken.append((first, last))
            leaves.append(LeaveSpec(person.key, first, last, kind, note))
    leaves.sort(key=lambda leave: (leave.first_day, leave.person))
    return leaves


def _year_of_leave(
    rng: random.Random, year: int, today: date
) -> Iterable[tuple[date, date, str, str]]:
    summer = date(year, 6, 15) + timedelta(days=rng.randint(0, 63))
    summer -= timedelta(days=summer.weekday())
    yield summer, summer + timedelta(days=11), "vacation", "Summer holiday"
    if rng.random() < 0.7:
        spring = date(year, 3, 1) + timedelta(days=rng.randint(0, 80))
        spring -= timedelta(days=spring.weekday())
        yield spring, spring + timedelta(days=4), "vacation", ""
    if rng.random() < 0.35:
        yield (
            _weekday_on_or_after(date(year, 12, 27)),
            date(year, 12, 31),
            "vacation",
            ("Christmas break"),
        )
    if rng.random() < 0.7:
        autumn = _weekday_on_or_after(date(year, 9, 15) + timedelta(days=rng.randint(0, 60)))
        yield autumn, _add_weekdays(autumn, rng.randint(2, 4)), "vacation", ""
    if rng.random() < 0.3:
        course = _weekday_on_or_after(date(year, 1, 10) + timedelta(days=rng.randint(0, 320)))
        yield course, _add_weekdays(course, rng.randint(1, 2)), "training", rng.choice(TRAINING)
    if rng.random() < 0.25:
        sick = _weekday_on_or_after(date(year, 1, 5) + timedelta(days=rng.randint(0, 350)))
        if sick + timedelta(days=7) < today:  # sick leave is only ever recorded afterwards
            yield sick, _add_weekdays(sick, rng.randint(0, 3)), "sick", ""


#
# Hiring plan and load
#


def _hires(
    rng: random.Random, teams: list[TeamSpec], people: list[PersonSpec], today: date
) -> list[HireSpec]:
    """Replacements for leavers, a budgeted hire for each overcommitted team (after the next
    two quarters: hiring takes time) and a few other hires within the year."""
    family = {team.key: team.family for team in teams}
    hires = []
    for person in people:
        if person.end_date is None or person.team is None:
            continue
        start = person.end_date + timedelta(days=rng.randint(21, 75))
        hires.append(
            HireSpec(
                team=person.team,
                title=HIRE_TITLES[family[person.team]][0],
                expected_start=start - timedelta(days=start.weekday()),
                kind="open_requisition",
                note=f"Replaces {person.name}, who leaves on {person.end_date:%d %b %Y}.",
            )
        )
    for team in teams:
        if team.family in OVERCOMMITTED:
            days, kind, note = rng.randint(190, 260), "planned_hire", "Approved in the budget."
        elif rng.random() < 0.3:
            days = rng.randint(30, 330)
            kind = rng.choice(("planned_hire", "open_requisition"))
            note = "Growth of the team."
        else:
            continue
        start = today + timedelta(days=days)
        hires.append(
            HireSpec(
                team=team.key,
                title=HIRE_TITLES[team.family][1],
                expected_start=start - timedelta(days=start.weekday()),
                kind=kind,
                fte=Decimal("1.00") if rng.random() < 0.85 else Decimal("0.80"),
                note=note,
            )
        )
    hires.sort(key=lambda hire: (hire.expected_start, hire.team))
    return hires


def team_hours(people: Iterable[PersonSpec], team: str, day: date) -> float:
    """Contracted hours a week of the team's members employed on `day`."""
    return sum(
        float(p.fte) * float(p.hours_per_week)
        for p in people
        if p.team == team
        and (p.start_date is None or p.start_date <= day)
        and (p.end_date is None or p.end_date >= day)
    )


def _half(value: float) -> Decimal:
    return Decimal(round(value * 2)) / 2


def _loads(
    rng: random.Random, teams: list[TeamSpec], people: list[PersonSpec], today: date
) -> list[LoadSpec]:
    loads = []
    for team in teams:
        total = rng.uniform(*LOAD_TOTALS[team.family])
        weights = LOAD_SPLIT[team.family]
        since = today - timedelta(days=rng.randint(400, 900))
        hours = team_hours(people, team.key, today)
        for category, weight in zip(CATEGORIES, weights, strict=True):
            share = total * weight / sum(weights) * rng.uniform(0.92, 1.08)
            if category == "other" and team.family in ROTAS:
                loads.append(
                    LoadSpec(
                        team=team.key,
                        category=category,
                        first_day=since,
                        basis="hours",
                        hours_per_week=Decimal(round(share / 100 * hours)),
                        note=ROTAS[team.family],
                    )
                )
                continue
            loads.append(
                LoadSpec(
                    team=team.key,
                    category=category,
                    first_day=since,
                    basis="percent",
                    percent_of_supply=_half(share),
                    note=LOAD_NOTES[category],
                )
            )
        if team.family in TEMPORARY:
            category, extra, first, last, note = TEMPORARY[team.family]
            loads.append(
                LoadSpec(
                    team=team.key,
                    category=category,
                    first_day=today + timedelta(days=first),
                    last_day=today + timedelta(days=last),
                    basis="percent",
                    percent_of_supply=Decimal(extra),
                    note=note,
                )
            )
    return loads


def load_share(loads: Iterable[LoadSpec], team: str, hours: float, day: date) -> float:
    """The share (0-1) of `hours` a week the team's load takes on `day`."""
    share = 0.0
    for load in loads:
        if load.team != team or load.first_day > day or (load.last_day and load.last_day < day):
            continue
        if load.percent_of_supply is not None:
            share += float(load.percent_of_supply) / 100
        elif hours:
            share += float(load.hours_per_week or 0) / hours
    return share


#
# Committed work
#


def weekly_demand(
    items: Iterable[InitiativeSpec], team: str, weeks: list[date]
) -> tuple[list[float], list[EstimateSpec]]:
    """Committed person-weeks a week on `team` (likely estimates spread evenly over the planned
    dates), and the estimates that fall in `weeks`."""
    demand = [0.0] * len(weeks)
    involved = []
    for item in items:
        if item.state not in COMMITTED or not (item.planned_start and item.planned_end):
            continue
        span = max(1.0, ((item.planned_end - item.planned_start).days + 1) / 7)
        for estimate in item.estimates:
            if estimate.team != team:
                continue
            touched = False
            for position, monday in enumerate(weeks):
                if item.planned_start <= monday + timedelta(days=6) and monday <= item.planned_end:
                    demand[position] += float(estimate.likely) / span
                    touched = True
            if touched:
                involved.append(estimate)
    return demand, involved


def _concentrate(company: Company, loads: list[LoadSpec], people: list[PersonSpec]) -> list[str]:
    """Enlarge the committed estimates on each ERP and data team so that committed work in the
    sixth-busiest week of the next two quarters is `OVERCOMMIT_RATIO` times what the team has
    left after its load; return those teams."""
    today = company.today
    monday = today - timedelta(days=today.weekday())
    weeks = [monday + timedelta(weeks=k) for k in range(HORIZON_WEEKS)]
    budget_of = {id(e): item for item in company.initiatives for e in item.estimates}
    chosen = []
    for team in company.teams:
        if team.family not in OVERCOMMITTED:
            continue
        hours = team_hours(people, team.key, today)
        available = hours / STANDARD_HOURS * (1 - load_share(loads, team.key, hours, today))
        demand, involved = weekly_demand(company.initiatives, team.key, weeks)
        level = sorted(demand, reverse=True)[5]
        if not involved or level <= 0:
            continue
        factor = max(1.0, OVERCOMMIT_RATIO * available / level)
        for estimate in involved:
            before = estimate.likely
            estimate.likely = _half(float(estimate.likely) * factor)
            estimate.low = min(estimate.likely, _half(float(estimate.low) * factor))
            estimate.high = max(estimate.likely, _half(float(estimate.high) * factor))
            item = budget_of[id(estimate)]
            if item.budget_estimate is not None:  # the extra weeks at an internal day rate
                extra = round(float(estimate.likely - before) * 3.6) * 1000
                item.budget_estimate += Decimal(extra)
        chosen.append(team.key)
    return chosen


def _work_profiles(
    rng: random.Random, items: list[InitiativeSpec], keep_even: set[str]
) -> list[WorkProfileSpec]:
    """Profiles for about a third of the open estimates: the leading team front-loaded or
    bell-shaped, the teams that follow later in the work. Committed estimates of the
    overcommitted teams stay even, so the demo's shortfall does not depend on a profile."""
    profiles = []
    for item in items:
        if item.state in ("idea", "intake", "done", "cancelled"):
            continue
        for position, estimate in enumerate(item.estimates):
            if item.state in COMMITTED and estimate.team in keep_even:
                continue
            if rng.random() >= 0.35:
                continue
            shape = rng.choice(("front", "bell") if position == 0 else ("back", "late", "bell"))
            profiles.append(WorkProfileSpec(item.key, estimate.team, list(SHAPES[shape])))
    return profiles


#
# Actual hours
#


def _actuals(
    rng: random.Random,
    company: Company,
    spec: CapacitySpec,
    people: list[PersonSpec],
    holidays: set[date],
) -> list[ActualSpec]:
    """A year of weekly hours per team and category, ending last week: the load's share of the
    hours the team was at work (holidays and leave off), with noise, and a drift on two teams."""
    today = company.today
    this_monday = today - timedelta(days=today.weekday())
    weeks = [this_monday - timedelta(weeks=k) for k in range(ACTUAL_WEEKS, 0, -1)]
    away = _hours_away(spec.leaves, people, holidays, weeks[0], this_monday)
    drifting = {}
    for (family, category), drift in TRENDS.items():
        team = next((t.key for t in company.teams if t.family == family), None)
        drifting[(team, category)] = drift
    actuals = []
    for team in company.teams:
        for position, monday in enumerate(weeks):
            workdays = sum(1 for d in range(5) if monday + timedelta(days=d) not in holidays)
            contracted = team_hours(people, team.key, monday)
            present = max(0.0, contracted * workdays / 5 - away[(team.key, monday)])
            for category in CATEGORIES:
                base = _booked(spec.loads, team.key, category, monday, present, workdays)
                start, end = drifting.get((team.key, category), (1.0, 1.0))
                drift = start + (end - start) * position / (len(weeks) - 1)
                noise = min(1.45, max(0.6, rng.gauss(1.0, 0.12)))
                hours = _half(base * drift * noise)
                actuals.append(ActualSpec(team.key, monday, category, hours))
    return actuals


def _booked(
    loads: list[LoadSpec], team: str, category: str, monday: date, present: float, workdays: int
) -> float:
    """The hours the load of one category asks of a week in which `present` hours were worked."""
    hours = 0.0
    for load in loads:
        if load.team != team or load.category != category:
            continue
        if load.first_day > monday + timedelta(days=6) or (
            load.last_day and load.last_day < monday
        ):
            continue
        if load.percent_of_supply is not None:
            hours += present * float(load.percent_of_supply) / 100
        else:
            hours += float(load.hours_per_week or 0) * workdays / 5
    return hours


def _hours_away(
    leaves: list[LeaveSpec],
    people: list[PersonSpec],
    holidays: set[date],
    first: date,
    until: date,
) -> defaultdict[tuple[str, date], float]:
    """Contracted hours each team was on leave, per (team, Monday) between `first` and `until`."""
    by_key = {p.key: p for p in people}
    away: defaultdict[tuple[str, date], float] = defaultdict(float)
    for leave in leaves:
        person = by_key[leave.person]
        day = max(leave.first_day, first)
        daily = float(person.fte) * float(person.hours_per_week) / 5
        while day <= leave.last_day and day < until:
            if day.weekday() < 5 and day not in holidays:
                away[(person.team or "", day - timedelta(days=day.weekday()))] += daily
            day += timedelta(days=1)
    return away
