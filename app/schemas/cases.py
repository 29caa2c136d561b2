"""Request/response models for case files."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.models.cases import CaseStatus
from app.schemas.case_content import CaseTitle


class CaseSort(StrEnum):
    """How a list of case files is ordered: by a column, ascending, or descending with a leading `-`."""

    # The columns of app.workflows.cases.SORT_COLUMNS (tests/api/test_openapi_contract.py keeps them equal).
    updated_at = "updated_at"
    updated_at_desc = "-updated_at"
    created_at = "created_at"
    created_at_desc = "-created_at"
    title_asc = "title"  # (`title` is str's method)
    title_desc = "-title"
    status_changed_at = "status_changed_at"
    status_changed_at_desc = "-status_changed_at"


class CaseCreateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: CaseTitle
    target_jurisdictions: list[str] = Field(default_factory=list, max_length=4)
    # Validated by the workflow so that errors carry full paths (body.content....) and drafts may be partial.
    content: dict[str, Any] = Field(default_factory=dict)


class CaseUpdateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: CaseTitle | None = None
    target_jurisdictions: list[str] | None = Field(default=None, max_length=4)
    content: dict[str, Any] | None = None


class WithdrawIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str | None = Field(default=None, max_length=2000)


class CaseSummaryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    org_id: str
    title: str
    status: CaseStatus
    target_jurisdictions: list[str]
    version: int
    revision_number: int
    created_at: datetime
    updated_at: datetime
    status_changed_at: datetime
    first_submitted_at: datetime | None


class CaseOut(CaseSummaryOut):
    content: dict[str, Any]
    allowed_transitions: list[str] = Field(default_factory=list)


class CaseListOut(BaseModel):
    items: list[CaseSummaryOut]
    next_cursor: str | None
    counts: dict[str, int]


class RevisionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    number: int
    title: str
    content_hash: str
    author_id: str | None
    author_token_id: str | None
    autosave: bool
    created_at: datetime


class RevisionDetailOut(RevisionOut):
    target_jurisdictions: list[str]
    content: dict[str, Any]


class ChangeOut(BaseModel):
    section: str
    path: str
    op: str
    old: Any = None
    new: Any = None
    label: str | None = Field(default=None, description="the path in words, in the caller's language")
    field: str | None = Field(default=None, description="the editor's key: perpetrators.0.name")


class DiffOut(BaseModel):
    from_revision: int
    to_revision: int
    changes: list[ChangeOut]
    sections: dict[str, int]
