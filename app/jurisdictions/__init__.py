"""Registry of the jurisdictions the coalition submits to (data in one module per jurisdiction)."""

from app.jurisdictions.base import Jurisdiction, Regime, RequiredContent
from app.jurisdictions.ca import CA
from app.jurisdictions.eu import EU
from app.jurisdictions.uk import UK
from app.jurisdictions.us import US
from app.schemas.case_content import JURISDICTION_CODES

JURISDICTIONS: dict[str, Jurisdiction] = {j.code: j for j in (US, UK, CA, EU)}
# The content model's per-jurisdiction keys and this registry must name the same jurisdictions.
if tuple(JURISDICTIONS) != JURISDICTION_CODES:
    raise RuntimeError("app.jurisdictions and CaseContent disagree on the jurisdiction codes")


def get(code: str) -> Jurisdiction:
    """The jurisdiction with this code ("us", "uk", "ca", "eu"); KeyError if there is none."""
    try:
        return JURISDICTIONS[code]
    except KeyError:
        raise KeyError(f"unknown jurisdiction {code!r}; known: {', '.join(JURISDICTIONS)}") from None


__all__ = ["JURISDICTIONS", "Jurisdiction", "Regime", "RequiredContent", "get"]
