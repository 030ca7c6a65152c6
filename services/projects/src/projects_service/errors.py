"""The projects service's errors: each code is listed at the gateway's /problems page."""

from cadence_shared.errors import Conflict, Forbidden, InvalidInput, NotFound


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
