from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.package_request_in import PackageRequestIn
from ...models.package_request_out import PackageRequestOut
from ...models.problem import Problem
from ...models.request_packages_lang_type_0 import RequestPackagesLangType0
from ...types import UNSET, Response, Unset


def _get_kwargs(
    case_id: str,
    *,
    body: PackageRequestIn,
    lang: None | RequestPackagesLangType0 | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(accept_language, Unset):
        headers["accept-language"] = accept_language

    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    params: dict[str, Any] = {}

    json_lang: None | str | Unset
    if isinstance(lang, Unset):
        json_lang = UNSET
    elif isinstance(lang, RequestPackagesLangType0):
        json_lang = lang.value
    else:
        json_lang = lang
    params["lang"] = json_lang

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/cases/{case_id}/packages".format(
            case_id=quote(str(case_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PackageRequestOut | Problem | None:
    if response.status_code == 202:
        response_202 = PackageRequestOut.from_dict(response.json())

        return response_202

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
) -> Response[PackageRequestOut | Problem]:
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
    body: PackageRequestIn,
    lang: None | RequestPackagesLangType0 | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[PackageRequestOut | Problem]:
    """Request Packages

     Build a package for every eligible jurisdiction asked for; the others come back with reasons.

    Cleared evidence that cannot be shared fails a build naming the item, unless it is in `exclude` (or,
    for a type that cannot be sanitised, `share_original`), with a reason. Builds run as jobs: the
    answer
    shows each package's state once the request is committed (`built` or `failed` already when jobs run
    in-process); otherwise follow GET /packages/{id} (state, progress). Refusals' `text` is in the
    caller's language (`lang`, else Accept-Language).

    Args:
        case_id (str):
        lang (None | RequestPackagesLangType0 | Unset): language of refusals' texts; without it,
            the best of Accept-Language (else en)
        accept_language (None | str | Unset):
        idempotency_key (str | Unset):
        body (PackageRequestIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PackageRequestOut | Problem]
    """

    kwargs = _get_kwargs(
        case_id=case_id,
        body=body,
        lang=lang,
        accept_language=accept_language,
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
    body: PackageRequestIn,
    lang: None | RequestPackagesLangType0 | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> PackageRequestOut | Problem | None:
    """Request Packages

     Build a package for every eligible jurisdiction asked for; the others come back with reasons.

    Cleared evidence that cannot be shared fails a build naming the item, unless it is in `exclude` (or,
    for a type that cannot be sanitised, `share_original`), with a reason. Builds run as jobs: the
    answer
    shows each package's state once the request is committed (`built` or `failed` already when jobs run
    in-process); otherwise follow GET /packages/{id} (state, progress). Refusals' `text` is in the
    caller's language (`lang`, else Accept-Language).

    Args:
        case_id (str):
        lang (None | RequestPackagesLangType0 | Unset): language of refusals' texts; without it,
            the best of Accept-Language (else en)
        accept_language (None | str | Unset):
        idempotency_key (str | Unset):
        body (PackageRequestIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PackageRequestOut | Problem
    """

    return sync_detailed(
        case_id=case_id,
        client=client,
        body=body,
        lang=lang,
        accept_language=accept_language,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    case_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: PackageRequestIn,
    lang: None | RequestPackagesLangType0 | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[PackageRequestOut | Problem]:
    """Request Packages

     Build a package for every eligible jurisdiction asked for; the others come back with reasons.

    Cleared evidence that cannot be shared fails a build naming the item, unless it is in `exclude` (or,
    for a type that cannot be sanitised, `share_original`), with a reason. Builds run as jobs: the
    answer
    shows each package's state once the request is committed (`built` or `failed` already when jobs run
    in-process); otherwise follow GET /packages/{id} (state, progress). Refusals' `text` is in the
    caller's language (`lang`, else Accept-Language).

    Args:
        case_id (str):
        lang (None | RequestPackagesLangType0 | Unset): language of refusals' texts; without it,
            the best of Accept-Language (else en)
        accept_language (None | str | Unset):
        idempotency_key (str | Unset):
        body (PackageRequestIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PackageRequestOut | Problem]
    """

    kwargs = _get_kwargs(
        case_id=case_id,
        body=body,
        lang=lang,
        accept_language=accept_language,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    case_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: PackageRequestIn,
    lang: None | RequestPackagesLangType0 | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> PackageRequestOut | Problem | None:
    """Request Packages

     Build a package for every eligible jurisdiction asked for; the others come back with reasons.

    Cleared evidence that cannot be shared fails a build naming the item, unless it is in `exclude` (or,
    for a type that cannot be sanitised, `share_original`), with a reason. Builds run as jobs: the
    answer
    shows each package's state once the request is committed (`built` or `failed` already when jobs run
    in-process); otherwise follow GET /packages/{id} (state, progress). Refusals' `text` is in the
    caller's language (`lang`, else Accept-Language).

    Args:
        case_id (str):
        lang (None | RequestPackagesLangType0 | Unset): language of refusals' texts; without it,
            the best of Accept-Language (else en)
        accept_language (None | str | Unset):
        idempotency_key (str | Unset):
        body (PackageRequestIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PackageRequestOut | Problem
    """

    return (
        await asyncio_detailed(
            case_id=case_id,
            client=client,
            body=body,
            lang=lang,
            accept_language=accept_language,
            idempotency_key=idempotency_key,
        )
    ).parsed
