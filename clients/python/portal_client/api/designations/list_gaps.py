from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.gaps_out import GapsOut
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    designating: None | str | Unset = UNSET,
    missing: None | str | Unset = UNSET,
    programme: None | str | Unset = UNSET,
    country: None | str | Unset = UNSET,
    year: int | None | Unset = UNSET,
    limit: int | Unset = 100,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_designating: None | str | Unset
    if isinstance(designating, Unset):
        json_designating = UNSET
    else:
        json_designating = designating
    params["designating"] = json_designating

    json_missing: None | str | Unset
    if isinstance(missing, Unset):
        json_missing = UNSET
    else:
        json_missing = missing
    params["missing"] = json_missing

    json_programme: None | str | Unset
    if isinstance(programme, Unset):
        json_programme = UNSET
    else:
        json_programme = programme
    params["programme"] = json_programme

    json_country: None | str | Unset
    if isinstance(country, Unset):
        json_country = UNSET
    else:
        json_country = country
    params["country"] = json_country

    json_year: int | None | Unset
    if isinstance(year, Unset):
        json_year = UNSET
    else:
        json_year = year
    params["year"] = json_year

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/designations/gaps",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GapsOut | Problem | None:
    if response.status_code == 200:
        response_200 = GapsOut.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

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
) -> Response[GapsOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    designating: None | str | Unset = UNSET,
    missing: None | str | Unset = UNSET,
    programme: None | str | Unset = UNSET,
    country: None | str | Unset = UNSET,
    year: int | None | Unset = UNSET,
    limit: int | Unset = 100,
    cursor: None | str | Unset = UNSET,
) -> Response[GapsOut | Problem]:
    """List Gaps

     People and entities on one jurisdiction's Magnitsky-style list who are not on the others'.

    Args:
        designating (None | str | Unset):
        missing (None | str | Unset):
        programme (None | str | Unset):
        country (None | str | Unset):
        year (int | None | Unset): year of listing
        limit (int | Unset):  Default: 100.
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GapsOut | Problem]
    """

    kwargs = _get_kwargs(
        designating=designating,
        missing=missing,
        programme=programme,
        country=country,
        year=year,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    designating: None | str | Unset = UNSET,
    missing: None | str | Unset = UNSET,
    programme: None | str | Unset = UNSET,
    country: None | str | Unset = UNSET,
    year: int | None | Unset = UNSET,
    limit: int | Unset = 100,
    cursor: None | str | Unset = UNSET,
) -> GapsOut | Problem | None:
    """List Gaps

     People and entities on one jurisdiction's Magnitsky-style list who are not on the others'.

    Args:
        designating (None | str | Unset):
        missing (None | str | Unset):
        programme (None | str | Unset):
        country (None | str | Unset):
        year (int | None | Unset): year of listing
        limit (int | Unset):  Default: 100.
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GapsOut | Problem
    """

    return sync_detailed(
        client=client,
        designating=designating,
        missing=missing,
        programme=programme,
        country=country,
        year=year,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    designating: None | str | Unset = UNSET,
    missing: None | str | Unset = UNSET,
    programme: None | str | Unset = UNSET,
    country: None | str | Unset = UNSET,
    year: int | None | Unset = UNSET,
    limit: int | Unset = 100,
    cursor: None | str | Unset = UNSET,
) -> Response[GapsOut | Problem]:
    """List Gaps

     People and entities on one jurisdiction's Magnitsky-style list who are not on the others'.

    Args:
        designating (None | str | Unset):
        missing (None | str | Unset):
        programme (None | str | Unset):
        country (None | str | Unset):
        year (int | None | Unset): year of listing
        limit (int | Unset):  Default: 100.
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GapsOut | Problem]
    """

    kwargs = _get_kwargs(
        designating=designating,
        missing=missing,
        programme=programme,
        country=country,
        year=year,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    designating: None | str | Unset = UNSET,
    missing: None | str | Unset = UNSET,
    programme: None | str | Unset = UNSET,
    country: None | str | Unset = UNSET,
    year: int | None | Unset = UNSET,
    limit: int | Unset = 100,
    cursor: None | str | Unset = UNSET,
) -> GapsOut | Problem | None:
    """List Gaps

     People and entities on one jurisdiction's Magnitsky-style list who are not on the others'.

    Args:
        designating (None | str | Unset):
        missing (None | str | Unset):
        programme (None | str | Unset):
        country (None | str | Unset):
        year (int | None | Unset): year of listing
        limit (int | Unset):  Default: 100.
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GapsOut | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            designating=designating,
            missing=missing,
            programme=programme,
            country=country,
            year=year,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
