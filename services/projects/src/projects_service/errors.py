"""The projects service's errors: each code is listed at the gateway's /problems page."""

from cadence_shared.errors import NotFound


class ItemNotFound(NotFound):
    code = "projects_item_not_found"
    title = "Item not found"
    description = "No item with this id belongs to the caller."
