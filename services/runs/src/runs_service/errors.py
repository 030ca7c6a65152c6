"""The runs service's errors: each code is listed at the gateway's /problems page."""

from cadence_shared.errors import Conflict, NotFound


class RunNotFound(NotFound):
    code = "run_not_found"
    title = "Run not found"
    description = "No run with this id belongs to the caller."


class RunIdTaken(Conflict):
    code = "run_id_taken"
    title = "Run id already used"
    description = "This client-generated run id is already used: generate a new one."
