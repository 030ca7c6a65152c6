"""SVG to paths in mm: paths and basic shapes, nested transforms, width/height units and viewBox.

XML parser: defusedxml over the standard library's expat, not lxml. defusedxml refuses an
entity *declaration* when the parser meets it, so a billion-laughs file never expands even one
level, and it raises a distinct exception per attack (entities, external references), which
become distinct problem codes here; expat never fetches a DTD or anything else from the network.
lxml with ``resolve_entities=False, no_network=True`` is safe too, but it still parses the
internal subset and leaves unexpanded entity nodes in the tree, it reports every refusal as one
generic syntax error, and it adds a C library whose hardening depends on the build.

Path data and transform lists are read by svgelements (pure Python, no dependencies): its
``Path`` parses every path command (absolute and relative, arcs, smooth curves) and its
``Matrix`` every transform function. It is given strings only, never the document: the tree is
walked here, so nothing in svgelements opens or resolves anything.

Not drawn (as a laser cuts only geometry): text (convert it to paths), images, ``<use>``
references, clip paths, masks, markers and anything under ``<defs>``; strokes are cut along their
centre line whatever their width.
"""

import itertools
import math
import re
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml import ElementTree as SafeElementTree
from svgelements import Arc, Close, CubicBezier, Line, Matrix, Move, QuadraticBezier
from svgelements import Path as SvgPath

from projects_service.designs.geometry import CHORD_MM, PathBuilder, Paths, Point, checked
from projects_service.errors import (
    DesignCorrupt,
    DesignTooComplex,
    SvgEntityExpansion,
    SvgExternalEntity,
    SvgScript,
)

Affine = tuple[float, float, float, float, float, float]  # x' = a x + c y + e; y' = b x + d y + f
IDENTITY: Affine = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
MM_PER_UNIT = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72, "pc": 25.4 / 6}
PX_MM = 25.4 / 96  # CSS pixel: a user unit without a viewBox
LENGTH = re.compile(r"^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(mm|cm|in|pt|pc|px)?\s*$")
SKIPPED = frozenset(
    [
        "defs",
        "symbol",
        "clipPath",
        "mask",
        "pattern",
        "marker",
        "style",
        "metadata",
        "title",
        "desc",
        "text",
        "foreignObject",
        "image",
        "use",
        "linearGradient",
        "radialGradient",
        "filter",
        "switch",
    ]
)
GROUPS = frozenset({"g", "a", "svg"})
MAX_DEPTH = 100
MAX_SEGMENT_POINTS = 20_000


def compose(outer: Affine, inner: Affine) -> Affine:
    """``outer`` after ``inner``."""
    a1, b1, c1, d1, e1, f1 = outer
    a2, b2, c2, d2, e2, f2 = inner
    return (
        a1 * a2 + c1 * b2,
        b1 * a2 + d1 * b2,
        a1 * c2 + c1 * d2,
        b1 * c2 + d1 * d2,
        a1 * e2 + c1 * f2 + e1,
        b1 * e2 + d1 * f2 + f1,
    )


def apply(m: Affine, x: float, y: float) -> Point:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def local_name(tag: object) -> str:
    return str(tag).rpartition("}")[2]


def parse_xml(data: bytes) -> Element:
    """The document's root; entity declarations, external references and broken XML refused."""
    try:
        root: Element = SafeElementTree.fromstring(
            data, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
    except EntitiesForbidden as exc:
        if exc.sysid or exc.pubid:
            raise SvgExternalEntity(f"External entity {exc.name!r} ({exc.sysid}).") from exc
        raise SvgEntityExpansion(f"Entity {exc.name!r} is declared.") from exc
    except (ExternalReferenceForbidden, DTDForbidden) as exc:
        raise SvgExternalEntity(f"External reference: {exc}.") from exc
    except ParseError as exc:
        raise DesignCorrupt(f"The SVG is not well-formed XML: {exc}.") from exc
    if local_name(root.tag) != "svg":
        raise DesignCorrupt(f"The root element is <{local_name(root.tag)}>, not <svg>.")
    return root


def refuse_scripts(root: Element) -> None:
    for element in root.iter():
        if local_name(element.tag) == "script":
            raise SvgScript("The SVG has a <script> element.")
        for name, value in element.attrib.items():
            attribute = local_name(name).lower()
            if attribute.startswith("on"):
                raise SvgScript(f"The SVG has an event handler ({attribute}).")
            if attribute == "href" and value.strip().lower().startswith("javascript:"):
                raise SvgScript("The SVG has a javascript: link.")


def length_mm(value: str | None) -> float | None:
    """A width or height in mm (unitless and px are CSS pixels); None if absent or relative."""
    match = LENGTH.match(value or "")
    if match is None:
        return None
    number, unit = float(match[1]), match[2] or "px"
    return number * (PX_MM if unit == "px" else MM_PER_UNIT[unit])


def user_length(value: str | None) -> float:
    """A coordinate attribute in user units (a length with a unit counts as CSS pixels)."""
    mm = length_mm(value)
    if value is not None and mm is None:
        raise DesignCorrupt(f"{value!r} is not a length.")
    return 0.0 if mm is None else mm / PX_MM


def _view_box(root: Element) -> tuple[float, float, float, float] | None:
    raw = root.get("viewBox")
    if raw is None:
        return None
    try:
        x, y, width, height = (float(part) for part in raw.replace(",", " ").split())
    except ValueError as exc:
        raise DesignCorrupt(f"viewBox {raw!r} is not four numbers.") from exc
    if width <= 0 or height <= 0:
        raise DesignCorrupt(f"viewBox {raw!r} has no area.")
    return x, y, width, height


def viewport(root: Element) -> Affine:
    """User units of the root to mm, y up from the page's bottom edge (xMidYMid meet, or none)."""
    width, height = length_mm(root.get("width")), length_mm(root.get("height"))
    box = _view_box(root)
    if box is None:
        page_height = height if height is not None else 0.0
        return (PX_MM, 0.0, 0.0, -PX_MM, 0.0, page_height)
    x, y, box_w, box_h = box
    width = width if width is not None else (box_w * height / box_h if height else box_w * PX_MM)
    height = height if height is not None else box_h * width / box_w
    sx, sy = width / box_w, height / box_h
    if (root.get("preserveAspectRatio") or "").split()[:1] != ["none"]:
        sx = sy = min(sx, sy)
    tx, ty = (width - box_w * sx) / 2 - x * sx, (height - box_h * sy) / 2 - y * sy
    return (sx, 0.0, 0.0, -sy, tx, height - ty)


def transform_of(element: Element) -> Affine:
    raw = element.get("transform")
    if not raw:
        return IDENTITY
    try:
        m = Matrix(raw)
    except (ValueError, IndexError) as exc:
        raise DesignCorrupt(f"transform {raw!r} cannot be read.") from exc
    return (float(m.a), float(m.b), float(m.c), float(m.d), float(m.e), float(m.f))


def _numbers(raw: str) -> list[float]:
    try:
        return [float(n) for n in raw.replace(",", " ").split()]
    except ValueError as exc:
        raise DesignCorrupt(f"points {raw[:40]!r} are not numbers.") from exc


def _rect_d(e: Element) -> str | None:
    x, y = user_length(e.get("x")), user_length(e.get("y"))
    w, h = user_length(e.get("width")), user_length(e.get("height"))
    if w <= 0 or h <= 0:
        return None
    rx, ry = user_length(e.get("rx") or e.get("ry")), user_length(e.get("ry") or e.get("rx"))
    rx, ry = min(rx, w / 2), min(ry, h / 2)
    if rx <= 0 or ry <= 0:
        return f"M{x},{y} H{x + w} V{y + h} H{x} Z"
    arc = f"A{rx},{ry} 0 0 1"
    return (
        f"M{x + rx},{y} H{x + w - rx} {arc} {x + w},{y + ry} V{y + h - ry} "
        f"{arc} {x + w - rx},{y + h} H{x + rx} {arc} {x},{y + h - ry} V{y + ry} {arc} {x + rx},{y} Z"
    )


def _ellipse_d(cx: float, cy: float, rx: float, ry: float) -> str | None:
    if rx <= 0 or ry <= 0:
        return None
    arc = f"A{rx},{ry} 0 1 0"
    return f"M{cx - rx},{cy} {arc} {cx + rx},{cy} {arc} {cx - rx},{cy} Z"


def shape_d(name: str, e: Element) -> str | None:
    """The path data of a drawable element (None: nothing to cut)."""
    if name == "path":
        return e.get("d")
    if name == "rect":
        return _rect_d(e)
    cx, cy = user_length(e.get("cx")), user_length(e.get("cy"))
    if name == "circle":
        r = user_length(e.get("r"))
        return _ellipse_d(cx, cy, r, r)
    if name == "ellipse":
        return _ellipse_d(cx, cy, user_length(e.get("rx")), user_length(e.get("ry")))
    if name == "line":
        x1, y1 = user_length(e.get("x1")), user_length(e.get("y1"))
        return f"M{x1},{y1} L{user_length(e.get('x2'))},{user_length(e.get('y2'))}"
    if name in ("polyline", "polygon"):
        n = _numbers(e.get("points") or "")
        pairs = [f"{n[i]},{n[i + 1]}" for i in range(0, len(n) - 1, 2)]
        if len(pairs) < 2:
            return None
        return f"M{pairs[0]} L{' '.join(pairs[1:])}{' Z' if name == 'polygon' else ''}"
    return None


def _bezier(controls: list[Point], steps: int) -> list[Point]:
    """Points of a quadratic (3 controls) or cubic (4) Bézier at ``steps`` even parameters."""
    if len(controls) == 3:
        (x0, y0), (x1, y1), (x2, y2) = controls
        quadratic = []
        for i in range(1, steps + 1):
            t = i / steps
            a, b, c = (1 - t) ** 2, 2 * (1 - t) * t, t * t
            quadratic.append((a * x0 + b * x1 + c * x2, a * y0 + b * y1 + c * y2))
        return quadratic
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = controls
    cubic = []
    for i in range(1, steps + 1):
        t = i / steps
        u = 1 - t
        a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
        cubic.append((a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3))
    return cubic


def _arc(arc: Any, steps: int) -> list[Point]:
    """Points of an elliptical arc (centre parametrisation from svgelements)."""
    cx, cy, rx, ry = float(arc.center.x), float(arc.center.y), float(arc.rx), float(arc.ry)
    rotation, start, sweep = float(arc.get_rotation()), float(arc.get_start_t()), float(arc.sweep)
    cos_r, sin_r = math.cos(rotation), math.sin(rotation)
    out = []
    for i in range(1, steps + 1):
        theta = start + sweep * i / steps
        x, y = rx * math.cos(theta), ry * math.sin(theta)
        out.append((cx + x * cos_r - y * sin_r, cy + x * sin_r + y * cos_r))
    out[-1] = (float(arc.end.x), float(arc.end.y))
    return out


def curve_points(segment: Any, scale: float) -> list[Point]:
    """A curve as chords of about ``CHORD_MM`` after scaling. Evaluated here in plain floats:
    svgelements' ``point`` and ``length`` work on Point objects and were 90 % of an SVG's cost
    (19.7 s for 6,000 curved parts); the chord count comes from the control polygon's length
    (never shorter than the curve) or the arc's radius and sweep."""
    if isinstance(segment, Arc):
        rough = max(float(segment.rx), float(segment.ry)) * abs(float(segment.sweep))
    else:
        controls = [(float(p.x), float(p.y)) for p in segment]
        rough = sum(math.dist(a, b) for a, b in itertools.pairwise(controls))
    steps = min(max(math.ceil(rough * scale / CHORD_MM), 1), MAX_SEGMENT_POINTS)
    return _arc(segment, steps) if isinstance(segment, Arc) else _bezier(controls, steps)


def flatten(d: str, m: Affine, out: PathBuilder) -> None:
    """Adds the subpaths of path data ``d`` under transform ``m``, curves as short chords."""
    try:
        segments = list(SvgPath(d))
    except (ValueError, IndexError) as exc:
        raise DesignCorrupt(f"Path data {d[:40]!r} cannot be read.") from exc
    scale = max(math.hypot(m[0], m[1]), math.hypot(m[2], m[3]))
    for segment in segments:
        if isinstance(segment, Move):
            out.start(apply(m, segment.end.x, segment.end.y))
        elif isinstance(segment, (Line, Close)):
            out.extend([apply(m, segment.end.x, segment.end.y)])
        elif isinstance(segment, (Arc, CubicBezier, QuadraticBezier)):
            out.extend([apply(m, x, y) for x, y in curve_points(segment, scale)])


def walk(element: Element, m: Affine, out: PathBuilder, depth: int = 0) -> None:
    if depth > MAX_DEPTH:
        raise DesignTooComplex(f"Groups are nested deeper than {MAX_DEPTH}.")
    for child in element:
        name = local_name(child.tag)
        if name in SKIPPED or child.get("display") == "none":
            continue
        child_m = compose(m, transform_of(child))
        if name in GROUPS:
            walk(child, child_m, out, depth + 1)
        elif (d := shape_d(name, child)) is not None:
            flatten(d, child_m, out)


def svg_paths(data: bytes) -> Paths:
    """The SVG's cut paths in mm (y up, from the page's lower-left corner)."""
    root = parse_xml(data)
    refuse_scripts(root)
    out = PathBuilder()
    walk(root, compose(viewport(root), transform_of(root)), out)
    return checked(out.paths)
