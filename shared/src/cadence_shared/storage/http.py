"""Serving stored objects over HTTP: streamed, with single byte ranges (RFC 9110 section 14).

``object_response`` answers 200 with the whole body, 206 with ``Content-Range`` for a satisfiable
``Range: bytes=...``, 416 with ``Content-Range: bytes */<size>`` for an unsatisfiable one, and 304
for a matching ``If-None-Match``. The ETag is the body's sha256, so it never changes while the
object does not. A missing object raises ``ObjectNotFound`` for the service's error handlers.

Uploaded bytes are someone else's content: every response forbids MIME sniffing and sandboxes the
body (an uploaded SVG or HTML opened from the API's origin cannot run script there).
"""

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from cadence_shared.problems import problem_response
from cadence_shared.storage.base import Storage, StoredObject
from cadence_shared.storage.errors import ObjectNotFound
from cadence_shared.storage.files import content_disposition
from cadence_shared.storage.signing import verify_download


class RangeNotSatisfiable(Exception):
    pass


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """``[start, end)`` of a single-range ``Range`` header on a body of ``size`` bytes.

    None means "send the whole body": no header, a malformed one, or several ranges (which a
    server may ignore). Raises ``RangeNotSatisfiable`` when no byte of the range exists.
    """
    if not header or not header.startswith("bytes=") or "," in header:
        return None
    first_text, dash, last_text = header.removeprefix("bytes=").strip().partition("-")
    if not dash or not (first_text + last_text).isdigit():
        return None
    if not first_text:  # "bytes=-N": the last N bytes
        suffix = int(last_text)
        if suffix == 0 or size == 0:
            raise RangeNotSatisfiable
        return max(0, size - suffix), size
    first = int(first_text)
    if last_text and int(last_text) < first:
        return None  # an invalid range is ignored, not refused
    if first >= size:
        raise RangeNotSatisfiable
    last = size - 1 if not last_text else min(int(last_text), size - 1)
    return first, last + 1


def _etag(stored: StoredObject) -> str:
    return f'"{stored.sha256}"'


def _base_headers(stored: StoredObject, filename: str | None, inline: bool) -> dict[str, str]:
    headers = {
        "Accept-Ranges": "bytes",
        "ETag": _etag(stored),
        "Cache-Control": "private, no-cache",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
    }
    if filename is not None:
        headers["Content-Disposition"] = content_disposition(filename, inline=inline)
    return headers


def _wanted_range(request: Request, stored: StoredObject) -> tuple[int, int] | None:
    if_range = request.headers.get("if-range")
    if if_range is not None and if_range != _etag(stored):
        return None  # the client's partial copy is of another version: send it all again
    return parse_range(request.headers.get("range"), stored.size)


def _unsatisfiable(stored: StoredObject, headers: dict[str, str]) -> Response:
    return problem_response(
        416,
        f"the object has {stored.size} bytes",
        headers={**headers, "Content-Range": f"bytes */{stored.size}"},
    )


async def object_response(
    storage: Storage,
    key: str,
    request: Request,
    *,
    filename: str | None = None,
    inline: bool = False,
) -> Response:
    """The object at ``key`` as the answer to ``request`` (GET or HEAD), streamed from storage.

    ``filename`` (already through ``safe_filename``) names the download in Content-Disposition,
    as an attachment unless ``inline``.
    """
    stored = await storage.stat(key)
    if stored is None:
        raise ObjectNotFound(key)
    headers = _base_headers(stored, filename, inline)
    if request.headers.get("if-none-match") in {_etag(stored), "*"}:
        return Response(status_code=304, headers=headers)
    try:
        wanted = _wanted_range(request, stored)
    except RangeNotSatisfiable:
        return _unsatisfiable(stored, headers)
    status, (start, end) = (200, (0, stored.size)) if wanted is None else (206, wanted)
    if status == 206:
        headers["Content-Range"] = f"bytes {start}-{end - 1}/{stored.size}"
    headers["Content-Length"] = str(end - start)
    if request.method == "HEAD":
        return Response(status_code=status, headers=headers, media_type=stored.content_type)
    return StreamingResponse(
        storage.open(key, start=start, end=end),
        status_code=status,
        headers=headers,
        media_type=stored.content_type,
    )


def signed_download_endpoint(
    storage: Storage, *, signing_secret: bytes
) -> Callable[[Request], Awaitable[Response]]:
    """A route endpoint serving local storage's signed download links (no token needed: the
    link's signature is the permission). A bad or expired link raises ``DownloadLinkInvalid``."""

    async def download(request: Request) -> Response:
        grant = verify_download(request.query_params, secret=signing_secret)
        return await object_response(storage, grant.key, request, filename=grant.filename)

    return download
