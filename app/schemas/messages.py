"""Messages of the portal's own rules by code (readiness, sending, package refusals): the response models.

The templates, in each language, are data in app/jurisdictions/messages.py; the rules that raise the
messages are in app/workflows. Here so that the response schemas of several routers share one model.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

ParamValue = str | int | float | bool | list[str] | None
Params = dict[str, ParamValue]

CODE_DESCRIPTION = (
    "stable code of the message (snake_case; the templates in each language are in "
    "app/jurisdictions/messages.py): translate by it, never by the English text"
)
PARAMS_DESCRIPTION = (
    "the message's values by placeholder name: content paths (`abuse`, `perpetrator`, `field`, ...), "
    "a jurisdiction or regime code, enum values, dates, numbers or names"
)


class MessagePart(BaseModel):
    """A message by code: one of the details of a longer message ("…: detail; detail")."""

    code: str = Field(description=CODE_DESCRIPTION, examples=["needs_scale"])
    params: Params = Field(default_factory=dict, description=PARAMS_DESCRIPTION)


class Message(MessagePart):
    """A message of the portal's own rules: `code` and `params` (stable), `msg` in English (as before),
    `text` in the caller's language with content named by its labels."""

    details: list[MessagePart] = Field(
        default_factory=list, description="further messages the text adds after the main one, in order"
    )
    msg: str = Field(description="the message in English, with raw content paths (for older clients)")
    # Filled in by app.workflows.labels:
    text: str | None = Field(
        default=None, description="the message in the caller's language, content named by its labels"
    )
