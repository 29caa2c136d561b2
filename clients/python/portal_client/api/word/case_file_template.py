from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.case_file_template_lang import CaseFileTemplateLang
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    lang: CaseFileTemplateLang | Unset = CaseFileTemplateLang.EN,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_lang: str | Unset = UNSET
    if not isinstance(lang, Unset):
        json_lang = lang.value

    params["lang"] = json_lang

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/templates/case-file.docx",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | None:
    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

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
    *,
    client: AuthenticatedClient | Client,
    lang: CaseFileTemplateLang | Unset = CaseFileTemplateLang.EN,
) -> Response[Problem]:
    """Case File Template

     The blank case-file template (no sign-in needed): fill it in Word or LibreOffice, import it back.

    Args:
        lang (CaseFileTemplateLang | Unset):  Default: CaseFileTemplateLang.EN.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem]
    """

    kwargs = _get_kwargs(
        lang=lang,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    lang: CaseFileTemplateLang | Unset = CaseFileTemplateLang.EN,
) -> Problem | None:
    """Case File Template

     The blank case-file template (no sign-in needed): fill it in Word or LibreOffice, import it back.

    Args:
        lang (CaseFileTemplateLang | Unset):  Default: CaseFileTemplateLang.EN.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem
    """

    return sync_detailed(
        client=client,
        lang=lang,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    lang: CaseFileTemplateLang | Unset = CaseFileTemplateLang.EN,
) -> Response[Problem]:
    """Case File Template

     The blank case-file template (no sign-in needed): fill it in Word or LibreOffice, import it back.

    Args:
        lang (CaseFileTemplateLang | Unset):  Default: CaseFileTemplateLang.EN.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem]
    """

    kwargs = _get_kwargs(
        lang=lang,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    lang: CaseFileTemplateLang | Unset = CaseFileTemplateLang.EN,
) -> Problem | None:
    """Case File Template

     The blank case-file template (no sign-in needed): fill it in Word or LibreOffice, import it back.

    Args:
        lang (CaseFileTemplateLang | Unset):  Default: CaseFileTemplateLang.EN.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            lang=lang,
        )
    ).parsed
