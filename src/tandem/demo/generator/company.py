"""Build the demo company (units, IT teams, people, goals, portfolio) from a seed."""

from __future__ import annotations

import random
import unicodedata
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import NamedTuple

from tandem.demo.generator import catalogue as cat
from tandem.demo.generator.capacity import capacity_generate
from tandem.demo.generator.portfolio import Context, dependencies_generate, initiatives_generate
from tandem.demo.generator.scoring import alternatives_generate, scores_generate
from tandem.demo.generator.specs import Company, GoalSpec, PersonSpec, TeamSpec, UnitSpec


class Size(NamedTuple):
    """How big the company is: regional units, sites per team family, initiatives, managers."""

    regional: bool
    sites: int
    scale: int
    initiatives: tuple[int, int]
    managers: tuple[int, int]


SIZES = {
    "small": Size(regional=False, sites=1, scale=1, initiatives=(87, 93), managers=(3, 4)),
    "large": Size(regional=True, sites=10, scale=10, initiatives=(880, 920), managers=(15, 19)),
}

# (username, role, who they are); the role values are the accounts.Role values.
DEMO_USERS = (
    ("admin", "admin", "Administrator: users, roles and settings"),
    ("portfolio", "portfolio office", "Portfolio office: runs intake and the joint plan"),
    ("itlead", "IT lead", "IT lead: assesses, estimates and delivers"),
    ("business", "business lead", "Business lead of Finance"),
    ("business2", "business lead", "Business lead of Sales"),
    ("viewer", "viewer", "Viewer: reads everything, changes nothing"),
)


def company_generate(*, size: str = "small", seed: int = 7, today: date | None = None) -> Company:
    """The demo company for `size` and `seed`; the same arguments give the same company."""
    if size not in SIZES:
        raise ValueError(f"size must be one of {', '.join(SIZES)}")
    conf = SIZES[size]
    today = today or datetime.now(tz=UTC).date()
    rng = random.Random(f"tandem-demo:{size}:{seed}")
    names = _NameBook(rng)
    units = _units(rng, conf)
    teams = _teams(conf)
    people = _it_people(rng, conf, teams, names, today)
    people += _business_people(rng, conf, units, names, today)
    pmo = PersonSpec(
        "P-PMO",
        *names.draw(),
        unit=None,
        team=None,
        role="pmo",
        start_date=today - timedelta(days=rng.randint(400, 2000)),
    )
    people.append(pmo)
    goals = _goals(units, today)
    ctx = Context.build(rng=rng, today=today, units=units, teams=teams, people=people, goals=goals)
    initiatives = initiatives_generate(ctx, count=rng.randint(*conf.initiatives))
    dependencies = dependencies_generate(ctx, initiatives)
    company = Company(
        size=size,
        seed=seed,
        today=today,
        units=units,
        teams=teams,
        people=people,
        goals=goals,
        initiatives=initiatives,
        dependencies=dependencies,
        personas=_personas(units, people),
    )
    # a stream of its own, so the capacity data never shifts the rest of the company
    capacity_rng = random.Random(f"tandem-demo:{size}:{seed}:capacity")
    company.capacity = capacity_generate(company, rng=capacity_rng)
    scoring_rng = random.Random(f"tandem-demo:{size}:{seed}:scoring")
    company.scores = scores_generate(company, rng=scoring_rng)
    company.alternatives = alternatives_generate(company)
    return company


class _NameBook:
    """Draws unique, realistic names and their e-mail addresses."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def draw(self) -> tuple[str, str]:
        while True:
            first, last = self.rng.choice(cat.FIRST_NAMES), self.rng.choice(cat.LAST_NAMES)
            name = f"{first} {last}"
            if name not in self.used:
                self.used.add(name)
                local = f"{first}.{last}".lower().replace(" ", "").replace("'", "")
                local = unicodedata.normalize("NFKD", local).encode("ascii", "ignore").decode()
                return name, f"{local}@{cat.EMAIL_DOMAIN}"


def _units(rng: random.Random, conf: Size) -> list[UnitSpec]:
    units = []
    for function in cat.FUNCTIONS:
        headcount = function.headcount * conf.scale
        if conf.regional and function.family in cat.REGIONAL_FAMILIES:
            for (region, code), share in zip(cat.REGIONS, (0.45, 0.35, 0.20), strict=True):
                units.append(
                    UnitSpec(
                        key=f"{function.code}-{code}",
                        name=f"{function.name} {region}",
                        code=f"{function.code}-{code}",
                        family=function.family,
                        region=region,
                        description=f"{function.description} Region: {region}.",
                        headcount=round(headcount * share) + rng.randint(-10, 10),
                    )
                )
        else:
            jitter = rng.randint(-3, 3) * conf.scale
            units.append(
                UnitSpec(
                    key=function.code,
                    name=function.name,
                    code=function.code,
                    family=function.family,
                    description=function.description,
                    headcount=headcount + jitter,
                )
            )
    return units


def _teams(conf: Size) -> list[TeamSpec]:
    teams = []
    for kind in cat.TEAM_KINDS:
        for site in cat.SITES[: conf.sites] if conf.sites > 1 else ("",):
            teams.append(
                TeamSpec(
                    key=f"{kind.family}-{site}" if site else kind.family,
                    name=f"{kind.name} ({site})" if site else kind.name,
                    description=kind.description,
                    family=kind.family,
                )
            )
    return teams


def _it_people(
    rng: random.Random, conf: Size, teams: list[TeamSpec], names: _NameBook, today: date
) -> list[PersonSpec]:
    sizes = {kind.family: kind for kind in cat.TEAM_KINDS}
    people = []
    for team in teams:
        kind = sizes[team.family]
        members = kind.size + (rng.randint(-1, 1) if conf.sites > 1 else 0)
        for position in range(members):
            name, email = names.draw()
            roll = rng.random()
            fte = "1.00" if position == 0 or roll >= 0.22 else ("0.50" if roll < 0.08 else "0.80")
            start = today - timedelta(days=rng.randint(120, 365 * 12))
            leaves = rng.random() < 0.07 and position > 0
            people.append(
                PersonSpec(
                    key=f"P-{team.key}-{position}",
                    name=name,
                    email=email,
                    unit=None,
                    team=team.key,
                    role="lead" if position == 0 else "member",
                    fte=Decimal(fte),
                    hours_per_week=Decimal(str(rng.choice((40.0, 40.0, 40.0, 38.0, 37.5)))),
                    skills=sorted(
                        rng.sample(kind.skills, rng.randint(2, 4)), key=kind.skills.index
                    ),
                    start_date=start,
                    end_date=today + timedelta(days=rng.randint(20, 240)) if leaves else None,
                )
            )
    return people


def _business_people(
    rng: random.Random, conf: Size, units: list[UnitSpec], names: _NameBook, today: date
) -> list[PersonSpec]:
    people = []
    for unit in units:
        for position in range(1 + rng.randint(*conf.managers)):
            name, email = names.draw()
            people.append(
                PersonSpec(
                    key=f"P-{unit.key}-{position}",
                    name=name,
                    email=email,
                    unit=unit.key,
                    team=None,
                    role="head" if position == 0 else "manager",
                    start_date=today - timedelta(days=rng.randint(200, 365 * 15)),
                )
            )
    return people


def _goals(units: list[UnitSpec], today: date) -> list[GoalSpec]:
    start, end = date(today.year, 1, 1), date(today.year, 12, 31)
    goals = []
    for unit in units:
        templates = cat.GOALS[unit.family][: 2 if unit.region else 3]
        for position, (title, statement) in enumerate(templates):
            goals.append(
                GoalSpec(
                    key=f"G-{unit.key}-{position}",
                    unit=unit.key,
                    title=f"{title} in {unit.region}" if unit.region else title,
                    statement=statement,
                    period_start=start,
                    # the third goal of a unit is a two-year goal
                    period_end=end if position < 2 else date(today.year + 1, 12, 31),
                )
            )
    return goals


def _personas(units: list[UnitSpec], people: list[PersonSpec]) -> dict[str, str]:
    by_family = {}
    for unit in units:
        by_family.setdefault(unit.family, unit.key)
    heads = {p.unit: p.key for p in people if p.role == "head"}
    managers = [p for p in people if p.role == "manager" and p.unit == by_family["MKT"]]
    infra = [p for p in people if p.team and p.team.startswith("INFRA")]
    erp_lead = next(p for p in people if p.role == "lead" and p.team and p.team.startswith("ERP"))
    return {
        "admin": infra[1].key,
        "portfolio": "P-PMO",
        "itlead": erp_lead.key,
        "business": heads[by_family["FIN"]],
        "business2": heads[by_family["SAL"]],
        "viewer": managers[0].key,
    }
