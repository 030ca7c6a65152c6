"""Signed download links for backends that have no presigned URLs of their own (local storage).

A link carries the key, the filename to download as, and an expiry (Unix seconds), with an
HMAC-SHA256 over all three under the service's ``storage_signing_secret``: changing any of them, or
using the link after it expired, is refused.
"""

import hashlib
import hmac
import time
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from cadence_shared.storage.base import check_key
from cadence_shared.storage.errors import DownloadLinkInvalid, InvalidKey


@dataclass(frozen=True)
class DownloadGrant:
    """What a verified link allows: download ``key`` as ``filename``."""

    key: str
    filename: str
    expires_at: int


def _signature(secret: bytes, key: str, filename: str, expires_at: int) -> str:
    message = f"{key}\n{expires_at}\n{filename}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def signed_download_url(
    base_url: str, key: str, *, filename: str, expires_s: int, secret: bytes
) -> str:
    """``base_url`` with the query that ``verify_download`` accepts until ``expires_s`` from now."""
    if expires_s <= 0:
        raise ValueError("expires_s must be positive")
    expires_at = int(time.time()) + expires_s
    query = {
        "key": check_key(key),
        "filename": filename,
        "expires": str(expires_at),
        "signature": _signature(secret, key, filename, expires_at),
    }
    separator = "&" if "?" in base_url else "?"
    return f"{base_url}{separator}{urlencode(query)}"


def verify_download(
    query: Mapping[str, str], *, secret: bytes, now: float | None = None
) -> DownloadGrant:
    """The grant of a signed link's query parameters; raises ``DownloadLinkInvalid`` if it is not
    one this secret signed, or if it has expired."""
    try:
        key, filename = query["key"], query["filename"]
        expires_at, signature = int(query["expires"]), query["signature"]
        check_key(key)
    except (KeyError, ValueError, InvalidKey) as exc:
        raise DownloadLinkInvalid("malformed") from exc
    expected = _signature(secret, key, filename, expires_at)
    if not hmac.compare_digest(expected.encode(), signature.encode()):
        raise DownloadLinkInvalid("bad signature")
    if (time.time() if now is None else now) >= expires_at:
        raise DownloadLinkInvalid("expired")
    return DownloadGrant(key=key, filename=filename, expires_at=expires_at)
