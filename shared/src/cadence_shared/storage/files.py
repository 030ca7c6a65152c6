"""What an upload's edge needs before storing: a safe display name and the type the bytes really
are (never the client's Content-Type header)."""

import threading
import unicodedata
from collections.abc import Iterable
from urllib.parse import quote

import magic

from cadence_shared.storage.errors import UnsupportedContentType

MAX_FILENAME_BYTES = 255
FALLBACK_FILENAME = "file"
# libmagic needs a few KiB at most for the types the services take (DXF and SVG are judged by
# their first lines; an MP3 with a large ID3 tag is still recognised by the tag's header).
SNIFF_BYTES = 8192
EMPTY_CONTENT_TYPE = "application/x-empty"
# libmagic's older or x- names for types, mapped to their registered names.
_CANONICAL = {
    "audio/x-wav": "audio/wav",
    "audio/x-flac": "audio/flac",
    "audio/x-mp3": "audio/mpeg",
    "text/xml": "application/xml",
    "application/x-pdf": "application/pdf",
}
# Control and format characters (NUL, escapes, bidirectional overrides, zero-width marks).
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})

_magic_lock = threading.Lock()
_magic: magic.Magic | None = None


def safe_filename(name: str, *, fallback: str = FALLBACK_FILENAME) -> str:
    """A readable name to keep beside an upload and to download it as, never a path.

    Keeps the last path component (of '/' or '\\'), in NFC, without control, format or other
    invisible characters, without leading dots or surrounding spaces, at most 255 bytes of UTF-8
    with the extension kept, and never empty (``fallback`` then).
    """
    name = unicodedata.normalize("NFC", name)
    name = "".join(
        " " if char.isspace() else char
        for char in name
        if unicodedata.category(char) not in _INVISIBLE_CATEGORIES or char in "\t\n\r"
    )
    parts = [part for part in name.replace("\\", "/").split("/") if part.strip(" .")]
    name = parts[-1] if parts else ""
    name = " ".join(name.split()).lstrip(".").rstrip(". ")
    return _cap_bytes(name, MAX_FILENAME_BYTES) if name else fallback


def _cap_bytes(name: str, limit: int) -> str:
    if len(name.encode()) <= limit:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or len(extension.encode()) > 32:
        stem, extension = name, ""
    suffix = f".{extension}" if extension else ""
    room = limit - len(suffix.encode())
    # Cut on a character boundary: decode what fits, dropping a partial last character.
    cut = stem.encode()[:room].decode(errors="ignore").rstrip(". ")
    return f"{cut}{suffix}" if cut else name.encode()[:limit].decode(errors="ignore")


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """A Content-Disposition value naming ``filename``: an ASCII fallback plus RFC 5987 UTF-8."""
    ascii_name = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
    ascii_name = "".join(
        "_" if char in '"\\' or not char.isprintable() else char for char in ascii_name
    )
    disposition = "inline" if inline else "attachment"
    fallback = ascii_name.strip() or FALLBACK_FILENAME
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def sniff_content_type(first_bytes: bytes) -> str:
    """The media type of a body judged by libmagic from its first bytes (``SNIFF_BYTES`` suffice).

    Text without a recognised form is ``text/plain``, unknown binary ``application/octet-stream``,
    nothing at all ``application/x-empty``.
    """
    if not first_bytes:
        return EMPTY_CONTENT_TYPE
    global _magic
    with _magic_lock:  # one libmagic handle, which is not safe to share between threads
        if _magic is None:
            _magic = magic.Magic(mime=True)
        sniffed = _magic.from_buffer(first_bytes[:SNIFF_BYTES])
    return _CANONICAL.get(sniffed, sniffed)


def require_content_type(sniffed: str, accepted: Iterable[str]) -> str:
    """``sniffed`` if ``accepted`` lists it (``audio/*`` accepts every audio type); else raises
    ``UnsupportedContentType``."""
    allowed = frozenset(accepted)
    family = sniffed.split("/", 1)[0]
    if sniffed in allowed or f"{family}/*" in allowed:
        return sniffed
    raise UnsupportedContentType(sniffed, allowed)
