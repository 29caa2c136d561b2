from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.download_evidence_variant_type_0 import DownloadEvidenceVariantType0
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    evidence_id: str,
    *,
    variant: DownloadEvidenceVariantType0 | None | Unset = UNSET,
    reason: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_variant: None | str | Unset
    if isinstance(variant, Unset):
        json_variant = UNSET
    elif isinstance(variant, DownloadEvidenceVariantType0):
        json_variant = variant.value
    else:
        json_variant = variant
    params["variant"] = json_variant

    json_reason: None | str | Unset
    if isinstance(reason, Unset):
        json_reason = UNSET
    else:
        json_reason = reason
    params["reason"] = json_reason

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/evidence/{evidence_id}/content".format(
            evidence_id=quote(str(evidence_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Problem | None:
    if response.status_code == 200:
        response_200 = cast(Any, None)
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
    evidence_id: str,
    *,
    client: AuthenticatedClient | Client,
    variant: DownloadEvidenceVariantType0 | None | Unset = UNSET,
    reason: None | str | Unset = UNSET,
) -> Response[Any | Problem]:
    """Download Evidence

     Always an attachment, never rendered inline. The coalition gets the sanitised copy unless it
    asks for `variant=original` with a `reason`; source-identifying items only go to the authoring
    organisation and coalition admins; quarantined items to no one.

    Args:
        evidence_id (str):
        variant (DownloadEvidenceVariantType0 | None | Unset):
        reason (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        evidence_id=evidence_id,
        variant=variant,
        reason=reason,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    evidence_id: str,
    *,
    client: AuthenticatedClient | Client,
    variant: DownloadEvidenceVariantType0 | None | Unset = UNSET,
    reason: None | str | Unset = UNSET,
) -> Any | Problem | None:
    """Download Evidence

     Always an attachment, never rendered inline. The coalition gets the sanitised copy unless it
    asks for `variant=original` with a `reason`; source-identifying items only go to the authoring
    organisation and coalition admins; quarantined items to no one.

    Args:
        evidence_id (str):
        variant (DownloadEvidenceVariantType0 | None | Unset):
        reason (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return sync_detailed(
        evidence_id=evidence_id,
        client=client,
        variant=variant,
        reason=reason,
    ).parsed


async def asyncio_detailed(
    evidence_id: str,
    *,
    client: AuthenticatedClient | Client,
    variant: DownloadEvidenceVariantType0 | None | Unset = UNSET,
    reason: None | str | Unset = UNSET,
) -> Response[Any | Problem]:
    """Download Evidence

     Always an attachment, never rendered inline. The coalition gets the sanitised copy unless it
    asks for `variant=original` with a `reason`; source-identifying items only go to the authoring
    organisation and coalition admins; quarantined items to no one.

    Args:
        evidence_id (str):
        variant (DownloadEvidenceVariantType0 | None | Unset):
        reason (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        evidence_id=evidence_id,
        variant=variant,
        reason=reason,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    evidence_id: str,
    *,
    client: AuthenticatedClient | Client,
    variant: DownloadEvidenceVariantType0 | None | Unset = UNSET,
    reason: None | str | Unset = UNSET,
) -> Any | Problem | None:
    """Download Evidence

     Always an attachment, never rendered inline. The coalition gets the sanitised copy unless it
    asks for `variant=original` with a `reason`; source-identifying items only go to the authoring
    organisation and coalition admins; quarantined items to no one.

    Args:
        evidence_id (str):
        variant (DownloadEvidenceVariantType0 | None | Unset):
        reason (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return (
        await asyncio_detailed(
            evidence_id=evidence_id,
            client=client,
            variant=variant,
            reason=reason,
        )
    ).parsed
