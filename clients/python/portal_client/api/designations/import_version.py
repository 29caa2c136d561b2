from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.designations_import_out import DesignationsImportOut
from ...models.import_version_body import ImportVersionBody
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    name: str,
    *,
    body: ImportVersionBody | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/lists/{name}/versions".format(
            name=quote(str(name), safe=""),
        ),
    }

    if not isinstance(body, Unset):
        _kwargs["files"] = body.to_multipart()

    headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DesignationsImportOut | Problem | None:
    if response.status_code == 200:
        response_200 = DesignationsImportOut.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = DesignationsImportOut.from_dict(response.json())

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
) -> Response[DesignationsImportOut | Problem]:
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
    body: ImportVersionBody | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[DesignationsImportOut | Problem]:
    """Import Version

     Import a list file as a new version (coalition administrators). One `file` part, or for the OFAC
    CSV set up to four (sdn.csv with alt.csv, add.csv, sdn_comments.csv). A file of another format or a
    malformed one is a 422 naming the line or element; nothing is replaced. The same bytes as the
    current version answer 200 with `unchanged`.

    Args:
        name (str):
        idempotency_key (str | Unset):
        body (ImportVersionBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DesignationsImportOut | Problem]
    """

    kwargs = _get_kwargs(
        name=name,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    name: str,
    *,
    client: AuthenticatedClient | Client,
    body: ImportVersionBody | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> DesignationsImportOut | Problem | None:
    """Import Version

     Import a list file as a new version (coalition administrators). One `file` part, or for the OFAC
    CSV set up to four (sdn.csv with alt.csv, add.csv, sdn_comments.csv). A file of another format or a
    malformed one is a 422 naming the line or element; nothing is replaced. The same bytes as the
    current version answer 200 with `unchanged`.

    Args:
        name (str):
        idempotency_key (str | Unset):
        body (ImportVersionBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DesignationsImportOut | Problem
    """

    return sync_detailed(
        name=name,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    name: str,
    *,
    client: AuthenticatedClient | Client,
    body: ImportVersionBody | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[DesignationsImportOut | Problem]:
    """Import Version

     Import a list file as a new version (coalition administrators). One `file` part, or for the OFAC
    CSV set up to four (sdn.csv with alt.csv, add.csv, sdn_comments.csv). A file of another format or a
    malformed one is a 422 naming the line or element; nothing is replaced. The same bytes as the
    current version answer 200 with `unchanged`.

    Args:
        name (str):
        idempotency_key (str | Unset):
        body (ImportVersionBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DesignationsImportOut | Problem]
    """

    kwargs = _get_kwargs(
        name=name,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    name: str,
    *,
    client: AuthenticatedClient | Client,
    body: ImportVersionBody | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> DesignationsImportOut | Problem | None:
    """Import Version

     Import a list file as a new version (coalition administrators). One `file` part, or for the OFAC
    CSV set up to four (sdn.csv with alt.csv, add.csv, sdn_comments.csv). A file of another format or a
    malformed one is a 422 naming the line or element; nothing is replaced. The same bytes as the
    current version answer 200 with `unchanged`.

    Args:
        name (str):
        idempotency_key (str | Unset):
        body (ImportVersionBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DesignationsImportOut | Problem
    """

    return (
        await asyncio_detailed(
            name=name,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
