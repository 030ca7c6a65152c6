"""Design files made in code, of known geometry, and the hostile ones the engine must refuse: the
inputs of the tests and of the benchmark (bench/projects_bench.py). Nothing here is served."""

import io
import struct
import zlib

from ezdxf.filemanagement import new as new_drawing
from PIL import Image

SVG_NS = 'xmlns="http://www.w3.org/2000/svg"'
RECT_SVG = (
    f'<svg {SVG_NS} width="100mm" height="50mm" viewBox="0 0 100 50">'
    '<rect x="0" y="0" width="100" height="50" fill="none" stroke="black"/></svg>'
).encode()


def svg(body: str, attributes: str = 'width="100mm" height="100mm" viewBox="0 0 100 100"') -> bytes:
    return f'<?xml version="1.0"?>\n<svg {SVG_NS} {attributes}>{body}</svg>'.encode()


def dxf(*entities: tuple[str, tuple[object, ...]], units: int = 4) -> bytes:
    """An ASCII DXF drawn with ezdxf: ``("add_circle", ((0, 0), 20))`` and so on."""
    doc = new_drawing("R2010")
    doc.header["$INSUNITS"] = units
    modelspace = doc.modelspace()
    for method, arguments in entities:
        getattr(modelspace, method)(*arguments)
    text = io.StringIO()
    doc.write(text)
    return text.getvalue().encode()


def half_black_png(width: int = 1200, height: int = 600, dpi: int | None = 300) -> bytes:
    """Left half black (0), right half white (255)."""
    image = Image.new("L", (width, height), 255)
    image.paste(0, (0, 0, width // 2, height))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", **({"dpi": (dpi, dpi)} if dpi else {}))
    return buffer.getvalue()


def noisy_jpeg(width: int = 400, height: int = 300, dpi: int = 150) -> bytes:
    image = Image.effect_noise((width, height), 64).convert("L")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90, dpi=(dpi, dpi))
    return buffer.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(side: int = 100_000) -> bytes:
    """A PNG header declaring side x side pixels (10 Gpx) over a few bytes of data."""
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\0" * 1024, 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", idat)
        + png_chunk(b"IEND", b"")
    )


BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY lol "lol">\n'
    + b"".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">\n'.encode()
        for i in range(1, 10)
    )
    + f"]>\n<svg {SVG_NS}><text>&lol9;</text></svg>".encode()
)
XXE = (
    b'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    + f"<svg {SVG_NS}><text>&xxe;</text></svg>".encode()
)
PARAMETER_XXE = (
    b'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/x.dtd">'
    + b"%remote;]>\n"
    + f"<svg {SVG_NS}/>".encode()
)
