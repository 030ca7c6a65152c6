"""What every benchmark script shares: wrk runs, the machine's description, the results file."""

import json
import os
import platform
import subprocess
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"


def machine() -> dict[str, Any]:
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
    }


def wrk(
    url: str,
    *,
    headers: dict[str, str] | None = None,
    threads: int = 1,
    connections: int = 32,
    seconds: int = 10,
    script: Path = BENCH_DIR / "wrk_json.lua",
) -> dict[str, Any]:
    """One wrk run; returns requests/s, latency percentiles (microseconds) and socket errors.

    ``script`` is a wrk Lua script that ends with the JSON reporter of ``wrk_json.lua``.

    Any non-2xx answer fails the run: a benchmark of errors measures nothing.
    """
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    command += ["-s", str(script)]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    report: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    if report["non_2xx"]:
        raise RuntimeError(f"wrk saw error answers from {url}: {report}")
    return report


def write_results(name: str, results: list[dict[str, Any]], notes: str) -> Path:
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    document = {
        "name": name,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "results": results,
        "notes": notes,
    }
    with tempfile.NamedTemporaryFile("w", dir=RESULTS_DIR, delete=False) as file:
        json.dump(document, file, indent=2)
        file.write("\n")
    Path(file.name).chmod(0o644)
    Path(file.name).replace(path)
    return path


def metric(name: str, value: float, unit: str, aim: str | None = None) -> dict[str, Any]:
    entry: dict[str, Any] = {"metric": name, "value": round(value, 3), "unit": unit}
    if aim:
        entry["aim"] = aim
    return entry
