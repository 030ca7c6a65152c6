"""Names and types of uploads: hostile filenames made safe, content types judged by the bytes."""

import io
import struct
import wave
import zipfile
import zlib

import pytest

from cadence_shared.storage import (
    UnsupportedContentType,
    content_disposition,
    require_content_type,
    safe_filename,
    sniff_content_type,
)


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("photo.jpg", "photo.jpg"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\Desktop\\plan.dxf", "plan.dxf"),
        ("/absolute/path/song.wav", "song.wav"),
        ("dir/", "dir"),
        ("evil.png\x00.exe", "evil.png.exe"),
        ("bell\x07and\x1bescape.txt", "bellandescape.txt"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),  # a right-to-left override hiding ".exe"
        ("zero\u200bwidth.txt", "zerowidth.txt"),
        (".bashrc", "bashrc"),
        ("...hidden", "hidden"),
        ("..", "file"),
        ("", "file"),
        ("   ", "file"),
        ("\x00\x01\x02", "file"),
        ("/", "file"),
        ("tab\tand\nnewline.txt", "tab and newline.txt"),
        ("  spaced   out  .txt  ", "spaced out .txt"),
        ("trailing dots...", "trailing dots"),
        ("Cafe\u0301.png", "Café.png"),  # decomposed é composed (NFC)
        ("名前.pdf", "名前.pdf"),
    ],
)
def test_safe_filename(given: str, kept: str) -> None:
    assert safe_filename(given) == kept


def test_safe_filename_caps_at_255_bytes_keeping_the_extension() -> None:
    name = safe_filename("é" * 300 + ".flac")
    assert name.endswith(".flac")
    assert len(name.encode()) <= 255
    assert name == "é" * 125 + ".flac"  # 250 bytes of two-byte letters, no half character
    assert len(safe_filename("a" * 1000).encode()) == 255


def test_content_disposition_keeps_the_unicode_name_and_an_ascii_fallback() -> None:
    assert content_disposition('Résumé "final".pdf') == (
        'attachment; filename="Resume _final_.pdf"; '
        "filename*=UTF-8''R%C3%A9sum%C3%A9%20%22final%22.pdf"
    )
    assert content_disposition("名前.pdf", inline=True).startswith('inline; filename=".pdf"')


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _wav() -> bytes:
    body = io.BytesIO()
    with wave.open(body, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(8000)
        writer.writeframes(bytes(1600))
    return body.getvalue()


def _zip_bomb_header() -> bytes:
    # The first bytes of an archive whose 64 MiB of zeros compress to a few KiB: sniffing reads
    # the header only and never inflates anything.
    body = io.BytesIO()
    with zipfile.ZipFile(body, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.bin", bytes(64 * 1024 * 1024))
    return body.getvalue()[:512]


MP3_FRAME = b"\xff\xfb\x90\x64" + bytes(413)  # MPEG-1 layer III, 128 kbit/s, 44.1 kHz
DXF_WITH_HEADER = b"  0\nSECTION\n  2\nHEADER\n  9\n$ACADVER\n  1\nAC1015\n  0\nENDSEC\n  0\nEOF\n"
DXF_ENTITIES_ONLY = b"0\nSECTION\n2\nENTITIES\n0\nLINE\n8\n0\n10\n0.0\n20\n0.0\n0\nENDSEC\n0\nEOF\n"
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n'


@pytest.mark.parametrize(
    ("body", "sniffed"),
    [
        (_png(), "image/png"),
        (
            b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(64),
            "image/jpeg",
        ),
        (_wav(), "audio/wav"),
        (b"ID3\x04\x00\x00\x00\x00\x00\x00" + MP3_FRAME, "audio/mpeg"),
        (MP3_FRAME * 3, "audio/mpeg"),
        (b"fLaC\x00\x00\x00\x22" + bytes(34), "audio/flac"),
        (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n", "application/pdf"),
        (SVG, "image/svg+xml"),
        (SVG.split(b"\n", 1)[1], "image/svg+xml"),  # no XML declaration
        (b'<?xml version="1.0"?>\n<root><a>1</a></root>\n', "application/xml"),
        (DXF_WITH_HEADER, "image/vnd.dxf"),
        # A DXF without a HEADER section is just text to libmagic: a service taking DXF accepts
        # text/plain and parses it to be sure.
        (DXF_ENTITIES_ONLY, "text/plain"),
        (_zip_bomb_header(), "application/zip"),
        (b"\x00\x01\x02\x03\xfe\xff" * 50, "application/octet-stream"),
        (b"", "application/x-empty"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_sniff_content_type(body: bytes, sniffed: str) -> None:
    assert sniff_content_type(body) == sniffed


def test_the_client_name_or_header_does_not_matter_only_the_bytes() -> None:
    # An HTML page is not an image whatever it is called.
    assert (
        sniff_content_type(b"<!DOCTYPE html><html><script>alert(1)</script></html>") == "text/html"
    )


def test_require_content_type() -> None:
    assert require_content_type("image/png", {"image/png", "image/jpeg"}) == "image/png"
    assert require_content_type("audio/flac", {"audio/*"}) == "audio/flac"
    with pytest.raises(UnsupportedContentType) as refused:
        require_content_type("text/html", {"image/png", "image/jpeg"})
    assert refused.value.code == "unsupported_file_type"
    assert str(refused.value) == "the file is text/html; accepted here: image/jpeg, image/png"
    with pytest.raises(UnsupportedContentType):
        require_content_type("application/x-empty", {"audio/*"})
