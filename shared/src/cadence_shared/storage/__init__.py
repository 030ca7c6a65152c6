"""File storage for uploads: one streamed interface, a local-directory and an S3 backend.

Services store uploads through ``Storage`` (``put`` / ``open`` / ``stat`` / ``exists`` /
``delete`` / ``delete_prefix`` / ``download_url``), built by ``storage_from_settings`` from the
``StorageSettings`` their settings class inherits (or opened for them by ``STORAGE_RESOURCE``,
``cadence_shared.storage.resource``). Keys are ``<owner-uuid>/<opaque>`` (``new_key``), so
``delete_all_of(owner)`` erases a user's files. Bodies stream in and out
in chunks; the size cap is enforced while streaming, and a refused or failed upload leaves
nothing. At the HTTP edge: ``safe_filename`` for the name to keep, ``sniff_content_type`` +
``require_content_type`` to judge the bytes (never the client's header), and
``cadence_shared.storage.http.object_response`` to serve an object with Range support.

S3 client: aiobotocore, not aioboto3. Measured installs on Python 3.11: aiobotocore 3.10 with its
dependencies is 44 MB, aioboto3 15.5 is 42 MB; both are botocore (29 MB of service models) plus
aiohttp, so size does not decide. aioboto3 is a thin layer over aiobotocore adding boto3's resource
API and managed transfers, and its newest release pins an older aiobotocore (2.25, botocore 1.40)
while aiobotocore tracks botocore directly (3.10). The client API (put_object, the multipart calls,
generate_presigned_url, paginators) is all this package needs, streaming and multipart are
written here with abort-on-failure under our control, and ``types-aiobotocore-s3`` types every
call for mypy --strict. So: the maintained base layer, one dependency fewer, fully typed.

Sniffing: libmagic through python-magic, not puremagic. puremagic (pure Python) needs Python 3.12
from its 2.x on, so 3.11 gets 1.30; on the same samples that named a plain zip as a .docx,
recognised no DXF and no plain text, and raised on input it did not know; libmagic named every sample right (zip, DXF drawing, text/plain, empty) and is the
`file` command's library, maintained with the distribution (Debian's libmagic1, which
deploy/local/bootstrap.sh installs where missing). python-magic is a small ctypes binding over it.
"""

from cadence_shared.storage.base import ListedObject, Storage, StoredObject, new_key, owner_prefix
from cadence_shared.storage.errors import (
    DownloadLinkInvalid,
    InvalidKey,
    ObjectNotFound,
    TooLarge,
    UnsupportedContentType,
)
from cadence_shared.storage.factory import storage_from_settings
from cadence_shared.storage.files import (
    SNIFF_BYTES,
    content_disposition,
    require_content_type,
    safe_filename,
    sniff_content_type,
)
from cadence_shared.storage.local import LocalStorage
from cadence_shared.storage.s3 import S3Storage
from cadence_shared.storage.settings import StorageSettings
from cadence_shared.storage.signing import DownloadGrant, signed_download_url, verify_download

__all__ = [
    "SNIFF_BYTES",
    "DownloadGrant",
    "DownloadLinkInvalid",
    "InvalidKey",
    "ListedObject",
    "LocalStorage",
    "ObjectNotFound",
    "S3Storage",
    "Storage",
    "StorageSettings",
    "StoredObject",
    "TooLarge",
    "UnsupportedContentType",
    "content_disposition",
    "new_key",
    "owner_prefix",
    "require_content_type",
    "safe_filename",
    "signed_download_url",
    "sniff_content_type",
    "storage_from_settings",
    "verify_download",
]
