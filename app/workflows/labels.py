"""Human labels for content paths, regimes and jurisdictions, in the caller's language.

The words are data in `app.jurisdictions` (content paths in `content_labels`, regimes and jurisdictions in
their own modules); this module turns a concrete path (`perpetrators[1].positions[0].title`, or a loc
`["perpetrators", 1, "positions", 0, "title"]`) into a label such as
"Perpetrator 2 (Ivan Petrov) › Position 1 › Position held", names items by their name (perpetrators) or
category (abuses) rather than their ids, and gives the key the editor's controls use
(`perpetrators.1.positions.0.title`). The portal's own messages (readiness warnings, reasons, why missing
content is needed) are rendered from their codes (`app.jurisdictions.messages`) with content named so.
"""

import re
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from app.jurisdictions import JURISDICTIONS, messages
from app.jurisdictions.content_labels import CATEGORY_LABELS, LANGS, PATH_LABELS, Lang
from app.models.cases import CaseFile
from app.schemas.messages import Message, MessagePart
from app.security.permissions import Principal
from app.workflows import cases
from app.workflows.content_diff import ContentChange
from app.workflows.readiness import JurisdictionReadiness, LabelledPerpetrator

SEPARATOR = " › "
_DEFAULT: Lang = "en"


def pick_lang(lang: str | None, accept_language: str | None) -> Lang:
    """`lang` if given (validated by the router), else the best of Accept-Language, else English."""
    for candidate in (lang, *_accepted(accept_language)):
        if candidate:
            base = candidate.split("-")[0].strip().lower()
            for known in LANGS:
                if base == known:
                    return known
    return _DEFAULT


def _accepted(header: str | None) -> list[str]:
    """Accept-Language tags by preference (RFC 9110 §12.5.4); q=0 means "not this one"."""
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate((header or "").split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if m := re.fullmatch(r"\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*", params):
            q = float(m[1])
        if tag and q > 0:
            ranked.append((-q, i, tag))
    return [tag for _, _, tag in sorted(ranked)]


_TOKEN = re.compile(r"\[(\d+)\]|\.?([^.\[\]]+)")


def parse_path(path: str) -> list[str | int]:
    """`perpetrators[1].positions[0].title` (or `perpetrators.1.positions`) as a loc."""
    out: list[str | int] = []
    for m in _TOKEN.finditer(path):
        if m[1] is not None:
            out.append(int(m[1]))
        else:
            out.append(int(m[2]) if m[2].isdigit() else m[2])
    return out


def field_key(loc: Sequence[str | int]) -> str:
    """The editor's key of the control for this loc: `perpetrators.0.nationality`."""
    return ".".join(str(part) for part in loc)


def pattern(loc: Sequence[str | int]) -> str:
    """The label key of a loc: indices become `[]`, a jurisdiction's key `*`."""
    out = ""
    for i, part in enumerate(loc):
        if isinstance(part, int):
            out += "[]"
        elif i > 0 and loc[i - 1] == "jurisdictions":
            out += ".*"
        else:
            out += f".{part}" if out else part
    return out


class Labeller:
    """Labels in one language for the paths of one case's content (a `model_dump(mode="json")` dict)."""

    def __init__(self, content: Mapping[str, Any] | None, lang: Lang) -> None:
        self.content: Mapping[str, Any] = content or {}
        self.lang = lang

    def label(self, loc: Sequence[str | int], lang: Lang | None = None) -> str:
        lang = lang or self.lang
        segments: list[str] = []
        for i, part in enumerate(loc):
            prefix = loc[:i]
            key = pattern(loc[: i + 1])
            if isinstance(part, int):
                # "Perpetrators" then "[1]" reads as one segment: "Perpetrator 2 (Ivan Petrov)".
                if segments:
                    segments.pop()
                segments.append(self._item(prefix, part, key, lang))
            elif i > 0 and loc[i - 1] == "jurisdictions":
                if segments:
                    segments.pop()
                j = JURISDICTIONS.get(str(part))
                segments.append(j.label(lang) if j else str(part))
            else:
                segments.append(_text(key, lang) or str(part))
        return SEPARATOR.join(segments)

    def _item(self, prefix: Sequence[str | int], index: int, key: str, lang: Lang) -> str:
        noun = _text(key, lang) or str(prefix[-1] if prefix else "")
        text = f"{noun} {index + 1}"
        item = _get(self.content, [*prefix, index])
        if not isinstance(item, Mapping) or len(prefix) != 1:
            return text
        if prefix[0] == "perpetrators" and isinstance(item.get("name"), str) and item["name"].strip():
            return f"{text} ({item['name'].strip()})"
        if prefix[0] == "abuses" and (cat := CATEGORY_LABELS.get(str(item.get("category")))):
            return f"{text} ({cat[lang]})"
        return text

    def message(self, m: Message) -> str:
        """A coded message in this labeller's language, content named by its labels."""
        return messages.compose(self._render(m), [(d.code, self._render(d)) for d in m.details], self.lang)

    def _render(self, m: MessagePart) -> str:
        return messages.render(
            m.code, m.params, self.lang, path_label=self.path_label, regime_label=regime_label
        )

    def path_label(self, path: str) -> str:
        return self.label(parse_path(path))

    def perpetrator(self, perpetrator_id: str) -> str:
        for i, item in enumerate(self.content.get("perpetrators") or []):
            if isinstance(item, Mapping) and item.get("id") == perpetrator_id:
                return self.label(["perpetrators", i])
        return perpetrator_id


def _text(key: str, lang: Lang) -> str | None:
    labels = PATH_LABELS.get(key)
    return labels[lang] if labels else None


def _get(node: Any, loc: Sequence[str | int]) -> Any:
    for part in loc:
        if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
            node = node[part]
        elif isinstance(part, str) and isinstance(node, Mapping):
            node = node.get(part)
        else:
            return None
    return node


def label_readiness(
    result: dict[str, JurisdictionReadiness], content: Mapping[str, Any] | None, lang: Lang
) -> dict[str, JurisdictionReadiness]:
    """The readiness answer with labels (in `lang`) and editor keys on everything that names content."""
    labeller = Labeller(content, lang)
    for code, r in result.items():
        j = JURISDICTIONS[code]
        r.label = j.label(lang)
        for item in r.missing_items:
            loc = parse_path(item.path)
            item.field, item.label = field_key(loc), labeller.label(loc)
            item.text = messages.render(item.code, item.params, lang, path_label=labeller.path_label)
        for w in r.warnings:
            w.field = field_key(w.loc)
            w.label = labeller.label(w.loc)
            w.text = labeller.message(w)
        for reason in r.reason_details:
            reason.text = labeller.message(reason)
        r.reason_texts = [reason.text or reason.msg for reason in r.reason_details]
        for regime in r.eligible_regimes:
            regime.label = j.regime(regime.code).label(lang)
            regime.perpetrators = [
                LabelledPerpetrator(id=pid, label=labeller.perpetrator(pid)) for pid in regime.perpetrator_ids
            ]
            for abuse in regime.abuses:
                abuse.label = labeller.label(parse_path(abuse.path))
    return result


def regime_label(code: str, lang: Lang) -> str:
    """A regime's name in `lang`, by its code (the code itself if no jurisdiction has it)."""
    for j in JURISDICTIONS.values():
        for regime in j.regimes:
            if regime.code == code:
                return regime.label(lang)
    return code


def label_changes(
    changes: list[ContentChange],
    old: Mapping[str, Any] | None,
    new: Mapping[str, Any] | None,
    lang: Lang,
) -> list[dict[str, Any]]:
    """Diff entries with `label` and `field`; a removed item is named as it was, the rest as they are."""
    before, after = Labeller(old, lang), Labeller(new, lang)
    out: list[dict[str, Any]] = []
    for change in changes:
        loc = parse_path(change["path"])
        labeller = before if change["op"] == "removed" else after
        out.append({**change, "label": labeller.label(loc), "field": field_key(loc)})
    return out


def case_readiness(case: CaseFile, targets: list[str] | None, lang: Lang) -> dict[str, JurisdictionReadiness]:
    """`cases.case_readiness` with labels in `lang`."""
    return label_readiness(cases.case_readiness(case, targets), case.content, lang)


def case_diff(
    db: Session, p: Principal, case_id: str, from_number: int, to_number: int, lang: Lang
) -> list[dict[str, Any]]:
    """`cases.diff` with labels in `lang` (items named as they were in the revision that has them)."""
    case = cases.get_case(db, p, case_id)
    changes = cases.diff_revisions(db, p, case, from_number, to_number)
    old = cases.revision(db, p, case_id, from_number).content
    new = cases.revision(db, p, case_id, to_number).content
    return label_changes(changes, old, new, lang)
