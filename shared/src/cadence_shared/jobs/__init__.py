"""Long work: jobs a service queues in its web app and runs in its worker processes.

A job is not an event handler. An event handler runs inside the inbox transaction, many events a
batch; a job runs for seconds or minutes, CPU-bound, outside any transaction, one per worker slot,
with its state in a row of the service's ``job`` table that clients can follow live.

Declaring (models.py, beside the EventStore; the service's migrations create the table)::

    events = EventStore(AudioTable.metadata, source="audio")
    jobs = JobStore(AudioTable.metadata, events)

Defining (jobs.py)::

    def analyse(input: AnalyseInput, workdir: Path, progress: Progress) -> Analysis:
        progress(10, "decoding")       # throttled; stored on the row and pushed live
        ...                            # CPU-bound, in a process of the worker's pool
        raise UnreadableAudio()        # a permanent DomainError: failed at once, its detail shown

    analysis = jobs.define(
        "analyse", resource="audio.sample", input=AnalyseInput, output=Analysis, work=analyse,
        fetch=object_to(UPLOADS, lambda i: i.storage_key),  # the upload, as workdir/"input"
        on_succeeded=record_analysis,  # (context, session, record, output), in the commit
        keep=files_to(UPLOADS, Output("peaks.png", lambda i: i.peaks_key)),  # left in workdir
    )

Enqueueing (service.py, in the request's transaction; the caller commits)::

    record = await analysis.enqueue(session, AnalyseInput(...), resource_id=sample.id,
                                    user_id=user.id)
    ...
    await session.commit()
    await announce(context.redis, record)   # optional: the "queued" state, live, at once

Cancelling (deleting the resource, same transaction): ``await jobs.cancel(session,
resource_id=...)``; erasing a user: ``await jobs.erase_user(session, user_id)``.

Running (worker.py; ``cadence-worker audio_service.worker:worker``)::

    worker = create_worker(get_settings(), jobs=[analysis], bus=bus, resources=[uploads])

What holds:

- The job exists iff the request's transaction commits (row + outbox message together).
- At most one worker runs a job at a time: a claim takes a token and a lease; every later write
  (progress, lease renewal, the outcome) is conditional on that token. A worker that dies (or
  stalls past its lease) loses the job to another after the lease; whatever it does later
  changes nothing. A redelivered or duplicated message for a finished job does nothing.
- A job ends once: ``succeeded`` (result, and ``on_succeeded`` in the same transaction),
  ``failed`` (a reason its owner can read: a domain error's detail, "took longer than N s",
  "could not be completed after N attempts"), or ``cancelled``.
- Transient failures (any exception but a permanent ``DomainError``, a crashed work process)
  are retried after ``jobs_retry_delays_s`` up to ``jobs_max_attempts``; a permanent
  ``DomainError`` (bad input) fails at once. A job over its time limit fails and its process is
  killed and replaced.
- The work runs in a process of its own per slot; the event loop (lease, progress, health,
  broker heartbeats) is never blocked, and no transaction or pooled connection is held while it
  works. Progress is throttled (``jobs_progress_interval_s``) and best effort live; terminal
  updates reach the live snapshot even through a short Redis outage (retried).
- Nothing depends on a message being delivered: a sweeper in every worker announces again each
  job that is due (a retry's delay over, a lease expired, a job never claimed).
"""

from cadence_shared.jobs.fetch import Output, files_to, object_to
from cadence_shared.jobs.runner import (
    ATTEMPTS_EXHAUSTED,
    TIMED_OUT,
    WORK_FAILED,
    JobRunner,
    Stats,
    announce,
)
from cadence_shared.jobs.settings import WorkerSettings
from cadence_shared.jobs.store import Job, JobMessage, JobRecord, JobStore, Progress

__all__ = [
    "ATTEMPTS_EXHAUSTED",
    "TIMED_OUT",
    "WORK_FAILED",
    "Job",
    "JobMessage",
    "JobRecord",
    "JobRunner",
    "JobStore",
    "Output",
    "Progress",
    "Stats",
    "WorkerSettings",
    "announce",
    "files_to",
    "object_to",
]
