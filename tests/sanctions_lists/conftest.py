"""Sample files: the real government files shipped in app/demo_data/sanctions_lists (copied byte for byte
from shared/data/sanctions-lists; see SOURCES.md there) and the invented UK and EU fixtures in
tests/fixtures/sanctions."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.sanctions_lists import ParsedList, parse

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "sanctions"
SAMPLES = Path(os.environ.get("PORTAL_SANCTIONS_SAMPLES", ROOT / "app" / "demo_data" / "sanctions_lists"))
OFAC_SET = {
    "sdn.csv": "us-ofac-sdn.csv",
    "alt.csv": "us-ofac-alt.csv",
    "add.csv": "us-ofac-add.csv",
    "sdn_comments.csv": "us-ofac-sdn_comments.csv",
}


def sample(name: str) -> bytes:
    path = SAMPLES / name
    return path.read_bytes()  # shipped in the repository: a missing file is a failure, not a skip


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture(scope="session")
def ofac_csv() -> ParsedList:
    files = {name: sample(real) for name, real in OFAC_SET.items()}
    sdn = files.pop("sdn.csv")
    return parse(sdn, "sdn.csv", companions=files)


@pytest.fixture(scope="session")
def ofac_xml() -> ParsedList:
    return parse(sample("us-ofac-consolidated.xml"), "consolidated.xml")


@pytest.fixture(scope="session")
def ca_sema() -> ParsedList:
    return parse(sample("ca-sema-lmes.xml"), "sema-lmes.xml")


@pytest.fixture(scope="session")
def uk_fcdo() -> ParsedList:
    return parse(fixture("uk_sanctions_list.xml"), "uk_sanctions_list.xml")


@pytest.fixture(scope="session")
def eu_fsf() -> ParsedList:
    return parse(fixture("eu_fsf.xml"), "eu_fsf.xml")
