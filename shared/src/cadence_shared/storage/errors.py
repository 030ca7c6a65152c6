"""What storage refuses, as domain errors (no HTTP here): the edge maps each kind to its status
(413, 415, 404, 403) and lists the codes at the gateway's /problems page."""

from cadence_shared import errors


class TooLarge(errors.TooLarge):
    """The upload went past its size cap; nothing of it was kept."""

    code = "upload_too_large"
    title = "Upload too large"
    description = "The file is larger than this upload accepts; nothing of it was kept."

    def __init__(self, max_bytes: int) -> None:
        super().__init__(
            f"the upload is larger than the limit of {max_bytes} bytes", max_bytes=max_bytes
        )
        self.max_bytes = max_bytes


class UnsupportedContentType(errors.UnsupportedType):
    """The bytes are not of a type this upload accepts (judged by content, not by the header)."""

    code = "unsupported_file_type"
    title = "Unsupported file type"
    description = "The file's content (sniffed from its bytes) is of a type this upload refuses."

    def __init__(self, sniffed: str, accepted: frozenset[str]) -> None:
        listed = ", ".join(sorted(accepted))
        super().__init__(
            f"the file is {sniffed}; accepted here: {listed}",
            sniffed=sniffed,
            accepted=sorted(accepted),
        )
        self.sniffed = sniffed
        self.accepted = accepted


class ObjectNotFound(errors.NotFound):
    code = "object_not_found"
    title = "File not found"
    description = "No stored file has this key."

    def __init__(self, key: str) -> None:
        super().__init__(f"no stored object {key!r}")
        self.key = key


class InvalidKey(errors.NotFound):
    """A key or prefix that is not of the ``<owner-uuid>/<opaque>`` form (or tries to escape it):
    answered like a missing object, so probing learns nothing."""

    code = "invalid_storage_key"
    title = "File not found"
    description = "The file key is not one this service issues."

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(f"invalid storage key {key!r}: {reason}")
        self.key = key


class DownloadLinkInvalid(errors.Forbidden):
    """A signed download link that was tampered with, is malformed, or has expired."""

    code = "download_link_invalid"
    title = "Download link invalid"
    description = "The signed download link was altered, is malformed or has expired."

    def __init__(self, reason: str) -> None:
        super().__init__(f"download link refused: {reason}")
        self.reason = reason
