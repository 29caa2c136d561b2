"""Analytics: an organisation's consent to be named in the coalition's public aggregates.

Without a row (or with `named` false) the public export and the annual report group the organisation's
figures under "other organisations"; its own people still see its figures in full.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, utcnow


class AnalyticsPublication(Base):
    __tablename__ = "analytics_publication"

    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True)
    named: Mapped[bool] = mapped_column(default=False)
    updated_by: Mapped[str | None] = mapped_column(String(32))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
