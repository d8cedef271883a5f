"""Progress of long work: one line per stage with counts and rates, and the profile of a build.

Lines are plain text (the same on a terminal and in a log); ``napkg build -q``
passes a progress function that drops them.
"""

from __future__ import annotations

import resource
import time
from contextlib import contextmanager
from typing import Callable

Progress = Callable[[str], None]


def noop(_msg: str) -> None:
    pass


class Stages:
    """Times named stages; each finished stage is reported with its count and rate.

    >>> lines = []
    >>> st = Stages(lines.append)
    >>> with st("ingest") as s:
    ...     s.count = 1000
    >>> lines[0].startswith("ingest: 1,000 triples in ")
    True
    """

    def __init__(self, progress: Progress = noop):
        self.progress = progress
        self.seconds: dict[str, float] = {}
        self.counts: dict[str, tuple[int, str]] = {}

    @contextmanager
    def __call__(self, name: str, what: str = "triples", note: str = ""):
        rec = _Stage(what, note)
        t = time.perf_counter()
        yield rec
        s = time.perf_counter() - t
        self.seconds[name] = self.seconds.get(name, 0.0) + s
        if rec.count is not None:
            self.counts[name] = (rec.count, rec.what)
            rate = f" ({rec.count / s:,.0f} {rec.what}/s)" if s > 0.001 and rec.count else ""
            self.progress(f"{name}: {rec.count:,} {rec.what} in {s:.2f}s{rate}{rec.note and '; ' + rec.note}")
        else:
            self.progress(f"{name}: {s:.2f}s{rec.note and '; ' + rec.note}")


class _Stage:
    def __init__(self, what: str, note: str):
        self.count: int | None = None
        self.what = what
        self.note = note


def peak_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest finished child, in MB."""
    return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)


def profile_text(report) -> str:
    """Where a build's time went: wall-clock per stage, the workers' own split, counts and memory."""
    total = report.seconds.get("total") or sum(report.seconds.values()) or 1.0
    lines = ["stage            seconds   share   count"]
    for name, s in report.seconds.items():
        if name == "total":
            continue
        n, what = report.counts.get(name, (None, ""))
        count = f"{n:,} {what}" if n is not None else ""
        lines.append(f"{name:<16} {s:8.2f} {100 * s / total:6.1f}%   {count}")
    lines.append(f"{'total':<16} {total:8.2f}")
    if report.worker_seconds:
        split = ", ".join(f"{k} {v:.2f}s" for k, v in report.worker_seconds.items())
        lines.append(f"inside the unit workers (summed over {report.workers} process(es)): {split}")
    own, child = report.peak_memory_mb, report.peak_child_mb
    lines.append(f"peak memory: {own:,.0f} MB (this process), {child:,.0f} MB (largest worker)")
    return "\n".join(lines)
