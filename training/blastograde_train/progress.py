"""A small progress bar on stderr (no tqdm on Debian's default install) and a log."""

from __future__ import annotations

import sys
import time
from typing import Optional, TextIO


class Progress:
    def __init__(self, label: str, total: int, stream: TextIO = sys.stderr):
        self.label, self.total, self.stream = label, max(1, total), stream
        self.count, self.started = 0, time.time()
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.last_print = 0.0

    def step(self, note: str = "") -> None:
        self.count += 1
        now = time.time()
        if not self.tty and self.count < self.total and now - self.last_print < 30:
            return  # logs get a line every 30 s, terminals a live bar
        self.last_print = now
        done = self.count / self.total
        bar = "#" * int(24 * done) + "." * (24 - int(24 * done))
        elapsed = now - self.started
        eta = elapsed / done - elapsed if done > 0 else 0
        line = f"{self.label} [{bar}] {self.count}/{self.total} {elapsed:5.0f}s eta {eta:4.0f}s {note}"
        self.stream.write(("\r" + line) if self.tty else (line + "\n"))
        self.stream.flush()

    def done(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


class Log:
    """Lines to stderr and, when given, to a log file."""

    def __init__(self, path: Optional[str] = None):
        self.fh = open(path, "a") if path else None

    def __call__(self, message: str) -> None:
        line = f"{time.strftime('%H:%M:%S')} {message}"
        print(line, file=sys.stderr, flush=True)
        if self.fh:
            self.fh.write(line + "\n")
            self.fh.flush()

    def close(self) -> None:
        if self.fh:
            self.fh.close()
