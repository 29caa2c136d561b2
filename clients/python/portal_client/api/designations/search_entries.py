from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.entries_out import EntriesOut
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    name: str,
    *,
    q: None | str | Unset = UNSET,
    programme: None | str | Unset = UNSET,
    magnitsky: bool | None | Unset = UNSET,
    schema: None | str | Unset = UNSET,
    country: None | str | Unset = UNSET,
    include_removed: bool | Unset = False,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_q: None | str | Unset
    if isinstance(q, Unset):
        json_q = UNSET
    else:
        json_q = q
    params["q"] = json_q

    json_programme: None | str | Unset
    if isinstance(programme, Unset):
        json_programme = UNSET
    else:
        json_programme = programme
    params["programme"] = json_programme

    json_magnitsky: bool | None | Unset
    if isinstance(magnitsky, Unset):
        json_magnitsky = UNSET
    else:
        json_magnitsky = magnitsky
    params["magnitsky"] = json_magnitsky

    json_schema: None | str | Unset
    if isinstance(schema, Unset):
        json_schema = UNSET
    else:
        json_schema = schema
    params["schema"] = json_schema

    json_country: None | str | Unset
    if isinstance(country, Unset):
        json_country = UNSET
    else:
        json_country = country
    params["country"] = json_country

    params["include_removed"] = include_removed

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
        "url": "/api/v1/lists/{name}/entries".format(
            name=quote(str(name), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EntriesOut | Problem | None:
    if response.status_code == 200:
        response_200 = EntriesOut.from_dict(response.json())

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
) -> Response[EntriesOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    name: str,
    *,
    client: AuthenticatedClient | Client,
    q: None | str | Unset = UNSET,
    programme: None | str | Unset = UNSET,
    magnitsky: bool | None | Unset = UNSET,
    schema: None | str | Unset = UNSET,
    country: None | str | Unset = UNSET,
    include_removed: bool | Unset = False,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[EntriesOut | Problem]:
    """Search Entries

    Args:
        name (str):
        q (None | str | Unset): names in any script, or the list's id
        programme (None | str | Unset):
        magnitsky (bool | None | Unset):
        schema (None | str | Unset):
        country (None | str | Unset):
        include_removed (bool | Unset):  Default: False.
        limit (int | Unset):  Default: 50.
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EntriesOut | Problem]
    """

    kwargs = _get_kwargs(
        name=name,
        q=q,
        programme=programme,
        magnitsky=magnitsky,
        schema=schema,
        country=country,
        include_removed=include_removed,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    name: str,
    *,
    client: AuthenticatedClient | Client,
    q: None | str | Unset = UNSET,
    programme: None | str | Unset = UNSET,
    magnitsky: bool | None | Unset = UNSET,
    schema: None | str | Unset = UNSET,
    country: None | str | Unset = UNSET,
    include_removed: bool | Unset = False,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> EntriesOut | Problem | None:
    """Search Entries

    Args:
        name (str):
        q (None | str | Unset): names in any script, or the list's id
        programme (None | str | Unset):
        magnitsky (bool | None | Unset):
        schema (None | str | Unset):
        country (None | str | Unset):
        include_removed (bool | Unset):  Default: False.
        limit (int | Unset):  Default: 50.
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EntriesOut | Problem
    """

    return sync_detailed(
        name=name,
        client=client,
        q=q,
        programme=programme,
        magnitsky=magnitsky,
        schema=schema,
        country=country,
        include_removed=include_removed,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    name: str,
    *,
    client: AuthenticatedClient | Client,
    q: None | str | Unset = UNSET,
    programme: None | str | Unset = UNSET,
    magnitsky: bool | None | Unset = UNSET,
    schema: None | str | Unset = UNSET,
    country: None | str | Unset = UNSET,
    include_removed: bool | Unset = False,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[EntriesOut | Problem]:
    """Search Entries

    Args:
        name (str):
        q (None | str | Unset): names in any script, or the list's id
        programme (None | str | Unset):
        magnitsky (bool | None | Unset):
        schema (None | str | Unset):
        country (None | str | Unset):
        include_removed (bool | Unset):  Default: False.
        limit (int | Unset):  Default: 50.
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EntriesOut | Problem]
    """

    kwargs = _get_kwargs(
        name=name,
        q=q,
        programme=programme,
        magnitsky=magnitsky,
        schema=schema,
        country=country,
        include_removed=include_removed,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    name: str,
    *,
    client: AuthenticatedClient | Client,
    q: None | str | Unset = UNSET,
    programme: None | str | Unset = UNSET,
    magnitsky: bool | None | Unset = UNSET,
    schema: None | str | Unset = UNSET,
    country: None | str | Unset = UNSET,
    include_removed: bool | Unset = False,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> EntriesOut | Problem | None:
    """Search Entries

    Args:
        name (str):
        q (None | str | Unset): names in any script, or the list's id
        programme (None | str | Unset):
        magnitsky (bool | None | Unset):
        schema (None | str | Unset):
        country (None | str | Unset):
        include_removed (bool | Unset):  Default: False.
        limit (int | Unset):  Default: 50.
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EntriesOut | Problem
    """

    return (
        await asyncio_detailed(
            name=name,
            client=client,
            q=q,
            programme=programme,
            magnitsky=magnitsky,
            schema=schema,
            country=country,
            include_removed=include_removed,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
