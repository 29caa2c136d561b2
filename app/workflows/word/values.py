"""Reading typed values: dates, countries, numbers, yes/no and vocabularies, in the four languages.

Each parser returns the value in the content model's form, or None when it cannot read the text; the
caller reports those ("needs a look") and keeps the text in the draft's unmapped content. Month and
country names come from babel's CLDR data (imported here, on the import path only).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache

from pydantic import TypeAdapter, ValidationError

from app.schemas.case_content import JURISDICTION_CODES, CountryCode
from app.workflows.word.mapping import LANGS, fold, mapping

_COUNTRY = TypeAdapter(CountryCode)

# Levantine/Iraqi month names, used alongside the Egyptian/Gulf ones CLDR gives for Arabic.
_LEVANT_MONTHS = [
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
]
_APPROXIMATE = {
    "about", "around", "approximately", "approx", "circa", "ca", "c", "early", "mid", "late", "some",
    "vers", "environ", "debut", "fin", "mi", "hacia", "aproximadamente", "principios", "finales",
    "mediados", "حوالي", "نحو", "قرابة", "اوائل", "اواخر", "منتصف",
}  # fmt: skip
_FILLER = {"de", "del", "le", "la", "the", "of", "on", "in", "en", "el", "fi", "في", "عام", "سنه", "year"}
_MONTH_MARK = "\x00"  # stands for a multi-word month name already read
_ORDINAL = re.compile(r"^(\d{1,2})(st|nd|rd|th|er|re|e|eme|º|o)?$")


@dataclass(frozen=True)
class DateReading:
    value: str | None
    note: str | None = None  # "ambiguous": day and month could be swapped; "approximate"


@cache
def _month_index() -> dict[str, int]:
    from babel import Locale  # deferred: CLDR data is large

    index: dict[str, int] = {}
    for lang in LANGS:
        months = Locale.parse(lang).months
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in months[context][width].items():
                    key = fold(name)
                    if key and not key.isdigit():
                        index.setdefault(key, int(number))
    for number, name in enumerate(_LEVANT_MONTHS, start=1):
        index.setdefault(fold(name), number)
    index.setdefault("sept", 9)
    return index


def _ascii_digits(text: str) -> str:
    return "".join(str(unicodedata.digit(ch, 0)) if ch.isdigit() else ch for ch in text)


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if not 1000 <= year <= 2999:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        date(year, month, day)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_date(raw: str) -> DateReading:
    """A partial ISO date from what people write: "2021-03-14", "14/03/2021", "14 March 2021",
    "14 mars 2021", "14 de marzo de 2021", "١٤ مارس ٢٠٢١", "March 2021", "2021"."""
    text = _ascii_digits(raw).strip().rstrip(".")
    if not text:
        return DateReading(None)
    m = re.fullmatch(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?", text)
    if m:
        return DateReading(_iso(int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None))
    m = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text)
    if m:
        first, second, year = int(m[1]), int(m[2]), int(m[3])
        if first > 12 >= second:
            return DateReading(_iso(year, second, first))
        if second > 12 >= first:
            return DateReading(_iso(year, first, second))  # month first (US style)
        note = "ambiguous" if first != second else None  # read day first, as most of the world writes
        return DateReading(_iso(year, second, first), note)
    m = re.fullmatch(r"(\d{1,2})[-/.](\d{4})", text)
    if m:
        return DateReading(_iso(int(m[2]), int(m[1])))
    return _parse_worded_date(text)


def _parse_worded_date(text: str) -> DateReading:
    key = fold(text)
    months = _month_index()
    month: int | None = None
    # Multi-word month names first ("tishrin al-awwal"), replaced by a marker token.
    for name in sorted((n for n in months if " " in n), key=len, reverse=True):
        if f" {name} " in f" {key} ":
            month = months[name]
            key = f" {key} ".replace(f" {name} ", f" {_MONTH_MARK} ").strip()
            break
    year: int | None = None
    day: int | None = None
    approximate = False
    for token in key.split():
        if token == _MONTH_MARK:
            continue
        if token in months and month is None:
            month = months[token]
        elif re.fullmatch(r"\d{4}", token) and year is None:
            year = int(token)
        elif (m := _ORDINAL.match(token)) and day is None:
            day = int(m[1])
        elif token in _APPROXIMATE:
            approximate = True
        elif token not in _FILLER:
            return DateReading(None)
    if year is None or (day is not None and month is None):
        return DateReading(None)
    return DateReading(_iso(year, month, day), "approximate" if approximate else None)


@cache
def _country_names() -> dict[str, str]:
    from babel import Locale  # deferred: CLDR data is large

    index: dict[str, str] = {}
    for lang in LANGS:
        for code, name in Locale.parse(lang).territories.items():
            if len(code) == 2 and code.isalpha():
                index.setdefault(fold(name), code.lower())
    for extra, code in (("uk", "gb"), ("great britain", "gb"), ("britain", "gb"), ("usa", "us")):
        index.setdefault(extra, code)
    return index


def _valid_country(code: str) -> str | None:
    try:
        return _COUNTRY.validate_python(code)
    except ValidationError:
        return None


def parse_country(raw: str) -> str | None:
    """An ISO 3166-1 alpha-2 code from a code (alpha-2 or alpha-3) or a country's name."""
    text = raw.strip().strip(".").strip()
    if not text:
        return None
    lowered = text.lower()
    if lowered == "uk":
        return "gb"
    if re.fullmatch(r"[a-z]{2}", lowered):
        return _valid_country(lowered)
    if re.fullmatch(r"[a-z]{3}", lowered):
        from rigour.territories import get_territory  # deferred: heavy

        territory = get_territory(lowered)
        return _valid_country(territory.code) if territory is not None else None
    code = _country_names().get(fold(text))
    if code is None:
        from rigour.territories import lookup_territory  # deferred: heavy

        territory = lookup_territory(text)
        code = territory.code if territory is not None and territory.is_country else None
    return _valid_country(code) if code else None


def split_items(raw: str, *, commas: bool = False) -> list[str]:
    """One value per line (or separated by ';'; by ',' too where names never hold one)."""
    pattern = r"[\n;؛,،]" if commas else r"[\n;؛]"
    return [part.strip() for part in re.split(pattern, raw) if part.strip()]


def parse_countries(raw: str) -> tuple[list[str], list[str]]:
    """(codes, the parts that are no country)."""
    codes: list[str] = []
    unknown: list[str] = []
    parts = split_items(raw, commas=True)
    for part in parts:
        pieces = [part]
        if parse_country(part) is None:  # "Russia and Cyprus", "Russie et Chypre"
            pieces = [p for p in re.split(r"\s+(?:and|et|y|e|و)\s+|\s*/\s*", part) if p.strip()]
        for piece in pieces:
            code = parse_country(piece)
            if code is None:
                unknown.append(piece)
            elif code not in codes:
                codes.append(code)
    return codes, unknown


def parse_bool(raw: str) -> bool | None:
    value = vocabulary_value("boolean", raw)
    return None if value is None else value == "true"


def vocabulary_value(vocabulary: str, raw: str, *, fuzzy: bool = True) -> str | None:
    """The one value of a vocabulary `raw` names: exactly, or (fuzzy) as the only one it mentions."""
    index = mapping().values[vocabulary]
    exact = index.match_key(fold(raw))
    if exact is not None and not exact.remainder:
        return exact.target
    if not fuzzy:
        return None
    found = {target for _, _, target in index.find_all(raw)}
    return found.pop() if len(found) == 1 else None


def vocabulary_values(vocabulary: str, raw: str) -> tuple[list[str], list[str]]:
    """(values, parts naming none) of a list such as victim groups."""
    values: list[str] = []
    unknown: list[str] = []
    index = mapping().values[vocabulary]
    for part in split_items(raw, commas=True):
        exact = index.match_key(fold(part))
        found = [exact.target] if exact is not None and not exact.remainder else []
        found = found or [t for _, _, t in index.find_all(part)]
        if not found:
            unknown.append(part)
        for value in found:
            if value not in values:
                values.append(value)
    return values, unknown


_ESTIMATE_WORDS = re.compile(
    r"(about|around|approx|approximately|estimated|at least|more than|over|some|nearly|almost|~|"
    r"environ|au moins|plus de|pres de|quelque|unos|unas|aproximadamente|al menos|mas de|cerca de|"
    r"حوالي|نحو|اكثر من|ما لا يقل عن|قرابه)"
)


def parse_count(raw: str) -> tuple[int | None, bool]:
    """(number, is an estimate) from "37", "about 40", "at least 1,200 people", "environ 30"."""
    text = _ascii_digits(raw)
    numbers = re.findall(r"\d[\d\s,.\u00a0\u202f']*", text)
    if len(numbers) != 1:
        return None, False
    digits = re.sub(r"\D", "", numbers[0])
    if not digits or len(digits) > 10:
        return None, False
    return int(digits), bool(_ESTIMATE_WORDS.search(fold(text)) or "~" in text)


def parse_targets(raw: str) -> tuple[list[str], list[str]]:
    """Jurisdiction codes from codes or names ("us, uk", "États-Unis; Royaume-Uni")."""
    names = mapping().raw["jurisdiction_names"]
    index = {fold(code): code for code in JURISDICTION_CODES}
    for code, by_lang in names.items():
        for options in by_lang.values():
            for name in options:
                index.setdefault(fold(name), code)
    codes: list[str] = []
    unknown: list[str] = []
    for part in split_items(raw, commas=True):
        code = index.get(fold(part))
        if code is None:
            unknown.append(part)
        elif code not in codes:
            codes.append(code)
    return codes, unknown


_RANGE = re.compile(
    r"\s*(?:\bto\b|\buntil\b|\bau\b|\bjusqu'?au\b|\ba\b|\bhasta\b|إلى|حتى|–|—|-(?!\d{2}\b))\s*"
)


@dataclass(frozen=True)
class PositionReading:
    title: str | None
    organisation: str | None
    start_date: str | None
    end_date: str | None


def parse_position(raw: str) -> PositionReading:
    """ "Commander, OSN-7 (2014-09 to present)" → title, organisation and dates when they read."""
    text = raw.strip()
    start = end = None
    m = re.search(r"\(([^()]*)\)\s*$", text)
    if m:
        inner = re.sub(r"^\s*(since|from|depuis|du|desde|منذ|من)\s+", "", m[1].strip(), flags=re.IGNORECASE)
        parts = [p for p in _RANGE.split(inner, maxsplit=1) if p is not None]
        first = parse_date(parts[0]).value if parts and parts[0].strip() else None
        second_raw = parts[1].strip() if len(parts) > 1 else ""
        present = bool(second_raw) and vocabulary_value("present", second_raw, fuzzy=False) is not None
        second = parse_date(second_raw).value if second_raw and not present else None
        if first and (not second_raw or second or present):
            start, end = first, second
            text = text[: m.start()].strip()
    title, _, organisation = re.sub("،", ",", text, count=1).partition(",")
    return PositionReading(title.strip() or None, organisation.strip() or None, start, end)
