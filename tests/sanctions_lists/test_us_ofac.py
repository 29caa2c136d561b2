"""OFAC: the legacy CSV set and the XML, on the real sample files."""

from __future__ import annotations

from datetime import date

from app.sanctions_lists import ParsedList


def test_csv_counts_match_the_files(ofac_csv: ParsedList) -> None:
    assert ofac_csv.list_format == "us_ofac_csv" and ofac_csv.jurisdiction == "us"
    # SOURCES.md: 8,976 records; 4,620 individual, 3,673 entity, 406 vessel, 277 aircraft; 315 GLOMAG.
    assert ofac_csv.counts() == {
        "total": 8976,
        "magnitsky": 369,  # 315 GLOMAG + 55 MAGNIT, one entry on both
        "Person": 4620,
        "Organization": 3673,
        "Vessel": 406,
        "Airplane": 277,
    }
    assert sum("GLOMAG" in e.programme_codes for e in ofac_csv.entries) == 315
    assert sum("MAGNIT" in e.programme_codes for e in ofac_csv.entries) == 55
    assert ofac_csv.published is None
    assert all(e.listing_date is None for e in ofac_csv.entries)  # the CSV has no listing date
    # Every alias row of alt.csv landed on an entity (11,910 rows; a few repeat a name already there).
    aliases = sum(len(e.entity.get("alias")) + len(e.entity.get("previousName")) for e in ofac_csv.entries)
    assert 11_800 <= aliases <= 11_910


def test_csv_glomag_entry_with_aliases_dob_nationality(ofac_csv: ParsedList) -> None:
    entry = ofac_csv.by_id()["23283"]
    entity = entry.entity
    assert entity.id == "us-ofac-23283" and entity.schema.name == "Person"
    assert entry.programme_codes == ("GLOMAG",) and entry.magnitsky
    assert entity.get("name") == ["Benjamin BOL MEL"]  # "BOL MEL, Benjamin" given name first
    assert entity.get("firstName") == ["Benjamin"] and entity.get("lastName") == ["BOL MEL"]
    assert set(entity.get("alias")) == {
        "Benjamin BOL MEL KUOL",
        "Benjamin BOL MOL KUOT",
        "Benjamin BOR",
        "Benjamin BOL",
    }
    assert entity.get("birthDate") == ["1978-01-03", "1978-12-24"]  # "DOB 03 Jan 1978; alt. DOB 24 Dec 1978"
    assert entity.get("nationality") == ["ss", "sd"]
    assert entity.get("passportNumber") == ["B00000006"]
    assert entity.get("gender") == ["male"]
    assert "Juba, South Sudan" in entity.get("address")  # add.csv
    assert entity.get("position") == ["President of ABMC Thai-South Sudan Construction Company"]


def test_csv_alias_quality(ofac_csv: ParsedList) -> None:
    karimova = ofac_csv.by_id()["23307"].entity
    assert set(karimova.get("alias")) == {
        "Goulnara KARIMOVA",
        "Goulnora Islamovna KARIMOVA",
    }  # alt.csv: strong
    assert karimova.get("weakAlias") == ["Googoosha"]  # remarks: a.k.a. 'Googoosha' is OFAC's weak alias
    assert karimova.get("birthDate") == ["1972-07-08"] and karimova.get("citizenship") == ["uz"]
    # fka rows of alt.csv become previous names.
    assert sum(bool(e.entity.get("previousName")) for e in ofac_csv.entries) > 200
    bnc = ofac_csv.by_id()["306"].entity  # BANCO NACIONAL DE CUBA, a.k.a. 'BNC' in the remarks
    assert bnc.schema.name == "Organization" and bnc.get("weakAlias") == ["BNC"]
    assert bnc.get("alias") == ["NATIONAL BANK OF CUBA"]


def test_csv_several_programmes_and_magnit(ofac_csv: ParsedList) -> None:
    kadyrov = ofac_csv.by_id()["23343"]
    assert set(kadyrov.programme_codes) == {"GLOMAG", "MAGNIT"} and kadyrov.magnitsky
    li = ofac_csv.by_id()["28264"]  # "DPRK3] [CYBER2"
    assert li.programme_codes == ("DPRK3", "CYBER2") and not li.magnitsky


def test_csv_remarks_continue_in_sdn_comments(ofac_csv: ParsedList) -> None:
    # sdn.csv cuts the remarks of 28264 mid-word; sdn_comments.csv holds the rest.
    li = ofac_csv.by_id()["28264"].entity
    assert li.get("notes")[0].endswith("a.k.a. 'blackjack1987'; a.k.a. 'khaleesi'; Linked To: LAZARUS GROUP.")
    assert {"blackjack1987", "khaleesi"} <= set(li.get("weakAlias"))
    assert li.get("birthDate") == ["1987-01-10"] and li.get("nationality") == ["cn"]


def test_csv_vessels_and_aircraft(ofac_csv: ParsedList) -> None:
    hermann = ofac_csv.by_id()["4234"].entity
    assert hermann.schema.name == "Vessel"
    assert hermann.get("callSign") == ["CL2685"] and hermann.get("flag") == ["cu"]
    plane = ofac_csv.by_id()["15431"].entity
    assert plane.schema.name == "Airplane" and plane.get("serialNumber") == ["1023409321"]


def test_csv_fingerprints_are_stable(ofac_csv: ParsedList) -> None:
    entry = ofac_csv.by_id()["23283"]
    assert entry.fingerprint() == entry.fingerprint()
    assert len({e.fingerprint() for e in ofac_csv.entries}) == len(ofac_csv.entries)


def test_xml_consolidated_sample(ofac_xml: ParsedList) -> None:
    assert ofac_xml.list_format == "us_ofac_xml"
    assert ofac_xml.published == date(2026, 1, 8)  # Publish_Date 01/08/2026 is MM/DD/YYYY
    assert ofac_xml.counts() == {"total": 442, "magnitsky": 0, "Person": 79, "Organization": 363}
    haniya = ofac_xml.by_id()["9639"]
    assert haniya.entity.id == "us-ofac-9639"
    assert haniya.entity.get("name") == ["Ismail Abdul Salah HANIYA"]
    assert set(haniya.entity.get("alias")) == {"Ismail HANIYA", "Ismaeel HANIYYA"}
    assert haniya.entity.get("birthDate") == ["1962"]
    assert haniya.programme_codes == ("NS-PLC",)


def test_xml_alias_quality_and_kinds(ofac_xml: ParsedList) -> None:
    zahhar = ofac_xml.by_id()["9647"].entity
    assert zahhar.get("alias") == ["Mahmoud Khaled AL ZAHAR"]  # category strong
    assert set(zahhar.get("weakAlias")) == {"Mahmoud ZAHAR", "Mahmoud AL-ZAHAR"}  # category weak
    assert zahhar.get("nationality") == ["ps"]
    assert set(ofac_xml.by_id()["9647"].programme_codes) == {"NS-PLC", "SDGT"}
    # f.k.a. (strong) becomes a previous name: 141 in the file.
    assert sum(len(e.entity.get("previousName")) for e in ofac_xml.entries) >= 130
