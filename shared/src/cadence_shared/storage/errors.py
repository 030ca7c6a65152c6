"""What storage refuses, as plain domain errors (no HTTP here).

Each carries the stable ``code`` its problem+json answer uses; the HTTP status belongs to the edge
(413, 415, 404, 400, 403).
"""


class StorageError(Exception):
    code = "storage_error"


class TooLarge(StorageError):
    """The upload went past its size cap; nothing of it was kept."""

    code = "payload_too_large"

    def __init__(self, max_bytes: int) -> None:
        super().__init__(f"the upload is larger than the limit of {max_bytes} bytes")
        self.max_bytes = max_bytes


class UnsupportedContentType(StorageError):
    """The bytes are not of a type this upload accepts (judged by content, not by the header)."""

    code = "unsupported_media_type"

    def __init__(self, sniffed: str, accepted: frozenset[str]) -> None:
        listed = ", ".join(sorted(accepted))
        super().__init__(f"the file is {sniffed}; accepted here: {listed}")
        self.sniffed = sniffed
        self.accepted = accepted


class ObjectNotFound(StorageError):
    code = "object_not_found"

    def __init__(self, key: str) -> None:
        super().__init__(f"no stored object {key!r}")
        self.key = key


class InvalidKey(StorageError):
    """A key or prefix that is not of the ``<owner-uuid>/<opaque>`` form (or tries to escape it)."""

    code = "invalid_storage_key"

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(f"invalid storage key {key!r}: {reason}")
        self.key = key


class DownloadLinkInvalid(StorageError):
    """A signed download link that was tampered with, is malformed, or has expired."""

    code = "download_link_invalid"

    def __init__(self, reason: str) -> None:
        super().__init__(f"download link refused: {reason}")
        self.reason = reason
