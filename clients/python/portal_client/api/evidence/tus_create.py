from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    case_id: str,
    *,
    tus_resumable: None | str | Unset = UNSET,
    upload_length: None | str | Unset = UNSET,
    upload_defer_length: None | str | Unset = UNSET,
    upload_metadata: None | str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(tus_resumable, Unset):
        headers["Tus-Resumable"] = tus_resumable

    if not isinstance(upload_length, Unset):
        headers["Upload-Length"] = upload_length

    if not isinstance(upload_defer_length, Unset):
        headers["Upload-Defer-Length"] = upload_defer_length

    if not isinstance(upload_metadata, Unset):
        headers["Upload-Metadata"] = upload_metadata

    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/cases/{case_id}/uploads".format(
            case_id=quote(str(case_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Problem | None:
    if response.status_code == 201:
        response_201 = response.json()
        return response_201

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

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

    if response.status_code == 412:
        response_412 = Problem.from_dict(response.json())

        return response_412

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
) -> Response[Any | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    case_id: str,
    *,
    client: AuthenticatedClient | Client,
    tus_resumable: None | str | Unset = UNSET,
    upload_length: None | str | Unset = UNSET,
    upload_defer_length: None | str | Unset = UNSET,
    upload_metadata: None | str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[Any | Problem]:
    """Tus Create

     Start a resumable upload; `Location` is where to PATCH the bytes.

    Args:
        case_id (str):
        tus_resumable (None | str | Unset):
        upload_length (None | str | Unset):
        upload_defer_length (None | str | Unset):
        upload_metadata (None | str | Unset):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        case_id=case_id,
        tus_resumable=tus_resumable,
        upload_length=upload_length,
        upload_defer_length=upload_defer_length,
        upload_metadata=upload_metadata,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    case_id: str,
    *,
    client: AuthenticatedClient | Client,
    tus_resumable: None | str | Unset = UNSET,
    upload_length: None | str | Unset = UNSET,
    upload_defer_length: None | str | Unset = UNSET,
    upload_metadata: None | str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Any | Problem | None:
    """Tus Create

     Start a resumable upload; `Location` is where to PATCH the bytes.

    Args:
        case_id (str):
        tus_resumable (None | str | Unset):
        upload_length (None | str | Unset):
        upload_defer_length (None | str | Unset):
        upload_metadata (None | str | Unset):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return sync_detailed(
        case_id=case_id,
        client=client,
        tus_resumable=tus_resumable,
        upload_length=upload_length,
        upload_defer_length=upload_defer_length,
        upload_metadata=upload_metadata,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    case_id: str,
    *,
    client: AuthenticatedClient | Client,
    tus_resumable: None | str | Unset = UNSET,
    upload_length: None | str | Unset = UNSET,
    upload_defer_length: None | str | Unset = UNSET,
    upload_metadata: None | str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[Any | Problem]:
    """Tus Create

     Start a resumable upload; `Location` is where to PATCH the bytes.

    Args:
        case_id (str):
        tus_resumable (None | str | Unset):
        upload_length (None | str | Unset):
        upload_defer_length (None | str | Unset):
        upload_metadata (None | str | Unset):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        case_id=case_id,
        tus_resumable=tus_resumable,
        upload_length=upload_length,
        upload_defer_length=upload_defer_length,
        upload_metadata=upload_metadata,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    case_id: str,
    *,
    client: AuthenticatedClient | Client,
    tus_resumable: None | str | Unset = UNSET,
    upload_length: None | str | Unset = UNSET,
    upload_defer_length: None | str | Unset = UNSET,
    upload_metadata: None | str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Any | Problem | None:
    """Tus Create

     Start a resumable upload; `Location` is where to PATCH the bytes.

    Args:
        case_id (str):
        tus_resumable (None | str | Unset):
        upload_length (None | str | Unset):
        upload_defer_length (None | str | Unset):
        upload_metadata (None | str | Unset):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return (
        await asyncio_detailed(
            case_id=case_id,
            client=client,
            tus_resumable=tus_resumable,
            upload_length=upload_length,
            upload_defer_length=upload_defer_length,
            upload_metadata=upload_metadata,
            idempotency_key=idempotency_key,
        )
    ).parsed
