"""A log folder as one stream: the local stack's (`make logs`, `make logs-json`, `make run`).

Every process of the stack writes its JSON lines to a file of its own in the stack's log folder
(``CADENCE_LOG_DIR``, ``.run/logs``: ``tasks.1.log``, ``audio-analysis.1.log``, named as honcho
names the processes), written in batches off its event loop (``cadence_shared.logging.LineFile``). honcho's
own output goes to ``stack.log`` beside them: processes starting and stopping, whatever a process
prints outside its logging (a crash before logging is set up), nginx's errors.

    python -m cadence_shared.log_files [--service NAME] [--json] [--lines N] [--folder DIR]

follows every file of the folder (new ones too) and prints their new lines as they come: for
people, a JSON line made readable after its time and process, as honcho prefixes its own
(``cadence_shared.logging.pretty``); with ``--json``, the JSON lines as written, nothing else,
for tools. ``--service audio``: that service and its workers only (``audio.1``,
``audio-analysis.1``). It starts ``--lines`` lines before the end of each file.
"""

import argparse
import contextlib
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from cadence_shared.logging import pretty

FOLDER = Path(".run") / "logs"  # the local stack's, from the repository's root
HONCHO_LOG = "stack.log"
POLL_S = 0.1
TAIL_BYTES_PER_LINE = 512  # how far back from a file's end to look for its last lines


@dataclass
class _Source:
    path: Path
    process: str | None  # None: honcho's log, whose lines name their process themselves
    position: int = 0
    partial: bytes = b""

    def read(self) -> list[str]:
        """The complete lines added since the last read (a file that shrank is read again)."""
        try:
            size = self.path.stat().st_size
        except FileNotFoundError:
            return []
        if size < self.position:
            self.position, self.partial = 0, b""
        if size == self.position:
            return []
        with self.path.open("rb") as file:
            file.seek(self.position)
            data = self.partial + file.read(size - self.position)
        self.position = size
        *lines, self.partial = data.split(b"\n")
        return [line.decode(errors="replace") for line in lines]

    def start_before_end(self, lines: int) -> None:
        """The next read begins ``lines`` lines before the file's end (0: at its end)."""
        size = self.path.stat().st_size
        self.position = size
        if not lines:
            return
        start = max(0, size - TAIL_BYTES_PER_LINE * (lines + 1))
        with self.path.open("rb") as file:
            file.seek(start)
            tail = file.read(size - start)
        ends = [index for index, byte in enumerate(tail) if byte == ord("\n")]
        if len(ends) > lines:  # else the whole tail, from its start
            self.position = start + ends[-lines - 1] + 1
        else:
            self.position = start


def _time_of(line: str) -> str:
    """HH:MM:SS of a JSON line's ``timestamp`` (ISO 8601), as honcho stamps its own lines."""
    at = line.find('"timestamp":"')
    return line[at + 24 : at + 32] if at >= 0 else time.strftime("%H:%M:%S")


class Follower:
    """The log files of ``folder`` as one stream of lines; ``service``: its processes only."""

    def __init__(
        self,
        folder: Path,
        *,
        service: str | None = None,
        as_json: bool = False,
        lines: int = 0,
        colour: bool = False,
    ) -> None:
        self.folder = folder
        self.as_json = as_json
        self.colour = colour
        self.service = service
        self._process = re.compile(
            rf"{re.escape(service)}(-[a-z0-9-]+)?\.[0-9]+" if service else r"\S+"
        )
        self._sources: dict[Path, _Source] = {}
        for source in self._discover():
            source.start_before_end(lines)

    def _discover(self) -> list[_Source]:
        found = []
        for path in sorted(self.folder.glob("*.log")):
            if path in self._sources:
                continue
            process = None if path.name == HONCHO_LOG else path.name.removesuffix(".log")
            if process is not None and not self._process.fullmatch(process):
                continue
            self._sources[path] = source = _Source(path, process)
            found.append(source)
        return found

    def lines(self) -> list[str]:
        """What the files gained since the last call (a file new since then from its start)."""
        self._discover()
        shown = []
        for source in self._sources.values():
            for line in source.read():
                text = self._shown(source.process, line)
                if text is not None:
                    shown.append(text)
        return shown

    def _shown(self, process: str | None, line: str) -> str | None:
        if process is not None:
            if self.as_json:
                return line
            return pretty(f"{_time_of(line)} {process} | {line}", colour=self.colour)
        # honcho's "10:00:00 tasks.1   | text": its own ("system") lines and what processes print
        name, bar, text = line.partition(" | ")
        name = name.partition(" ")[2].strip()
        if self.as_json:
            wanted = bar and self._process.fullmatch(name) and text.startswith("{")
            return text if wanted else None
        if self.service is not None and not self._process.fullmatch(name):
            return None
        return pretty(line, colour=self.colour)

    def follow(self, out: TextIO, *, until: Callable[[], bool] = lambda: False) -> None:
        """Prints new lines to ``out`` until ``until()`` is true, and what came before it."""
        while True:
            ended = until()
            shown = self.lines()
            if shown:
                out.write("".join(f"{line}\n" for line in shown))
                out.flush()
            if ended:
                return
            time.sleep(POLL_S)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--service", help="only this service's processes (its workers too)")
    parser.add_argument("--json", action="store_true", help="the JSON lines as written")
    parser.add_argument("--lines", type=int, default=20, help="of each file, before following")
    parser.add_argument("--folder", type=Path, default=FOLDER, help="the stack's log folder")
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    follower = Follower(
        args.folder,
        service=args.service,
        as_json=args.json,
        lines=args.lines,
        colour=sys.stdout.isatty(),
    )
    with contextlib.suppress(KeyboardInterrupt, BrokenPipeError):
        follower.follow(sys.stdout)


if __name__ == "__main__":
    main()
