"""Designation events: a webhook event and, where people must hear of it, in-app and e-mail notices.

`designation.confirmed`, `designation.rejected` and `designation.delisted` are domain events
(app.workflows.events.EVENTS) like the others: `announce` is one `emit`. The notification kind is
"designation" (app.workflows.notifications.KINDS), which people can mute like any other. Who hears:
the case's authors and its assigned coordinator, for a designation recorded without a submission
(with one, `submission.status_changed` already tells) and for a delisting; a rejection tells nobody.
The `notice` (who, which list) is the in-app title and body; webhooks and e-mails never carry it
(webhooks.payload_for keeps identifiers, mail subjects the kind and the case's id).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.models.cases import CaseFile
from app.security.permissions import Principal
from app.workflows import events

KIND = "designation"


def announce(
    db: Session,
    event: str,
    case: CaseFile,
    *,
    actor: Principal | None,
    data: dict[str, Any],
    notice: str | None = None,
) -> None:
    """Emit `event` for `case`: its webhooks hear of it; with `notice`, also its people."""
    events.emit(db, event, case, actor=actor, data={**data, "notice": notice} if notice else data)
