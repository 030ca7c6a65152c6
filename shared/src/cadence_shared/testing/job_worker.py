"""The test service's worker, built from the environment (``JOBTEST_*``): for the tests that run
a worker as a process of its own, ``cadence-worker cadence_shared.testing.job_worker:worker``."""

from cadence_shared.testing.jobs import JobTestSettings, build

worker = build(JobTestSettings()).worker
