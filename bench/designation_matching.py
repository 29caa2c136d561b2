"""Benchmark: designation matching (blocking + nomenklatura logic-v2) on the real OFAC and Canada samples.

    python bench/designation_matching.py                  # quality, single-check latency, full rescreen
    python bench/designation_matching.py --budget 60      # the rescreen stops after 60 s and extrapolates
    python bench/designation_matching.py --quick          # a smaller labelled set and rescreen
    python bench/designation_matching.py --limit 8 --min-ratio 0.5   # explore blocking settings

Quality. The index holds every entry of the OFAC SDN CSV sample (with alt.csv aliases) and of the
Canada sample, less 300 SDN individuals held out as negatives. Positives: every GLOMAG individual and
entity, queried the way a researcher would type them:
  translit      another romanisation (kh/h, ou/u, y/i, -ov/-off, v/w, q/k, ee/i, ic/ich, Mohammed
                forms...; one rule, picked per person, applied once; no variant where none applies)
  order         family name first ("Kadyrov Ramzan Akhmatovich")
  drop_middle   the middle name dropped (or the second family name of a double surname)
  typo          one typo (substitution by a keyboard neighbour, deletion, transposition, doubling)
  diacritics    the native spelling with diacritics where the person has one (Tešić, Juárez Ramírez)
  cyrillic      the name in Cyrillic (Russian, Serbian, Bulgarian, Kyrgyz...): a hand table
  arabic        the name in Arabic script: a hand table
  han           the name in Chinese characters: a hand table
  legal_form    organisations: the legal form dropped ("Fleurette Properties")
and for the Canada JVCFOA people whose names carry diacritics, the name typed without them
(no_diacritics). Each query comes twice: name only, and with the birth date and nationality (the
country, for organisations) as the list has them. Queries are built through the case-file model
(Perpetrator -> perpetrator_entity), the path a saved perpetrator takes.
Negatives: the 300 held-out SDN individuals (with their details, and name only), and two decoys per
GLOMAG individual: `decoy_given` (same family name, another given name, another birth year and
nationality) and `decoy_homonym` (the same full name, another birth year and nationality; only for
people whose entry has a birth date and a country). A false alert is any entry >= 0.70 for a
negative query. Printed per variant: recall at 0.70 through screen() (blocking + scoring), the
blocking recall (target among the scored candidates), the scorer's recall alone (target compared
directly), and examples of misses and of false alerts.

Speed. One check = screen() of one perpetrator (the save-time check): p50/p95 over the quality
queries. Rescreen: --perpetrators (10,000) perpetrators (10% variants of real entries, 90% synthetic
people and organisations recombined from the lists' name parts) against an index of every real entry
plus synthetic entries up to --index-size (17,000 by default; the UK and EU lists are ~5k and ~6k
entries), in --workers processes (2: the machine's cores; in production, job workers each taking a
share). Wall and CPU time are both printed: on a shared machine the wall time includes waiting for a
core. --budget stops each worker after that many seconds and extrapolates. RSS after each stage and
the peaks at the end (logic-v2's imports and name data alone are ~500 MB).

Split. Every query belongs to a half, by a seeded hash of the entry it was made from (its variants
and decoys stay together): matching.py's rules and figures were chosen on the tuning half only; the
held-out half is printed next to it (--half tuning evaluates the tuning half alone). --draw picks the
labelled set (DRAWS: draw 2, fresh negatives and decoys, is the default from portal-3 on).
Attempts on draw 1, the full labelled set (recall at 0.70; false alerts
= negatives with details; name-only negatives apart), tuning / held-out; each is in matching.py:

  attempt                                          recall         FA details    FA name only
  logic-v2 defaults (ScoringConfig.defaults())     0.895 / 0.900  3/284 4/271   14/153 16/147
  fuzzy cutoff factor x1.25                        0.929 / 0.930  3/284 4/271   14/153 18/147
  fuzzy cutoff factor x1.5                         0.933 / 0.934  3/284 4/271   14/153 18/147
  fuzzy cutoff factor x2.0                         0.938 / 0.936  3/284 4/271   18/153 20/147
  fuzzy cutoff factor x2.5 (no gain beyond)        0.946 / 0.940  3/284 4/271   19/153 23/147
  x1.5 + birth year gap (> 5 years: -0.1 more)     0.933 / 0.934  1/284 4/271   14/153 18/147
  ... + name second opinion, Latin tokens only     0.954 / 0.952  1/284 4/271   14/153 18/147
  ... + Arabic tokens by consonants (adopted)      0.976 / 0.980  1/284 4/271   14/153 18/147
  adopted, fuzzy factor back to 1.0                0.966 / 0.972  1/284 4/271   14/153 16/147
  adopted, approximate token 0.8 / cap 0.9         0.976 / 0.980  (same: the stricter 0.75 / 0.85 kept)
  + "likely" needs a full birth date when every    0.975 / 0.980  1/284 4/271   (not adopted: no
    name token is in >= 0.5% of the index entries                                gain on tuning)
  + the same at >= 0.2%                            0.971 / 0.980  1/284 3/271   (not adopted)
  (All rows after the decoy fix below; before it the defaults gave 4/284 on the tuning half: the
  decoy of an entry listing 1963-1969 had been given 1969 as its "other" birth year.)

  Profile portal-2: name evidence rules (matching.py "Portal rules" 3 and 4), chosen on the tuning
  half alone (a tuning-half-only harness; the held-out half was first read for the adopted row, by
  this script). The tuning half has 1 false alert with details left, so the name-only false alerts
  (the same failure, with nothing else to tell the people apart) were the figure tuned on:
  attempt (from the adopted portal-1 row)             recall (tuning)  FA details  FA name only
  + name conflict -0.1                                0.976            1/284       9/153
  + common name -0.1, expected chance sharers >= 1    0.974            1/284       14/153
    (parts taken as independent, and applied where the second opinion decided: 2 Arabic names lost)
  + name conflict -0.1, common name -0.1 at >= 3 entries carrying the matched parts
                                                      0.976            1/284       8/153
  + conflict -0.15, common -0.1 at >= 3 (adopted)     0.976            1/284       7/153
    held-out half, read once for this row: recall 0.978, FA details 4/271 (unchanged: the rules
    change no false alert that has details), FA name only 12/147 (from 18/147)
  + conflict -0.15, common -0.15 at >= 3              0.976            1/284       6/153 (not adopted:
    a common name is no evidence against, it should weigh less than a contradiction)
  + "family name without counterpart" -0.1            (fired on no pair: dropped)

  Profile portal-3 (matching.py rule 5 and the narrower rule 1). Draw 1's held-out half had 4
  false alerts with details (1.48%), thought to be label noise (one person listed twice). Read
  entry by entry, none is: us:12535 Hassan AYASH (b. 1943) and us:12534 Hassan Mahmoud AYACHE
  (b. 1963) are two men; Mohamed SA'ID (Somalia, b. c. 1966) is not Muhammad Said BUKHAYTAN
  (Canada, Syria list); Ryong KANG is not Myong Chol KANG (an a.k.a. of Han Se PAK); Jamal and
  Kamal Mustafa ... AL-TIKRITI are two entries, two given names. same_person() (same name in any
  order, no conflicting birth year) is left as it was: widening it to these would hide real
  false alerts. Those pairs (held-out, read) motivated the rules, so draw 2 (DRAWS) measures them:
  attempt                                 draw 1 tuning           draw 2 (fresh negatives)
                                          recall FA det  FA name  recall  FA details    FA name
  portal-2                                0.976  1/284   7/153    0.977   0/551         18/300
  rule 5 on any known names, no symbol in common, opinion only where it forgave a spelling
                                          0.956  1/284   5/153    (not run: Moustafa / Mustafa,
                                                                  Vahit / Vakhit... lost)
  + consonant skeletons of equal length   0.976  1/284   7/153    0.974   0/551         14/300
    (draw 2's positives lost Petrovich / Petrovic, "Araneks", "Qais El-khazali": read, all halves)
  + first consonant only; the opinion also where no distinctive candidate part is left over
    (adopted)                             0.976  1/284   7/153    0.977   0/551 (tuning 0/269,
                                                                  held-out 0/282)  16/300
  draw 1 with the adopted rules: recall 0.977 (0.976 / 0.978), FA details 2/555 (1/284 tuning,
  1/271 held-out, read), FA name only 17/300 (from 19/300).
  The draw 2 negatives' false alerts were not read before the row was adopted. portal-2 already
  had 0/551 on them: draw 1's 4/271 was 4 pairs of about 270, where 1% is 2.7 alerts.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import statistics
import sys
import time
import unicodedata
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "sanctions-lists"

from app.sanctions_lists import ca_sema, us_ofac_csv  # noqa: E402
from app.sanctions_lists.base import ListEntry  # noqa: E402
from app.schemas.case_content import Perpetrator  # noqa: E402
from app.workflows.designations import blocking, matching  # noqa: E402

# --- Hand tables: native spellings of GLOMAG people in the OFAC sample (by ent_num) -------------------
CYRILLIC = {
    "23275": "Сергей Кусюк",
    "23288": "Слободан Тешић",
    "23303": "Артём Юрьевич Чайка",
    "23307": "Гульнара Каримова",
    "23343": "Рамзан Ахматович Кадыров",
    "27423": "Горан Андрић",
    "28112": "Есад Капиџић",
    "28113": "Небојша Шаренац",
    "28114": "Зоран Петровић",
    "28115": "Никола Бркић",
    "28116": "Милан Суботић",
    "28117": "Желимир Петровић",
    "28118": "Сретен Цвјетковић",
    "28119": "Љубо Маричић",
    "30607": "Раимбек Матраимов",
    "30612": "Вахит Усмаев",
    "30616": "Тимур Дугазаев",
    "30619": "Зияд Сабсаби",
    "30620": "Даниил Васильевич Мартынов",
    "32011": "Васил Крумов Божков",
    "32059": "Делян Славчев Пеевски",
    "32060": "Илко Димитров Желязков",
}
ARABIC = {
    "25038": "محمود الورفلي",
    "26077": "مشعل سعد البستاني",
    "26078": "صلاح محمد الطبيقي",
    "26079": "نايف حسن العريفي",
    "26080": "محمد سعد الزهراني",
    "26081": "منصور عثمان أباحسين",
    "26082": "خالد عايض العتيبي",
    "26083": "عبدالعزيز محمد الهوساوي",
    "26084": "وليد عبدالله الشهري",
    "26085": "ثائر غالب الحربي",
    "26086": "تركي مشرف الشهري",
    "26087": "ماهر عبدالعزيز مطرب",
    "26088": "فهد شبيب البلوي",
    "26089": "بدر لافي العتيبي",
    "26090": "مصطفى محمد المدني",
    "26091": "سيف سعد القحطاني",
    "26092": "محمد العتيبي",
    "26093": "سعود القحطاني",
    "27012": "ريان الكلداني",
    "27013": "وعد قدو",
    "27014": "نوفل حمادي السلطان",
    "27015": "أحمد عبدالله الجبوري",
    "27590": "أشرف سيد أحمد الكاردينال",
    "27994": "حسين فالح اللامي",
    "28004": "قيس الخزعلي",
    "28005": "ليث الخزعلي",
    "28023": "خميس فرحان الخنجر العيساوي",
    "29119": "محمد الكاني",
    "30242": "فالح الفياض",
    "30243": "جبران باسيل",
    "30623": "عبدالحكيم الخيواني",
    "30624": "سلطان زابن",
    "30626": "عبدالقادر الشامي",
    "30651": "مطلق عامر المراني",
    "30652": "عبدالرب جرفان",
    "31162": "أحمد حسن محمد العسيري",
}
HAN = {
    "23279": "高岩",
    "29160": "霍留军",
    "29162": "王明山",
    "29219": "朱海仑",
    "29220": "陈全国",
    "29300": "孙金龙",
    "29319": "彭家瑞",
    "30615": "尹國駒",
    "31492": "王君正",
    "31493": "陈明国",
}
DIACRITICS = {
    "23276": "Julio Antonio Juárez Ramírez",
    "23288": "Slobodan Tešić",
    "23306": "Ángel Rondón Rijo",
    "23308": "Roberto José Rivas Reyes",
    "24663": "Félix Ramón Bautista Rosario",
    "24704": "Francisco Díaz",
    "24705": "José Francisco López",
    "25149": "Roberto Sandoval Castañeda",
    "25150": "Ana Lilia López Torres",
    "25151": "Lidy Alejandra Sandoval López",
    "25152": "Pablo Roberto Sandoval López",
    "27423": "Goran Andrić",
    "28055": "Marián Kočner",
    "28112": "Esad Kapidžić",
    "28113": "Nebojša Šarenac",
    "28114": "Zoran Petrović",
    "28115": "Nikola Brkić",
    "28116": "Milan Subotić",
    "28117": "Želimir Petrović",
    "28118": "Sreten Cvjetković",
    "28119": "Ljubo Maričić",
    "30582": "Jimmy Chérizier",
    "30977": "Lázaro Alberto Álvarez Casas",
    "31751": "Gustavo Adolfo Alejos Cámbara",
}
SCRIPT_TABLES = {"cyrillic": CYRILLIC, "arabic": ARABIC, "han": HAN, "diacritics": DIACRITICS}

# One rule per query, applied once; the rule is picked per person (rotating start), so the set mixes them.
TRANSLIT_RULES: list[tuple[str, str]] = [
    (r"kh", "h"),
    (r"ou", "u"),
    (r"(?<=[a-z])u(?=[a-z])", "ou"),
    (r"(?<=[a-z])y", "i"),
    (r"ee", "i"),
    (r"oo", "u"),
    (r"aa", "a"),
    (r"ov\b", "off"),
    (r"ev\b", "eff"),
    (r"(?<=[a-z])v", "w"),
    (r"\bj", "dj"),
    (r"q", "k"),
    (r"\bmoham+[ae]d\b", "muhammad"),
    (r"\bmuham+[ae]d\b", "mohamed"),
    (r"ic\b", "ich"),
    (r"zh", "j"),
    (r"sh", "ch"),
    (r"\bal[- ]", "el-"),
    (r"\bal(?=[a-z]{4})", "al-"),
    (r"ai", "ay"),
    (r"ei", "ey"),
    (r"ph", "f"),
    (r"x", "ks"),
]
LEGAL_FORMS = re.compile(
    r"[\s,]+(co\.,? ltd\.?|company limited|limited|ltd\.?|inc\.?|s\.?a\.?|sarl|sprl|b\.v\.|ag|doo|d\.o\.o\.|"
    r"ood|eood|ead|ad|llc|s\.r\.l\.|srl|s\.r\.o\.|a\.s\.|jsc|plc|sasu|s\.a\. de c\.v\.)$",
    re.I,
)
# A typo by a neighbouring key: the next key on the row (the previous one at the row's end).
KEYBOARD = {
    c: row[i + 1] if i + 1 < len(row) else row[i - 1]
    for row in ("qwertyuiop", "asdfghjkl", "zxcvbnm")
    for i, c in enumerate(row)
}
CANADA_THEMES = (
    "SYRIA",
    "UKRAINE",
    "RUSSIA",
    "CAATSA",
    "IRAN",
    "IFSR",
    "IRGC",
    "NPWMD",
    "HRIT",
    "ZIMBABWE",
    "VENEZUELA",
    "BURMA",
    "NICARAGUA",
    "SOUTH SUDAN",
    "MAGNIT",
    "GLOMAG",
    "FSE",
    "IFCA",
)
DECOY_COUNTRIES = ["fr", "br", "ng", "id", "ar", "ca", "jp", "ke", "pe", "tr", "pl", "ph"]
# Draws of the labelled set (--draw). Draw 1 (profiles portal-1 and portal-2 were tuned on its tuning
# half): negatives sampled with seed 20260115, decoys seeded "decoy", split seed "split". Its held-out
# half was read for portal-2, and its false alerts were then studied (they motivated portal-3's rules
# 5 and 6), so it no longer tells how the rules generalise. Draw 2, the held-out measure from portal-3
# on: 300 other SDN individuals as negatives (none of draw 1's), decoys redrawn (other given names,
# years, countries), split seed "split-2"; its false alerts were first read after portal-3 was fixed.
DRAWS = {
    1: {"split": "split", "sample": 20260115, "decoy": "decoy", "exclude": None},
    2: {"split": "split-2", "sample": 20261201, "decoy": "decoy-2", "exclude": 1},
}
DRAW = 2  # set by --draw


@dataclass
class Query:
    variant: str
    detailed: bool
    entity: Any  # EntityProxy
    target: str | None  # entry id expected among the alerts; None for a negative
    label: str
    exclude: frozenset[str] = frozenset()  # entries that are legitimately the same (cross-list)
    source: str = ""  # the list entry the query was made from: decides its half of the split


@dataclass
class Outcome:
    query: Query
    alerts: list[tuple[str, float]]
    target_score: float | None  # from screen(); None if the target was not among the scored candidates
    blocked: bool
    direct_score: float | None
    wall: float
    cpu: float
    wide: list[tuple[str, float]] = field(default_factory=list)  # blocking candidates, limit 60, no ratio


@dataclass
class Figures:
    outcomes: list[Outcome] = field(default_factory=list)


def seeded(*parts: object) -> random.Random:
    return random.Random(zlib.crc32("|".join(map(str, parts)).encode()))


def title(text: str) -> str:
    return " ".join(w if not w.isupper() else w.capitalize() for w in text.split())


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


# --- Loading --------------------------------------------------------------------------------------
def load_lists() -> tuple[list[tuple[str, ListEntry]], float]:
    started = time.perf_counter()
    ofac = us_ofac_csv.parse_set(
        (DATA / "us-ofac-sdn.csv").read_bytes(),
        alt=(DATA / "us-ofac-alt.csv").read_bytes(),
        add_csv=(DATA / "us-ofac-add.csv").read_bytes(),
        comments=(DATA / "us-ofac-sdn_comments.csv").read_bytes(),
    )
    ofac_seconds = time.perf_counter() - started
    canada = ca_sema.parse((DATA / "ca-sema-lmes.xml").read_bytes())
    entries = [(f"us:{e.list_id}", e) for e in ofac.entries] + [
        (f"ca:{e.list_id}", e) for e in canada.entries
    ]
    return entries, ofac_seconds


def first(entity: Any, prop: str) -> str | None:
    values = entity.get(prop, quiet=True)
    return values[0] if values else None


def countries(entity: Any) -> set[str]:
    from followthemoney.types import registry

    return set(entity.get_type_values(registry.country))


def perpetrator(schema: str, name: str, birth_date: str | None = None, country: str | None = None) -> Any:
    fields: dict[str, Any] = {"schema": schema, "name": name}
    if birth_date and schema == "Person":
        fields["birth_date"] = birth_date
    if country:
        fields["nationality"] = [country]
    try:
        perp = Perpetrator.model_validate(fields)
    except ValueError:  # a pseudo-country FtM has and ISO 3166 does not (e.g. "suhh"): leave it out
        fields.pop("nationality", None)
        perp = Perpetrator.model_validate(fields)
    return matching.perpetrator_entity(perp, "bench")


# --- Variants -------------------------------------------------------------------------------------
def translit(name: str, key: str) -> str | None:
    lowered = name.lower()
    start = zlib.crc32(key.encode()) % len(TRANSLIT_RULES)
    for i in range(len(TRANSLIT_RULES)):
        pattern, repl = TRANSLIT_RULES[(start + i) % len(TRANSLIT_RULES)]
        changed = re.sub(pattern, repl, lowered, count=1)
        if changed != lowered:
            return title(changed)
    return None


def typo(name: str, key: str) -> str | None:
    rng = seeded("typo", key)
    words = name.split()
    choices = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    if not choices:
        return None
    i = rng.choice(choices)
    word = words[i]
    pos = rng.randrange(1, len(word) - 1)
    op = rng.choice(["sub", "del", "swap", "dup"])
    if op == "sub":
        c = word[pos].lower()
        repl = KEYBOARD.get(c, "e")
        word = word[:pos] + (repl.upper() if word[pos].isupper() else repl) + word[pos + 1 :]
    elif op == "del":
        word = word[:pos] + word[pos + 1 :]
    elif op == "swap":
        word = word[:pos] + word[pos + 1] + word[pos] + word[pos + 2 :]
    else:
        word = word[:pos] + word[pos] + word[pos:]
    words[i] = word
    return " ".join(words)


def person_variants(list_id: str, entity: Any) -> Iterator[tuple[str, str]]:
    given, family = first(entity, "firstName"), first(entity, "lastName")
    name = title(first(entity, "name") or "")
    if (changed := translit(name, list_id)) is not None:
        yield "translit", changed
    if given and family:
        yield "order", title(f"{family} {given}")
        g, f = given.split(), family.split()
        if len(g) >= 2:
            yield "drop_middle", title(f"{g[0]} {family}")
        elif len(f) >= 2:
            yield "drop_middle", title(f"{given} {f[0]}")
    if (changed := typo(name, list_id)) is not None:
        yield "typo", changed
    for variant, table in SCRIPT_TABLES.items():
        ent_num = list_id.split(":", 1)[1]
        if ent_num in table:
            yield variant, table[ent_num]


def org_variants(list_id: str, entity: Any) -> Iterator[tuple[str, str]]:
    name = title(first(entity, "name") or "")
    core = LEGAL_FORMS.sub("", name)
    # Another romanisation of the name, not of its legal form (nobody re-spells "EOOD" as "EUD").
    if (changed := translit(core, list_id)) is not None:
        yield "translit", changed + name[len(core) :]
    stripped = core.strip(" ,")
    if stripped and stripped != name:
        yield "legal_form", stripped
    if (changed := typo(name, list_id)) is not None:
        yield "typo", changed


def plain_names(entity: Any) -> set[str]:
    """Comparable forms of an entity's names: every name's words sorted, and for people also the
    family name with the first given name (Ramzan Akhmatovich KADYROV ~ Ramzan Akhmadovitch KADYROV)."""
    from followthemoney.types import registry

    out = {
        " ".join(sorted(strip_accents(n).lower().replace(",", " ").split()))
        for n in entity.get_type_values(registry.name)
    }
    given, family = first(entity, "firstName"), first(entity, "lastName")
    if given and family:
        out.add("person: " + strip_accents(f"{given.split()[0]} {family}").lower())
    return out


def same_person(
    entries: dict[str, ListEntry], by_name: dict[str, set[str]], target_id: str
) -> frozenset[str]:
    """Other entries with the same name (any order) and no conflicting birth year: the same person or
    company listed twice (Kadyrov is on OFAC GLOMAG and on Canada's lists); alerts on them are not false."""
    target = entries[target_id].entity
    years = {d[:4] for d in target.get("birthDate", quiet=True)}
    out = set()
    for name in plain_names(target):
        for entry_id in by_name.get(name, ()):
            other = entries[entry_id].entity
            other_years = {d[:4] for d in other.get("birthDate", quiet=True)}
            if entry_id != target_id and not (years and other_years and not years & other_years):
                out.add(entry_id)
    return frozenset(out)


def build_labelled_set(entries: dict[str, ListEntry], quick: bool) -> tuple[list[Query], set[str]]:
    glomag = [(i, e) for i, e in entries.items() if i.startswith("us:") and "GLOMAG" in e.programme_codes]
    # Negatives from programmes the Canada sample does not cover, so that none has a twin on the
    # other list (an alert on a twin would be right, not false).
    others = sorted(
        i
        for i, e in entries.items()
        if i.startswith("us:")
        and e.entity.schema.name == "Person"
        and not any(code.startswith(CANADA_THEMES) for code in e.programme_codes)
    )
    size = 60 if quick else 300
    earlier = DRAWS[DRAW]["exclude"]
    if earlier is not None:  # none of an earlier draw's negatives: they have been read
        taken = set(random.Random(DRAWS[earlier]["sample"]).sample(others, size))
        others = [i for i in others if i not in taken]
    held_out = set(random.Random(DRAWS[DRAW]["sample"]).sample(others, size))
    if quick:
        glomag = glomag[::4]
    queries: list[Query] = []
    by_name: dict[str, set[str]] = defaultdict(set)
    for entry_id, entry in entries.items():
        for name in plain_names(entry.entity):
            by_name[name].add(entry_id)

    def add(
        variant: str,
        entity_id: str | None,
        schema: str,
        name: str,
        bd: str | None,
        country: str | None,
        label: str,
        exclude: frozenset[str] = frozenset(),
        source: str = "",
    ) -> None:
        source = source or entity_id or ""
        plain = perpetrator(schema, name)
        queries.append(Query(variant, False, plain, entity_id, label, exclude, source))
        if bd or country:
            detailed = perpetrator(schema, name, bd, country)
            queries.append(Query(variant, True, detailed, entity_id, label, exclude, source))

    for entry_id, entry in glomag:
        entity = entry.entity
        is_person = entity.schema.name == "Person"
        bd = first(entity, "birthDate") if is_person else None
        country = first(entity, "nationality") if is_person else first(entity, "country")
        exclude = same_person(entries, by_name, entry_id)
        variants = person_variants(entry_id, entity) if is_person else org_variants(entry_id, entity)
        schema = "Person" if is_person else "Organization"
        for variant, name in variants:
            add(variant, entry_id, schema, name, bd, country, f"{name} -> {first(entity, 'name')}", exclude)

    # Canada JVCFOA people whose names have diacritics, typed without them.
    for entry_id, entry in entries.items():
        if entry_id.startswith("ca:JVCFOA") and entry.entity.schema.name == "Person":
            name = first(entry.entity, "name") or ""
            if strip_accents(name) != name and (not quick or zlib.crc32(entry_id.encode()) % 4 == 0):
                plain = title(strip_accents(name))
                add(
                    "no_diacritics",
                    entry_id,
                    "Person",
                    plain,
                    first(entry.entity, "birthDate"),
                    None,
                    f"{plain} -> {name}",
                    same_person(entries, by_name, entry_id),
                )

    # Negatives: held-out SDN people (kept out of the index).
    for entry_id in sorted(held_out):
        entity = entries[entry_id].entity
        name = title(first(entity, "name") or "")
        add(
            "negative_sdn",
            None,
            "Person",
            name,
            first(entity, "birthDate"),
            first(entity, "nationality"),
            name,
            same_person(entries, by_name, entry_id),
            source=entry_id,
        )

    # Decoys next to each GLOMAG individual.
    family_given: dict[str, set[str]] = defaultdict(set)
    given_pool: list[str] = []
    from rigour.text import metaphone

    for entry in entries.values():
        e = entry.entity
        if e.schema.name != "Person":
            continue
        given, family = first(e, "firstName"), first(e, "lastName")
        if given and family:
            for token in strip_accents(given).lower().split():
                family_given[strip_accents(family).lower()].add(metaphone(token))
            given_pool.append(given.split()[0])
    given_pool = sorted(set(given_pool))
    for entry_id, entry in glomag:
        e = entry.entity
        if e.schema.name != "Person":
            continue
        given, family = first(e, "firstName"), first(e, "lastName")
        if not given or not family:
            continue
        r = seeded(DRAWS[DRAW]["decoy"], entry_id)
        bd = first(e, "birthDate")
        year = int(bd[:4]) if bd else 1970
        other = year + r.choice([-1, 1]) * r.randint(6, 15)
        # "Another birth year" is 6-15 years from the first one; an entry listing a range of years
        # (Kayiira MUHAMMAD: 1963 to 1969) could get one of its own: redrawn away from all of them.
        listed = {int(d[:4]) for d in e.get("birthDate", quiet=True) if d[:4].isdigit()}
        for _ in range(100):
            if all(abs(other - y) >= 6 for y in listed):
                break
            other = year + r.choice([-1, 1]) * r.randint(6, 15 + len(listed))
        other_year = str(other)
        taken = countries(e)
        nationality = r.choice([c for c in DECOY_COUNTRIES if c not in taken])
        used = family_given[strip_accents(family).lower()]
        pool = [g for g in given_pool if metaphone(strip_accents(g).lower()) not in used and len(g) > 2]
        other_given = r.choice(pool)
        decoy = title(f"{other_given} {family}")
        queries.append(
            Query(
                "decoy_given",
                True,
                perpetrator("Person", decoy, other_year, nationality),
                None,
                decoy,
                source=entry_id,
            )
        )
        if bd and taken:
            homonym = title(first(e, "name") or "")
            # Its twins on the other list without a birth date or country cannot be told apart from it
            # by anything: an alert there is expected, and reported apart.
            queries.append(
                Query(
                    "decoy_homonym",
                    True,
                    perpetrator("Person", homonym, other_year, nationality),
                    None,
                    f"{homonym} b. {other_year} ({nationality}) vs b. {bd} ({', '.join(sorted(taken))})",
                    same_person(entries, by_name, entry_id),
                    entry_id,
                )
            )
    return queries, held_out


# --- Quality --------------------------------------------------------------------------------------
def evaluate(queries: list[Query], index: Any, limit: int, min_ratio: float) -> Figures:
    figures = Figures()
    for q in queries:
        started, cpu = time.perf_counter(), time.process_time()
        results = matching.screen(q.entity, index, limit=limit, min_ratio=min_ratio)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        alerts = [(i, r.score) for i, r in results if r.band == "likely"]
        scored = dict((i, r.score) for i, r in results)
        target_score, blocked, direct = None, False, None
        wide = index.candidates(matching.prepare(q.entity), 60, 0.0)
        if q.target is not None:
            candidates = {i for i, _ in index.candidates(matching.prepare(q.entity), limit, min_ratio)}
            blocked = q.target in candidates
            target_score = scored.get(q.target, 0.0 if blocked else None)
            direct = matching.score(q.entity, index.entity(q.target)).score
        figures.outcomes.append(Outcome(q, alerts, target_score, blocked, direct, wall, cpu, wide))
    return figures


def report_blocking(figures: Figures) -> None:
    """What other blocking settings would give: the target kept (and scoring >= 0.70), and how many
    candidates each query would score, from the wide candidate lists."""
    print("\n== Blocking settings (from the top-60 candidates of every query) ==")
    print(f"{'limit':>6}{'ratio':>7}{'kept':>8}{'recall':>8}{'scored/query':>14}")
    positives = [o for o in figures.outcomes if o.query.target is not None]
    for limit in (4, 6, 8, 10, 12, 16, 24):
        for ratio in (0.0, 0.3, 0.4, 0.5, 0.6):

            def cut(wide: list[tuple[str, float]], limit: int = limit, ratio: float = ratio) -> list[str]:
                if not wide:
                    return []
                floor = wide[0][1] * ratio
                return [i for i, w in wide[:limit] if w >= floor]

            kept = [o for o in positives if o.query.target in cut(o.wide)]
            hits = sum(1 for o in kept if (o.direct_score or 0) >= matching.LIKELY)
            scored = statistics.mean(len(cut(o.wide)) for o in figures.outcomes)
            print(
                f"{limit:>6}{ratio:>7.1f}{len(kept) / len(positives):>8.3f}{hits / len(positives):>8.3f}"
                f"{scored:>14.1f}"
            )


def rss_mb() -> float:
    """Current resident set size (Linux)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def false_alerts(o: Outcome) -> list[tuple[str, float]]:
    return [(i, score) for i, score in o.alerts if i not in o.query.exclude]


def half(query: Query) -> str:
    """The query's half of the split: by its source entry, so that a person's variants and decoys
    stay together. Rules and figures in matching.py were chosen on the tuning half only."""
    seed = DRAWS[DRAW]["split"]
    return "tuning" if zlib.crc32(f"{seed}|{query.source}".encode()) % 2 == 0 else "held-out"


def report_split(figures: Figures, recall: Any) -> None:
    print(f"\n== Split (draw {DRAW}, seed {DRAWS[DRAW]['split']!r}): tuning half / held-out half ==")
    print(f"{'half':<10}{'positives':>10}{'recall':>8}{'FA details':>18}{'FA name only':>18}")
    for name in ("tuning", "held-out"):
        outcomes = [o for o in figures.outcomes if half(o.query) == name]
        positives = [o for o in outcomes if o.query.target is not None]
        detailed = [o for o in outcomes if o.query.target is None and o.query.detailed]
        plain = [o for o in outcomes if o.query.target is None and not o.query.detailed]
        fa_d = sum(1 for o in detailed if false_alerts(o))
        fa_p = sum(1 for o in plain if false_alerts(o))
        print(
            f"{name:<10}{len(positives):>10}{recall(positives):>8.3f}"
            f"{f'{fa_d}/{len(detailed)} = {fa_d / max(1, len(detailed)):.2%}':>18}"
            f"{f'{fa_p}/{len(plain)} = {fa_p / max(1, len(plain)):.2%}':>18}"
        )
    variants = sorted({o.query.variant for o in figures.outcomes if o.query.target is not None})
    print("recall per variant, tuning / held-out:")
    for variant in variants:
        cells = []
        for name in ("tuning", "held-out"):
            os = [
                o
                for o in figures.outcomes
                if o.query.variant == variant and o.query.target is not None and half(o.query) == name
            ]
            cells.append(f"{recall(os):.3f} ({len(os)})")
        print(f"  {variant:<16}{cells[0]:>14}{cells[1]:>14}")


def report_quality(figures: Figures) -> None:
    positives = [o for o in figures.outcomes if o.query.target is not None]
    negatives = [o for o in figures.outcomes if o.query.target is None]
    print("\n== Quality at 0.70 (likely) ==")
    print(
        f"{'variant':<16}{'queries':>8}{'recall':>8}{'blocked':>9}{'scorer':>8}   (name only / with details)"
    )
    by_variant: dict[str, list[Outcome]] = defaultdict(list)
    for o in positives:
        by_variant[o.query.variant].append(o)

    def recall(os: list[Outcome]) -> float:
        return sum(1 for o in os if (o.target_score or 0) >= matching.LIKELY) / len(os) if os else 0.0

    for variant, os in by_variant.items():
        plain = [o for o in os if not o.query.detailed]
        detailed = [o for o in os if o.query.detailed]
        blocked = sum(o.blocked for o in os) / len(os)
        scorer = sum(1 for o in os if (o.direct_score or 0) >= matching.LIKELY) / len(os)
        print(
            f"{variant:<16}{len(os):>8}{recall(os):>8.3f}{blocked:>9.3f}{scorer:>8.3f}"
            f"   {recall(plain):.3f} / {recall(detailed):.3f}"
        )
    print(
        f"{'ALL positives':<16}{len(positives):>8}{recall(positives):>8.3f}"
        f"{sum(o.blocked for o in positives) / len(positives):>9.3f}"
        f"{sum(1 for o in positives if (o.direct_score or 0) >= matching.LIKELY) / len(positives):>8.3f}"
    )
    latin = [o for o in positives if o.query.variant not in ("arabic", "han")]
    print(f"{'Latin+Cyrillic':<16}{len(latin):>8}{recall(latin):>8.3f}")
    possible = sum(1 for o in positives if (o.target_score or 0) >= matching.POSSIBLE) / len(positives)
    print(f"  recall at 0.50 (possible or likely): {possible:.3f}")
    persons = [o for o in positives if o.query.entity.schema.name == "Person"]
    orgs = [o for o in positives if o.query.entity.schema.name != "Person"]
    print(
        f"  individuals {recall(persons):.3f} ({len(persons)}), "
        f"organisations {recall(orgs):.3f} ({len(orgs)})"
    )
    extra = [
        o for o in positives if any(i != o.query.target and i not in o.query.exclude for i, _ in o.alerts)
    ]
    print(f"  positive queries with an extra alert on another entry: {len(extra)} / {len(positives)}")

    print("\nFalse alerts (an entry >= 0.70 for a negative query; twins of the source entry not counted)")
    by_neg: dict[str, list[Outcome]] = defaultdict(list)
    for o in negatives:
        by_neg[o.query.variant + (" (details)" if o.query.detailed else " (name only)")].append(o)
    for variant, os in sorted(by_neg.items()):
        fa = sum(1 for o in os if false_alerts(o))
        twins = sum(1 for o in os if o.alerts and not false_alerts(o))
        print(f"  {variant:<28}{fa:>5} / {len(os):<5} = {fa / len(os):.3%}   (+{twins} on a twin)")
    counted = [o for o in negatives if o.query.detailed]
    fa = sum(1 for o in counted if false_alerts(o))
    print(
        f"  {'ALL with details':<28}{fa:>5} / {len(counted):<5} = {fa / max(1, len(counted)):.3%}"
        "   (target <= 1%)"
    )
    report_split(figures, recall)

    args_misses = 60
    print(f"\nMisses, name-only queries (first {args_misses}):")
    for o in [o for o in positives if (o.target_score or 0) < matching.LIKELY and not o.query.detailed][
        :args_misses
    ]:
        where = "not blocked" if not o.blocked else f"screen {o.target_score:.3f}"
        print(f"  [{o.query.variant}] {o.query.label}: {where}, direct {o.direct_score:.3f}")
    print("False alerts (first 25):")
    for o in [o for o in negatives if false_alerts(o)][:25]:
        print(
            f"  [{o.query.variant}{'+d' if o.query.detailed else ''}] {o.query.label}: {false_alerts(o)[:3]}"
        )


# --- Speed ----------------------------------------------------------------------------------------
def name_parts(entries: list[ListEntry]) -> tuple[list[str], list[str], list[str]]:
    given, family, org_words = [], [], []
    for entry in entries:
        e = entry.entity
        if e.schema.name == "Person":
            if g := first(e, "firstName"):
                given.append(g)
            if f := first(e, "lastName"):
                family.append(f)
        elif e.schema.name in ("Organization", "Company"):
            org_words.extend(w for w in (first(e, "name") or "").split() if len(w) > 2)
    return given, family, org_words


def synthetic_entity(r: random.Random, parts: tuple[list[str], list[str], list[str]], n: int) -> Any:
    from followthemoney import model

    given, family, words = parts
    if r.random() < 0.6:
        entity = model.make_entity("Person")
        g, f = r.choice(given), r.choice(family)
        entity.add("name", f"{g} {f.upper()}")
        entity.add("firstName", g)
        entity.add("lastName", f)
        if r.random() < 0.4:
            entity.add("alias", f"{r.choice(given)} {f.upper()}")
        entity.add("birthDate", f"{r.randint(1940, 1995)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}")
        entity.add("nationality", r.choice(DECOY_COUNTRIES))
    else:
        entity = model.make_entity("Organization")
        entity.add(
            "name", " ".join(r.choice(words) for _ in range(r.randint(2, 4))) + r.choice(["", " LTD", " LLC"])
        )
        entity.add("country", r.choice(DECOY_COUNTRIES))
    entity.id = f"synthetic-{n}"
    return entity


def perpetrators(r: random.Random, real: list[tuple[str, ListEntry]], parts: Any, count: int) -> list[Any]:
    out = []
    for n in range(count):
        if r.random() < 0.1:
            entry_id, entry = r.choice(real)
            e = entry.entity
            is_person = e.schema.name == "Person"
            base = title(first(e, "name") or "x")
            name = (typo(base, f"{entry_id}-{n}") or base) if r.random() < 0.5 else base
            out.append(
                perpetrator(
                    "Person" if is_person else "Organization",
                    name,
                    first(e, "birthDate") if is_person else None,
                )
            )
        else:
            s = synthetic_entity(r, parts, n)
            is_person = s.schema.name == "Person"
            out.append(
                perpetrator(
                    "Person" if is_person else "Organization",
                    first(s, "name") or "x",
                    first(s, "birthDate"),
                    first(s, "nationality") or first(s, "country"),
                )
            )
    return out


_SHARED: Any = None


def _rescreen_slice(index: Any, queries: list[Any], args: argparse.Namespace) -> tuple[int, int, int, float]:
    """(done, likely, possible, CPU seconds) for screening `queries` one by one, within --budget."""
    started, cpu = time.perf_counter(), time.process_time()
    done = alerts = possible = 0
    for q in queries:
        results = matching.screen(q, index, limit=args.limit, min_ratio=args.min_ratio)
        alerts += sum(1 for _, m in results if m.band == "likely")
        possible += sum(1 for _, m in results if m.band == "possible")
        done += 1
        if args.budget and time.perf_counter() - started > args.budget:
            break
    return done, alerts, possible, time.process_time() - cpu


def _rescreen_worker(n: int) -> tuple[int, int, int, float]:
    index, queries, args, workers = _SHARED
    return _rescreen_slice(index, queries[n::workers], args)


def rescreen(entries: list[tuple[str, ListEntry]], args: argparse.Namespace) -> None:
    print("\n== Rescreen ==")
    r = random.Random(7)
    real = [(i, e) for i, e in entries if e.entity.schema.name in ("Person", "Organization", "Company")]
    parts = name_parts([e for _, e in entries])
    started, cpu = time.perf_counter(), time.process_time()
    index = matching.new_index()
    for entry_id, entry in entries:
        index.add(entry_id, entry.entity)
    n = 0
    while len(index) < args.index_size:
        index.add(f"syn:{n}", synthetic_entity(r, parts, n))
        n += 1
    print(
        f"index: {len(index)} entries ({len(entries)} real, {n} synthetic) built in "
        f"{time.perf_counter() - started:.1f} s wall, {time.process_time() - cpu:.1f} s CPU; "
        f"RSS {rss_mb():.0f} MB"
    )
    queries = perpetrators(random.Random(11), real, parts, args.perpetrators)
    started = time.perf_counter()
    workers = max(1, args.workers)
    if workers == 1:
        totals = [_rescreen_slice(index, queries, args)]
    else:
        # Forked after the index is built: each worker (a job worker, in production) shares it
        # copy-on-write and screens every n-th perpetrator.
        import multiprocessing

        global _SHARED
        _SHARED = (index, queries, args, workers)
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            totals = pool.map(_rescreen_worker, range(workers))
    wall = time.perf_counter() - started
    done = sum(t[0] for t in totals)
    cpu = sum(t[3] for t in totals)
    alerts, possible = sum(t[1] for t in totals), sum(t[2] for t in totals)
    print(
        f"rescreened {done} perpetrators with {workers} worker(s) in {wall:.1f} s wall, {cpu:.1f} s CPU "
        f"in all{' (stopped by --budget)' if done < len(queries) else ''}   (target: 10,000 in < 60 s)"
    )
    if done < args.perpetrators:
        print(
            f"  extrapolated to {args.perpetrators}: {wall / done * args.perpetrators:.0f} s wall, "
            f"{cpu / done * args.perpetrators:.0f} s CPU"
        )
    print(f"  per perpetrator: {cpu / done * 1000:.1f} ms CPU; alerts: {alerts} likely, {possible} possible")
    sample = queries[: min(done, 1000)]
    cpu = time.process_time()
    scored = sum(len(index.candidates(matching.prepare(q), args.limit, args.min_ratio)) for q in sample)
    blocking_cpu = (time.process_time() - cpu) / len(sample)
    print(
        f"  blocking alone (prepare + keys + ranking): {blocking_cpu * 1000:.2f} ms CPU per perpetrator, "
        f"{scored / len(sample):.1f} candidates scored per perpetrator"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="a quarter of the labelled set, 2,000 perpetrators"
    )
    parser.add_argument("--budget", type=float, default=0, help="stop the rescreen after this many seconds")
    parser.add_argument("--perpetrators", type=int, default=10_000)
    parser.add_argument("--index-size", type=int, default=17_000)
    parser.add_argument("--limit", type=int, default=blocking.DEFAULT_LIMIT)
    parser.add_argument("--min-ratio", type=float, default=blocking.DEFAULT_MIN_RATIO)
    parser.add_argument(
        "--workers", type=int, default=2, help="processes for the rescreen (the machine has 2 cores)"
    )
    parser.add_argument(
        "--half",
        choices=("tuning", "held-out"),
        help="evaluate only this half of the split (tune with --half tuning: the held-out half unread)",
    )
    parser.add_argument(
        "--draw", type=int, choices=sorted(DRAWS), default=DRAW, help="which labelled set (see DRAWS)"
    )
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--skip-rescreen", action="store_true")
    args = parser.parse_args()
    globals()["DRAW"] = args.draw  # read by build_labelled_set() and half()
    if args.quick:
        args.perpetrators = min(args.perpetrators, 2_000)

    started = time.perf_counter()
    matching.warm_up()
    print(f"warm-up (logic-v2 name data): {time.perf_counter() - started:.1f} s; RSS {rss_mb():.0f} MB")
    print(
        f"nomenklatura {matching.algorithm_version()}, {matching.ALGORITHM}, profile {matching.PROFILE} "
        f"(fuzzy cutoff x{matching.FUZZY_CUTOFF_FACTOR}); blocking limit {args.limit}, "
        f"min ratio {args.min_ratio}"
    )
    entries, ofac_seconds = load_lists()
    print(
        f"lists: {len(entries)} entries (OFAC CSV set parsed in {ofac_seconds:.1f} s); RSS {rss_mb():.0f} MB"
    )
    by_id = dict(entries)

    if not args.skip_quality:
        queries, held_out = build_labelled_set(by_id, args.quick)
        if args.half:
            queries = [q for q in queries if half(q) == args.half]
        started = time.perf_counter()
        index = matching.new_index()
        for entry_id, entry in entries:
            if entry_id not in held_out:
                index.add(entry_id, entry.entity)
        print(
            f"quality index: {len(index)} entries in {time.perf_counter() - started:.1f} s, "
            f"{sum(len(index.keys(i)) for i in index)} blocking keys (rows for the DB); "
            f"{len(queries)} queries ({Counter(q.variant for q in queries)})"
        )
        figures = evaluate(queries, index, args.limit, args.min_ratio)
        report_quality(figures)
        report_blocking(figures)
        walls = [o.wall for o in figures.outcomes]
        cpus = [o.cpu for o in figures.outcomes]
        print(
            f"\n== Single check (screen one perpetrator, {len(walls)} queries) ==\n"
            f"wall p50 {pct(walls, 50) * 1000:.1f} ms, p95 {pct(walls, 95) * 1000:.1f} ms, "
            f"max {max(walls) * 1000:.0f} ms; CPU p50 {pct(cpus, 50) * 1000:.1f} ms, "
            f"p95 {pct(cpus, 95) * 1000:.1f} ms   (target p95 < 200 ms)"
        )
        del index

    if not args.skip_rescreen:
        rescreen(entries, args)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\npeak RSS: {peak:.0f} MB (this process), {children:.0f} MB (largest rescreen worker)")


if __name__ == "__main__":
    main()
