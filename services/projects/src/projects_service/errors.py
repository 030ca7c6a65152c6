"""The projects service's errors: each code is listed at the gateway's /problems page."""

from cadence_shared.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    TooLarge,
    UnsupportedType,
)


class ProjectNotFound(NotFound):
    code = "project_not_found"
    title = "Project not found"
    description = "No project with this id belongs to the caller."


class ProjectNameTaken(Conflict):
    code = "project_name_taken"
    title = "Project name taken"
    description = "The caller already has a project with this name."


class ProjectIdTaken(Conflict):
    code = "project_id_taken"
    title = "Project id taken"
    description = "A project with this client-generated id exists already."


class GuestCannotCreateProjects(Forbidden):
    code = "project_guest_forbidden"
    title = "Guests cannot create projects"
    description = "The guest role may look around but owns no projects: sign up to create one."


class AdminOnly(Forbidden):
    code = "project_admin_only"
    title = "Admins only"
    description = "Listing every user's projects (all=true) needs the admin role."


class ThicknessWithoutMaterial(InvalidInput):
    code = "project_thickness_without_material"
    title = "Thickness without a material"
    description = "A thickness is the thickness of a material: name the material too."


# --- design files (the engine in designs/): each refusal names what is wrong with the file


class DesignTypeUnsupported(UnsupportedType):
    code = "design_type_unsupported"
    title = "Unsupported design file"
    description = "Design files are SVG, DXF (ASCII), PNG or JPEG: this one is none of them."


class DesignTypeMismatch(UnsupportedType):
    code = "design_type_mismatch"
    title = "The bytes are not what the name says"
    description = "The file's bytes are of another type than its name's extension claims."


class DesignCorrupt(InvalidInput):
    code = "design_corrupt"
    title = "Corrupt design file"
    description = "The file is truncated or damaged and cannot be read."


class DxfMalformed(InvalidInput):
    code = "design_dxf_malformed"
    title = "Malformed DXF"
    description = "The DXF's structure is broken (sections, group codes or entities)."


class ImageTooLarge(TooLarge):
    code = "design_image_too_large"
    title = "Image has too many pixels"
    description = (
        "The image declares more pixels than Pillow's decompression-bomb limit "
        "(Image.MAX_IMAGE_PIXELS, about 89 million): it is refused before it is decoded."
    )


class DesignTooComplex(TooLarge):
    code = "design_too_complex"
    title = "Design too complex"
    description = "The drawing has more paths, points or nesting than a job can hold."


class SvgExternalEntity(InvalidInput):
    code = "design_svg_external_entity"
    title = "SVG refers to an external entity"
    description = "The SVG declares an external entity (XXE): nothing outside the file is read."


class SvgEntityExpansion(InvalidInput):
    code = "design_svg_entity_expansion"
    title = "SVG declares entities"
    description = (
        "The SVG declares XML entities (as an entity-expansion bomb, 'billion laughs', does): "
        "they are refused, never expanded."
    )


class SvgScript(InvalidInput):
    code = "design_svg_script"
    title = "SVG contains a script"
    description = "The SVG has a script element, an event handler attribute or a javascript: link."


class DesignEmpty(InvalidInput):
    code = "design_empty"
    title = "Nothing to cut"
    description = "The drawing has no path, shape or supported entity with a length."


class DesignNotVector(InvalidInput):
    code = "design_not_vector"
    title = "Not a vector design"
    description = "G-code is made from vector designs (SVG, DXF); this file is a raster image."


# --- the files API


class DesignFileNotFound(NotFound):
    code = "design_file_not_found"
    title = "Design file not found"
    description = "No file with this id is in this project of the caller's."


class DesignFileNotReady(Conflict):
    code = "design_file_not_ready"
    title = "Design file not processed yet"
    description = (
        "The file is queued or being processed: its preview and G-code exist once its status is "
        "ready (follow it on the live channel, or read the file again)."
    )


class DesignFileFailed(Conflict):
    code = "design_file_failed"
    title = "Design file failed processing"
    description = (
        "The file could not be processed (its error says why): it has no preview or G-code. "
        "Reprocess it after fixing the project's settings, or upload a corrected file."
    )
