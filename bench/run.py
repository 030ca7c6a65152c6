"""`make bench`: starts a stack for the benchmarks, runs every bench/*_bench.py, writes the summary.

Each script writes bench/results/<name>.json; bench/README.md is then rebuilt from all of them.
The stack gets a database of its own and exempts 127.0.0.1 from the gateway's per-client rate
limit, so wrk measures throughput rather than the limiter. Services log at INFO here, as they do
by default: each process of the local stack writes its log lines to a file of its own, in
batches off its event loop (bench/logs_bench.py measures what INFO still costs against WARNING).
It used to be WARNING: every line went through honcho's pipe, one Python process relaying the
output of all, which cost the services about 45 % of their throughput at INFO (GET one task
direct, 420 req/s at INFO, 775 req/s at WARNING).

The soak (bench/soak_bench.py, 30 minutes) runs only when named, on a stack of its own
(`bench/run.py soak`): after the other benchmarks it would measure what they left behind. The
stack lifts the OCR service's per-user job quota (10 an hour) as it lifts the gateway's limit:
the load scenario's few users upload hundreds of photos.

The whole run holds the machine's benchmark lock (/tmp/cadence-bench.lock): the cores are
shared, and two benchmarks at once measure each other.
"""

import os
import subprocess
import sys
from pathlib import Path

from benchlib import bench_lock
from cadence_gateway.routes import load_route_table

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
STACK = [sys.executable, str(REPO / "deploy" / "local" / "stack.py")]
SERVICES = sorted(load_route_table().services)
ALONE = {"soak"}  # run only when named


def main() -> None:
    with bench_lock():  # the scripts run under it (see benchlib.bench_lock)
        run(sys.argv[1:])


def run(only: list[str]) -> None:
    scripts = sorted(BENCH_DIR.glob("*_bench.py"))
    names = set(only) or {script.stem.removesuffix("_bench") for script in scripts} - ALONE
    scripts = [script for script in scripts if script.stem.removesuffix("_bench") in names]
    subprocess.run(
        [
            *STACK,
            "start",
            "--database",
            "cadence_bench",
            "--env=GATEWAY_RATE_LIMIT_EXEMPT=127.0.0.1",
            "--env=CADENCE_LOG_LEVEL=INFO",
            "--env=OCR_JOBS_RATE=100000/hour",
        ],
        check=True,
    )
    failed = []
    try:
        env = {**os.environ, "CADENCE_BENCH_BASE_URL": "http://127.0.0.1:8000"}
        for script in scripts:
            print(f"== {script.name}", flush=True)
            if subprocess.run([sys.executable, str(script)], cwd=BENCH_DIR, env=env).returncode:
                failed.append(script.name)
    finally:
        subprocess.run([*STACK, "stop"], check=False)
    subprocess.run([sys.executable, str(BENCH_DIR / "report.py")], check=True)
    if failed:
        sys.exit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
