"""The change feed: `GET /events?after=<cursor>` (rules: app/workflows/change_feed.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from app.api.deps import Permission, PrincipalDep, SessionDep
from app.schemas.integrations import FeedCaseOut, FeedEventOut, FeedPageOut
from app.workflows import change_feed

router = APIRouter(tags=["integrations"])


@router.get("/events", response_model=FeedPageOut, dependencies=[Depends(Permission("cases:read"))])
def list_events(
    p: PrincipalDep,
    db: SessionDep,
    after: Annotated[
        str | None,
        Query(max_length=200, description="The `next_cursor` of the previous page; none: the oldest kept."),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=change_feed.MAX_LIMIT)] = 100,
) -> FeedPageOut:
    """The events webhooks carry, for your organisation, in order: follow `next_cursor` to catch up."""
    page = change_feed.page(db, p, after, limit)
    return FeedPageOut(
        events=[
            FeedEventOut(
                cursor=page.cursor_of(e),
                event_id=str(e.payload.get("event_id", e.seq)),
                event=e.event,
                occurred_at=e.occurred_at,
                case=FeedCaseOut.model_validate(e.payload.get("case", {})),
                data=dict(e.payload.get("data", {})),
            )
            for e in page.events
        ],
        next_cursor=page.next_cursor,
        has_more=page.has_more,
    )
