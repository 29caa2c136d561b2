"""UK and EU: invented fixtures in the FCDO and FSF formats. Canada: the real 2020 file."""

from __future__ import annotations

from datetime import date

from app.sanctions_lists import ParsedList, parse
from app.sanctions_lists.ca_sema import split_aliases

from .conftest import sample


# --- UK ---------------------------------------------------------------------------------------------------
def test_uk_counts_and_publication(uk_fcdo: ParsedList) -> None:
    assert uk_fcdo.list_format == "uk_fcdo" and uk_fcdo.jurisdiction == "uk"
    assert uk_fcdo.published == date(2026, 8, 14)  # DateGenerated 14/08/2026
    assert uk_fcdo.counts() == {"total": 5, "magnitsky": 4, "Person": 3, "Organization": 1, "Vessel": 1}
    assert uk_fcdo.warnings == []


def test_uk_global_human_rights_individual(uk_fcdo: ParsedList) -> None:
    entry = uk_fcdo.by_id()["GHR0901"]
    entity = entry.entity
    assert entity.id == "uk-fcdo-ghr0901"
    assert entry.programme_codes == ("GLOBAL-HUMAN-RIGHTS",) and entry.magnitsky
    assert entry.programmes[0].name == "The Global Human Rights Sanctions Regulations 2020"
    assert entry.listing_date == date(2021, 4, 15)  # DateDesignated 15/04/2021
    assert entity.get("name") == ["Zoltan Radimirovich VELESKOV"]  # Name1 Name2 … Name6
    assert entity.get("lastName") == ["VELESKOV"] and entity.get("middleName") == ["Radimirovich"]
    assert set(entity.get("alias")) == {"Zoltan VELESKOFF", "Золтан Радимирович ВЕЛЕСКОВ"}  # + NonLatinNames
    assert entity.get("weakAlias") == ["The Warden"]  # AliasStrength "Low quality a.k.a"
    assert sorted(entity.get("birthDate")) == ["1968", "1968-03-14"]  # dd/mm/1968 and a duplicated full DOB
    assert entity.get("nationality") == ["ru"]
    assert entity.get("passportNumber") == ["7100000001"]  # leading space stripped
    assert entry.other_ids == {"OFSIGroupID": "90901"}


def test_uk_name_type_casing_and_partial_dates(uk_fcdo: ParsedList) -> None:
    farida = uk_fcdo.by_id()["GHR0902"].entity  # NameType "Primary name", alias "alias"
    assert farida.get("name") == ["Farida Nasser AL-QUMRANI"]
    assert "فريدة ناصر القمراني" in farida.get("alias")
    assert farida.get("birthDate") == ["1975-09"]  # dd/09/1975
    torvalev = uk_fcdo.by_id()["GAC0903"]  # NameType "PRIMARY NAME"; alias with no AliasStrength
    assert torvalev.entity.get("name") == ["Ilyas Maratovich TORVALEV"]
    assert "Iliyas TORVALYEV" in torvalev.entity.get("alias")
    assert torvalev.programme_codes == ("GLOBAL-ANTI-CORRUPTION",) and torvalev.magnitsky


def test_uk_entity_and_ship(uk_fcdo: ParsedList) -> None:
    org = uk_fcdo.by_id()["GAC0904"]
    assert org.entity.schema.name == "Organization" and org.magnitsky
    ship = uk_fcdo.by_id()["RUS9905"]
    assert ship.entity.schema.name == "Vessel" and not ship.magnitsky
    assert ship.programme_codes == ("RUSSIA",)
    assert ship.entity.get("imoNumber") == ["IMO9876543"] and ship.entity.get("flag") == ["ga"]


# --- EU ---------------------------------------------------------------------------------------------------
def test_eu_counts_and_publication(eu_fsf: ParsedList) -> None:
    assert eu_fsf.list_format == "eu_fsf" and eu_fsf.jurisdiction == "eu"
    assert eu_fsf.published == date(2026, 8, 5)
    assert eu_fsf.counts() == {"total": 5, "magnitsky": 4, "Person": 3, "Organization": 2}


def test_eu_global_human_rights_person(eu_fsf: ParsedList) -> None:
    entry = eu_fsf.by_id()["990101"]
    entity = entry.entity
    assert entity.id == "eu-fsf-990101"
    assert entry.programme_codes == ("GHR",) and entry.magnitsky
    assert "2020/1998" in entry.programmes[0].name
    assert entry.listing_date == date(2021, 3, 22)  # designationDate
    assert entity.get("name") == ["Zoltan Radimirovich VELESKOV"]
    assert entity.get("alias") == ["Золтан Радимирович ВЕЛЕСКОВ"]  # nameLanguage RU
    assert entity.get("weakAlias") == ["The Warden"]  # strong="false"
    assert entity.get("birthDate") == ["1968-03-14"] and entity.get("nationality") == ["ru"]
    assert entity.get("passportNumber") == ["7100000001"] and entity.get("gender") == ["male"]
    assert entry.other_ids == {"euReferenceNumber": "EU.9901.11"}


def test_eu_partial_dates_weak_remark_and_listing_fallback(eu_fsf: ParsedList) -> None:
    farida = eu_fsf.by_id()["990102"]  # listed by Regulation 2020/1998 itself, no designationDate
    assert farida.listing_date == date(2020, 12, 7)  # the earliest regulation's publication date
    assert farida.entity.get("birthDate") == ["1975-09"]  # year + monthOfYear only
    assert farida.entity.get("alias") == ["فريدة ناصر القمراني"]  # "good quality alias" remark: strong
    assert farida.entity.get("weakAlias") == ["Umm Nasser"]  # strong="true" but "low quality alias" remark
    assert farida.entity.get("idNumber") == ["0099881"]
    oblakov = eu_fsf.by_id()["990103"].entity  # circa, yearRangeFrom 1979 to 1981
    assert oblakov.get("birthDate") == ["1979", "1980", "1981"]
    other = eu_fsf.by_id()["990105"]
    assert other.programme_codes == ("UKR",) and not other.magnitsky


# --- Canada -----------------------------------------------------------------------------------------------
def test_ca_counts_and_regimes(ca_sema: ParsedList) -> None:
    assert ca_sema.list_format == "ca_sema" and ca_sema.jurisdiction == "ca"
    # SOURCES.md: 1,369 records, 70 of them JVCFOA/JVCFOR.
    assert ca_sema.counts() == {"total": 1369, "magnitsky": 70, "Person": 985, "Organization": 384}
    by_code: dict[str, int] = {}
    for entry in ca_sema.entries:
        for code in entry.programme_codes:
            by_code[code] = by_code.get(code, 0) + 1
    assert by_code == {
        "SEMA-SYRIA": 281,
        "SEMA-UKRAINE": 242,
        "SEMA-IRAN": 202,
        "SEMA-RUSSIA": 197,
        "SEMA-ZIMBABWE": 181,
        "SEMA-VENEZUELA": 96,
        "SEMA-BURMA": 89,
        "JVCFOA": 70,
        "SEMA-NICARAGUA": 9,
        "SEMA-SOUTH-SUDAN": 2,
    }
    # Only JVCFOA is Magnitsky-style; no SEMA country regulation is.
    assert all(e.magnitsky == (e.programme_codes == ("JVCFOA",)) for e in ca_sema.entries)
    assert len({e.list_id for e in ca_sema.entries}) == 1369 and ca_sema.warnings == []


def test_ca_jvcfoa_person_with_two_birth_dates(ca_sema: ParsedList) -> None:
    entry = ca_sema.by_id()["JVCFOA/1/54"]
    assert entry.entity.id == "ca-jvcfoa-1-54"
    assert entry.entity.get("name") == ["Mansour Othman ABAHUSSAIN"]
    assert entry.entity.get("birthDate") == ["1972-08-10", "1972-08-11"]  # "1972-08-10 or 1972-08-11"
    assert entry.listing_date is None  # the 2020 file has no DateOfListing


def test_ca_entity_aliases_split(ca_sema: ParsedList) -> None:
    air_bagan = ca_sema.by_id()["SEMA-BURMA/1/1"].entity
    assert air_bagan.schema.name == "Organization"
    assert air_bagan.get("alias") == ["Air Bagan Holdings Pte. Ltd.", "Air Bagan Limited"]
    assert split_aliases("Alpha Trading Co., Ltd., Beta Holdings, Inc.") == [
        "Alpha Trading Co., Ltd.",
        "Beta Holdings, Inc.",
    ]
    title = next(e for e in ca_sema.entries if e.entity.get("title", quiet=True))
    assert title.entity.schema.name == "Person"


def test_ca_newer_element_names() -> None:
    """The newer sema-lmes.xml: EntityOrShip, TitleOrShip, DateOfBirthOrShipBuildDate, DateOfListing."""
    xml = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<data-set xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <record><Country>Justice for Victims of Corrupt Foreign Officials Regulations (JVCFOR) /\u00a0Règlement
  relatif à la justice pour les victimes de dirigeants étrangers corrompus (RJVDEC)</Country>
  <LastName>Oblakov</LastName><GivenName>Sergei</GivenName><TitleOrShip>Investigator</TitleOrShip>
  <Aliases>Sergey Oblakov, Сергей Облаков</Aliases>
  <DateOfBirthOrShipBuildDate>1980</DateOfBirthOrShipBuildDate>
  <Schedule>1</Schedule><Item>71</Item><DateOfListing>2021-06-21</DateOfListing></record>
  <record><Country>Russia / Russie</Country><EntityOrShip>Grey Heron 7</EntityOrShip>
  <ShipIMONumber>9876543</ShipIMONumber><DateOfBirthOrShipBuildDate>2004</DateOfBirthOrShipBuildDate>
  <Schedule>1, Part 3</Schedule><Item>12</Item><DateOfListing>2025-02-24</DateOfListing></record>
  <record><Country>Russia / Russie</Country><EntityOrShip>Northwind Amber Holdings LLC</EntityOrShip>
  <Schedule>1, Part 2</Schedule><Item>40</Item><DateOfListing>2022-03-10</DateOfListing></record>
</data-set>""".encode()
    parsed = parse(xml, "sema-lmes.xml")
    person, ship, org = parsed.entries
    assert person.list_id == "JVCFOA/1/71" and person.magnitsky
    assert person.listing_date == date(2021, 6, 21)
    assert person.entity.get("title") == ["Investigator"] and person.entity.get("birthDate") == ["1980"]
    assert person.entity.get("alias") == ["Sergey Oblakov", "Сергей Облаков"]
    assert ship.entity.schema.name == "Vessel" and ship.entity.get("imoNumber") == ["IMO9876543"]
    assert ship.entity.get("buildDate") == ["2004"] and ship.programme_codes == ("SEMA-RUSSIA",)
    assert ship.list_id == "SEMA-RUSSIA/1, Part 3/12" and ship.entity.id == "ca-sema-russia-1-part-3-12"
    assert org.entity.schema.name == "Organization" and not org.magnitsky


def test_ca_real_file_root_and_nbsp() -> None:
    data = sample("ca-sema-lmes.xml")
    assert "\u00a0".encode() in data  # the JVCFOR Country text carries a non-breaking space
