from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.public_export_format import PublicExportFormat
from ...models.public_export_out import PublicExportOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    format_: PublicExportFormat | Unset = PublicExportFormat.JSON,
    years: list[int] | None | Unset = UNSET,
    jurisdictions: list[str] | None | Unset = UNSET,
    organisations: list[str] | None | Unset = UNSET,
    categories: list[str] | None | Unset = UNSET,
    regions: list[str] | None | Unset = UNSET,
    allies: list[str] | None | Unset = UNSET,
    months: int | Unset = 6,
    window: int | Unset = 5,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_.value

    params["format"] = json_format_

    json_years: list[int] | None | Unset
    if isinstance(years, Unset):
        json_years = UNSET
    elif isinstance(years, list):
        json_years = years

    else:
        json_years = years
    params["years"] = json_years

    json_jurisdictions: list[str] | None | Unset
    if isinstance(jurisdictions, Unset):
        json_jurisdictions = UNSET
    elif isinstance(jurisdictions, list):
        json_jurisdictions = jurisdictions

    else:
        json_jurisdictions = jurisdictions
    params["jurisdictions"] = json_jurisdictions

    json_organisations: list[str] | None | Unset
    if isinstance(organisations, Unset):
        json_organisations = UNSET
    elif isinstance(organisations, list):
        json_organisations = organisations

    else:
        json_organisations = organisations
    params["organisations"] = json_organisations

    json_categories: list[str] | None | Unset
    if isinstance(categories, Unset):
        json_categories = UNSET
    elif isinstance(categories, list):
        json_categories = categories

    else:
        json_categories = categories
    params["categories"] = json_categories

    json_regions: list[str] | None | Unset
    if isinstance(regions, Unset):
        json_regions = UNSET
    elif isinstance(regions, list):
        json_regions = regions

    else:
        json_regions = regions
    params["regions"] = json_regions

    json_allies: list[str] | None | Unset
    if isinstance(allies, Unset):
        json_allies = UNSET
    elif isinstance(allies, list):
        json_allies = allies

    else:
        json_allies = allies
    params["allies"] = json_allies

    params["months"] = months

    params["window"] = window

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/analytics/public-export",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | PublicExportOut | None:
    if response.status_code == 200:
        response_200 = PublicExportOut.from_dict(response.json())

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
) -> Response[Problem | PublicExportOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    format_: PublicExportFormat | Unset = PublicExportFormat.JSON,
    years: list[int] | None | Unset = UNSET,
    jurisdictions: list[str] | None | Unset = UNSET,
    organisations: list[str] | None | Unset = UNSET,
    categories: list[str] | None | Unset = UNSET,
    regions: list[str] | None | Unset = UNSET,
    allies: list[str] | None | Unset = UNSET,
    months: int | Unset = 6,
    window: int | Unset = 5,
) -> Response[Problem | PublicExportOut]:
    """Public Export

     Every public metric as the coalition publishes it: counts only, cells under 5 suppressed, no
    case titles, no perpetrators, no organisation named unless it agreed. CSV: long form.

    Args:
        format_ (PublicExportFormat | Unset): json (default) or csv Default:
            PublicExportFormat.JSON.
        years (list[int] | None | Unset): years (repeat the parameter)
        jurisdictions (list[str] | None | Unset):
        organisations (list[str] | None | Unset):
        categories (list[str] | None | Unset):
        regions (list[str] | None | Unset):
        allies (list[str] | None | Unset):
        months (int | Unset): open submissions older than this many months Default: 6.
        window (int | Unset): years of the multi-year average Default: 5.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | PublicExportOut]
    """

    kwargs = _get_kwargs(
        format_=format_,
        years=years,
        jurisdictions=jurisdictions,
        organisations=organisations,
        categories=categories,
        regions=regions,
        allies=allies,
        months=months,
        window=window,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    format_: PublicExportFormat | Unset = PublicExportFormat.JSON,
    years: list[int] | None | Unset = UNSET,
    jurisdictions: list[str] | None | Unset = UNSET,
    organisations: list[str] | None | Unset = UNSET,
    categories: list[str] | None | Unset = UNSET,
    regions: list[str] | None | Unset = UNSET,
    allies: list[str] | None | Unset = UNSET,
    months: int | Unset = 6,
    window: int | Unset = 5,
) -> Problem | PublicExportOut | None:
    """Public Export

     Every public metric as the coalition publishes it: counts only, cells under 5 suppressed, no
    case titles, no perpetrators, no organisation named unless it agreed. CSV: long form.

    Args:
        format_ (PublicExportFormat | Unset): json (default) or csv Default:
            PublicExportFormat.JSON.
        years (list[int] | None | Unset): years (repeat the parameter)
        jurisdictions (list[str] | None | Unset):
        organisations (list[str] | None | Unset):
        categories (list[str] | None | Unset):
        regions (list[str] | None | Unset):
        allies (list[str] | None | Unset):
        months (int | Unset): open submissions older than this many months Default: 6.
        window (int | Unset): years of the multi-year average Default: 5.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | PublicExportOut
    """

    return sync_detailed(
        client=client,
        format_=format_,
        years=years,
        jurisdictions=jurisdictions,
        organisations=organisations,
        categories=categories,
        regions=regions,
        allies=allies,
        months=months,
        window=window,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    format_: PublicExportFormat | Unset = PublicExportFormat.JSON,
    years: list[int] | None | Unset = UNSET,
    jurisdictions: list[str] | None | Unset = UNSET,
    organisations: list[str] | None | Unset = UNSET,
    categories: list[str] | None | Unset = UNSET,
    regions: list[str] | None | Unset = UNSET,
    allies: list[str] | None | Unset = UNSET,
    months: int | Unset = 6,
    window: int | Unset = 5,
) -> Response[Problem | PublicExportOut]:
    """Public Export

     Every public metric as the coalition publishes it: counts only, cells under 5 suppressed, no
    case titles, no perpetrators, no organisation named unless it agreed. CSV: long form.

    Args:
        format_ (PublicExportFormat | Unset): json (default) or csv Default:
            PublicExportFormat.JSON.
        years (list[int] | None | Unset): years (repeat the parameter)
        jurisdictions (list[str] | None | Unset):
        organisations (list[str] | None | Unset):
        categories (list[str] | None | Unset):
        regions (list[str] | None | Unset):
        allies (list[str] | None | Unset):
        months (int | Unset): open submissions older than this many months Default: 6.
        window (int | Unset): years of the multi-year average Default: 5.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | PublicExportOut]
    """

    kwargs = _get_kwargs(
        format_=format_,
        years=years,
        jurisdictions=jurisdictions,
        organisations=organisations,
        categories=categories,
        regions=regions,
        allies=allies,
        months=months,
        window=window,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    format_: PublicExportFormat | Unset = PublicExportFormat.JSON,
    years: list[int] | None | Unset = UNSET,
    jurisdictions: list[str] | None | Unset = UNSET,
    organisations: list[str] | None | Unset = UNSET,
    categories: list[str] | None | Unset = UNSET,
    regions: list[str] | None | Unset = UNSET,
    allies: list[str] | None | Unset = UNSET,
    months: int | Unset = 6,
    window: int | Unset = 5,
) -> Problem | PublicExportOut | None:
    """Public Export

     Every public metric as the coalition publishes it: counts only, cells under 5 suppressed, no
    case titles, no perpetrators, no organisation named unless it agreed. CSV: long form.

    Args:
        format_ (PublicExportFormat | Unset): json (default) or csv Default:
            PublicExportFormat.JSON.
        years (list[int] | None | Unset): years (repeat the parameter)
        jurisdictions (list[str] | None | Unset):
        organisations (list[str] | None | Unset):
        categories (list[str] | None | Unset):
        regions (list[str] | None | Unset):
        allies (list[str] | None | Unset):
        months (int | Unset): open submissions older than this many months Default: 6.
        window (int | Unset): years of the multi-year average Default: 5.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | PublicExportOut
    """

    return (
        await asyncio_detailed(
            client=client,
            format_=format_,
            years=years,
            jurisdictions=jurisdictions,
            organisations=organisations,
            categories=categories,
            regions=regions,
            allies=allies,
            months=months,
            window=window,
        )
    ).parsed
