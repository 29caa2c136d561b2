from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.build_report_format import BuildReportFormat
from ...models.problem import Problem
from ...models.scope import Scope
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    year: int,
    scope: Scope | Unset = UNSET,
    format_: BuildReportFormat | Unset = BuildReportFormat.PDF,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    params: dict[str, Any] = {}

    params["year"] = year

    json_scope: str | Unset = UNSET
    if not isinstance(scope, Unset):
        json_scope = scope.value

    params["scope"] = json_scope

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_.value

    params["format"] = json_format_

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/analytics/report",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | str | None:
    if response.status_code == 200:
        response_200 = response.text
        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

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
) -> Response[Problem | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    year: int,
    scope: Scope | Unset = UNSET,
    format_: BuildReportFormat | Unset = BuildReportFormat.PDF,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | str]:
    """Build Report

     The annual report for a year (coalition staff): the published tables and charts as a PDF, with an
    annex of every figure in it (CSV, or XLSX with a README sheet of definitions and a sheet per table).
    The same data gives the same bytes in every format.

    Args:
        year (int):
        scope (Scope | Unset):
        format_ (BuildReportFormat | Unset): pdf (default); the annex as csv (long form) or xlsx
            (a sheet per table); zip Default: BuildReportFormat.PDF.
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
    """

    kwargs = _get_kwargs(
        year=year,
        scope=scope,
        format_=format_,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    year: int,
    scope: Scope | Unset = UNSET,
    format_: BuildReportFormat | Unset = BuildReportFormat.PDF,
    idempotency_key: str | Unset = UNSET,
) -> Problem | str | None:
    """Build Report

     The annual report for a year (coalition staff): the published tables and charts as a PDF, with an
    annex of every figure in it (CSV, or XLSX with a README sheet of definitions and a sheet per table).
    The same data gives the same bytes in every format.

    Args:
        year (int):
        scope (Scope | Unset):
        format_ (BuildReportFormat | Unset): pdf (default); the annex as csv (long form) or xlsx
            (a sheet per table); zip Default: BuildReportFormat.PDF.
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
    """

    return sync_detailed(
        client=client,
        year=year,
        scope=scope,
        format_=format_,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    year: int,
    scope: Scope | Unset = UNSET,
    format_: BuildReportFormat | Unset = BuildReportFormat.PDF,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | str]:
    """Build Report

     The annual report for a year (coalition staff): the published tables and charts as a PDF, with an
    annex of every figure in it (CSV, or XLSX with a README sheet of definitions and a sheet per table).
    The same data gives the same bytes in every format.

    Args:
        year (int):
        scope (Scope | Unset):
        format_ (BuildReportFormat | Unset): pdf (default); the annex as csv (long form) or xlsx
            (a sheet per table); zip Default: BuildReportFormat.PDF.
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
    """

    kwargs = _get_kwargs(
        year=year,
        scope=scope,
        format_=format_,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    year: int,
    scope: Scope | Unset = UNSET,
    format_: BuildReportFormat | Unset = BuildReportFormat.PDF,
    idempotency_key: str | Unset = UNSET,
) -> Problem | str | None:
    """Build Report

     The annual report for a year (coalition staff): the published tables and charts as a PDF, with an
    annex of every figure in it (CSV, or XLSX with a README sheet of definitions and a sheet per table).
    The same data gives the same bytes in every format.

    Args:
        year (int):
        scope (Scope | Unset):
        format_ (BuildReportFormat | Unset): pdf (default); the annex as csv (long form) or xlsx
            (a sheet per table); zip Default: BuildReportFormat.PDF.
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
    """

    return (
        await asyncio_detailed(
            client=client,
            year=year,
            scope=scope,
            format_=format_,
            idempotency_key=idempotency_key,
        )
    ).parsed
