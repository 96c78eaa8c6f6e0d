"""Peer for bench/seismic-io/run.ts: obspy.read on the same files, timed the same way.

  python obspy_peer.py speed <repeats> <file>...   -> JSON {"medianMs", "samples", "obspy"}
  python obspy_peer.py memory <file>               -> JSON {"baselineMb", "peakMb", "samples"}

Timing: 2 warm-up passes, then the median of <repeats> passes over all files (each pass reads every
file with obspy.read(format="MSEED"), which decodes with libmseed 2 and merges records into traces).
Peak memory: ru_maxrss of this process (KiB on Linux) after the read, baseline after imports.
"""

import json
import resource
import statistics
import sys
import time

import obspy


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * resource.getpagesize() / 1e6


def read_all(files):
    return sum(len(tr.data) for f in files for tr in obspy.read(f, format="MSEED"))


def speed(repeats: int, files) -> None:
    for _ in range(2):
        samples = read_all(files)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        samples = read_all(files)
        times.append((time.perf_counter() - t0) * 1e3)
    print(json.dumps({"medianMs": statistics.median(times), "samples": samples, "obspy": obspy.__version__}))


def memory(path: str) -> None:
    baseline = rss_mb()
    samples = read_all([path])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6
    print(json.dumps({"baselineMb": baseline, "peakMb": peak, "samples": samples}))


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "speed":
        speed(int(sys.argv[2]), sys.argv[3:])
    elif mode == "memory":
        memory(sys.argv[2])
    else:
        sys.exit(f"unknown mode {mode}")
