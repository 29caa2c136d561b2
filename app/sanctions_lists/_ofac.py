"""What the OFAC CSV set and the OFAC XML share: programmes, identifier labels, the remarks mini-format."""

from __future__ import annotations

import re

from followthemoney import EntityProxy

from app.sanctions_lists._common import add, add_countries, add_dates, country_code
from app.sanctions_lists.base import Programme

PREFIX = "us-ofac"
# Magnitsky-style: EO 13818 (Global Magnitsky, implementing the Global Magnitsky Act) and the Russia-specific
# Sergei Magnitsky Rule of Law Accountability Act of 2012. Other human-rights programmes (IRAN-HR, HRIT-*)
# are country programmes, not Magnitsky-style.
MAGNITSKY_PROGRAMMES = {
    "GLOMAG": "Global Magnitsky Human Rights Accountability Act / Executive Order 13818",
    "MAGNIT": "Sergei Magnitsky Rule of Law Accountability Act of 2012",
}

# OFAC's schema types (CSV: lower case, "-0-" for entities; XML: capitalised).
SCHEMAS = {"individual": "Person", "entity": "Organization", "vessel": "Vessel", "aircraft": "Airplane"}

# Identifier labels, the same in the CSV remarks and in the XML's idList/idType (matched lower-cased).
ID_PROPS: dict[str, str] = {
    "passport": "passportNumber",
    "diplomatic passport": "passportNumber",
    "national id no.": "idNumber",
    "identification number": "idNumber",
    "cedula no.": "idNumber",
    "d.n.i.": "idNumber",
    "c.u.r.p.": "idNumber",
    "national foreign id number": "idNumber",
    "residency number": "idNumber",
    "driver's license no.": "idNumber",
    "electoral registry no.": "idNumber",
    "credencial electoral": "idNumber",
    "ssn": "socialSecurityNumber",
    "tax id no.": "taxNumber",
    "nit #": "taxNumber",
    "r.f.c.": "taxNumber",
    "ruc #": "taxNumber",
    "italian fiscal code": "taxNumber",
    "registration number": "registrationNumber",
    "registration id": "registrationNumber",
    "company number": "registrationNumber",
    "business registration number": "registrationNumber",
    "business registration document #": "registrationNumber",
    "commercial registry number": "registrationNumber",
    "public registration number": "registrationNumber",
    "chamber of commerce number": "registrationNumber",
    "government gazette number": "registrationNumber",
    "unified social credit code (uscc)": "registrationNumber",
    "legal entity number": "registrationNumber",
    "c.r. no.": "registrationNumber",
    "folio mercantil no.": "registrationNumber",
    "matricula mercantil no": "registrationNumber",
    "trade license no.": "registrationNumber",
    "aircraft tail number": "registrationNumber",
    "v.a.t. number": "vatCode",
    "swift/bic": "swiftBic",
    "d-u-n-s number": "dunsCode",
    "vessel registration identification": "imoNumber",
    "mmsi": "mmsi",
    "aircraft manufacturer's serial number (msn)": "serialNumber",
    "website": "website",
    "email address": "email",
    "phone number": "phone",
}
# Longest first, so "diplomatic passport" wins over "passport".
_ID_LABELS = sorted(ID_PROPS, key=len, reverse=True)
_ALIAS = re.compile(r"^([afn])\.k\.a\.,?\s+(.+)$", re.I)
_DATE_LABELS = {
    "dob": "birthDate",
    "organization established date": "incorporationDate",
    "vessel year of build": "buildDate",
    "aircraft manufacture date": "buildDate",
}
_ID_TAIL = re.compile(r"\s+(?:\(|issued\b|expires\b).*$", re.I)


def programmes(codes: list[str]) -> tuple[Programme, ...]:
    unique = list(dict.fromkeys(c.strip() for c in codes if c and c.strip()))
    return tuple(Programme(c, MAGNITSKY_PROGRAMMES.get(c, c), c in MAGNITSKY_PROGRAMMES) for c in unique)


def id_value(raw: str) -> str:
    """'10945182 (Israel) issued 28 Jun 2010 expires 27 Jun 2020' -> '10945182'."""
    return _ID_TAIL.sub("", raw.strip()).strip()


def add_identifier(entity: EntityProxy, label: str, value: str | None) -> bool:
    """Add an identifier by its OFAC label; False if the label is not an identifier we keep."""
    prop = ID_PROPS.get(label.strip().rstrip(":").lower())
    if prop is None or not value:
        return False
    add(entity, prop, id_value(value))
    return True


def apply_remarks(entity: EntityProxy, remarks: str, warnings: list[str], where: str) -> None:
    """Read the CSV's free-text remarks ("DOB 23 Dec 1973; POB Tel Aviv, Israel; nationality Israel;
    a.k.a. 'BNC'; Passport 1084010 (Egypt)."): the CSV has no other place for these. Quoted a.k.a.s here
    are OFAC's *weak* (low-quality) aliases; the strong ones are in alt.csv."""
    add(entity, "notes", remarks)
    for raw in re.split(r";\s*", remarks.rstrip().rstrip(".")):
        part = raw.strip()
        if part.lower().startswith("alt. "):
            part = part[5:].strip()
        if not part:
            continue
        if m := _ALIAS.match(part):
            name = m[2].strip()
            if len(name) >= 2 and name[0] == name[-1] == "'":
                name = name[1:-1]
            add(entity, "weakAlias", name.strip())
            continue
        label, _, value = part.partition(" ")
        key = label.lower().rstrip(":")
        lower = part.lower()
        date_label = next((d for d in _DATE_LABELS if lower.startswith(d + " ")), None)
        if date_label:
            add_dates(entity, _DATE_LABELS[date_label], part[len(date_label) :].strip(), warnings, where)
        elif key == "pob":
            add(entity, "birthPlace", value.strip())
        elif key in ("nationality", "citizen"):
            prop = "nationality" if key == "nationality" else "citizenship"
            value = value.lstrip(":").strip()
            if value.lower().startswith("of registration "):  # "Nationality of Registration Korea, North"
                prop, value = "jurisdiction", value[len("of registration ") :]
            add_countries(entity, prop, [value], warnings, where)
        elif key == "gender":
            add(entity, "gender", value.strip().lower())
        elif lower.startswith("former vessel flag "):
            add(entity, "pastFlags", country_code(part[len("former vessel flag ") :]))
        elif lower.startswith("aircraft model "):
            add(entity, "model", part[len("aircraft model ") :].strip())
        else:
            for id_label in _ID_LABELS:
                if lower.startswith(id_label + " ") or lower.startswith(id_label + ":"):
                    add_identifier(entity, id_label, part[len(id_label) + 1 :].strip())
                    break
