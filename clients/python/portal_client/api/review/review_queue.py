from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.abuse_category import AbuseCategory
from ...models.case_sort import CaseSort
from ...models.case_status import CaseStatus
from ...models.problem import Problem
from ...models.queue_out import QueueOut
from ...models.victim_group import VictimGroup
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    state: list[CaseStatus] | None | Unset = UNSET,
    assignee: None | str | Unset = UNSET,
    unassigned: bool | Unset = False,
    org_id: None | str | Unset = UNSET,
    jurisdiction: None | str | Unset = UNSET,
    category: AbuseCategory | None | Unset = UNSET,
    victim_group: None | Unset | VictimGroup = UNSET,
    country: None | str | Unset = UNSET,
    waiting_days: int | None | Unset = UNSET,
    q: None | str | Unset = UNSET,
    sort: CaseSort | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_state: list[str] | None | Unset
    if isinstance(state, Unset):
        json_state = UNSET
    elif isinstance(state, list):
        json_state = []
        for state_type_0_item_data in state:
            state_type_0_item = state_type_0_item_data.value
            json_state.append(state_type_0_item)

    else:
        json_state = state
    params["state"] = json_state

    json_assignee: None | str | Unset
    if isinstance(assignee, Unset):
        json_assignee = UNSET
    else:
        json_assignee = assignee
    params["assignee"] = json_assignee

    params["unassigned"] = unassigned

    json_org_id: None | str | Unset
    if isinstance(org_id, Unset):
        json_org_id = UNSET
    else:
        json_org_id = org_id
    params["org_id"] = json_org_id

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

    json_waiting_days: int | None | Unset
    if isinstance(waiting_days, Unset):
        json_waiting_days = UNSET
    else:
        json_waiting_days = waiting_days
    params["waiting_days"] = json_waiting_days

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
        "url": "/api/v1/review/queue",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | QueueOut | None:
    if response.status_code == 200:
        response_200 = QueueOut.from_dict(response.json())

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
) -> Response[Problem | QueueOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    state: list[CaseStatus] | None | Unset = UNSET,
    assignee: None | str | Unset = UNSET,
    unassigned: bool | Unset = False,
    org_id: None | str | Unset = UNSET,
    jurisdiction: None | str | Unset = UNSET,
    category: AbuseCategory | None | Unset = UNSET,
    victim_group: None | Unset | VictimGroup = UNSET,
    country: None | str | Unset = UNSET,
    waiting_days: int | None | Unset = UNSET,
    q: None | str | Unset = UNSET,
    sort: CaseSort | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[Problem | QueueOut]:
    """Review Queue

    Args:
        state (list[CaseStatus] | None | Unset):
        assignee (None | str | Unset): a coordinator id, or 'me'
        unassigned (bool | Unset):  Default: False.
        org_id (None | str | Unset):
        jurisdiction (None | str | Unset):
        category (AbuseCategory | None | Unset):
        victim_group (None | Unset | VictimGroup):
        country (None | str | Unset):
        waiting_days (int | None | Unset):
        q (None | str | Unset):
        sort (CaseSort | Unset): How a list of case files is ordered: by a column, ascending, or
            descending with a leading `-`.
        limit (int | Unset):  Default: 50.
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | QueueOut]
    """

    kwargs = _get_kwargs(
        state=state,
        assignee=assignee,
        unassigned=unassigned,
        org_id=org_id,
        jurisdiction=jurisdiction,
        category=category,
        victim_group=victim_group,
        country=country,
        waiting_days=waiting_days,
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
    state: list[CaseStatus] | None | Unset = UNSET,
    assignee: None | str | Unset = UNSET,
    unassigned: bool | Unset = False,
    org_id: None | str | Unset = UNSET,
    jurisdiction: None | str | Unset = UNSET,
    category: AbuseCategory | None | Unset = UNSET,
    victim_group: None | Unset | VictimGroup = UNSET,
    country: None | str | Unset = UNSET,
    waiting_days: int | None | Unset = UNSET,
    q: None | str | Unset = UNSET,
    sort: CaseSort | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Problem | QueueOut | None:
    """Review Queue

    Args:
        state (list[CaseStatus] | None | Unset):
        assignee (None | str | Unset): a coordinator id, or 'me'
        unassigned (bool | Unset):  Default: False.
        org_id (None | str | Unset):
        jurisdiction (None | str | Unset):
        category (AbuseCategory | None | Unset):
        victim_group (None | Unset | VictimGroup):
        country (None | str | Unset):
        waiting_days (int | None | Unset):
        q (None | str | Unset):
        sort (CaseSort | Unset): How a list of case files is ordered: by a column, ascending, or
            descending with a leading `-`.
        limit (int | Unset):  Default: 50.
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | QueueOut
    """

    return sync_detailed(
        client=client,
        state=state,
        assignee=assignee,
        unassigned=unassigned,
        org_id=org_id,
        jurisdiction=jurisdiction,
        category=category,
        victim_group=victim_group,
        country=country,
        waiting_days=waiting_days,
        q=q,
        sort=sort,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    state: list[CaseStatus] | None | Unset = UNSET,
    assignee: None | str | Unset = UNSET,
    unassigned: bool | Unset = False,
    org_id: None | str | Unset = UNSET,
    jurisdiction: None | str | Unset = UNSET,
    category: AbuseCategory | None | Unset = UNSET,
    victim_group: None | Unset | VictimGroup = UNSET,
    country: None | str | Unset = UNSET,
    waiting_days: int | None | Unset = UNSET,
    q: None | str | Unset = UNSET,
    sort: CaseSort | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[Problem | QueueOut]:
    """Review Queue

    Args:
        state (list[CaseStatus] | None | Unset):
        assignee (None | str | Unset): a coordinator id, or 'me'
        unassigned (bool | Unset):  Default: False.
        org_id (None | str | Unset):
        jurisdiction (None | str | Unset):
        category (AbuseCategory | None | Unset):
        victim_group (None | Unset | VictimGroup):
        country (None | str | Unset):
        waiting_days (int | None | Unset):
        q (None | str | Unset):
        sort (CaseSort | Unset): How a list of case files is ordered: by a column, ascending, or
            descending with a leading `-`.
        limit (int | Unset):  Default: 50.
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | QueueOut]
    """

    kwargs = _get_kwargs(
        state=state,
        assignee=assignee,
        unassigned=unassigned,
        org_id=org_id,
        jurisdiction=jurisdiction,
        category=category,
        victim_group=victim_group,
        country=country,
        waiting_days=waiting_days,
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
    state: list[CaseStatus] | None | Unset = UNSET,
    assignee: None | str | Unset = UNSET,
    unassigned: bool | Unset = False,
    org_id: None | str | Unset = UNSET,
    jurisdiction: None | str | Unset = UNSET,
    category: AbuseCategory | None | Unset = UNSET,
    victim_group: None | Unset | VictimGroup = UNSET,
    country: None | str | Unset = UNSET,
    waiting_days: int | None | Unset = UNSET,
    q: None | str | Unset = UNSET,
    sort: CaseSort | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Problem | QueueOut | None:
    """Review Queue

    Args:
        state (list[CaseStatus] | None | Unset):
        assignee (None | str | Unset): a coordinator id, or 'me'
        unassigned (bool | Unset):  Default: False.
        org_id (None | str | Unset):
        jurisdiction (None | str | Unset):
        category (AbuseCategory | None | Unset):
        victim_group (None | Unset | VictimGroup):
        country (None | str | Unset):
        waiting_days (int | None | Unset):
        q (None | str | Unset):
        sort (CaseSort | Unset): How a list of case files is ordered: by a column, ascending, or
            descending with a leading `-`.
        limit (int | Unset):  Default: 50.
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | QueueOut
    """

    return (
        await asyncio_detailed(
            client=client,
            state=state,
            assignee=assignee,
            unassigned=unassigned,
            org_id=org_id,
            jurisdiction=jurisdiction,
            category=category,
            victim_group=victim_group,
            country=country,
            waiting_days=waiting_days,
            q=q,
            sort=sort,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
