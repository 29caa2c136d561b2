from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.revision_detail_out import RevisionDetailOut
from ...types import Response


def _get_kwargs(
    case_id: str,
    number: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/cases/{case_id}/revisions/{number}".format(
            case_id=quote(str(case_id), safe=""),
            number=quote(str(number), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | RevisionDetailOut | None:
    if response.status_code == 200:
        response_200 = RevisionDetailOut.from_dict(response.json())

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
) -> Response[Problem | RevisionDetailOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    case_id: str,
    number: int,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Problem | RevisionDetailOut]:
    """Get Revision

    Args:
        case_id (str):
        number (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RevisionDetailOut]
    """

    kwargs = _get_kwargs(
        case_id=case_id,
        number=number,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    case_id: str,
    number: int,
    *,
    client: AuthenticatedClient | Client,
) -> Problem | RevisionDetailOut | None:
    """Get Revision

    Args:
        case_id (str):
        number (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RevisionDetailOut
    """

    return sync_detailed(
        case_id=case_id,
        number=number,
        client=client,
    ).parsed


async def asyncio_detailed(
    case_id: str,
    number: int,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Problem | RevisionDetailOut]:
    """Get Revision

    Args:
        case_id (str):
        number (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RevisionDetailOut]
    """

    kwargs = _get_kwargs(
        case_id=case_id,
        number=number,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    case_id: str,
    number: int,
    *,
    client: AuthenticatedClient | Client,
) -> Problem | RevisionDetailOut | None:
    """Get Revision

    Args:
        case_id (str):
        number (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RevisionDetailOut
    """

    return (
        await asyncio_detailed(
            case_id=case_id,
            number=number,
            client=client,
        )
    ).parsed
