"""Bugs the API fuzzer found, each pinned by a focused test."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/api/initiatives?offset=99999999999999999999",
        "/api/units?offset=2147483648",
        "/api/initiatives/1/outcomes?offset=99999999999999999999",
    ],
)
def test_list_offset_beyond_what_the_database_takes_is_a_400(api_client, viewer, url):
    """An offset past PostgreSQL's bigint was a database error (500); now a 400 naming it."""
    response = api_client(viewer).get(url)
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("INVALID_INPUT", "offset")


@pytest.mark.parametrize(
    "url", ["/api/initiatives/abc", "/api/initiatives/abc/outcomes", "/api/outcomes/%07"]
)
def test_read_with_a_malformed_id_is_a_documented_400(api_client, viewer, client, url):
    """A path id that is not an integer answers 400, and reads now document 400."""
    response = api_client(viewer).get(url)
    assert response.status_code == 400
    assert response.json()["code"] == "INVALID_INPUT"
    spec = client.get("/api/openapi.json").json()
    assert "400" in spec["paths"]["/api/initiatives/{initiative_id}"]["get"]["responses"]
    assert "400" in spec["paths"]["/api/initiatives/{initiative_id}/outcomes"]["get"]["responses"]


HUGE = 2**64  # past every database's integer


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        (
            "/api/goals",
            {
                "title": "Grow",
                "statement": "More.",
                "owner_unit": HUGE,
                "period_start": "2026-01-01",
                "period_end": "2026-12-31",
            },
            "owner_unit",
        ),
        (
            "/api/initiatives",
            {"title": "X", "requesting_unit": HUGE, "kind": "run"},
            "requesting_unit",
        ),
        ("/api/dependencies", {"predecessor": HUGE, "successor": HUGE}, "predecessor"),
    ],
)
def test_reference_to_an_id_past_a_64_bit_integer_is_a_400(api_client, admin, url, body, field):
    """A referenced id too large for the database was a 500 (OverflowError on SQLite, bigint
    out of range on PostgreSQL); it is an unknown reference like any other."""
    response = api_client(admin).post(url, body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert (response.json()["code"], response.json()["field"]) == ("INVALID_REFERENCE", field)


def test_dependency_filter_past_a_64_bit_integer_is_a_400(api_client, viewer):
    """?initiative= went straight to the database, which could not take a number that large
    (a 500); the query schema bounds it now, naming the field."""
    response = api_client(viewer).get(f"/api/dependencies?initiative={HUGE}")
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("INVALID_INPUT", "initiative")


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("/api/units", {"name": "North", "code": "i\x00Q"}, "code"),
        ("/api/teams", {"name": "Ops\x00"}, "name"),
        ("/api/goals", {"title": "Grow\x00", "statement": "More."}, "title"),
    ],
)
def test_text_with_a_nul_character_is_a_400_naming_the_field(
    api_client, portfolio, url, body, field
):
    """PostgreSQL cannot store NUL: the fuzzer's `"code": "i\\u0000Q"` was a 500 there."""
    response = api_client(portfolio).post(url, body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert response.json()["field"] == field
    assert "NUL" in response.json()["detail"]


@pytest.mark.parametrize("url", ["/api/units?q=a%00b", "/api/initiatives?q=%00"])
def test_search_with_a_nul_character_is_a_400(api_client, viewer, url):
    """A NUL in a search term would reach PostgreSQL's LIKE and fail there (500)."""
    response = api_client(viewer).get(url)
    assert response.status_code == 400, response.content
    assert response.json()["field"] == "q"


def test_services_refuse_nul_whatever_the_way_in(unit, portfolio):
    """Imports and commands call the services directly: the same rule holds there."""
    from tandem.core.errors import RuleViolation
    from tandem.organization import services

    with pytest.raises(RuleViolation) as refused:
        services.unit_update(
            unit=unit, data={"version": unit.version, "name": "A\x00"}, by=portfolio
        )
    assert refused.value.field == "name"
