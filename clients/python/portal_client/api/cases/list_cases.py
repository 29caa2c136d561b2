from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.abuse_category import AbuseCategory
from ...models.case_list_out import CaseListOut
from ...models.case_sort import CaseSort
from ...models.case_status import CaseStatus
from ...models.problem import Problem
from ...models.victim_group import VictimGroup
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: list[CaseStatus] | None | Unset = UNSET,
    jurisdiction: None | str | Unset = UNSET,
    category: AbuseCategory | None | Unset = UNSET,
    victim_group: None | Unset | VictimGroup = UNSET,
    country: None | str | Unset = UNSET,
    q: None | str | Unset = UNSET,
    sort: CaseSort | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: list[str] | None | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, list):
        json_status = []
        for status_type_0_item_data in status:
            status_type_0_item = status_type_0_item_data.value
            json_status.append(status_type_0_item)

    else:
        json_status = status
    params["status"] = json_status

    json_jurisdiction: None | str | Unset
    if isinstance(jurisdiction, Unset):
        json_jurisdiction = UNSET
    else:
        json_jurisdiction = jurisdiction
    params["jurisdiction"] = json_jurisdiction

    json_category: None | str | Unset
    if isinstance(category, Unset):
        json_category = UNSET
    elif isinstance(category, AbuseCategory):
        json_category = category.value
    else:
        json_category = category
    params["category"] = json_category

    json_victim_group: None | str | Unset
    if isinstance(victim_group, Unset):
        json_victim_group = UNSET
    elif isinstance(victim_group, VictimGroup):
        json_victim_group = victim_group.value
    else:
        json_victim_group = victim_group
    params["victim_group"] = json_victim_group

    json_country: None | str | Unset
    if isinstance(country, Unset):
        json_country = UNSET
    else:
        json_country = country
    params["country"] = json_country

    json_q: None | str | Unset
    if isinstance(q, Unset):
        json_q = UNSET
    else:
        json_q = q
    params["q"] = json_q

    json_sort: str | Unset = UNSET
    if not isinstance(sort, Unset):
        json_sort = sort.value

    params["sort"] = json_sort

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
        "url": "/api/v1/cases",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CaseListOut | Problem | None:
    if response.status_code == 200:
        response_200 = CaseListOut.from_dict(response.json())

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
) -> Response[CaseListOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    status: list[CaseStatus] | None | Unset = UNSET,
    jurisdiction: None | str | Unset = UNSET,
    category: AbuseCategory | None | Unset = UNSET,
    victim_group: None | Unset | VictimGroup = UNSET,
    country: None | str | Unset = UNSET,
    q: None | str | Unset = UNSET,
    sort: CaseSort | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[CaseListOut | Problem]:
    """List Cases

    Args:
        status (list[CaseStatus] | None | Unset):
        jurisdiction (None | str | Unset):
        category (AbuseCategory | None | Unset):
        victim_group (None | Unset | VictimGroup):
        country (None | str | Unset):
        q (None | str | Unset): title, names, aliases; any script
        sort (CaseSort | Unset): How a list of case files is ordered: by a column, ascending, or
            descending with a leading `-`.
        limit (int | Unset):  Default: 50.
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CaseListOut | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        jurisdiction=jurisdiction,
        category=category,
        victim_group=victim_group,
        country=country,
        q=q,
        sort=sort,
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
    status: list[CaseStatus] | None | Unset = UNSET,
    jurisdiction: None | str | Unset = UNSET,
    category: AbuseCategory | None | Unset = UNSET,
    victim_group: None | Unset | VictimGroup = UNSET,
    country: None | str | Unset = UNSET,
    q: None | str | Unset = UNSET,
    sort: CaseSort | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> CaseListOut | Problem | None:
    """List Cases

    Args:
        status (list[CaseStatus] | None | Unset):
        jurisdiction (None | str | Unset):
        category (AbuseCategory | None | Unset):
        victim_group (None | Unset | VictimGroup):
        country (None | str | Unset):
        q (None | str | Unset): title, names, aliases; any script
        sort (CaseSort | Unset): How a list of case files is ordered: by a column, ascending, or
            descending with a leading `-`.
        limit (int | Unset):  Default: 50.
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CaseListOut | Problem
    """

    return sync_detailed(
        client=client,
        status=status,
        jurisdiction=jurisdiction,
        category=category,
        victim_group=victim_group,
        country=country,
        q=q,
        sort=sort,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    status: list[CaseStatus] | None | Unset = UNSET,
    jurisdiction: None | str | Unset = UNSET,
    category: AbuseCategory | None | Unset = UNSET,
    victim_group: None | Unset | VictimGroup = UNSET,
    country: None | str | Unset = UNSET,
    q: None | str | Unset = UNSET,
    sort: CaseSort | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[CaseListOut | Problem]:
    """List Cases

    Args:
        status (list[CaseStatus] | None | Unset):
        jurisdiction (None | str | Unset):
        category (AbuseCategory | None | Unset):
        victim_group (None | Unset | VictimGroup):
        country (None | str | Unset):
        q (None | str | Unset): title, names, aliases; any script
        sort (CaseSort | Unset): How a list of case files is ordered: by a column, ascending, or
            descending with a leading `-`.
        limit (int | Unset):  Default: 50.
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CaseListOut | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        jurisdiction=jurisdiction,
        category=category,
        victim_group=victim_group,
        country=country,
        q=q,
        sort=sort,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    status: list[CaseStatus] | None | Unset = UNSET,
    jurisdiction: None | str | Unset = UNSET,
    category: AbuseCategory | None | Unset = UNSET,
    victim_group: None | Unset | VictimGroup = UNSET,
    country: None | str | Unset = UNSET,
    q: None | str | Unset = UNSET,
    sort: CaseSort | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> CaseListOut | Problem | None:
    """List Cases

    Args:
        status (list[CaseStatus] | None | Unset):
        jurisdiction (None | str | Unset):
        category (AbuseCategory | None | Unset):
        victim_group (None | Unset | VictimGroup):
        country (None | str | Unset):
        q (None | str | Unset): title, names, aliases; any script
        sort (CaseSort | Unset): How a list of case files is ordered: by a column, ascending, or
            descending with a leading `-`.
        limit (int | Unset):  Default: 50.
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CaseListOut | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            jurisdiction=jurisdiction,
            category=category,
            victim_group=victim_group,
            country=country,
            q=q,
            sort=sort,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
