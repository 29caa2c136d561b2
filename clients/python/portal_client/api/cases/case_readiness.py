from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.case_readiness_lang_type_0 import CaseReadinessLangType0
from ...models.case_readiness_response_case_readiness import (
    CaseReadinessResponseCaseReadiness,
)
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    case_id: str,
    *,
    jurisdiction: list[str] | None | Unset = UNSET,
    lang: CaseReadinessLangType0 | None | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(accept_language, Unset):
        headers["accept-language"] = accept_language

    params: dict[str, Any] = {}

    json_jurisdiction: list[str] | None | Unset
    if isinstance(jurisdiction, Unset):
        json_jurisdiction = UNSET
    elif isinstance(jurisdiction, list):
        json_jurisdiction = jurisdiction

    else:
        json_jurisdiction = jurisdiction
    params["jurisdiction"] = json_jurisdiction

    json_lang: None | str | Unset
    if isinstance(lang, Unset):
        json_lang = UNSET
    elif isinstance(lang, CaseReadinessLangType0):
        json_lang = lang.value
    else:
        json_lang = lang
    params["lang"] = json_lang

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/cases/{case_id}/readiness".format(
            case_id=quote(str(case_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CaseReadinessResponseCaseReadiness | Problem | None:
    if response.status_code == 200:
        response_200 = CaseReadinessResponseCaseReadiness.from_dict(response.json())

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
) -> Response[CaseReadinessResponseCaseReadiness | Problem]:
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
    jurisdiction: list[str] | None | Unset = UNSET,
    lang: CaseReadinessLangType0 | None | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
) -> Response[CaseReadinessResponseCaseReadiness | Problem]:
    """Case Readiness

     Per target jurisdiction: eligible regimes, missing content and warnings, each with a label in
    the caller's language and the editor's key of its field.

    Args:
        case_id (str):
        jurisdiction (list[str] | None | Unset):
        lang (CaseReadinessLangType0 | None | Unset): language of the labels; without it, the best
            of Accept-Language (else en)
        accept_language (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CaseReadinessResponseCaseReadiness | Problem]
    """

    kwargs = _get_kwargs(
        case_id=case_id,
        jurisdiction=jurisdiction,
        lang=lang,
        accept_language=accept_language,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    case_id: str,
    *,
    client: AuthenticatedClient | Client,
    jurisdiction: list[str] | None | Unset = UNSET,
    lang: CaseReadinessLangType0 | None | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
) -> CaseReadinessResponseCaseReadiness | Problem | None:
    """Case Readiness

     Per target jurisdiction: eligible regimes, missing content and warnings, each with a label in
    the caller's language and the editor's key of its field.

    Args:
        case_id (str):
        jurisdiction (list[str] | None | Unset):
        lang (CaseReadinessLangType0 | None | Unset): language of the labels; without it, the best
            of Accept-Language (else en)
        accept_language (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CaseReadinessResponseCaseReadiness | Problem
    """

    return sync_detailed(
        case_id=case_id,
        client=client,
        jurisdiction=jurisdiction,
        lang=lang,
        accept_language=accept_language,
    ).parsed


async def asyncio_detailed(
    case_id: str,
    *,
    client: AuthenticatedClient | Client,
    jurisdiction: list[str] | None | Unset = UNSET,
    lang: CaseReadinessLangType0 | None | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
) -> Response[CaseReadinessResponseCaseReadiness | Problem]:
    """Case Readiness

     Per target jurisdiction: eligible regimes, missing content and warnings, each with a label in
    the caller's language and the editor's key of its field.

    Args:
        case_id (str):
        jurisdiction (list[str] | None | Unset):
        lang (CaseReadinessLangType0 | None | Unset): language of the labels; without it, the best
            of Accept-Language (else en)
        accept_language (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CaseReadinessResponseCaseReadiness | Problem]
    """

    kwargs = _get_kwargs(
        case_id=case_id,
        jurisdiction=jurisdiction,
        lang=lang,
        accept_language=accept_language,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    case_id: str,
    *,
    client: AuthenticatedClient | Client,
    jurisdiction: list[str] | None | Unset = UNSET,
    lang: CaseReadinessLangType0 | None | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
) -> CaseReadinessResponseCaseReadiness | Problem | None:
    """Case Readiness

     Per target jurisdiction: eligible regimes, missing content and warnings, each with a label in
    the caller's language and the editor's key of its field.

    Args:
        case_id (str):
        jurisdiction (list[str] | None | Unset):
        lang (CaseReadinessLangType0 | None | Unset): language of the labels; without it, the best
            of Accept-Language (else en)
        accept_language (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CaseReadinessResponseCaseReadiness | Problem
    """

    return (
        await asyncio_detailed(
            case_id=case_id,
            client=client,
            jurisdiction=jurisdiction,
            lang=lang,
            accept_language=accept_language,
        )
    ).parsed
