"""Where a service keeps uploaded files: a settings group its settings class inherits."""

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings

DEFAULT_LOCAL_ROOT = Path(".run") / "storage"


class StorageSettings(BaseSettings):
    """File storage settings, read with the inheriting service's env prefix.

    ``class Settings(ServiceSettings, StorageSettings)`` with prefix ``PROJECTS_`` reads
    ``PROJECTS_STORAGE_BACKEND``, ``PROJECTS_STORAGE_S3_BUCKET``, and so on.
    """

    storage_backend: Literal["local", "s3"] = "local"
    storage_local_dir: Path | None = Field(
        default=None,
        description=(
            "Directory of the local backend. Unset: .run/storage/<service_name> under the working "
            "directory (the repository root in the local stack), or .run/storage/default."
        ),
    )
    storage_local_download_url: str = Field(
        default="/storage/download",
        description=(
            "Where the service mounts signed_download_endpoint: local download links point there "
            "(as given, so a path is resolved by the client against the API's URL)."
        ),
    )
    storage_s3_endpoint_url: str | None = Field(
        default=None, description="Unset for AWS; the server's URL for MinIO and the like."
    )
    storage_s3_bucket: str = ""
    storage_s3_region: str | None = None
    storage_s3_access_key_id: str | None = Field(
        default=None, description="Unset: the usual AWS chain (env, profile, instance role)."
    )
    storage_s3_secret_access_key: SecretStr | None = None
    storage_signing_secret: SecretStr = Field(
        default=SecretStr("change-me"),
        description="HMAC key of the local backend's download links; a real one in production.",
    )
    storage_max_upload_bytes: int = Field(default=256 * 1024 * 1024, gt=0)

    @model_validator(mode="after")
    def _storage_defaults(self) -> "StorageSettings":
        if self.storage_local_dir is None:
            service = getattr(self, "service_name", None) or "default"
            self.storage_local_dir = DEFAULT_LOCAL_ROOT / service
        if self.storage_backend == "s3" and not self.storage_s3_bucket:
            raise ValueError("storage_s3_bucket must be set when storage_backend is 's3'")
        return self
