"""A journal for bulk changes, so an interrupted run can be finished without doing anything twice.

A bulk command (``set``, ``advance-ready``, ``add-session-all``) writes, before touching any
case, the list of files it will change; after each file it appends one line saying that
file is done (flushed and fsynced, so the line survives a killed process). Each case file
is itself written atomically by :func:`intervensi.store.edit`. When the run is cut off —
Ctrl-C, SIGTERM, even SIGKILL or a power cut — the journal stays behind; the same command
run again finds it, skips the files already done, and finishes the rest. This matters
for ``advance-ready``: a second run must not advance a case twice just because its next
gate happens to hold as well. A finished run removes its journal.

The journal is a hidden ``.intervensi-batch-<key>.jsonl`` file (mode 0600) in the first
folder the command was given; ``key`` is a hash of the command and all its options.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PREFIX = ".intervensi-batch-"


@dataclass
class Journal:
    path: Path
    command: str
    targets: list[str] = field(default_factory=list)
    done: dict[str, str] = field(default_factory=dict)
    resumed: bool = False

    @classmethod
    def open(cls, directory: Path, command: str, scope: dict[str, Any]) -> Journal:
        """The journal of ``command`` with these options: resumed when one was left behind."""
        key = hashlib.sha256(json.dumps({"command": command, **scope}, sort_keys=True, default=str).encode()).hexdigest()[:16]
        journal = cls(directory / f"{PREFIX}{key}.jsonl", command)
        journal._load()
        return journal

    def _load(self) -> None:
        from .errors import NotFound
        from .fsafe import read_bytes

        try:
            lines = read_bytes(self.path, follow=False).decode("utf-8").splitlines()  # never a link, FIFO...
        except (NotFound, UnicodeDecodeError):
            return
        for line in lines:
            try:
                entry = json.loads(line)
            except ValueError:
                continue  # a line torn by a crash: that file was not recorded as done
            if "targets" in entry:
                self.targets = [str(t) for t in entry["targets"]]
                self.resumed = True
            elif "done" in entry:
                self.done[str(entry["done"])] = str(entry.get("status", "changed"))

    def start(self, targets: list[str]) -> None:
        """Record the planned files (unless resuming, when the first run's plan stands)."""
        if self.resumed:
            return
        self.targets = list(targets)
        self._append({"command": self.command, "targets": self.targets}, create=True)

    def mark(self, target: str, status: str) -> None:
        self.done[target] = status
        self._append({"done": target, "status": status})

    def remaining(self) -> list[str]:
        return [t for t in self.targets if t not in self.done]

    def finish(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    def _append(self, entry: dict[str, Any], create: bool = False) -> None:
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | (os.O_TRUNC if create else 0)
        from .fsafe import open_private

        fd = open_private(self.path, flags, 0o600)  # O_NOFOLLOW: a planted link is refused
        try:
            os.write(fd, (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)


__all__ = ["Journal"]
