"""Session fixtures: the fixture site and the seed site, each built once."""

from __future__ import annotations

import pytest

from sitebuild import SEED_CONTENT, Build, fixture_content, run_build


@pytest.fixture(scope="session")
def site_build(tmp_path_factory) -> Build:
    tmp = tmp_path_factory.mktemp("site")
    build = run_build(fixture_content("site", tmp), tmp / "output")
    assert build.returncode == 0, build.stderr
    return build


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> Build:
    tmp = tmp_path_factory.mktemp("seed")
    build = run_build(SEED_CONTENT, tmp / "output")
    assert build.returncode == 0, build.stderr
    return build


def pytest_collection_modifyitems(items) -> None:
    """Every test under tests/browser/ drives chromium: `make test-fast` leaves them out."""
    for item in items:
        if "browser" in item.path.parts:
            item.add_marker(pytest.mark.browser)
