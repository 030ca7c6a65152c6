"""Uploads straight to a service: throughput of 1 MiB and 100 MiB files, and the service
process's peak RSS while a 100 MiB upload goes through it.

The service is a small app built with ``create_app`` (``bench/uploads_app.py``) under uvicorn in
a process of its own, storing into local storage under .run/bench-uploads; the client sends each
file as a multipart body in 64 KiB chunks over loopback (httpx), so neither side holds it whole.
``/upload`` is the real path (``cadence_shared.uploads.receive_upload``: parsed as it arrives,
sniffed, size capped, sha256 on the way, fsynced into place); its figures include the fsync. The
throughput figures are medians (20 runs of 1 MiB after 3 of warm-up, 3 of 100 MiB). Peak RSS is the
kernel's high-water mark (VmHWM) of the service process, reset (``/proc/<pid>/clear_refs``) after
the 1 MiB runs, so it is the peak while the three 100 MiB uploads go through; "growth" is that peak
minus the RSS just before them.
The same is measured for ``/upload-buffered``, a route that reads the whole body first, to show the
figure does see a body held in memory. No database: the route only streams and stores (a real
upload route adds one INSERT and the commit). Through the gateway, to a real upload route:
``gateway_uploads_bench.py``.
"""

import asyncio
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx

from benchlib import BENCH_DIR, metric, write_results

MIB = 1024 * 1024
CHUNK = 64 * 1024
BOUNDARY = "cadence-bench-boundary"
ROOT = BENCH_DIR.parent / ".run" / "bench-uploads"
# Bytes with no recognisable form (libmagic: application/octet-stream); a byte ramp reads as TGA.
BLOCK = random.Random(7).randbytes(CHUNK)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def multipart_body(size: int) -> AsyncIterator[bytes]:
    yield (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="bench.bin"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    block = BLOCK
    for offset in range(0, size, CHUNK):
        yield block[: min(CHUNK, size - offset)]
    yield f"\r\n--{BOUNDARY}--\r\n".encode()


async def timed_upload(client: httpx.AsyncClient, path: str, size: int) -> float:
    started = time.perf_counter()
    response = await client.post(
        path,
        content=multipart_body(size),
        headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
    )
    elapsed = time.perf_counter() - started
    if response.status_code != 202 or response.json()["size"] < size:  # buffered: with framing
        raise RuntimeError(f"{path} answered {response.status_code}: {response.text[:300]}")
    return elapsed


def memory_kib(pid: int) -> dict[str, int]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in {"VmRSS", "VmHWM"}:
            fields[name] = int(value.split()[0])
    return fields


def reset_peak(pid: int) -> None:
    Path(f"/proc/{pid}/clear_refs").write_text("5")  # VmHWM := VmRSS


def start_service(port: int) -> "subprocess.Popen[bytes]":
    command = [sys.executable, "-m", "uvicorn", "uploads_app:build", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    env = {**os.environ, "UPLOADBENCH_ROOT": str(ROOT)}
    return subprocess.Popen(command, cwd=BENCH_DIR, env=env)


async def wait_until_serving(client: httpx.AsyncClient, within_s: float = 30) -> None:
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        try:
            if (await client.get("/health")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.1)
    raise RuntimeError("the upload service did not start")


async def peak_during(client: httpx.AsyncClient, pid: int, path: str) -> dict[str, float]:
    # No warm-up of its own: whatever the first 100 MiB upload allocates counts in the peak.
    before = memory_kib(pid)["VmRSS"]
    reset_peak(pid)
    timings = [await timed_upload(client, path, 100 * MIB) for _ in range(3)]
    peak = memory_kib(pid)["VmHWM"]
    return {"before": before / 1024, "peak": peak / 1024, "seconds": statistics.median(timings)}


async def measure(pid: int, port: int) -> list[dict[str, object]]:
    timeout = httpx.Timeout(120.0)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=timeout) as client:
        await wait_until_serving(client)
        idle = memory_kib(pid)["VmRSS"] / 1024
        for _ in range(3):
            await timed_upload(client, "/upload", MIB)
        small = statistics.median([await timed_upload(client, "/upload", MIB) for _ in range(20)])
        streamed = await peak_during(client, pid, "/upload")
        buffered = await peak_during(client, pid, "/upload-buffered")
    results = [
        metric("upload 1 MiB", 1 / small, "MiB/s"),
        metric("service RSS at start", idle, "MiB"),
        metric("upload 100 MiB", 100 / streamed["seconds"], "MiB/s"),
        metric("service RSS before the 100 MiB uploads", streamed["before"], "MiB"),
        metric("service peak RSS during 100 MiB uploads", streamed["peak"], "MiB"),
        metric(
            "service RSS growth during 100 MiB uploads",
            streamed["peak"] - streamed["before"],
            "MiB",
            aim="a few MiB: the body is never held",
        ),
        metric(
            "service peak RSS during 100 MiB uploads, over its RSS at start",
            streamed["peak"] - idle,
            "MiB",
        ),
        metric(
            "for contrast: RSS growth, route reading the whole body first",
            buffered["peak"] - buffered["before"],
            "MiB",
        ),
    ]
    for row in results:
        print(f"{row['metric']}: {row['value']} {row['unit']}")
    return results


async def main() -> None:
    shutil.rmtree(ROOT, ignore_errors=True)
    port = _free_port()
    service = start_service(port)
    try:
        results = await measure(service.pid, port)
    finally:
        service.terminate()
        service.wait(timeout=20)
        shutil.rmtree(ROOT, ignore_errors=True)
    write_results("uploads", results, notes=(__doc__ or "").split("\n\n", 1)[1].strip())


if __name__ == "__main__":
    asyncio.run(main())
