from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.audio_search_audio_kind_type_0 import AudioSearchAudioKindType0
from ...models.audio_search_audio_mode_type_0 import AudioSearchAudioModeType0
from ...models.page_audio_item_public import PageAudioItemPublic
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    q: None | str | Unset = UNSET,
    bpm_min: float | None | Unset = UNSET,
    bpm_max: float | None | Unset = UNSET,
    key: None | str | Unset = UNSET,
    mode: AudioSearchAudioModeType0 | None | Unset = UNSET,
    min_duration: float | None | Unset = UNSET,
    max_duration: float | None | Unset = UNSET,
    tags: None | str | Unset = UNSET,
    kind: AudioSearchAudioKindType0 | None | Unset = UNSET,
    sort: str | Unset = "-created_at",
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_q: None | str | Unset
    if isinstance(q, Unset):
        json_q = UNSET
    else:
        json_q = q
    params["q"] = json_q

    json_bpm_min: float | None | Unset
    if isinstance(bpm_min, Unset):
        json_bpm_min = UNSET
    else:
        json_bpm_min = bpm_min
    params["bpm_min"] = json_bpm_min

    json_bpm_max: float | None | Unset
    if isinstance(bpm_max, Unset):
        json_bpm_max = UNSET
    else:
        json_bpm_max = bpm_max
    params["bpm_max"] = json_bpm_max

    json_key: None | str | Unset
    if isinstance(key, Unset):
        json_key = UNSET
    else:
        json_key = key
    params["key"] = json_key

    json_mode: None | str | Unset
    if isinstance(mode, Unset):
        json_mode = UNSET
    elif isinstance(mode, AudioSearchAudioModeType0):
        json_mode = mode.value
    else:
        json_mode = mode
    params["mode"] = json_mode

    json_min_duration: float | None | Unset
    if isinstance(min_duration, Unset):
        json_min_duration = UNSET
    else:
        json_min_duration = min_duration
    params["min_duration"] = json_min_duration

    json_max_duration: float | None | Unset
    if isinstance(max_duration, Unset):
        json_max_duration = UNSET
    else:
        json_max_duration = max_duration
    params["max_duration"] = json_max_duration

    json_tags: None | str | Unset
    if isinstance(tags, Unset):
        json_tags = UNSET
    else:
        json_tags = tags
    params["tags"] = json_tags

    json_kind: None | str | Unset
    if isinstance(kind, Unset):
        json_kind = UNSET
    elif isinstance(kind, AudioSearchAudioKindType0):
        json_kind = kind.value
    else:
        json_kind = kind
    params["kind"] = json_kind

    params["sort"] = sort

    params["limit"] = limit

    params["offset"] = offset

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/audio/search",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageAudioItemPublic | Problem | None:
    if response.status_code == 200:
        response_200 = PageAudioItemPublic.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

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
) -> Response[PageAudioItemPublic | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    q: None | str | Unset = UNSET,
    bpm_min: float | None | Unset = UNSET,
    bpm_max: float | None | Unset = UNSET,
    key: None | str | Unset = UNSET,
    mode: AudioSearchAudioModeType0 | None | Unset = UNSET,
    min_duration: float | None | Unset = UNSET,
    max_duration: float | None | Unset = UNSET,
    tags: None | str | Unset = UNSET,
    kind: AudioSearchAudioKindType0 | None | Unset = UNSET,
    sort: str | Unset = "-created_at",
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> Response[PageAudioItemPublic | Problem]:
    """Search the caller's samples

     Analysed values filter the samples: a tempo range, a key and mode, a duration range,
    tags (each one must be on the sample), `loop` or `one-shot`, and text in the title.

    Args:
        q (None | str | Unset): In the title or the file name
        bpm_min (float | None | Unset):
        bpm_max (float | None | Unset):
        key (None | str | Unset): The tonic: A, F#, Bb
        mode (AudioSearchAudioModeType0 | None | Unset):
        min_duration (float | None | Unset): Seconds
        max_duration (float | None | Unset): Seconds
        tags (None | str | Unset): Comma-separated; all must match
        kind (AudioSearchAudioKindType0 | None | Unset):
        sort (str | Unset): One of created_at, updated_at, title, bpm, duration_s, loudness_lufs;
            '-' for descending Default: '-created_at'.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageAudioItemPublic | Problem]
    """

    kwargs = _get_kwargs(
        q=q,
        bpm_min=bpm_min,
        bpm_max=bpm_max,
        key=key,
        mode=mode,
        min_duration=min_duration,
        max_duration=max_duration,
        tags=tags,
        kind=kind,
        sort=sort,
        limit=limit,
        offset=offset,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    q: None | str | Unset = UNSET,
    bpm_min: float | None | Unset = UNSET,
    bpm_max: float | None | Unset = UNSET,
    key: None | str | Unset = UNSET,
    mode: AudioSearchAudioModeType0 | None | Unset = UNSET,
    min_duration: float | None | Unset = UNSET,
    max_duration: float | None | Unset = UNSET,
    tags: None | str | Unset = UNSET,
    kind: AudioSearchAudioKindType0 | None | Unset = UNSET,
    sort: str | Unset = "-created_at",
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> PageAudioItemPublic | Problem | None:
    """Search the caller's samples

     Analysed values filter the samples: a tempo range, a key and mode, a duration range,
    tags (each one must be on the sample), `loop` or `one-shot`, and text in the title.

    Args:
        q (None | str | Unset): In the title or the file name
        bpm_min (float | None | Unset):
        bpm_max (float | None | Unset):
        key (None | str | Unset): The tonic: A, F#, Bb
        mode (AudioSearchAudioModeType0 | None | Unset):
        min_duration (float | None | Unset): Seconds
        max_duration (float | None | Unset): Seconds
        tags (None | str | Unset): Comma-separated; all must match
        kind (AudioSearchAudioKindType0 | None | Unset):
        sort (str | Unset): One of created_at, updated_at, title, bpm, duration_s, loudness_lufs;
            '-' for descending Default: '-created_at'.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageAudioItemPublic | Problem
    """

    return sync_detailed(
        client=client,
        q=q,
        bpm_min=bpm_min,
        bpm_max=bpm_max,
        key=key,
        mode=mode,
        min_duration=min_duration,
        max_duration=max_duration,
        tags=tags,
        kind=kind,
        sort=sort,
        limit=limit,
        offset=offset,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    q: None | str | Unset = UNSET,
    bpm_min: float | None | Unset = UNSET,
    bpm_max: float | None | Unset = UNSET,
    key: None | str | Unset = UNSET,
    mode: AudioSearchAudioModeType0 | None | Unset = UNSET,
    min_duration: float | None | Unset = UNSET,
    max_duration: float | None | Unset = UNSET,
    tags: None | str | Unset = UNSET,
    kind: AudioSearchAudioKindType0 | None | Unset = UNSET,
    sort: str | Unset = "-created_at",
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> Response[PageAudioItemPublic | Problem]:
    """Search the caller's samples

     Analysed values filter the samples: a tempo range, a key and mode, a duration range,
    tags (each one must be on the sample), `loop` or `one-shot`, and text in the title.

    Args:
        q (None | str | Unset): In the title or the file name
        bpm_min (float | None | Unset):
        bpm_max (float | None | Unset):
        key (None | str | Unset): The tonic: A, F#, Bb
        mode (AudioSearchAudioModeType0 | None | Unset):
        min_duration (float | None | Unset): Seconds
        max_duration (float | None | Unset): Seconds
        tags (None | str | Unset): Comma-separated; all must match
        kind (AudioSearchAudioKindType0 | None | Unset):
        sort (str | Unset): One of created_at, updated_at, title, bpm, duration_s, loudness_lufs;
            '-' for descending Default: '-created_at'.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageAudioItemPublic | Problem]
    """

    kwargs = _get_kwargs(
        q=q,
        bpm_min=bpm_min,
        bpm_max=bpm_max,
        key=key,
        mode=mode,
        min_duration=min_duration,
        max_duration=max_duration,
        tags=tags,
        kind=kind,
        sort=sort,
        limit=limit,
        offset=offset,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    q: None | str | Unset = UNSET,
    bpm_min: float | None | Unset = UNSET,
    bpm_max: float | None | Unset = UNSET,
    key: None | str | Unset = UNSET,
    mode: AudioSearchAudioModeType0 | None | Unset = UNSET,
    min_duration: float | None | Unset = UNSET,
    max_duration: float | None | Unset = UNSET,
    tags: None | str | Unset = UNSET,
    kind: AudioSearchAudioKindType0 | None | Unset = UNSET,
    sort: str | Unset = "-created_at",
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> PageAudioItemPublic | Problem | None:
    """Search the caller's samples

     Analysed values filter the samples: a tempo range, a key and mode, a duration range,
    tags (each one must be on the sample), `loop` or `one-shot`, and text in the title.

    Args:
        q (None | str | Unset): In the title or the file name
        bpm_min (float | None | Unset):
        bpm_max (float | None | Unset):
        key (None | str | Unset): The tonic: A, F#, Bb
        mode (AudioSearchAudioModeType0 | None | Unset):
        min_duration (float | None | Unset): Seconds
        max_duration (float | None | Unset): Seconds
        tags (None | str | Unset): Comma-separated; all must match
        kind (AudioSearchAudioKindType0 | None | Unset):
        sort (str | Unset): One of created_at, updated_at, title, bpm, duration_s, loudness_lufs;
            '-' for descending Default: '-created_at'.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageAudioItemPublic | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            q=q,
            bpm_min=bpm_min,
            bpm_max=bpm_max,
            key=key,
            mode=mode,
            min_duration=min_duration,
            max_duration=max_duration,
            tags=tags,
            kind=kind,
            sort=sort,
            limit=limit,
            offset=offset,
        )
    ).parsed
