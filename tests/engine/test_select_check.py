"""The independent check: each kind of broken rule, said as a sentence."""

from __future__ import annotations

from tandem.engine.select import check
from tests.engine.test_select_problem import build, item, refusal


def _portfolio():
    return build(
        item("Data lake", 8, 120_000, {(0, 0): 6, (0, 1): 2.5}),
        item("Portal", 5, 40_000, {(1, 0): 4, (0, 0): 3}, requires=(0,)),
        item("Audit", 1, 10_000, {(1, 1): 0.5}, mandatory=True),
        item("Chatbot", 4, 60_000, {(1, 0): 7}),
        item("Search", 3, 5_000, {(1, 0): 1}),
        capacity=((8.0, 10.0), (10.0, 10.0)),
        budget=150_000,
        groups=((1, 3, 4),),
    )


def test_check_accepts_a_valid_selection():
    """Mandatory funded, prerequisites funded, within capacity and budget: no findings."""
    assert check(_portfolio(), [0, 2]) == []
    assert check(_portfolio(), (2, 3, 2)) == []


def test_check_finds_an_unfunded_mandatory_candidate():
    """Leaving out a mandatory candidate is a finding."""
    assert check(_portfolio(), [0]) == ["Audit is mandatory but not funded."]


def test_check_finds_an_unfunded_prerequisite():
    """Funding a candidate without its prerequisite is a finding."""
    assert check(_portfolio(), [1, 2]) == [
        "Portal is funded but its prerequisite Data lake is not."
    ]


def test_check_finds_two_of_an_exclusive_group():
    """Two alternatives funded together is a finding naming the group."""
    assert check(_portfolio(), [2, 3, 4]) == [
        "Only one of Portal, Chatbot, Search may be funded, but Chatbot and Search are."
    ]


def test_check_finds_a_team_over_capacity_in_a_period():
    """Names the team, the period, what is needed and what is free."""
    assert check(_portfolio(), [0, 1, 2]) == [
        "Data Platform needs 9 person-weeks in 2027 Q1 but has 8 free.",
        "The funded candidates cost 170,000, over the budget of 150,000.",
    ]


def test_check_finds_the_budget_exceeded():
    """The budget sentence has thousands separators and no currency."""
    problem = build(item("A", 1, 100_000.5), item("B", 1, 50_000), budget=150_000)
    assert check(problem, [0, 1]) == [
        "The funded candidates cost 150,000.5, over the budget of 150,000."
    ]


def test_check_compares_decimals_exactly():
    """0.1 + 0.2 person-weeks fit 0.3 free; 0.1 + 0.2 + 0.001 do not."""
    problem = build(
        item("A", 1, 0.1, {(0, 0): 0.1}),
        item("B", 1, 0.2, {(0, 0): 0.2}),
        item("C", 1, 0.0, {(0, 0): 0.001}),
        capacity=((0.3, 0.0), (0.0, 0.0)),
        budget=0.3,
    )
    assert check(problem, [0, 1]) == []
    assert check(problem, [0, 1, 2]) == [
        "Data Platform needs 0.301 person-weeks in 2027 Q1 but has 0.3 free."
    ]


def test_check_lists_every_finding_at_once():
    """Several broken rules give several sentences, in a fixed order."""
    findings = check(_portfolio(), [1, 3, 4])
    assert findings == [
        "Audit is mandatory but not funded.",
        "Portal is funded but its prerequisite Data lake is not.",
        "Only one of Portal, Chatbot, Search may be funded, but Portal, Chatbot and Search are.",
        "Web needs 12 person-weeks in 2027 Q1 but has 10 free.",
    ]


def test_check_refuses_something_that_is_not_a_candidate():
    """An index outside the candidates is refused, naming its position."""
    err = refusal(lambda: check(_portfolio(), [0, 9]))
    assert (err.path, err.message) == ("chosen[1]", "must be a candidate index (0–4)")
    assert refusal(lambda: check(_portfolio(), [True])).path == "chosen[0]"
