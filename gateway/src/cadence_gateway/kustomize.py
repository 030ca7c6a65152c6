"""``kustomize build`` for the kustomizations of deploy/k8s, in Python (no binary needed).

It supports exactly the fields deploy/k8s uses (``resources`` as files or directories,
``namespace``, ``images``, ``replicas`` and ``patches`` with a kind/name target and a strategic
merge patch), and refuses any other field, so a kustomization it cannot build right fails instead
of building wrong. Strategic merge as kustomize does it for these objects: mappings merge key by
key, lists of named items (containers, env, volumes, ports) merge item by item on ``name``, any
other list is replaced.

    uv run python -m cadence_gateway.kustomize deploy/k8s/overlays/prod   # print the build
"""

import sys
from pathlib import Path
from typing import Any

import yaml

SUPPORTED = {"apiVersion", "kind", "namespace", "resources", "images", "replicas", "patches"}
# Kinds that are not namespaced among those deploy/k8s has.
CLUSTER_KINDS = {"Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding"}
WORKLOAD_KINDS = {"Deployment", "StatefulSet", "Job", "DaemonSet"}

Resource = dict[str, Any]


class KustomizeError(ValueError):
    pass


def merge(base: Any, patch: Any) -> Any:
    """``patch`` merged into ``base`` (a strategic merge patch, without directives)."""
    if isinstance(base, dict) and isinstance(patch, dict):
        merged = dict(base)
        for key, value in patch.items():
            merged[key] = merge(base[key], value) if key in base else value
        return merged
    if isinstance(base, list) and isinstance(patch, list) and _named(base) and _named(patch):
        patched = {item["name"]: item for item in patch}
        names = {item["name"] for item in base}
        kept = [merge(i, patched[i["name"]]) if i["name"] in patched else i for i in base]
        return kept + [item for item in patch if item["name"] not in names]
    return patch


def _named(items: list[Any]) -> bool:
    return bool(items) and all(isinstance(item, dict) and "name" in item for item in items)


def _load_resources(directory: Path, entry: str) -> list[Resource]:
    path = (directory / entry).resolve()
    if path.is_dir():
        return build(path)
    return [document for document in yaml.safe_load_all(path.read_text()) if document]


def _containers(resource: Resource) -> list[dict[str, Any]]:
    if resource["kind"] not in WORKLOAD_KINDS:
        return []
    pod = resource["spec"]["template"]["spec"]
    return [*pod.get("initContainers", []), *pod["containers"]]


def _set_images(resources: list[Resource], images: list[dict[str, str]]) -> None:
    for container in (c for resource in resources for c in _containers(resource)):
        repository = container["image"].split(":", 1)[0]
        for image in images:
            if image["name"] == repository:
                new_name = image.get("newName", repository)
                tag = image.get("newTag")
                container["image"] = f"{new_name}:{tag}" if tag else new_name


def _target(resources: list[Resource], kind: str, name: str) -> int:
    found = [
        index
        for index, resource in enumerate(resources)
        if resource["kind"] == kind and resource["metadata"]["name"] == name
    ]
    if len(found) != 1:
        raise KustomizeError(f"{kind}/{name}: {len(found)} resources match, not one")
    return found[0]


def _apply_patches(resources: list[Resource], patches: list[dict[str, Any]]) -> None:
    for patch in patches:
        if set(patch) != {"target", "patch"} or set(patch["target"]) != {"kind", "name"}:
            raise KustomizeError(f"unsupported patch form: {sorted(patch)}")
        index = _target(resources, patch["target"]["kind"], patch["target"]["name"])
        resources[index] = merge(resources[index], yaml.safe_load(patch["patch"]))


def build(directory: Path) -> list[Resource]:
    """The resources ``directory``'s kustomization.yaml makes, in order."""
    kustomization = yaml.safe_load((directory / "kustomization.yaml").read_text())
    unsupported = set(kustomization) - SUPPORTED
    if unsupported:
        raise KustomizeError(f"{directory}: unsupported fields {sorted(unsupported)}")
    resources = [
        resource
        for entry in kustomization.get("resources", [])
        for resource in _load_resources(directory, entry)
    ]
    _set_images(resources, kustomization.get("images", []))
    for replicas in kustomization.get("replicas", []):
        index = _target(resources, "Deployment", replicas["name"])
        resources[index]["spec"]["replicas"] = replicas["count"]
    _apply_patches(resources, kustomization.get("patches", []))
    namespace = kustomization.get("namespace")
    if namespace:
        for resource in resources:
            if resource["kind"] == "Namespace":
                resource["metadata"]["name"] = namespace
            elif resource["kind"] not in CLUSTER_KINDS:
                resource["metadata"]["namespace"] = namespace
    return resources


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m cadence_gateway.kustomize <directory>", file=sys.stderr)
        return 2
    print(yaml.safe_dump_all(build(Path(args[0])), sort_keys=False), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
