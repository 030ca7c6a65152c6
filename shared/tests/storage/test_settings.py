"""Storage settings as a group a service's settings inherit, and the storage they build."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from cadence_shared.settings import ServiceSettings, service_config
from cadence_shared.storage import LocalStorage, S3Storage, StorageSettings, storage_from_settings


class ProjectsSettings(ServiceSettings, StorageSettings):
    model_config = service_config("PROJECTS_")

    service_name: str = "projects"


def test_defaults_put_files_under_the_service_name() -> None:
    settings = ProjectsSettings()
    assert settings.storage_backend == "local"
    assert settings.storage_local_dir == Path(".run/storage/projects")
    assert StorageSettings().storage_local_dir == Path(".run/storage/default")


def test_fields_are_read_with_the_service_prefix(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PROJECTS_STORAGE_BACKEND", "s3")
    monkeypatch.setenv("PROJECTS_STORAGE_S3_BUCKET", "projects-files")
    monkeypatch.setenv("PROJECTS_STORAGE_S3_ENDPOINT_URL", "http://127.0.0.1:9000")
    monkeypatch.setenv("PROJECTS_STORAGE_S3_SECRET_ACCESS_KEY", "s3cr3t")
    monkeypatch.setenv("PROJECTS_STORAGE_MAX_UPLOAD_BYTES", "1048576")
    monkeypatch.setenv("STORAGE_S3_BUCKET", "not-ours")  # unprefixed: another service's business
    settings = ProjectsSettings()
    assert (settings.storage_backend, settings.storage_s3_bucket) == ("s3", "projects-files")
    assert settings.storage_max_upload_bytes == 1048576
    assert settings.storage_s3_secret_access_key is not None
    assert settings.storage_s3_secret_access_key.get_secret_value() == "s3cr3t"
    assert "s3cr3t" not in repr(settings)


def test_s3_needs_a_bucket() -> None:
    with pytest.raises(ValidationError, match="storage_s3_bucket"):
        ProjectsSettings(storage_backend="s3")


def test_the_placeholder_signing_secret_is_refused_in_production() -> None:
    with pytest.raises(ValidationError, match="storage_signing_secret"):
        ProjectsSettings(environment="production")


async def test_storage_from_settings(tmp_path: Path) -> None:
    local = storage_from_settings(ProjectsSettings(storage_local_dir=tmp_path / "files"))
    assert isinstance(local, LocalStorage)
    assert local.root == (tmp_path / "files").resolve()

    s3 = storage_from_settings(ProjectsSettings(storage_backend="s3", storage_s3_bucket="b"))
    assert isinstance(s3, S3Storage)
    assert s3.bucket == "b"
    await s3.close()
