from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.match_status import MatchStatus
from ...models.matches_out import MatchesOut
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: MatchStatus | None | Unset = MatchStatus.CANDIDATE,
    all_statuses: bool | Unset = False,
    band: None | str | Unset = UNSET,
    jurisdiction: None | str | Unset = UNSET,
    case_id: None | str | Unset = UNSET,
    list_: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, MatchStatus):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    params["all_statuses"] = all_statuses

    json_band: None | str | Unset
    if isinstance(band, Unset):
        json_band = UNSET
    else:
        json_band = band
    params["band"] = json_band

    json_jurisdiction: None | str | Unset
    if isinstance(jurisdiction, Unset):
        json_jurisdiction = UNSET
    else:
        json_jurisdiction = jurisdiction
    params["jurisdiction"] = json_jurisdiction

    json_case_id: None | str | Unset
    if isinstance(case_id, Unset):
        json_case_id = UNSET
    else:
        json_case_id = case_id
    params["case_id"] = json_case_id

    json_list_: None | str | Unset
    if isinstance(list_, Unset):
        json_list_ = UNSET
    else:
        json_list_ = list_
    params["list"] = json_list_

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
        "url": "/api/v1/designations/matches",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> MatchesOut | Problem | None:
    if response.status_code == 200:
        response_200 = MatchesOut.from_dict(response.json())

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
) -> Response[MatchesOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    status: MatchStatus | None | Unset = MatchStatus.CANDIDATE,
    all_statuses: bool | Unset = False,
    band: None | str | Unset = UNSET,
    jurisdiction: None | str | Unset = UNSET,
    case_id: None | str | Unset = UNSET,
    list_: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[MatchesOut | Problem]:
    """List Matches

     The match queue: likely before possible, best score first. Coordinators see the cases submitted
    to the coalition; an NGO sees its own cases' matches.

    Args:
        status (MatchStatus | None | Unset):  Default: MatchStatus.CANDIDATE.
        all_statuses (bool | Unset): ignore `status` Default: False.
        band (None | str | Unset):
        jurisdiction (None | str | Unset):
        case_id (None | str | Unset):
        list_ (None | str | Unset):
        limit (int | Unset):  Default: 50.
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MatchesOut | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        all_statuses=all_statuses,
        band=band,
        jurisdiction=jurisdiction,
        case_id=case_id,
        list_=list_,
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
    status: MatchStatus | None | Unset = MatchStatus.CANDIDATE,
    all_statuses: bool | Unset = False,
    band: None | str | Unset = UNSET,
    jurisdiction: None | str | Unset = UNSET,
    case_id: None | str | Unset = UNSET,
    list_: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> MatchesOut | Problem | None:
    """List Matches

     The match queue: likely before possible, best score first. Coordinators see the cases submitted
    to the coalition; an NGO sees its own cases' matches.

    Args:
        status (MatchStatus | None | Unset):  Default: MatchStatus.CANDIDATE.
        all_statuses (bool | Unset): ignore `status` Default: False.
        band (None | str | Unset):
        jurisdiction (None | str | Unset):
        case_id (None | str | Unset):
        list_ (None | str | Unset):
        limit (int | Unset):  Default: 50.
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MatchesOut | Problem
    """

    return sync_detailed(
        client=client,
        status=status,
        all_statuses=all_statuses,
        band=band,
        jurisdiction=jurisdiction,
        case_id=case_id,
        list_=list_,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    status: MatchStatus | None | Unset = MatchStatus.CANDIDATE,
    all_statuses: bool | Unset = False,
    band: None | str | Unset = UNSET,
    jurisdiction: None | str | Unset = UNSET,
    case_id: None | str | Unset = UNSET,
    list_: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[MatchesOut | Problem]:
    """List Matches

     The match queue: likely before possible, best score first. Coordinators see the cases submitted
    to the coalition; an NGO sees its own cases' matches.

    Args:
        status (MatchStatus | None | Unset):  Default: MatchStatus.CANDIDATE.
        all_statuses (bool | Unset): ignore `status` Default: False.
        band (None | str | Unset):
        jurisdiction (None | str | Unset):
        case_id (None | str | Unset):
        list_ (None | str | Unset):
        limit (int | Unset):  Default: 50.
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MatchesOut | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        all_statuses=all_statuses,
        band=band,
        jurisdiction=jurisdiction,
        case_id=case_id,
        list_=list_,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    status: MatchStatus | None | Unset = MatchStatus.CANDIDATE,
    all_statuses: bool | Unset = False,
    band: None | str | Unset = UNSET,
    jurisdiction: None | str | Unset = UNSET,
    case_id: None | str | Unset = UNSET,
    list_: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> MatchesOut | Problem | None:
    """List Matches

     The match queue: likely before possible, best score first. Coordinators see the cases submitted
    to the coalition; an NGO sees its own cases' matches.

    Args:
        status (MatchStatus | None | Unset):  Default: MatchStatus.CANDIDATE.
        all_statuses (bool | Unset): ignore `status` Default: False.
        band (None | str | Unset):
        jurisdiction (None | str | Unset):
        case_id (None | str | Unset):
        list_ (None | str | Unset):
        limit (int | Unset):  Default: 50.
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MatchesOut | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            all_statuses=all_statuses,
            band=band,
            jurisdiction=jurisdiction,
            case_id=case_id,
            list_=list_,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
