#!/usr/bin/env python3
"""Python batch throughput against the CLI, and the memory of a frame.

    python benches/python_batch.py [N] [ROUNDS]

Makes N copies of the corpus (default 5,000, as benches/batch.sh), then
for 1 and 2 jobs, ROUNDS times each (default 5, interleaved so that the
machine's noise hits all alike), times:

- the CLI: ``guihua extract DIR -q -j JOBS > /dev/null`` (whole process);
- ``guihua.extract_files(paths, jobs=JOBS)`` iterated (paths listed with
  ``guihua.input_format`` inside the timing), documents untouched;
- the same, building every document's record dicts (``doc.records()``);
- ``guihua.indicators_frame(guihua.extract_files(...))``.

and, in a fresh process each, the peak memory (max RSS) of importing
guihua and pandas alone and of building the indicator frame of the N
plans. Needs the wheel installed (pandas too) and a release build of the
CLI (target/release/guihua).
"""

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = os.environ.get("GUIHUA_BIN", str(ROOT / "target" / "release" / "guihua"))


def make_folder(dst: Path, n: int) -> None:
    src = sorted((ROOT / "corpus").glob("*.txt"))
    for i in range(n):
        d = dst / f"{i // 500:02d}"
        d.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src[i % len(src)], d / f"plan_{i:05d}.txt")


PY_RUN = r"""
import sys, time, os
import guihua
root, jobs, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
t = time.perf_counter()
paths = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if guihua.input_format(f))
n = 0
if mode == "frame":
    n = len(guihua.indicators_frame(guihua.extract_files(paths, jobs=jobs)))
else:
    for doc in guihua.extract_files(paths, jobs=jobs):
        n += len(doc.records()) if mode == "records" else 1
print(time.perf_counter() - t, n)
"""

RSS_RUN = r"""
import sys, os, resource
import guihua, pandas
root = sys.argv[1]
if sys.argv[2] == "frame":
    paths = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if guihua.input_format(f))
    frame = guihua.indicators_frame(guihua.extract_files(paths))
    print(len(frame), frame.memory_usage(deep=True).sum(), end=" ")
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def time_cli(root: Path, jobs: int) -> float:
    t = time.perf_counter()
    subprocess.run([CLI, "extract", str(root), "-q", "-j", str(jobs)], stdout=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t


def time_py(root: Path, jobs: int, mode: str) -> float:
    out = subprocess.run([sys.executable, "-c", PY_RUN, str(root), str(jobs), mode], capture_output=True, text=True, check=True)
    return float(out.stdout.split()[0])


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "in"
        make_folder(root, n)
        for jobs in (1, 2):
            times: dict[str, list[float]] = {"cli": [], "iterate": [], "records": [], "frame": []}
            for _ in range(rounds):
                times["cli"].append(time_cli(root, jobs))
                for mode in ("iterate", "records", "frame"):
                    times[mode].append(time_py(root, jobs, mode))
            cli = statistics.median(times["cli"])
            for what, ts in times.items():
                med = statistics.median(ts)
                print(
                    f"jobs={jobs} {what:8s} median {med:6.2f} s ({n / med:5.0f} plans/s, "
                    f"{med / cli:4.2f}x the CLI) range {min(ts):.2f}-{max(ts):.2f} s"
                )
        base = subprocess.run([sys.executable, "-c", RSS_RUN, str(root), "none"], capture_output=True, text=True, check=True)
        frame = subprocess.run([sys.executable, "-c", RSS_RUN, str(root), "frame"], capture_output=True, text=True, check=True)
        rows, frame_bytes, rss = frame.stdout.split()
        print(
            f"indicators_frame of {n} plans: {rows} rows, frame {int(frame_bytes) / 2**20:.1f} MiB "
            f"(deep), peak RSS {int(rss) / 1024:.0f} MiB; guihua + pandas imported alone "
            f"{int(base.stdout) / 1024:.0f} MiB"
        )


if __name__ == "__main__":
    main()
