from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.upload_status_out import UploadStatusOut
from ...types import Response


def _get_kwargs(
    case_id: str,
    upload_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/cases/{case_id}/uploads/{upload_id}".format(
            case_id=quote(str(case_id), safe=""),
            upload_id=quote(str(upload_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | UploadStatusOut | None:
    if response.status_code == 200:
        response_200 = UploadStatusOut.from_dict(response.json())

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

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 410:
        response_410 = Problem.from_dict(response.json())

        return response_410

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())

        return response_415

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
) -> Response[Problem | UploadStatusOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    case_id: str,
    upload_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Problem | UploadStatusOut]:
    """Tus Status

     Not part of tus: the upload's state as JSON, including the Evidence id once complete.

    Args:
        case_id (str):
        upload_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | UploadStatusOut]
    """

    kwargs = _get_kwargs(
        case_id=case_id,
        upload_id=upload_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    case_id: str,
    upload_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Problem | UploadStatusOut | None:
    """Tus Status

     Not part of tus: the upload's state as JSON, including the Evidence id once complete.

    Args:
        case_id (str):
        upload_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | UploadStatusOut
    """

    return sync_detailed(
        case_id=case_id,
        upload_id=upload_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    case_id: str,
    upload_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Problem | UploadStatusOut]:
    """Tus Status

     Not part of tus: the upload's state as JSON, including the Evidence id once complete.

    Args:
        case_id (str):
        upload_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | UploadStatusOut]
    """

    kwargs = _get_kwargs(
        case_id=case_id,
        upload_id=upload_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    case_id: str,
    upload_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Problem | UploadStatusOut | None:
    """Tus Status

     Not part of tus: the upload's state as JSON, including the Evidence id once complete.

    Args:
        case_id (str):
        upload_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | UploadStatusOut
    """

    return (
        await asyncio_detailed(
            case_id=case_id,
            upload_id=upload_id,
            client=client,
        )
    ).parsed
