"""`tandem capacity` on the demo company: JSON like the API, tables for people."""

import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from tandem.demo import services as demo_services
from tandem.demo.generator import DEMO_USERS

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        demo_services.demo_load(size="small", seed=7, reset=True)
        yield
        demo_services.demo_reset()
        # The reset keeps users; the demo's `admin` is a superuser, and later tests' personas
        # (get_or_create by username) must not inherit that.
        get_user_model().objects.filter(username__in=[row[0] for row in DEMO_USERS]).delete()


def _run(*args):
    out = StringIO()
    call_command("capacity", *args, stdout=out)
    return out.getvalue()


def test_json_shows_at_least_two_spans_each_with_its_causes(demo):
    plan = json.loads(_run("--json"))
    spans = plan["spans"]
    assert len(spans) >= 2
    assert len({span["team"] for span in spans}) >= 2
    for span in spans:
        assert set(span) >= {
            "team",
            "first_week",
            "last_week",
            "peak_pct",
            "person_weeks_short",
            "initiatives",
        }
        assert span["peak_pct"] > 100
        assert span["initiatives"], span
        contributions = [item["person_weeks"] for item in span["initiatives"]]
        assert contributions == sorted(contributions, reverse=True)


def test_span_causes_add_up_to_the_committed_demand_over_the_span(demo):
    plan = json.loads(_run("--json"))
    weeks = [p["label"] for p in plan["periods"]]
    for span in plan["spans"]:
        row = next(t for t in plan["teams"] if t["id"] == span["team_id"])
        first, last = weeks.index(span["first_week"]), weeks.index(span["last_week"])
        committed = sum(row["committed"][first : last + 1])
        causes = sum(item["person_weeks"] for item in span["initiatives"])
        rounding = 0.005 * (len(span["initiatives"]) + last - first + 1)  # JSON has 0.01s
        assert causes == pytest.approx(committed, abs=rounding)


def test_tables_and_one_team_by_name(demo):
    text = _run("--grain", "month", "--team", "service desk")
    assert "IT capacity from" in text
    assert "Where teams run short" in text
    assert "Service Desk" in text
    assert "Data & Analytics" not in text.split("Where teams run short")[0]


def test_unknown_team_lists_the_teams(demo):
    with pytest.raises(CommandError, match=r"There is no IT team 'Nope'\. Teams: "):
        _run("--team", "Nope")
