from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.export_case_lang import ExportCaseLang
from ...models.export_case_purpose import ExportCasePurpose
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    case_id: str,
    *,
    lang: ExportCaseLang | Unset = ExportCaseLang.EN,
    purpose: ExportCasePurpose | Unset = ExportCasePurpose.SHARE,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_lang: str | Unset = UNSET
    if not isinstance(lang, Unset):
        json_lang = lang.value

    params["lang"] = json_lang

    json_purpose: str | Unset = UNSET
    if not isinstance(purpose, Unset):
        json_purpose = purpose.value

    params["purpose"] = json_purpose

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/cases/{case_id}/export.docx".format(
            case_id=quote(str(case_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | None:
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
) -> Response[Problem]:
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
    lang: ExportCaseLang | Unset = ExportCaseLang.EN,
    purpose: ExportCasePurpose | Unset = ExportCasePurpose.SHARE,
) -> Response[Problem]:
    """Export Case

     The case in the Word template. `share` (default) leaves out confidential sources, the contact
    and unmapped import leftovers; `own_use` (the authoring organisation only) keeps everything.

    Args:
        case_id (str):
        lang (ExportCaseLang | Unset):  Default: ExportCaseLang.EN.
        purpose (ExportCasePurpose | Unset):  Default: ExportCasePurpose.SHARE.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem]
    """

    kwargs = _get_kwargs(
        case_id=case_id,
        lang=lang,
        purpose=purpose,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    case_id: str,
    *,
    client: AuthenticatedClient | Client,
    lang: ExportCaseLang | Unset = ExportCaseLang.EN,
    purpose: ExportCasePurpose | Unset = ExportCasePurpose.SHARE,
) -> Problem | None:
    """Export Case

     The case in the Word template. `share` (default) leaves out confidential sources, the contact
    and unmapped import leftovers; `own_use` (the authoring organisation only) keeps everything.

    Args:
        case_id (str):
        lang (ExportCaseLang | Unset):  Default: ExportCaseLang.EN.
        purpose (ExportCasePurpose | Unset):  Default: ExportCasePurpose.SHARE.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem
    """

    return sync_detailed(
        case_id=case_id,
        client=client,
        lang=lang,
        purpose=purpose,
    ).parsed


async def asyncio_detailed(
    case_id: str,
    *,
    client: AuthenticatedClient | Client,
    lang: ExportCaseLang | Unset = ExportCaseLang.EN,
    purpose: ExportCasePurpose | Unset = ExportCasePurpose.SHARE,
) -> Response[Problem]:
    """Export Case

     The case in the Word template. `share` (default) leaves out confidential sources, the contact
    and unmapped import leftovers; `own_use` (the authoring organisation only) keeps everything.

    Args:
        case_id (str):
        lang (ExportCaseLang | Unset):  Default: ExportCaseLang.EN.
        purpose (ExportCasePurpose | Unset):  Default: ExportCasePurpose.SHARE.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem]
    """

    kwargs = _get_kwargs(
        case_id=case_id,
        lang=lang,
        purpose=purpose,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    case_id: str,
    *,
    client: AuthenticatedClient | Client,
    lang: ExportCaseLang | Unset = ExportCaseLang.EN,
    purpose: ExportCasePurpose | Unset = ExportCasePurpose.SHARE,
) -> Problem | None:
    """Export Case

     The case in the Word template. `share` (default) leaves out confidential sources, the contact
    and unmapped import leftovers; `own_use` (the authoring organisation only) keeps everything.

    Args:
        case_id (str):
        lang (ExportCaseLang | Unset):  Default: ExportCaseLang.EN.
        purpose (ExportCasePurpose | Unset):  Default: ExportCasePurpose.SHARE.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem
    """

    return (
        await asyncio_detailed(
            case_id=case_id,
            client=client,
            lang=lang,
            purpose=purpose,
        )
    ).parsed
