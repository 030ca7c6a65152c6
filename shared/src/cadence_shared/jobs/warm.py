"""Imported by a worker's fork server only (``pool.preload``): runs the jobs' warm-ups there
once, so every work process forked from it starts warm."""

import importlib
import os

from cadence_shared.jobs.pool import WARM_UPS_ENV


def run_warm_ups(references: str) -> None:
    """Calls each ``module:function`` of the comma-separated ``references``."""
    for reference in filter(None, references.split(",")):
        module, _, name = reference.partition(":")
        getattr(importlib.import_module(module), name)()


run_warm_ups(os.environ.get(WARM_UPS_ENV, ""))
