"""File storage: put and get throughput of 1 MiB and 100 MiB bodies on both backends.

Needs no stack: the local backend writes under .run/bench-storage (the same disk the local stack's
.run/storage uses), the S3 backend talks to moto's standalone server started here on a loopback
port (``cadence_shared.storage.testing``). ``python bench/storage_bench.py`` (or `make bench`).

A put streams the body in 64 KiB chunks, as an upload arrives from the HTTP edge; the local backend
fsyncs before its rename, so its figure includes the flush to disk. A get reads the whole body
back through ``open``. Each figure is the median of several runs (20 of 1 MiB, 3 of 100 MiB).
moto keeps objects in its process's memory and does the S3 work in Python: the S3 figures measure
this client (aiobotocore, multipart in 8 MiB parts, sha256 while streaming) against a slow server
on the same 2 cores, a floor rather than what a real S3 or MinIO would give.
"""

import asyncio
import shutil
import statistics
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

from benchlib import metric, write_results
from cadence_shared.storage import LocalStorage, S3Storage, Storage, new_key
from cadence_shared.storage.testing import running_moto_server

MIB = 1024 * 1024
CHUNK = 64 * 1024
SIZES = {1 * MIB: 20, 100 * MIB: 3}  # body size -> runs
LOCAL_ROOT = Path(__file__).resolve().parent.parent / ".run" / "bench-storage"


async def body(size: int) -> AsyncIterator[bytes]:
    block = bytes(range(256)) * (CHUNK // 256)
    for offset in range(0, size, CHUNK):
        yield block[: min(CHUNK, size - offset)]


async def timed_round_trip(storage: Storage, size: int) -> tuple[float, float]:
    """Seconds to put, then to get, one body of ``size`` bytes."""
    key = new_key(uuid.uuid4())
    started = time.perf_counter()
    await storage.put(key, body(size), max_bytes=size)
    stored = time.perf_counter()
    read = 0
    async for chunk in storage.open(key):
        read += len(chunk)
    done = time.perf_counter()
    if read != size:
        raise RuntimeError(f"read {read} bytes back of {size}")
    await storage.delete(key)
    return stored - started, done - stored


async def measure(name: str, storage: Storage) -> list[dict[str, object]]:
    results: list[dict[str, object]] = []
    for size, runs in SIZES.items():
        await timed_round_trip(storage, size)  # warm-up: connections, page cache, imports
        timings = [await timed_round_trip(storage, size) for _ in range(runs)]
        label = f"{size // MIB} MiB"
        put_s = statistics.median(put for put, _ in timings)
        get_s = statistics.median(get for _, get in timings)
        results.append(metric(f"{name} put {label}", size / MIB / put_s, "MiB/s"))
        results.append(metric(f"{name} get {label}", size / MIB / get_s, "MiB/s"))
        print(
            f"{name} {label}: put {size / MIB / put_s:.1f} MiB/s, get {size / MIB / get_s:.1f} MiB/s"
        )
    return results


async def main() -> None:
    shutil.rmtree(LOCAL_ROOT, ignore_errors=True)
    local = LocalStorage(LOCAL_ROOT, signing_secret=b"bench", download_base_url="/download")
    try:
        results = await measure("local", local)
    finally:
        shutil.rmtree(LOCAL_ROOT, ignore_errors=True)
    with running_moto_server() as endpoint_url:
        async with S3Storage(
            bucket="cadence-bench",
            endpoint_url=endpoint_url,
            region="us-east-1",
            access_key_id="bench",
            secret_access_key="bench",
        ) as s3:
            await s3.ensure_bucket()
            results += await measure("s3 (moto)", s3)
    write_results("storage", results, notes=__doc__.split("\n\n", 1)[1].strip())


if __name__ == "__main__":
    asyncio.run(main())
