"""Rebuilds bench/README.md from bench/results/*.json (run by `make bench`)."""

import json
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
HEADER = """# Benchmarks

`make bench` starts a stack of its own, runs every `bench/*_bench.py` and rebuilds this page from
`bench/results/*.json`. Figures are medians or rates measured in one run on the machine named in
each section (2 cores); compare ratios within a section, not across machines. Performance is
measured here, never by timed tests.
"""


def main() -> None:
    sections = [HEADER]
    for path in sorted((BENCH_DIR / "results").glob("*.json")):
        document = json.loads(path.read_text())
        machine = document.get("machine", {})
        sections.append(
            f"\n## {document['name']}\n\nMeasured {document['measured_at']} on "
            f"{machine.get('cores', '?')} cores, Python {machine.get('python', '?')}.\n\n"
            + (f"{document['summary']}\n\n" if document.get("summary") else "")
            + "| metric | value | unit | aim |\n| --- | ---: | --- | --- |\n"
            + "".join(
                f"| {row['metric']} | {row['value']:,} | {row['unit']} | {row.get('aim', '')} |\n"
                for row in document["results"]
            )
            + (f"\n{document['notes']}\n" if document.get("notes") else "")
        )
    (BENCH_DIR / "README.md").write_text("".join(sections))


if __name__ == "__main__":
    main()
