"""The problem catalog the gateway serves at ``/problems``: every code a client can meet.

``problems.json`` sits in this package, so it ships in the gateway's image; ``make render``
writes it from every service's errors (``deploy/local/problems_catalog.py``). It is read once,
when the authorizer starts. Keys the page does not show are ignored, and a code listed twice is
one entry raised by both lists of services, so a newer catalog never stops the gateway.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files

from pydantic import BaseModel, ConfigDict, Field

from cadence_shared.problems import problem_type

CATALOG_FILE = "problems.json"


class ProblemEntry(BaseModel):
    """One code: what its problem+json carries and who answers it."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    status: int = Field(ge=400, le=599)
    title: str
    description: str = ""
    services: tuple[str, ...] = ()

    @property
    def type(self) -> str:
        """The ``type`` of this code's problem+json: this entry's own page at the gateway."""
        return problem_type(self.code)


@dataclass(frozen=True)
class ProblemCatalog:
    by_code: Mapping[str, ProblemEntry]

    @property
    def entries(self) -> list[ProblemEntry]:
        """Every entry, by code."""
        return sorted(self.by_code.values(), key=lambda entry: entry.code)

    def as_json(self) -> dict[str, list[dict[str, object]]]:
        """The catalog in the file's own shape."""
        return {"problems": [entry.model_dump(mode="json") for entry in self.entries]}


def parse_catalog(text: str) -> ProblemCatalog:
    by_code: dict[str, ProblemEntry] = {}
    for item in json.loads(text)["problems"]:
        entry = ProblemEntry.model_validate(item)
        known = by_code.get(entry.code)
        if known is not None:
            services = tuple(dict.fromkeys(known.services + entry.services))
            entry = known.model_copy(update={"services": services})
        by_code[entry.code] = entry
    return ProblemCatalog(by_code)


def load_catalog() -> ProblemCatalog:
    """The catalog shipped in this package."""
    return parse_catalog(files("cadence_gateway").joinpath(CATALOG_FILE).read_text("utf-8"))
