"""Seeding for the load bench: more sign-in users, API tokens, and the ids locust picks from.

Run as a script inside the bench's environment (TANDEM_HOME / DATABASE_URL of the bench
installation, after `tandem demo --size large`):

    python bench/_seed.py --users 500 --out load.json

It tops the demo's six logins up to `--users` Django users with roles spread like a company
(a few admins, a portfolio office, an IT lead per team, business leads per unit, the rest
viewers), each linked to a person of the demo company, creates one API token per
reader/writer, and writes the ids and credentials the locustfile needs to `--out`.
Bench data only: rows are written in bulk (like the demo loader), not through services.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from typing import Any

# Shares of the users per role, like a mid-size company using a planning tool.
ROLE_SHARES = {
    "admin": 0.01,
    "portfolio office": 0.04,
    "IT lead": 0.14,
    "business lead": 0.11,
}
PASSWORD = "load-bench-pw"  # noqa: S105 (a throwaway installation's bench users)


def users_seed(total: int, *, rng: random.Random) -> dict[str, list[str]]:
    """Create users up to `total`, give them roles, link them to people; usernames by role."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.db import transaction

    from tandem.accounts import services as account_services
    from tandem.organization.models import Person

    user_model = get_user_model()
    account_services.roles_ensure()
    groups = {g.name: g for g in Group.objects.all()}
    existing = user_model.objects.count()
    missing = max(0, total - existing)
    counts = {role: round(missing * share) for role, share in ROLE_SHARES.items()}
    counts["viewer"] = missing - sum(counts.values())
    free = list(Person.objects.filter(user__isnull=True).order_by("pk"))
    it_people = [p for p in free if p.team_id is not None]
    business_people = [p for p in free if p.unit_id is not None]
    others = [p for p in free if p.team_id is None and p.unit_id is None]
    pools = {
        "admin": it_people,
        "portfolio office": others or business_people,
        "IT lead": it_people,
        "business lead": business_people,
        "viewer": business_people + it_people,
    }
    for pool in pools.values():
        rng.shuffle(pool)
    hashed = make_password(PASSWORD)  # one hash for all: hashing 500 times takes minutes
    linked: set[int] = set()
    by_role: dict[str, list[str]] = {role: [] for role in counts}
    with transaction.atomic():
        memberships = []
        for role, count in counts.items():
            for n in range(count):
                username = f"{role.split()[0].lower()}{n + 1:03d}"
                user = user_model.objects.create(
                    username=username,
                    email=f"{username}@load.example",
                    password=hashed,
                    is_staff=role == "admin",
                )
                memberships.append(user_model.groups.through(user_id=user.pk, group=groups[role]))
                person = _next_person(pools[role], linked)
                if person is not None:
                    person.user = user
                    person.save(update_fields=["user"])
                by_role[role].append(username)
        user_model.groups.through.objects.bulk_create(memberships)
    return by_role


def _next_person(pool: list[Any], linked: set[int]) -> Any:
    while pool:
        person = pool.pop()
        if person.pk not in linked:
            linked.add(person.pk)
            return person
    return None


def tokens_seed(usernames: list[str]) -> list[str]:
    """One raw API token per username."""
    from tandem.accounts import services as account_services

    return [account_services.token_create(username=u, name="load bench")[1] for u in usernames]


def ids_seed() -> dict[str, list[int]]:
    """The ids of every readable object, by kind (children: at most 400 each)."""
    from tandem.organization.models import BusinessUnit, Person, Team
    from tandem.portfolio.models import (
        BusinessOutcome,
        Dependency,
        EffortEstimate,
        Initiative,
        ScopeChange,
        StatusUpdate,
    )
    from tandem.portfolio.services import CLOSED_STATES
    from tandem.strategy.models import StrategicGoal

    def ids(model: Any, limit: int | None = None) -> list[int]:
        return list(model.objects.order_by("pk").values_list("pk", flat=True)[:limit])

    closed = Initiative.objects.filter(state__in=CLOSED_STATES).values_list("pk", flat=True)
    return {
        "initiative": ids(Initiative),
        "editable_initiative": sorted(set(ids(Initiative)) - set(closed)),
        "unit": ids(BusinessUnit),
        "team": ids(Team),
        "person": ids(Person),
        "goal": ids(StrategicGoal),
        "outcome": ids(BusinessOutcome, 400),
        "estimate": ids(EffortEstimate, 400),
        "status_update": ids(StatusUpdate, 400),
        "scope_change": ids(ScopeChange, 400),
        "dependency": ids(Dependency, 400),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=500, help="Django users in total.")
    parser.add_argument("--readers", type=int, default=20, help="API tokens for readers.")
    parser.add_argument("--writers", type=int, default=10, help="API tokens for writers.")
    parser.add_argument("--out", required=True, help="Where to write the JSON for locust.")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")
    import django

    django.setup()
    rng = random.Random(8)  # noqa: S311 (not security)
    by_role = users_seed(args.users, rng=rng)
    everyone = [u for names in by_role.values() for u in names]
    readers = rng.sample(everyone, min(args.readers, len(everyone)))
    writers = by_role["portfolio office"][: args.writers]
    data = {
        "password": PASSWORD,
        "users_by_role": by_role,
        "page_users": everyone,
        "reader_tokens": tokens_seed(readers),
        "writer_tokens": tokens_seed(writers),
        "ids": ids_seed(),
    }
    with open(args.out, "w") as fh:
        json.dump(data, fh)
    total = sum(len(v) for v in by_role.values())
    print(  # noqa: T201
        f"Seeded {total} users ({', '.join(f'{len(v)} {k}' for k, v in by_role.items())}), "
        f"{len(readers)} reader and {len(writers)} writer tokens."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
