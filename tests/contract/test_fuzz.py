"""Schemathesis over /api/openapi.json, in-process, as the portfolio office and a business lead."""

import logging

import pytest

from tests.contract.fuzzing import bearer, fuzz, load_schema, seed

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # about 25 s on an idle 2-core machine
EXAMPLES = 10  # a regression net run twice in CI; `tandem bench fuzz --examples 100` goes deep
UNLIMITED = "1000000/m"


def test_api_fuzzing_finds_no_server_error_or_undocumented_answer(
    portfolio, business, unit, settings
):
    """Generated requests never get a 5xx, an undocumented status or a body off the schema."""
    settings.API_RATE_LIMIT = settings.API_ANON_RATE_LIMIT = UNLIMITED  # else 429s crowd it out
    ids = seed(unit)
    roles = {"portfolio office": bearer("portfolio"), "business lead": bearer("business")}
    report = fuzz(load_schema(), roles=roles, ids=ids, examples=EXAMPLES)
    logging.getLogger(__name__).info(report.summary())  # --log-cli-level=INFO shows it
    assert report.failures == {}, "\n\n".join(f"{k}\n{v}" for k, v in report.failures.items())
