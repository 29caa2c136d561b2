from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_webhook_event_types_lang_type_0 import (
    ListWebhookEventTypesLangType0,
)
from ...models.problem import Problem
from ...models.webhook_event_type import WebhookEventType
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    lang: ListWebhookEventTypesLangType0 | None | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(accept_language, Unset):
        headers["accept-language"] = accept_language

    params: dict[str, Any] = {}

    json_lang: None | str | Unset
    if isinstance(lang, Unset):
        json_lang = UNSET
    elif isinstance(lang, ListWebhookEventTypesLangType0):
        json_lang = lang.value
    else:
        json_lang = lang
    params["lang"] = json_lang

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/webhooks/event-types",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | list[WebhookEventType] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = WebhookEventType.from_dict(response_200_item_data)

            response_200.append(response_200_item)

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
) -> Response[Problem | list[WebhookEventType]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    lang: ListWebhookEventTypesLangType0 | None | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
) -> Response[Problem | list[WebhookEventType]]:
    """List Webhook Event Types

     Every event a subscription may choose, with a short name and a description in the caller's
    language: the events of the OpenAPI document's `webhooks` section, in its order.

    Args:
        lang (ListWebhookEventTypesLangType0 | None | Unset): language of the labels; without it,
            the best of Accept-Language (else en)
        accept_language (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | list[WebhookEventType]]
    """

    kwargs = _get_kwargs(
        lang=lang,
        accept_language=accept_language,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    lang: ListWebhookEventTypesLangType0 | None | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
) -> Problem | list[WebhookEventType] | None:
    """List Webhook Event Types

     Every event a subscription may choose, with a short name and a description in the caller's
    language: the events of the OpenAPI document's `webhooks` section, in its order.

    Args:
        lang (ListWebhookEventTypesLangType0 | None | Unset): language of the labels; without it,
            the best of Accept-Language (else en)
        accept_language (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | list[WebhookEventType]
    """

    return sync_detailed(
        client=client,
        lang=lang,
        accept_language=accept_language,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    lang: ListWebhookEventTypesLangType0 | None | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
) -> Response[Problem | list[WebhookEventType]]:
    """List Webhook Event Types

     Every event a subscription may choose, with a short name and a description in the caller's
    language: the events of the OpenAPI document's `webhooks` section, in its order.

    Args:
        lang (ListWebhookEventTypesLangType0 | None | Unset): language of the labels; without it,
            the best of Accept-Language (else en)
        accept_language (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | list[WebhookEventType]]
    """

    kwargs = _get_kwargs(
        lang=lang,
        accept_language=accept_language,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    lang: ListWebhookEventTypesLangType0 | None | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
) -> Problem | list[WebhookEventType] | None:
    """List Webhook Event Types

     Every event a subscription may choose, with a short name and a description in the caller's
    language: the events of the OpenAPI document's `webhooks` section, in its order.

    Args:
        lang (ListWebhookEventTypesLangType0 | None | Unset): language of the labels; without it,
            the best of Accept-Language (else en)
        accept_language (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | list[WebhookEventType]
    """

    return (
        await asyncio_detailed(
            client=client,
            lang=lang,
            accept_language=accept_language,
        )
    ).parsed
