"""A client library for accessing Sanctions coalition case-file portal"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
