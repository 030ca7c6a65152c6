"""What the locust benches share (bench/load_bench.py, bench/soak_bench.py): a headless locust
run of bench/locustfile.py, its CSV files read back, and charts of a run over time as PNG
(matplotlib's ``Figure`` without pyplot renders with Agg: no display, no global state)."""

import csv
import os
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from benchlib import BENCH_DIR, RESULTS_DIR

SPAWN_RATE = 20  # users started a second


@dataclass(frozen=True)
class LocustRun:
    users: int
    seconds: int
    csv_prefix: Path
    env: Mapping[str, str]

    def command(self, base_url: str) -> list[str]:
        return [
            str(Path(sys.executable).with_name("locust")),
            "-f",
            str(BENCH_DIR / "locustfile.py"),
            "--headless",
            "--users",
            str(self.users),
            "--spawn-rate",
            str(SPAWN_RATE),
            "--run-time",
            f"{self.seconds}s",
            "--host",
            base_url,
            "--csv",
            str(self.csv_prefix),
            "--only-summary",
            "--stop-timeout",
            "30",
        ]

    def start(self, base_url: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(self.command(base_url), env={**os.environ, **self.env})

    def rows(self, kind: str) -> list[dict[str, str]]:
        """One of locust's CSV files: ``stats``, ``stats_history`` or ``failures``."""
        with Path(f"{self.csv_prefix}_{kind}.csv").open() as file:
            return list(csv.DictReader(file))


def number(text: str) -> float:
    """A locust CSV figure; "N/A" (no request in the window) is 0."""
    return 0.0 if text in ("", "N/A") else float(text)


def history(run: LocustRun) -> list[dict[str, float]]:
    """The run's aggregated figures a second apart: ``t`` (seconds from the start), users,
    requests/s and failures/s (current, locust's window), p50, p95 and p99 (ms)."""
    rows = [row for row in run.rows("stats_history") if row["Name"] == "Aggregated"]
    if not rows:
        return []
    start = int(rows[0]["Timestamp"])
    return [
        {
            "t": int(row["Timestamp"]) - start,
            "users": number(row["User Count"]),
            "rps": number(row["Requests/s"]),
            "fps": number(row["Failures/s"]),
            **{f"p{q}": number(row[f"{q}%"]) for q in (50, 95, 99)},
        }
        for row in rows
    ]


def throughput_chart(points: list[dict[str, float]], path: Path, title: str) -> Path:
    figure = Figure(figsize=(10, 4.5), dpi=100)
    axis = figure.subplots()
    minutes = [point["t"] / 60 for point in points]
    axis.plot(minutes, [p["rps"] for p in points], label="requests/s", color="tab:blue")
    axis.plot(minutes, [p["fps"] for p in points], label="failures/s", color="tab:red")
    axis.set_xlabel("minutes from the start")
    axis.set_ylabel("per second")
    axis.set_ylim(bottom=0)
    users = axis.twinx()
    users.plot(minutes, [p["users"] for p in points], label="users", color="tab:gray", ls="--")
    users.set_ylabel("simulated users")
    users.set_ylim(bottom=0)
    _finish(figure, axis, title, [users])
    return _save(figure, path)


def latency_chart(points: list[dict[str, float]], path: Path, title: str) -> Path:
    figure = Figure(figsize=(10, 4.5), dpi=100)
    axis = figure.subplots()
    minutes = [point["t"] / 60 for point in points]
    for q, color in ((50, "tab:green"), (95, "tab:orange"), (99, "tab:red")):
        axis.plot(minutes, [p[f"p{q}"] for p in points], label=f"p{q}", color=color)
    axis.set_xlabel("minutes from the start")
    axis.set_ylabel("response time, ms (all routes, last 10 s)")
    axis.set_ylim(bottom=0)
    _finish(figure, axis, title)
    return _save(figure, path)


def series_chart(
    minutes: list[float],
    series: Mapping[str, Iterable[float]],
    path: Path,
    *,
    title: str,
    ylabel: str,
) -> Path:
    """One line per entry of ``series`` against ``minutes``, the legend beside the plot."""
    figure = Figure(figsize=(11, 5), dpi=100)
    axis = figure.subplots()
    for index, (name, values) in enumerate(series.items()):
        style = "-" if index < 10 else "--"  # the colour cycle repeats after ten
        axis.plot(minutes, list(values), label=name, ls=style, marker=".", markersize=3)
    axis.set_xlabel("minutes from the start")
    axis.set_ylabel(ylabel)
    axis.set_ylim(bottom=0)
    axis.set_title(title)
    axis.grid(alpha=0.3)
    axis.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small")
    figure.tight_layout()
    return _save(figure, path)


def _finish(figure: Figure, axis: Axes, title: str, twins: Iterable[Axes] = ()) -> None:
    handles, labels = axis.get_legend_handles_labels()
    for twin in twins:
        more_handles, more_labels = twin.get_legend_handles_labels()
        handles += more_handles
        labels += more_labels
    axis.legend(handles, labels, loc="lower right", fontsize="small")
    axis.set_title(title)
    axis.grid(alpha=0.3)
    figure.tight_layout()


def _save(figure: Figure, path: Path) -> Path:
    RESULTS_DIR.mkdir(exist_ok=True)
    figure.savefig(path)
    return path
