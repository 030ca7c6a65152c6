"""Uploads: multipart bodies streamed into storage, a route in a few lines, the orphan sweep.

- ``receive_upload`` (``receive.py``): the body read as it arrives, never whole in memory and
  never in a temporary file; the file's type sniffed from its first bytes (415
  ``unsupported_file_type``), its size capped while it streams (413 ``upload_too_large``), its
  size and sha256 computed on the way, its name made safe, the other fields validated into the
  route's model. Empty file: 422 ``upload_empty``; a client gone halfway: nothing kept.
- ``UploadPolicy`` + ``upload_route`` + ``UploadRequest.accept`` (``routes.py``): the route's
  dependency; ``accept`` records the resource and its job in one transaction, answers 202 with
  ``Location``, and makes ``Idempotency-Key`` work for the multipart body.
- ``sweep_orphans`` (``sweep.py``): objects no row records (a crash between put and commit).

Which guarantee covers what: a refused, broken-off or invalid upload, and a ``record`` that
raises, leave nothing at once; only a process that dies between ``put`` and its commit (or a
commit whose outcome is unknown) leaves an object, and the sweep removes it after its grace.
"""

from cadence_shared.uploads.errors import (
    MalformedMultipart,
    MultipartRequired,
    UnexpectedUploadPart,
    UploadEmpty,
    UploadFileMissing,
    UploadFormTooLarge,
    UploadIncomplete,
)
from cadence_shared.uploads.multipart import FormLimits
from cadence_shared.uploads.receive import (
    NoFields,
    ReceivedUpload,
    UploadPolicy,
    fingerprint_upload,
    receive_upload,
)
from cadence_shared.uploads.routes import Accepted, UploadRequest, accepted_response, upload_route
from cadence_shared.uploads.sweep import SweepReport, recorded_in, sweep_orphans

__all__ = [
    "Accepted",
    "FormLimits",
    "MalformedMultipart",
    "MultipartRequired",
    "NoFields",
    "ReceivedUpload",
    "SweepReport",
    "UnexpectedUploadPart",
    "UploadEmpty",
    "UploadFileMissing",
    "UploadFormTooLarge",
    "UploadIncomplete",
    "UploadPolicy",
    "UploadRequest",
    "accepted_response",
    "fingerprint_upload",
    "receive_upload",
    "recorded_in",
    "sweep_orphans",
    "upload_route",
]
