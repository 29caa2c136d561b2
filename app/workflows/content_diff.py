"""Structural diff of two case-content revisions, as JSON-like dicts (`model_dump(mode="json")`).

List items that carry an `id` are matched by it, so reordering perpetrators or abuses is not reported as
churn; other lists (aliases, nationality...) are compared index by index. A missing key and `None` are the
same ("not filled in"). An added or removed subtree is reported once, at its root, with its whole value.
"""

from collections.abc import Iterator
from typing import Any, Literal, TypedDict


class ContentChange(TypedDict):
    section: str  # top-level key: "perpetrators", "abuses", "jurisdictions", ...
    path: str  # "perpetrators[1].positions[0].title"; list indices are those of `new` (of `old` if removed)
    op: Literal["added", "removed", "changed"]
    old: Any
    new: Any


def diff_content(old: dict[str, Any], new: dict[str, Any]) -> list[ContentChange]:
    return [
        ContentChange(section=str(path[0]), path=_format(path), op=op, old=o, new=n)
        for path, op, o, n in _diff(old, new, ())
    ]


_Path = tuple[str | int, ...]
_Change = tuple[_Path, Literal["added", "removed", "changed"], Any, Any]


def _format(path: _Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _diff(old: Any, new: Any, path: _Path) -> Iterator[_Change]:
    if old is None and new is None:
        return
    if old is None:
        yield path, "added", None, new
    elif new is None:
        yield path, "removed", old, None
    elif isinstance(old, dict) and isinstance(new, dict):
        for key in [*old, *(k for k in new if k not in old)]:
            yield from _diff(old.get(key), new.get(key), (*path, key))
    elif isinstance(old, list) and isinstance(new, list):
        yield from _diff_list(old, new, path)
    elif type(old) is not type(new) or old != new:  # 1 vs True vs 1.0 are different values in content
        yield path, "changed", old, new


def _ids(items: list[Any]) -> list[Any] | None:
    """The items' ids if every item is a dict with a distinct, non-empty id ([] for []); else None."""
    ids = [item.get("id") if isinstance(item, dict) else None for item in items]
    if any(i is None or i == "" or isinstance(i, dict | list) for i in ids) or len(set(ids)) != len(ids):
        return None
    return ids


def _diff_list(old: list[Any], new: list[Any], path: _Path) -> Iterator[_Change]:
    old_ids, new_ids = _ids(old), _ids(new)
    if old_ids is None or new_ids is None:
        for i in range(max(len(old), len(new))):
            yield from _diff(old[i] if i < len(old) else None, new[i] if i < len(new) else None, (*path, i))
        return
    old_by_id = dict(zip(old_ids, old, strict=True))
    new_set = set(new_ids)
    for i, item in enumerate(old):
        if old_ids[i] not in new_set:
            yield (*path, i), "removed", item, None
    for i, (item_id, item) in enumerate(zip(new_ids, new, strict=True)):
        if item_id in old_by_id:
            yield from _diff(old_by_id[item_id], item, (*path, i))
        else:
            yield (*path, i), "added", None, item
