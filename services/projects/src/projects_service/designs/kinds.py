"""What a design file is, judged from its bytes (libmagic, as every upload in the suite) and
checked against its name's extension."""

import enum
from pathlib import PurePosixPath

from cadence_shared.storage import SNIFF_BYTES, sniff_content_type
from projects_service.errors import DesignTypeMismatch, DesignTypeUnsupported


class DesignKind(enum.StrEnum):
    svg = "svg"
    dxf = "dxf"
    png = "png"
    jpeg = "jpeg"

    @property
    def is_vector(self) -> bool:
        return self in (DesignKind.svg, DesignKind.dxf)


EXTENSIONS = {
    ".svg": DesignKind.svg,
    ".dxf": DesignKind.dxf,
    ".png": DesignKind.png,
    ".jpg": DesignKind.jpeg,
    ".jpeg": DesignKind.jpeg,
}
SVG_LOOKAHEAD = 64 * 1024
SNIFFED = {
    "image/svg+xml": DesignKind.svg,
    "image/vnd.dxf": DesignKind.dxf,
    "image/png": DesignKind.png,
    "image/jpeg": DesignKind.jpeg,
}


def _looks_like_dxf(first_bytes: bytes) -> bool:
    """A DXF that starts straight with its ENTITIES section (no HEADER) is plain text to
    libmagic; its first group is still ``0`` / ``SECTION``."""
    lines = first_bytes[:64].decode("ascii", errors="replace").split()
    return lines[:2] == ["0", "SECTION"]


def _looks_like_svg(first_bytes: bytes) -> bool:
    """libmagic names an SVG after a byte-order mark ``text/plain``, and one whose ``<svg`` comes
    after 8 KiB of comments or metadata ``application/xml``: markup with an svg element in its
    first ``SVG_LOOKAHEAD`` bytes is taken as SVG (the XML parser then checks the root)."""
    text = first_bytes[:SVG_LOOKAHEAD].lstrip(b"\xef\xbb\xbf \t\r\n")
    return text.startswith(b"<") and (b"<svg" in text or b":svg" in text)


def kind_of_bytes(first_bytes: bytes) -> DesignKind | None:
    sniffed = sniff_content_type(first_bytes[:SNIFF_BYTES])
    if sniffed in SNIFFED:
        return SNIFFED[sniffed]
    if sniffed == "text/plain" and _looks_like_dxf(first_bytes):
        return DesignKind.dxf
    if sniffed in ("text/plain", "application/xml") and _looks_like_svg(first_bytes):
        return DesignKind.svg
    return None


def detect_kind(first_bytes: bytes, filename: str) -> DesignKind:
    """The file's kind, from its first ``SVG_LOOKAHEAD`` bytes or more; refused when the name's extension is none of ours, when the bytes are
    none of ours, or when the two disagree (a PNG named .svg)."""
    claimed = EXTENSIONS.get(PurePosixPath(filename.lower()).suffix)
    if first_bytes.startswith(b"AutoCAD Binary DXF"):
        raise DesignTypeUnsupported("Binary DXF is not read: save the drawing as ASCII DXF.")
    actual = kind_of_bytes(first_bytes)
    if claimed is None or actual is None:
        raise DesignTypeUnsupported(
            f"{filename!r} is not an SVG, DXF, PNG or JPEG file.", filename=filename
        )
    if actual != claimed:
        raise DesignTypeMismatch(
            f"{filename!r} is named as {claimed.value} but its bytes are {actual.value}.",
            claimed=claimed.value,
            actual=actual.value,
        )
    return actual
