"""How many worker processes a machine can carry: `--workers 100` on 2 cores once passed 10 GB
of memory before any work (each worker loads its OCR engine), and workers beyond the cores
only take turns on them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

# Peak RSS of one OCR worker (README, "Accuracy and speed": 626 MiB), rounded up.
WORKER_MEMORY = 700 * 2**20
# Workers per core: a little over one keeps a core busy while another worker waits on I/O.
PER_CORE = 2


@dataclass(frozen=True)
class WorkerCap:
    workers: int
    cores: int
    memory: int | None  # bytes available, when the system says

    def why(self) -> str:
        memory = f", {self.memory / 2**30:.1f} GiB free" if self.memory is not None else ""
        return f"{self.cores} core(s){memory}"


def available_memory() -> int | None:
    """Bytes of memory available to new processes (Linux MemAvailable, else free pages)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def worker_cap() -> WorkerCap:
    """At most PER_CORE workers per core, and no more than the free memory carries (never
    fewer than one)."""
    cores = os.cpu_count() or 1
    memory = available_memory()
    workers = PER_CORE * cores
    if memory is not None:
        workers = min(workers, memory // WORKER_MEMORY)
    return WorkerCap(max(1, workers), cores, memory)
