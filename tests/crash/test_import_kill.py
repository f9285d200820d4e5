"""kill -9 during the demo import leaves all of it or none of it."""

import time

import pytest

from tests.crash.conftest import BIN, kill9

pytestmark = pytest.mark.slow
DOMAIN_TABLES = (
    "organization_businessunit",
    "organization_team",
    "organization_person",
    "strategy_strategicgoal",
    "portfolio_initiative",
    "portfolio_effortestimate",
    "portfolio_statusupdate",
    "auth_user",
)


def _counts(site) -> dict[str, int]:
    return {table: site.query(f"SELECT count(*) FROM {table}")[0][0] for table in DOMAIN_TABLES}  # noqa: S608


def _wait_for_progress(site, process, lines: int, timeout: float = 300) -> None:
    """Wait until the loader has reported `lines` stages (so it is inside its transaction)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        log = site.log("import")
        assert "Loaded in" not in log, "the import finished before it could be killed"
        assert process.poll() is None, f"the import exited early:\n{log}"
        if sum(1 for line in log.splitlines() if line.startswith("  ")) >= lines:
            return
        time.sleep(0.05)
    pytest.fail("the import reported no progress")


def test_import_killed_mid_load_leaves_no_partial_data(site):
    """After kill -9 mid-load no domain row exists, the database checks out, and a normal
    import afterwards succeeds."""
    process = site.start(str(BIN / "tandem"), "demo", "--no-serve", "--size", "large", log="import")
    _wait_for_progress(site, process, lines=3)
    kill9(process)

    counts = _counts(site)
    print(f"\n[{site.database}] after kill -9 mid-import: {counts}")  # noqa: T201
    assert set(counts.values()) == {0}, counts
    assert site.integrity_problems() == []

    output = site.tandem("demo", "--no-serve")
    assert "Loaded in" in output
    assert _counts(site)["portfolio_initiative"] > 0
    assert site.integrity_problems() == []
