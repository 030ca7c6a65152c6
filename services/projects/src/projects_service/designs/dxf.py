"""ASCII DXF to paths in mm, through ezdxf: lines, arcs, circles, ellipses, polylines (with
bulges) and splines in modelspace, blocks (INSERT) expanded. ``$INSUNITS`` gives the drawing's
unit (unitless drawings are taken as mm, as laser software does)."""

import io

import ezdxf.path
import ezdxf.units
from ezdxf.disassemble import recursive_decompose
from ezdxf.document import Drawing
from ezdxf.enums import InsertUnits
from ezdxf.filemanagement import read
from ezdxf.lldxf.const import DXFError

from projects_service.designs.geometry import DEVIATION_MM, PathBuilder, Paths, checked
from projects_service.errors import DxfMalformed

CUT_ENTITIES = frozenset({"LINE", "ARC", "CIRCLE", "ELLIPSE", "LWPOLYLINE", "POLYLINE", "SPLINE"})
# What a damaged file makes ezdxf's reader raise besides its own DXFError.
READ_ERRORS = (DXFError, ValueError, TypeError, KeyError, IndexError, AttributeError, EOFError)


def _read(data: bytes) -> Drawing:
    # R2007+ files are UTF-8; older ones name a code page, which only matters for text entities
    # (not cut): undecodable bytes are replaced rather than refused.
    text = data.decode("utf-8", errors="replace")
    try:
        return read(io.StringIO(text))
    except READ_ERRORS as exc:
        raise DxfMalformed(f"The DXF cannot be read: {exc}.") from exc


def _mm_per_unit(doc: Drawing) -> float:
    raw = doc.header.get("$INSUNITS", 0) or 0
    try:
        units = InsertUnits(int(raw))
    except (TypeError, ValueError) as exc:
        raise DxfMalformed(f"$INSUNITS {raw!r} is not a unit.") from exc
    if units in (InsertUnits.Unitless, InsertUnits.Millimeters):
        return 1.0
    try:
        return float(ezdxf.units.conversion_factor(units, InsertUnits.Millimeters))
    except (KeyError, ValueError, IndexError) as exc:
        raise DxfMalformed(f"$INSUNITS {units} has no length in mm.") from exc


def dxf_paths(data: bytes) -> Paths:
    """The drawing's cut paths in mm, y up (DXF's own orientation)."""
    doc = _read(data)
    factor = _mm_per_unit(doc)
    out = PathBuilder()
    try:
        for entity in recursive_decompose(doc.modelspace()):
            if entity.dxftype() not in CUT_ENTITIES:
                continue
            for sub in ezdxf.path.make_path(entity).sub_paths():
                points = [(v.x * factor, v.y * factor) for v in sub.flattening(DEVIATION_MM)]
                out.start(points[0])
                out.extend(points[1:])
    except READ_ERRORS as exc:
        raise DxfMalformed(f"An entity cannot be read: {exc}.") from exc
    return checked(out.paths)
