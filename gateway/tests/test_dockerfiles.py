"""Each service alone: its image is built from the workspace's manifests and lock, ``shared/`` and
its own folder, nothing else. The test reads each rendered Dockerfile's COPY lines and its build
context as BuildKit would send it (the repo's files filtered by ``<Dockerfile>.dockerignore``)."""

import re
import subprocess

import pytest

from cadence_gateway.containers import GATEWAY_DOCKERFILE, workspace_members
from cadence_gateway.render import REPO_ROOT
from cadence_gateway.routes import load_route_table

MEMBERS = workspace_members()
DOCKERFILES = [f"services/{name}/Dockerfile" for name in load_route_table().services] + [
    GATEWAY_DOCKERFILE
]
# Files that are not in git but are on a developer's disk: never part of any build.
LOCAL_FILES = [
    ".env",
    ".venv/bin/python",
    "secrets/signing.pem",
    "shared/src/cadence_shared/__pycache__/db.cpython-311.pyc",
    "services/tasks/.venv/lib/site.py",
    "services/tasks/.pytest_cache/v/cache",
]


def rules(text: str) -> list[tuple[bool, re.Pattern[str]]]:
    """A .dockerignore as (re-include?, pattern) in order: the last pattern matching a path
    decides, and a pattern matching a folder covers everything below it (Docker's semantics)."""
    parsed = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        include = line.startswith("!")
        pattern = line.removeprefix("!").strip("/")
        regex = ""
        i = 0
        while i < len(pattern):
            if pattern.startswith("**/", i):
                regex, i = regex + "(?:.*/)?", i + 3
            elif pattern.startswith("**", i):
                regex, i = regex + ".*", i + 2
            elif pattern[i] == "*":
                regex, i = regex + "[^/]*", i + 1
            else:
                regex, i = regex + re.escape(pattern[i]), i + 1
        parsed.append((include, re.compile(regex + "(?:/.*)?")))
    return parsed


def in_context(path: str, ignore: list[tuple[bool, re.Pattern[str]]]) -> bool:
    sent = True
    for include, pattern in ignore:
        if pattern.fullmatch(path):
            sent = include
    return sent


def repo_files() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files"], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    return listed.stdout.splitlines() + LOCAL_FILES


def allowed(member_dir: str) -> re.Pattern[str]:
    manifests = "|".join(re.escape(f"{member}/pyproject.toml") for member in MEMBERS)
    own = f"(?:shared|{re.escape(member_dir)})/.+"
    return re.compile(f"pyproject\\.toml|uv\\.lock|{manifests}|{own}")


def copied_sources(dockerfile: str) -> list[str]:
    sources = []
    for line in dockerfile.splitlines():
        if line.startswith("COPY ") and "--from=" not in line:
            sources += line.split()[1:-1]
    return sources


@pytest.mark.parametrize("path", DOCKERFILES)
def test_the_image_copies_only_shared_and_its_member(path: str) -> None:
    member_dir = path.rsplit("/", 1)[0]
    sources = copied_sources((REPO_ROOT / path).read_text())
    extra = [
        source
        for source in sources
        if source not in {"shared", member_dir} and not allowed(member_dir).fullmatch(source)
    ]
    assert not extra, f"{path} copies {extra}"
    assert {"shared", member_dir} <= set(sources)


@pytest.mark.parametrize("path", DOCKERFILES)
def test_the_build_context_holds_only_shared_its_member_and_the_manifests(path: str) -> None:
    member_dir = path.rsplit("/", 1)[0]
    ignore = rules((REPO_ROOT / f"{path}.dockerignore").read_text())
    sent = [file for file in repo_files() if in_context(file, ignore)]
    stray = [file for file in sent if not allowed(member_dir).fullmatch(file)]
    assert not stray, f"{path}'s build context holds {stray[:5]}"
    assert not [file for file in sent if file in LOCAL_FILES]
    # Everything the Dockerfile copies is there: the build cannot miss a file.
    for source in copied_sources((REPO_ROOT / path).read_text()):
        assert any(file == source or file.startswith(f"{source}/") for file in sent), source
    assert f"{member_dir}/pyproject.toml" in sent
    assert any(file.startswith(f"{member_dir}/src/") for file in sent)
    assert any(file.startswith("shared/src/") for file in sent)


def test_the_ignore_rules_read_as_docker_reads_them() -> None:
    ignore = rules("*\n!shared/\n!services/*/pyproject.toml\n**/__pycache__\n")
    assert in_context("shared/src/a.py", ignore)
    assert in_context("services/runs/pyproject.toml", ignore)
    assert not in_context("services/runs/src/a.py", ignore)
    assert not in_context("shared/src/__pycache__/a.pyc", ignore)
    assert not in_context("README.md", ignore)
