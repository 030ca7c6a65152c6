"""A multipart/form-data body read as it arrives: the file part's bytes are handed on chunk by
chunk (never held whole, never spooled to a temporary file), the small form fields are kept.

python-multipart's ``MultipartParser`` is push-based (callbacks per header, per slice of part
data); ``FileParts.file_chunks`` turns it into the pull-based async iterator that
``Storage.put`` reads: each body chunk the server receives is parsed at once, and the file data
found in it is yielded before the next chunk is read. Starlette's own ``request.form()`` would
spool the file to a ``SpooledTemporaryFile`` (to disk past 1 MiB) before the route runs.
"""

from collections.abc import AsyncGenerator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, MultipartState, parse_options_header
from starlette.requests import ClientDisconnect, Request

if TYPE_CHECKING:
    from python_multipart.multipart import MultipartCallbacks

from cadence_shared.uploads.errors import (
    MalformedMultipart,
    MultipartRequired,
    UnexpectedUploadPart,
    UploadFileMissing,
    UploadFormTooLarge,
    UploadIncomplete,
)

# Headers a part may carry (Content-Disposition, Content-Type, and a few a client may add).
MAX_PART_HEADERS = 8
# One header line: room for a 1,000-character name of 4-byte characters, percent-escaped or not.
MAX_PART_HEADER_BYTES = 8 * 1024
_PLAIN_ENCODINGS = frozenset({b"7bit", b"8bit", b"binary"})


@dataclass(frozen=True)
class FormLimits:
    file_field: str = "file"
    max_form_bytes: int = 64 * 1024  # every field beside the file, together
    max_fields: int = 32


def boundary_of(request: Request) -> bytes:
    """The boundary of a multipart/form-data request; ``MultipartRequired`` for anything else."""
    media_type, options = parse_options_header(request.headers.get("content-type"))
    boundary = options.get(b"boundary")
    if media_type != b"multipart/form-data" or not boundary:
        raise MultipartRequired("send the file as multipart/form-data (with a boundary)")
    return boundary


@dataclass
class _Part:
    name: str
    is_file: bool
    data: bytearray = field(default_factory=bytearray)


class FileParts:
    """One multipart body: its file part streamed out of ``file_chunks``, its fields kept."""

    def __init__(self, request: Request, boundary: bytes, limits: FormLimits) -> None:
        self._request = request
        self._limits = limits
        self.fields: dict[str, list[str]] = {}
        self.filename: str | None = None  # as the client sent it (decoded), not yet made safe
        self._file_seen = False
        self._ended = False
        self._form_bytes = 0
        self._pending: list[bytes] = []
        self._headers: dict[bytes, bytes] = {}
        self._header: tuple[list[bytes], list[bytes]] = ([], [])
        self._part: _Part | None = None
        try:
            self._parser = MultipartParser(
                boundary,
                self._callbacks(),
                max_header_count=MAX_PART_HEADERS,
                max_header_size=MAX_PART_HEADER_BYTES,
            )
        except FormParserError as exc:
            raise MalformedMultipart(f"unusable boundary: {exc}") from None

    def _callbacks(self) -> "MultipartCallbacks":
        return {
            "on_part_begin": self._headers.clear,
            "on_header_field": lambda data, start, end: self._header[0].append(data[start:end]),
            "on_header_value": lambda data, start, end: self._header[1].append(data[start:end]),
            "on_header_end": self._on_header_end,
            "on_headers_finished": self._on_headers_finished,
            "on_part_data": self._on_part_data,
            "on_part_end": self._on_part_end,
            "on_end": self._on_end,
        }

    def _on_header_end(self) -> None:
        name, value = (b"".join(pieces) for pieces in self._header)
        self._headers[name.strip().lower()] = value.strip(b" \t")
        self._header[0].clear()
        self._header[1].clear()

    def _on_headers_finished(self) -> None:
        _, options = parse_options_header(self._headers.get(b"content-disposition"))
        encoding = self._headers.get(b"content-transfer-encoding", b"binary").lower()
        if b"name" not in options or encoding not in _PLAIN_ENCODINGS:
            raise MalformedMultipart("a part lacks a name or has an encoding other than binary")
        name = _text(options[b"name"])
        if name == self._limits.file_field:
            if self._file_seen:
                raise UnexpectedUploadPart(f"a second {name!r} file", part=name)
            self._file_seen = True
            self.filename = _text(options.get(b"filename", b""))
            self._part = _Part(name, is_file=True)
        elif b"filename" in options:
            raise UnexpectedUploadPart(f"a file under {name!r}", part=name)
        elif sum(map(len, self.fields.values())) >= self._limits.max_fields:
            raise UnexpectedUploadPart(f"more than {self._limits.max_fields} fields", part=name)
        else:
            self._part = _Part(name, is_file=False)

    def _on_part_data(self, data: bytes, start: int, end: int) -> None:
        part = self._part
        if part is None:
            return
        if part.is_file:
            self._pending.append(data[start:end])
            return
        self._form_bytes += end - start
        if self._form_bytes > self._limits.max_form_bytes:
            raise UploadFormTooLarge(self._limits.max_form_bytes)
        part.data += data[start:end]

    def _on_part_end(self) -> None:
        part, self._part = self._part, None
        if part is not None and not part.is_file:
            try:
                value = part.data.decode()
            except UnicodeDecodeError:
                raise MalformedMultipart(f"field {part.name!r} is not UTF-8") from None
            self.fields.setdefault(part.name, []).append(value)

    def _on_end(self) -> None:
        self._ended = True

    def _feed(self, chunk: bytes) -> None:
        if self._ended:
            return  # an epilogue after the closing boundary is ignored, as RFC 2046 says
        try:
            self._parser.write(chunk)
        except FormParserError as exc:
            raise MalformedMultipart(f"unreadable multipart body: {exc}") from None

    async def file_chunks(self) -> AsyncGenerator[bytes, None]:
        """The file part's bytes as the body arrives; reads the body to its end, so every field
        (before or after the file) is in ``fields`` once this is exhausted.

        Raises ``UploadIncomplete`` (the client went away, or the body stopped before its closing
        boundary), ``MalformedMultipart``, ``UploadFileMissing`` or ``UnexpectedUploadPart`` from
        inside the iteration, so ``Storage.put`` reading it removes what it wrote.
        """
        try:
            async for chunk in self._request.stream():
                if chunk:
                    self._feed(chunk)
                if self._pending:
                    data = b"".join(self._pending)
                    self._pending.clear()
                    yield data
        except ClientDisconnect:
            raise UploadIncomplete("the client went away before the upload was complete") from None
        if not self._ended or self._parser.state != MultipartState.END:
            raise UploadIncomplete("the body ended before the multipart's closing boundary")
        if not self._file_seen:
            raise UploadFileMissing(self._limits.file_field)


def _text(raw: bytes) -> str:
    """A header parameter: python-multipart hands it over as latin-1 bytes of what the client
    sent, which browsers and HTTP clients send as UTF-8."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")
