from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.timestamp_out import TimestampOut
from ...types import Response


def _get_kwargs(
    evidence_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/evidence/{evidence_id}/timestamp".format(
            evidence_id=quote(str(evidence_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | TimestampOut | None:
    if response.status_code == 200:
        response_200 = TimestampOut.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | TimestampOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    evidence_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Problem | TimestampOut]:
    """Get Timestamp

     The RFC 3161 token over the original's SHA-256 and its check. With `Accept:
    application/timestamp-reply`, the TSA's reply itself (DER), for `openssl ts -verify -in`.

    Args:
        evidence_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TimestampOut]
    """

    kwargs = _get_kwargs(
        evidence_id=evidence_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    evidence_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Problem | TimestampOut | None:
    """Get Timestamp

     The RFC 3161 token over the original's SHA-256 and its check. With `Accept:
    application/timestamp-reply`, the TSA's reply itself (DER), for `openssl ts -verify -in`.

    Args:
        evidence_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TimestampOut
    """

    return sync_detailed(
        evidence_id=evidence_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    evidence_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Problem | TimestampOut]:
    """Get Timestamp

     The RFC 3161 token over the original's SHA-256 and its check. With `Accept:
    application/timestamp-reply`, the TSA's reply itself (DER), for `openssl ts -verify -in`.

    Args:
        evidence_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TimestampOut]
    """

    kwargs = _get_kwargs(
        evidence_id=evidence_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    evidence_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Problem | TimestampOut | None:
    """Get Timestamp

     The RFC 3161 token over the original's SHA-256 and its check. With `Accept:
    application/timestamp-reply`, the TSA's reply itself (DER), for `openssl ts -verify -in`.

    Args:
        evidence_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TimestampOut
    """

    return (
        await asyncio_detailed(
            evidence_id=evidence_id,
            client=client,
        )
    ).parsed
