"""The tasks service's errors: each code is listed at the gateway's /problems page."""

from cadence_shared.errors import Conflict, InvalidInput, NotFound


class TaskNotFound(NotFound):
    code = "task_not_found"
    title = "Task not found"
    description = "No task with this id belongs to the caller."


class TaskIdTaken(Conflict):
    code = "task_id_taken"
    title = "Task id already used"
    description = "A task with this client-generated id already exists: generate a new id."


class InvalidSort(InvalidInput):
    code = "invalid_sort"
    title = "Invalid sort"
    description = "sort names a field the list cannot be sorted by."
