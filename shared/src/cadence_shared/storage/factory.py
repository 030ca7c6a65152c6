"""The storage a service's settings describe."""

from pathlib import Path

from cadence_shared.storage.base import Storage
from cadence_shared.storage.local import LocalStorage
from cadence_shared.storage.s3 import S3Storage
from cadence_shared.storage.settings import DEFAULT_LOCAL_ROOT, StorageSettings


def storage_from_settings(settings: StorageSettings) -> Storage:
    if settings.storage_backend == "s3":
        secret = settings.storage_s3_secret_access_key
        return S3Storage(
            bucket=settings.storage_s3_bucket,
            endpoint_url=settings.storage_s3_endpoint_url,
            region=settings.storage_s3_region,
            access_key_id=settings.storage_s3_access_key_id,
            secret_access_key=secret.get_secret_value() if secret else None,
        )
    root: Path = settings.storage_local_dir or DEFAULT_LOCAL_ROOT / "default"
    return LocalStorage(
        root,
        signing_secret=settings.storage_signing_secret.get_secret_value().encode(),
        download_base_url=settings.storage_local_download_url,
    )
