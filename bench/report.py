"""Rebuilds bench/README.md from bench/results/*.json (run by `make bench`).

Each result file gives one section (its table, summary and notes). Prose that is not in a result
file stays between markers on lines of their own::

    <!-- hand-written -->
    An earlier run at load average 5.2 measured ...
    <!-- /hand-written -->

A block belongs to the section it sits in (or to the header above the first section) and is
written back at the end of that section on every rebuild, markers included. A block whose section
has no result file any more stops the rebuild rather than being dropped.

``--check`` rebuilds in memory and fails when bench/README.md differs (a result file committed
without its section, or a section edited by hand outside the markers); CI runs it.
"""

import json
import re
import sys
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
README = BENCH_DIR / "README.md"
HEADER = """# Benchmarks

`make bench` starts a stack of its own, runs every `bench/*_bench.py` and rebuilds this page from
`bench/results/*.json`. Figures are medians or rates measured in one run on the machine named in
each section (2 cores); compare ratios within a section, not across machines. Performance is
measured here, never by timed tests. Text between `<!-- hand-written -->` and
`<!-- /hand-written -->` is kept at the end of its section when the page is rebuilt
(`bench/report.py`).
"""
OPEN, CLOSE = "<!-- hand-written -->", "<!-- /hand-written -->"
_BLOCK = re.compile(rf"^{re.escape(OPEN)}\n.*?^{re.escape(CLOSE)}\n", re.MULTILINE | re.DOTALL)
_SECTION = re.compile(r"^## (.+)$", re.MULTILINE)
_TOP = ""  # the header's key: text above the first section


def hand_written(page: str) -> dict[str, list[str]]:
    """The marked blocks of ``page`` by the name of the section each sits in."""
    blocks: dict[str, list[str]] = {}
    for match in _BLOCK.finditer(page):
        headings = list(_SECTION.finditer(page, 0, match.start()))
        section = headings[-1].group(1).strip() if headings else _TOP
        blocks.setdefault(section, []).append(match.group(0))
    return blocks


def _section(document: dict[str, Any]) -> str:
    machine = document.get("machine", {})
    return (
        f"\n## {document['name']}\n\nMeasured {document['measured_at']} on "
        f"{machine.get('cores', '?')} cores, Python {machine.get('python', '?')}.\n\n"
        + (f"{document['summary']}\n\n" if document.get("summary") else "")
        + "| metric | value | unit | aim |\n| --- | ---: | --- | --- |\n"
        + "".join(
            f"| {row['metric']} | {row['value']:,} | {row['unit']} | {row.get('aim', '')} |\n"
            for row in document["results"]
        )
        + (f"\n{document['notes']}\n" if document.get("notes") else "")
        + "".join(
            f"\n![{chart.rsplit('.', 1)[0]}](results/{chart})\n"
            for chart in document.get("charts", [])
        )
    )


def _with_blocks(text: str, blocks: list[str]) -> str:
    return text + "".join(f"\n{block}" for block in blocks)


def render(previous: str) -> str:
    """The page for today's result files, keeping the hand-written blocks of ``previous``."""
    kept = hand_written(previous)
    documents = [
        json.loads(path.read_text()) for path in sorted((BENCH_DIR / "results").glob("*.json"))
    ]
    orphans = kept.keys() - {_TOP} - {document["name"] for document in documents}
    if orphans:
        raise SystemExit(
            f"bench/README.md: hand-written text under {', '.join(sorted(orphans))}, which no"
            " result file has any more; move or delete it"
        )
    sections = [_with_blocks(HEADER, kept.get(_TOP, []))]
    sections += [
        _with_blocks(_section(document), kept.get(document["name"], [])) for document in documents
    ]
    return "".join(sections)


def main() -> None:
    previous = README.read_text() if README.exists() else ""
    rendered = render(previous)
    if "--check" in sys.argv:
        if previous != rendered:
            sys.exit("bench/README.md is stale: run `python bench/report.py`")
        return
    README.write_text(rendered)


if __name__ == "__main__":
    main()
