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


def many_shapes_svg(count: int) -> bytes:
    """A sheet of ``count`` parts in rows: a rounded rect, a circle and a curved path each, under
    group transforms (what a nested cut sheet exported from a drawing program looks like)."""
    parts = []
    for index in range(count):
        x, y = (index % 20) * 30, (index // 20) * 30
        parts.append(
            f'<g transform="translate({x},{y})">'
            '<rect x="1" y="1" width="20" height="12" rx="2"/>'
            '<circle cx="25" cy="7" r="3"/>'
            '<path d="M 2 16 C 6 26, 16 26, 20 16 S 26 12, 28 20 Q 24 27 18 28 Z"/></g>'
        )
    rows = (count + 19) // 20
    return svg(
        "".join(parts), f'width="600mm" height="{rows * 30}mm" viewBox="0 0 600 {rows * 30}"'
    )


def many_parts_dxf(count: int) -> bytes:
    """``count`` parts: a circle, an arc, a bulged polyline and a spline each."""
    entities: list[tuple[str, tuple[object, ...]]] = []
    for index in range(count):
        x, y = (index % 20) * 30.0, (index // 20) * 30.0
        entities += [
            ("add_circle", ((x + 25, y + 7), 3)),
            ("add_arc", ((x + 10, y + 20), 6, 0, 180)),
            ("add_lwpolyline", ([(x, y, 0, 0, 0.5), (x + 20, y, 0, 0, 0), (x + 20, y + 12)],)),
            ("add_spline", ([(x, y + 14), (x + 5, y + 18), (x + 10, y + 14), (x + 15, y + 18)],)),
        ]
    return dxf(*entities)
