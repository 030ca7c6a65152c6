"""Hostile and broken files: each is refused with its own code before it costs anything, and the
engine goes on serving the next file."""

import pytest
from PIL import Image

from cadence_shared.errors import DomainError
from projects_service.designs import ProcessingSettings, design_gcode, process_design
from projects_service.designs.samples import (
    BILLION_LAUGHS,
    PARAMETER_XXE,
    RECT_SVG,
    XXE,
    dxf,
    half_black_png,
    noisy_jpeg,
    png_bomb,
    svg,
)
from projects_service.errors import DesignTooComplex

SETTINGS = ProcessingSettings()
VALID_DXF = dxf(("add_circle", ((0, 0), 20)))
MALFORMED_DXF = (
    b"0\nSECTION\n2\nENTITIES\n0\nLINE\n8\n0\n10\nnot-a-number\n20\n0\n0\nENDSEC\n0\nEOF\n"
)

HOSTILE: list[tuple[str, bytes, str, str]] = [
    ("truncated JPEG", noisy_jpeg()[:3000], "cut.jpg", "design_corrupt"),
    ("JPEG header only", noisy_jpeg()[:200], "head.jpg", "design_corrupt"),
    ("truncated PNG", half_black_png()[:60], "cut.png", "design_corrupt"),
    ("PNG decompression bomb", png_bomb(), "bomb.png", "design_image_too_large"),
    ("malformed DXF value", MALFORMED_DXF, "bad.dxf", "design_dxf_malformed"),
    ("DXF cut in half", VALID_DXF[: len(VALID_DXF) // 2], "half.dxf", "design_dxf_malformed"),
    (
        "binary DXF",
        b"AutoCAD Binary DXF\r\n\x1a\x00" + b"\0" * 64,
        "bin.dxf",
        "design_type_unsupported",
    ),
    ("PNG named .svg", half_black_png(), "logo.svg", "design_type_mismatch"),
    ("SVG named .png", RECT_SVG, "logo.png", "design_type_mismatch"),
    ("DXF named .jpg", VALID_DXF, "photo.jpg", "design_type_mismatch"),
    ("text named .png", b"hello, I am not a picture", "x.png", "design_type_unsupported"),
    ("PDF named .pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a.pdf", "design_type_unsupported"),
    ("XXE", XXE, "xxe.svg", "design_svg_external_entity"),
    ("parameter entity XXE", PARAMETER_XXE, "pxxe.svg", "design_svg_external_entity"),
    ("billion laughs", BILLION_LAUGHS, "lol.svg", "design_svg_entity_expansion"),
    (
        "script element",
        svg("<script>alert(1)</script><rect width='9' height='9'/>"),
        "s.svg",
        "design_svg_script",
    ),
    (
        "onload handler",
        svg("<rect width='9' height='9' onload='alert(1)'/>"),
        "o.svg",
        "design_svg_script",
    ),
    (
        "javascript link",
        svg("<a href='javascript:alert(1)'><rect width='9' height='9'/></a>"),
        "j.svg",
        "design_svg_script",
    ),
    (
        "broken XML",
        b"<svg xmlns='http://www.w3.org/2000/svg'><rect></svg>",
        "b.svg",
        "design_corrupt",
    ),
    ("bad path data", svg("<path d='M 0 0 L abc 5'/>"), "d.svg", "design_corrupt"),
    (
        "bad transform",
        svg("<rect width='9' height='9' transform='rotate(oops)'/>"),
        "t.svg",
        "design_corrupt",
    ),
    ("nothing to cut", svg("<text>Hello</text>"), "e.svg", "design_empty"),
    ("empty DXF", dxf(), "e.dxf", "design_empty"),
]


@pytest.mark.parametrize(("what", "data", "name", "code"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_hostile_file_is_refused_with_its_code(
    what: str, data: bytes, name: str, code: str
) -> None:
    with pytest.raises(DomainError) as refused:
        process_design(data, name, SETTINGS)

    assert refused.value.code == code, (what, refused.value.detail)
    # The engine keeps serving: the next, good file is processed as before.
    assert process_design(RECT_SVG, "next.svg", SETTINGS).metadata["cut_length_mm"] == 300


def test_the_bomb_is_refused_from_its_header_alone() -> None:
    bomb = png_bomb(side=100_000)

    assert len(bomb) < 1000  # 10 gigapixels declared in a few hundred bytes
    with pytest.raises(DomainError) as refused:
        process_design(bomb, "bomb.png", SETTINGS)
    assert refused.value.code == "design_image_too_large"


def test_a_bomb_between_pillows_warning_and_its_error_is_refused_too() -> None:
    # 10,000 x 10,000 = 100 Mpx: over Image.MAX_IMAGE_PIXELS (89.5 Mpx), under the 2x at which
    # Pillow itself raises rather than warns.
    with pytest.warns(Image.DecompressionBombWarning), pytest.raises(DomainError) as refused:
        process_design(png_bomb(side=10_000), "big.png", SETTINGS)
    assert refused.value.code == "design_image_too_large"


def test_a_doctype_naming_the_public_svg_dtd_is_read_without_fetching_it() -> None:
    # What Illustrator and older Inkscape write: an external DTD subset, never loaded.
    data = (
        b'<?xml version="1.0" standalone="no"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n' + RECT_SVG
    )

    assert process_design(data, "export.svg", SETTINGS).metadata["cut_length_mm"] == 300


@pytest.mark.parametrize(
    "head",
    [b"\xef\xbb\xbf", b"<?xml version='1.0'?>\n<!--" + b"x" * 9000 + b"-->\n"],
    ids=["byte-order mark", "long comment first"],
)
def test_an_svg_that_libmagic_misnames_is_still_an_svg(head: bytes) -> None:
    assert process_design(head + RECT_SVG, "odd.svg", SETTINGS).metadata["path_count"] == 1


def test_groups_nested_too_deep_are_refused() -> None:
    deep = svg("<g>" * 150 + "<rect width='9' height='9'/>" + "</g>" * 150)

    with pytest.raises(DesignTooComplex):
        process_design(deep, "deep.svg", SETTINGS)


def test_gcode_of_a_raster_is_refused() -> None:
    with pytest.raises(DomainError) as refused:
        design_gcode(half_black_png(), "p.png", SETTINGS)
    assert refused.value.code == "design_not_vector"
