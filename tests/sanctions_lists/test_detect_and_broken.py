"""Recognising formats, refusing other files, and refusing broken files whole with the line/element."""

from __future__ import annotations

import pytest

from app.sanctions_lists import ListFormatError, detect, parse
from app.sanctions_lists.us_ofac_csv import parse_set

from .conftest import fixture, sample

SDN_ROW = (
    '23283,"BOL MEL, Benjamin","individual","GLOMAG",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
    '"DOB 03 Jan 1978."\r\n'
)
SDN_ROW_2 = (
    '306,"BANCO NACIONAL DE CUBA",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"a.k.a. \'BNC\'."\r\n'
)


def _sdn(*rows: str) -> bytes:
    return ("".join(rows) + "\x1a").encode()


# --- Recognition ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("us-ofac-sdn.csv", "us_ofac_csv"),
        ("us-ofac-consolidated.xml", "us_ofac_xml"),
        ("ca-sema-lmes.xml", "ca_sema"),
    ],
)
def test_detects_real_files(name: str, expected: str) -> None:
    assert detect(sample(name), name) == expected


def test_detects_fixtures() -> None:
    assert detect(fixture("uk_sanctions_list.xml")) == "uk_fcdo"
    assert detect(fixture("eu_fsf.xml")) == "eu_fsf"


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("us-ofac-alt.csv", "alt.csv companion"),
        ("us-ofac-add.csv", "add.csv companion"),
        ("us-ofac-sdn_comments.csv", "sdn_comments.csv companion"),
    ],
)
def test_companion_alone_is_recognised_and_refused(name: str, what: str) -> None:
    with pytest.raises(ListFormatError, match=what):
        detect(sample(name), name)


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"", "empty"),
        (b"%PDF-1.7\n...", "PDF"),
        (b"PK\x03\x04\x14\x00", "ZIP"),
        (b"\x1f\x8b\x08\x00", "gzip"),
        (b"<!DOCTYPE html><html><body>Service unavailable</body></html>", "HTML page"),
        (b"<html><head><title>Sign in</title></head></html>", "HTML page"),
        (b'{"results": []}', "JSON"),
        (b'<?xml version="1.0"?><CONSOLIDATED_LIST dateGenerated="2026-01-01"/>', "UN Security Council"),
        (b'<?xml version="1.0"?><ArrayOfFinancialSanctionsTarget/>', "OFSI Consolidated List"),
        (
            b'<?xml version="1.0"?><Sanctions xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML"/>',
            "SDN_ADVANCED",
        ),
        (b"Last Updated,14/08/2026\r\nName 6,Name 1,Name 2\r\n", "OFSI Consolidated List CSV"),
        (b'<?xml version="1.0"?><export xmlns="urn:other"><x/></export>', "unrecognised XML"),
        (b"name,country\r\nSomeone,Nowhere\r\n", "not a recognised"),
    ],
)
def test_other_formats_are_refused_saying_what_they_are(data: bytes, what: str) -> None:
    with pytest.raises(ListFormatError, match=what):
        detect(data, "upload.bin")


def test_expected_format_mismatch_is_refused() -> None:
    with pytest.raises(
        ListFormatError, match=r"is a EU Financial Sanctions Files XML .* not a UK Sanctions List"
    ):
        parse(fixture("eu_fsf.xml"), "uk.xml", expected="uk_fcdo")
    with pytest.raises(ListFormatError, match="only the OFAC CSV set takes companion files"):
        parse(fixture("eu_fsf.xml"), companions={"alt.csv": b'1,2,"aka","X",-0- \r\n'})


def test_companion_of_another_kind_is_refused() -> None:
    with pytest.raises(ListFormatError, match=r"not an OFAC alt\.csv"):
        parse(_sdn(SDN_ROW), "sdn.csv", companions={"notes.txt": b"hello\r\n"})


# --- XML safety -------------------------------------------------------------------------------------------
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE sdnList [<!ENTITY leak SYSTEM "file:///etc/passwd">]>
<sdnList><sdnEntry><uid>1</uid><lastName>&leak;</lastName></sdnEntry></sdnList>"""
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE Designations [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<Designations><DateGenerated>&b;</DateGenerated></Designations>"""


@pytest.mark.parametrize("data", [XXE, BILLION_LAUGHS])
def test_doctype_and_entities_are_refused(data: bytes) -> None:
    with pytest.raises(ListFormatError, match="DOCTYPE"):
        detect(data)
    from app.sanctions_lists import uk_fcdo, us_ofac_xml

    for module in (us_ofac_xml, uk_fcdo):
        with pytest.raises(ListFormatError, match="DOCTYPE"):
            module.parse(data)


def test_undeclared_entity_is_a_format_error() -> None:
    data = (
        b'<?xml version="1.0"?><sdnList><publshInformation>'
        b"<Record_Count>&x;</Record_Count></publshInformation></sdnList>"
    )
    with pytest.raises(ListFormatError, match="broken") as err:
        parse(data)
    assert err.value.line == 1


# --- Truncated and malformed XML --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "data",
    [
        pytest.param(lambda: fixture("uk_sanctions_list.xml"), id="uk"),
        pytest.param(lambda: fixture("eu_fsf.xml"), id="eu"),
        pytest.param(lambda: sample("ca-sema-lmes.xml"), id="ca"),
        pytest.param(lambda: sample("us-ofac-consolidated.xml"), id="ofac-xml"),
    ],
)
def test_truncated_xml_is_refused_with_its_line(data) -> None:  # type: ignore[no-untyped-def]
    whole = data()
    cut = whole[: len(whole) * 2 // 3]
    with pytest.raises(ListFormatError, match="ends early") as err:
        parse(cut)
    assert err.value.line == cut.count(b"\n") + 1
    assert "line" in str(err.value)


def test_malformed_xml_names_line_and_column() -> None:
    broken = fixture("uk_sanctions_list.xml").replace(
        b"<UniqueID>GHR0902</UniqueID>", b"<UniqueID>GHR0902</UniqeID>"
    )
    with pytest.raises(ListFormatError, match="broken") as err:
        parse(broken)
    line = broken[: broken.index(b"</UniqeID>")].count(b"\n") + 1
    assert err.value.line == line and err.value.column is not None


def test_ofac_xml_cut_between_entries_fails_the_record_count() -> None:
    whole = sample("us-ofac-consolidated.xml")
    last = whole.rindex(b"<sdnEntry>")
    cut = whole[:last] + b"</sdnList>\r\n"
    with pytest.raises(ListFormatError, match="Record_Count says 442 entries but the file has 441"):
        parse(cut)


@pytest.mark.parametrize(
    ("old", "new", "message", "element"),
    [
        (b"<UniqueID>GHR0902</UniqueID>", b"", "no <UniqueID>", "Designation #2"),
        (b"<UniqueID>GHR0902</UniqueID>", b"<UniqueID>GHR0901</UniqueID>", "appears twice", "Designation #2"),
        (
            b"<IndividualEntityShip>Ship</IndividualEntityShip>",
            b"<IndividualEntityShip>Plane</IndividualEntityShip>",
            "not Individual, Entity or Ship",
            "Designation #5 (UniqueID RUS9905)",
        ),
        (
            b"<NameType>PRIMARY NAME</NameType>",
            b"<NameType>Alias</NameType>",
            "no primary name",
            "Designation #3 (UniqueID GAC0903)",
        ),
    ],
)
def test_uk_broken_designation_names_the_element(old: bytes, new: bytes, message: str, element: str) -> None:
    data = fixture("uk_sanctions_list.xml").replace(old, new, 1)
    with pytest.raises(ListFormatError, match=message) as err:
        parse(data)
    assert err.value.element == element


_GREY_HERON_SUBJECT = (
    b'<subjectType code="enterprise" classificationCode="E" />\n        '
    b'<nameAlias firstName="" middleName="" lastName="" wholeName="Grey'
)


@pytest.mark.parametrize(
    ("old", "new", "message", "element"),
    [
        (
            b'euReferenceNumber="EU.9902.12" logicalId="990102"',
            b'euReferenceNumber="EU.9902.12"',
            "no logicalId",
            "sanctionEntity #2",
        ),
        (
            _GREY_HERON_SUBJECT,
            _GREY_HERON_SUBJECT.replace(b'code="enterprise" classificationCode="E"', b'code="aircraft"'),
            "not person or enterprise",
            "sanctionEntity #5 (logicalId 990105)",
        ),
    ],
)
def test_eu_broken_entity_names_the_element(old: bytes, new: bytes, message: str, element: str) -> None:
    data = fixture("eu_fsf.xml")
    assert old in data
    with pytest.raises(ListFormatError, match=message) as err:
        parse(data.replace(old, new, 1))
    assert err.value.element == element


def test_ca_record_without_item_is_refused() -> None:
    data = sample("ca-sema-lmes.xml")
    first = data.index(b"<Item>1</Item>")
    broken = data[:first] + data[first + len(b"<Item>1</Item>") :]
    with pytest.raises(ListFormatError, match="no <Item>") as err:
        parse(broken)
    assert err.value.element == "record #1"


def test_empty_list_is_refused() -> None:
    with pytest.raises(ListFormatError, match="no Designation"):
        parse(b'<?xml version="1.0"?><Designations><DateGenerated>14/08/2026</DateGenerated></Designations>')


# --- Broken CSV -------------------------------------------------------------------------------------------
def test_csv_minimal_set_parses() -> None:
    alt = b'23283,1,"aka","BOL, Benjamin",-0- \r\n\x1a'
    parsed = parse_set(_sdn(SDN_ROW, SDN_ROW_2), alt=alt, comments=b"\x1a")
    assert [e.list_id for e in parsed.entries] == ["23283", "306"]
    assert parsed.by_id()["23283"].entity.get("alias") == ["Benjamin BOL"]


def test_csv_row_with_wrong_columns_names_its_line() -> None:
    bad = SDN_ROW_2.replace(',"CUBA",', ",")
    with pytest.raises(ListFormatError, match="11 columns where the format has 12") as err:
        parse_set(_sdn(SDN_ROW, bad))
    assert err.value.line == 2 and err.value.element == "sdn.csv"
    assert str(err.value).startswith("line 2; sdn.csv: ")


def test_csv_broken_quoting_names_its_line() -> None:
    bad = '306,"BANCO "NACIONAL" DE CUBA",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
    with pytest.raises(ListFormatError, match="broken CSV") as err:
        parse_set(_sdn(SDN_ROW, bad))
    assert err.value.line == 2


def test_csv_truncated_mid_row_is_refused() -> None:
    whole = sample("us-ofac-sdn.csv")
    cut = whole[: len(whole) // 2]
    with pytest.raises(ListFormatError) as err:
        parse(cut, "sdn.csv")
    assert err.value.line == cut.count(b"\n") + 1
    assert err.value.message == "the file ends in the middle of a row (truncated?)"


@pytest.mark.parametrize(
    ("rows", "message", "line"),
    [
        ((SDN_ROW, SDN_ROW), "ent_num 23283 appears twice", 2),
        ((SDN_ROW, SDN_ROW_2.replace("306,", "30x,", 1)), "is not a number", 2),
        ((SDN_ROW.replace('"individual"', '"submarine"'),), "SDN_Type 'submarine'", 1),
        ((SDN_ROW.replace('"GLOMAG"', "-0- "),), "has no programme", 1),
    ],
)
def test_csv_bad_rows(rows: tuple[str, ...], message: str, line: int) -> None:
    with pytest.raises(ListFormatError, match=message) as err:
        parse_set(_sdn(*rows))
    assert err.value.line == line


def test_csv_companion_from_another_version_is_refused() -> None:
    alt = b'99999,1,"aka","SOMEONE",-0- \r\n\x1a'
    with pytest.raises(ListFormatError, match=r"ent_num 99999 is not in sdn\.csv") as err:
        parse_set(_sdn(SDN_ROW), alt=alt)
    assert err.value.line == 1 and err.value.element == "alt.csv"
    with pytest.raises(ListFormatError, match="alias type 'xyz'"):
        parse_set(_sdn(SDN_ROW), alt=b'23283,1,"xyz","SOMEONE",-0- \r\n')


def test_error_is_serialisable() -> None:
    with pytest.raises(ListFormatError) as err:
        parse_set(_sdn(SDN_ROW, SDN_ROW))
    assert err.value.to_dict() == {
        "message": "ent_num 23283 appears twice (first on line 1)",
        "list_format": "us_ofac_csv",
        "line": 2,
        "column": None,
        "element": "sdn.csv",
    }


def test_csv_remarks_continuation_keeps_the_space_at_the_cut() -> None:
    cut = SDN_ROW.replace('"DOB 03 Jan 1978."', '"DOB 03 Jan 1978; Linked "')
    parsed = parse_set(_sdn(cut), comments=b'23283,"To: SOMEONE."\r\n\x1a')
    assert parsed.by_id()["23283"].entity.get("notes") == ["DOB 03 Jan 1978; Linked To: SOMEONE."]
