"""Comment anchors: a new thread's section path must point into the revision it is made on.

A path such as `perpetrators[1].positions` names fields of the case-file schema and items of lists.
List items must exist in the revision (`perpetrators[99999]` does not); a field may be empty, since
a reviewer asks for what is missing (`perpetrators[0].birth_date`, `jurisdictions.uk.impact_argument`,
as readiness names them), but it must be a field the schema has.
"""

from __future__ import annotations

import re
from types import UnionType
from typing import Annotated, Any, NoReturn, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from app.errors import Invalid
from app.models.cases import CaseFile
from app.schemas.case_content import CaseContent, JurisdictionCode

_SEGMENT = re.compile(r"\[(\d+)\]|\.([a-z_]+)")
# Sections of the review rather than fields of the case file: nothing below them to point at.
_REVIEW_SECTIONS = frozenset({"evidence", "general"})


class _Case(BaseModel):
    """The fields a path can start with: the case file's own, then its content's."""

    title: str
    target_jurisdictions: list[JurisdictionCode]


def check_anchor(case: CaseFile, path: str) -> str:
    """`path` (already well-formed) if it points into the case's current revision; Invalid otherwise."""
    head = re.match(r"[a-z_]+", path)
    if head is None:
        _refuse(path, "is not a section path")
    name = head.group(0)
    rest = path[head.end() :]
    segments = _SEGMENT.findall(rest)
    if "".join(f"[{i}]" if i else f".{f}" for i, f in segments) != rest:
        _refuse(path, "is not a section path")
    if name in _REVIEW_SECTIONS:
        if rest:
            _refuse(path, f"{name} has no parts to point at")
        return path
    data: dict[str, Any] = {
        "title": case.title,
        "target_jurisdictions": case.target_jurisdictions,
        **(case.content or {}),
    }
    kind: Any = _Case if name in _Case.model_fields else CaseContent
    value: Any = data
    where = ""
    for index, field in [("", name), *segments]:
        kind = _unwrap(kind)
        if index:
            if get_origin(kind) not in (list, set, frozenset, tuple):
                _refuse(path, f"{where} is not a list")
            if not isinstance(value, list) or int(index) >= len(value):
                _refuse(path, f"{where}[{index}] does not exist in revision {case.revision_number}")
            kind, value = get_args(kind)[0], value[int(index)]
            where += f"[{index}]"
            continue
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            found = next(((key, f) for key, f in kind.model_fields.items() if field in (key, f.alias)), None)
            if found is None:
                _refuse(path, f"{where or 'the case file'} has no field {field!r}")
            key, info = found
            kind = info.annotation
            stored = value if isinstance(value, dict) else {}
            value = stored.get(info.alias or key, stored.get(key))
        elif get_origin(kind) is dict:
            key_type, kind = get_args(kind)
            try:
                TypeAdapter(key_type).validate_python(field)
            except ValidationError:
                _refuse(path, f"{where} has no entry {field!r}")
            value = value.get(field) if isinstance(value, dict) else None
        else:
            _refuse(path, f"{where} has no parts to point at")
        where += f".{field}" if where else field
    return path


def _unwrap(kind: Any) -> Any:
    """The type under Annotated[…] and Optional[…]."""
    while True:
        origin = get_origin(kind)
        if origin is Annotated:
            kind = get_args(kind)[0]
        elif origin in (Union, UnionType):
            args = [a for a in get_args(kind) if a is not type(None)]
            if len(args) != 1:
                return kind
            kind = args[0]
        else:
            return kind


def _refuse(path: str, why: str) -> NoReturn:
    raise Invalid(
        f"The comment's anchor {path!r} points at nothing in this revision",
        errors=[{"loc": ["body", "path"], "msg": why}],
    )
