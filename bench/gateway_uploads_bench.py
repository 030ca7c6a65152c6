"""Uploads through the gateway: throughput of 1 MiB and 100 MiB files sent to a real upload
route (audio's ``POST /api/v1/audio``) through nginx and, in the same run, straight to the
service, and the audio service's peak RSS while the 100 MiB uploads go through the gateway.

Run by `make bench` (bench/run.py starts the stack); needs CADENCE_BENCH_BASE_URL. Each file is a
WAV (a RIFF header and random 16-bit samples, so the content sniffing accepts it and no two
uploads share bytes: the service would recognise a duplicate) sent as a multipart body in 64 KiB
chunks, so neither side holds it whole; nginx streams it on (`upload = true`: request buffering
off). Each item is deleted once its 202 arrived, which cancels its analysis job, so the worker
does not compete for the cores. The figures include the service's work per upload: sniffing, the
sha256, the fsync into local storage, the INSERTs of the item, its job and the outbox row, and
the commit. Medians of 20 runs of 1 MiB (after 3 of warm-up) and 3 of 100 MiB per path. Peak
RSS is the kernel's high-water mark (VmHWM) of the service's process, reset
(``/proc/<pid>/clear_refs``) just before the gateway's 100 MiB uploads.
"""

import asyncio
import os
import statistics
import struct
import subprocess
import time
from collections.abc import AsyncIterator

import httpx
from uploads_bench import CHUNK, MIB, memory_kib, reset_peak

from benchlib import metric, signed_in_headers, write_results
from cadence_gateway.routes import load_route_table

BASE_URL = os.environ.get("CADENCE_BENCH_BASE_URL", "http://127.0.0.1:8000")
AUDIO_PORT = load_route_table().services["audio"].port
DIRECT_URL = f"http://127.0.0.1:{AUDIO_PORT}"
BOUNDARY = "cadence-bench-boundary"
RATE, CHANNELS, SAMPLE_BYTES = 44_100, 2, 2


def wav_header(data_bytes: int) -> bytes:
    block = CHANNELS * SAMPLE_BYTES
    return (
        b"RIFF"
        + struct.pack("<I", 36 + data_bytes)
        + b"WAVEfmt "
        + struct.pack("<IHHIIHH", 16, 1, CHANNELS, RATE, RATE * block, block, 8 * SAMPLE_BYTES)
        + b"data"
        + struct.pack("<I", data_bytes)
    )


async def multipart_wav(size: int) -> AsyncIterator[bytes]:
    yield (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="bench.wav"\r\n'
        "Content-Type: audio/wav\r\n\r\n"
    ).encode()
    data_bytes = size - 44
    yield wav_header(data_bytes)
    block = os.urandom(CHUNK)  # fresh per upload: no two uploads are duplicates
    for offset in range(0, data_bytes, CHUNK):
        yield block[: min(CHUNK, data_bytes - offset)]
    yield f"\r\n--{BOUNDARY}--\r\n".encode()


async def timed_upload(client: httpx.AsyncClient, size: int) -> float:
    started = time.perf_counter()
    response = await client.post(
        "/api/v1/audio",
        content=multipart_wav(size),
        headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
    )
    elapsed = time.perf_counter() - started
    if response.status_code != 202 or response.json()["size"] != size:
        raise RuntimeError(f"the upload answered {response.status_code}: {response.text[:300]}")
    deleted = await client.delete(f"/api/v1/audio/{response.json()['id']}")
    deleted.raise_for_status()
    return elapsed


def service_pid() -> int:
    """The audio web app's process: the one listening on its port."""
    listing = subprocess.run(
        ["ss", "-Hltnp", f"sport = :{AUDIO_PORT}"], capture_output=True, text=True, check=True
    ).stdout
    return int(listing.split("pid=", 1)[1].split(",", 1)[0])


async def throughput(base_url: str, headers: dict[str, str]) -> tuple[float, float]:
    """Medians in MiB/s: 1 MiB files, then 100 MiB files."""
    timeout = httpx.Timeout(300.0)
    async with httpx.AsyncClient(base_url=base_url, headers=headers, timeout=timeout) as client:
        for _ in range(3):
            await timed_upload(client, MIB)
        small = statistics.median([await timed_upload(client, MIB) for _ in range(20)])
        large = statistics.median([await timed_upload(client, 100 * MIB) for _ in range(3)])
    return 1 / small, 100 / large


async def measure() -> list[dict[str, object]]:
    with httpx.Client(base_url=BASE_URL, timeout=30) as client:
        headers = signed_in_headers(client)
    pid = service_pid()
    direct_small, direct_large = await throughput(DIRECT_URL, headers)
    before = memory_kib(pid)["VmRSS"] / 1024
    reset_peak(pid)
    small, large = await throughput(BASE_URL, headers)
    peak = memory_kib(pid)["VmHWM"] / 1024
    return [
        metric("through the gateway: upload 1 MiB", small, "MiB/s"),
        metric("through the gateway: upload 100 MiB", large, "MiB/s"),
        metric("straight to the service: upload 1 MiB", direct_small, "MiB/s"),
        metric("straight to the service: upload 100 MiB", direct_large, "MiB/s"),
        metric("gateway / direct, 1 MiB", small / direct_small, "ratio"),
        metric("gateway / direct, 100 MiB", large / direct_large, "ratio"),
        metric("audio service RSS before the gateway's uploads", before, "MiB"),
        metric("audio service peak RSS during the gateway's uploads", peak, "MiB"),
        metric(
            "audio service RSS growth during the gateway's uploads",
            peak - before,
            "MiB",
            aim="a few MiB: the body is never held",
        ),
    ]


def main() -> None:
    results = asyncio.run(measure())
    for row in results:
        print(f"{row['metric']}: {row['value']} {row['unit']}")
    write_results("gateway_uploads", results, notes=(__doc__ or "").split("\n\n", 1)[1].strip())


if __name__ == "__main__":
    main()
