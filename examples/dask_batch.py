#!/usr/bin/env python3
"""Extract plans on a Dask cluster; write their indicators as partitioned Parquet.

One machine (a LocalCluster of worker processes, one per core by default):

    python examples/dask_batch.py corpus --out indicators/

A running cluster, whose workers have guihua installed and see the same
paths (shared storage):

    python examples/dask_batch.py --files-from paths.txt \\
        --scheduler tcp://scheduler:8786 --out /shared/indicators/

Each task reads and extracts one chunk of files with guihua (on one Rust
thread: Dask gives the parallelism) and returns the chunk's indicator
table, so the plans' text never travels; the tables are written as
OUT/part.00000.parquet, OUT/part.00001.parquet … with the columns and dtypes
of ``guihua.indicators_frame`` (a file that cannot be read is one row with
``doc`` and ``error``). Documents are named as the guihua CLI names them, so
the rows are those of ``guihua extract`` on the same paths. Read the result
with ``pandas.read_parquet(OUT)`` or ``dask.dataframe.read_parquet(OUT)``.

Needs ``pip install 'guihua[dask]'`` (dask[distributed], pandas, pyarrow).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import guihua


def find_files(roots: list[str]) -> list[tuple[str, str]]:
    """``(path, doc)`` of every file guihua reads under ``roots``, as the CLI
    finds and names them: folders walked in sorted order, hidden entries and
    other extensions skipped, symbolic links followed once."""
    several = len(roots) > 1
    found: list[tuple[str, str]] = []

    def walk(root: str, folder: str, seen: set[str]) -> None:
        real = os.path.realpath(folder)
        if real in seen:  # a symbolic link loop
            return
        seen = seen | {real}
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if entry.name.startswith("."):
                continue
            if entry.is_dir():
                walk(root, entry.path, seen)
            elif guihua.input_format(entry.path) is not None:
                found.append((entry.path, guihua.doc_name(root, entry.path, several)))

    for root in roots:
        if os.path.isdir(root):
            walk(root, root, set())
        else:
            found.append((root, guihua.doc_name(root, root, several)))
    return found


def extract_chunk(chunk: list[tuple[str, str]]):
    """The indicator table of one chunk of files (runs on a worker)."""
    import guihua

    paths = [p for p, _ in chunk]
    names = [d for _, d in chunk]
    return guihua.indicators_frame(guihua.extract_files(paths, names=names, jobs=1))


def parquet_schema():
    """The Arrow schema of the output: the frame's columns and dtypes, with
    categories as dictionary columns of one index type in every file."""
    import pyarrow as pa

    fields = []
    for field in guihua.indicators_arrow([]).schema:
        if pa.types.is_dictionary(field.type):
            field = field.with_type(pa.dictionary(pa.int32(), pa.string()))
        fields.append(field)
    return pa.schema(fields)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", help="files or folders (walked recursively)")
    ap.add_argument("--files-from", metavar="FILE", help="also the paths listed in FILE, one per line")
    ap.add_argument("--out", required=True, metavar="DIR", help="where to write the Parquet files")
    ap.add_argument("--scheduler", metavar="ADDRESS", help="a running cluster's scheduler (default: a LocalCluster)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="LocalCluster worker processes")
    ap.add_argument("--chunk", type=int, default=100, help="files per task (default 100)")
    args = ap.parse_args(argv)

    import dask.dataframe as dd
    from dask.distributed import Client, LocalCluster

    roots = list(args.paths)
    if args.files_from:
        with open(args.files_from, encoding="utf-8") as f:
            roots += [line.strip() for line in f if line.strip()]
    if not roots:
        ap.error("give paths or --files-from")
    files = find_files(roots)
    chunks = [files[i : i + args.chunk] for i in range(0, len(files), args.chunk)]

    started = time.perf_counter()
    if args.scheduler:
        client = Client(args.scheduler)
        cluster = None
    else:
        cluster = LocalCluster(
            n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    try:
        frame = dd.from_map(extract_chunk, chunks, meta=guihua.indicators_frame([]))
        frame.to_parquet(
            args.out,
            write_index=False,
            schema=parquet_schema(),
            name_function=lambda i: f"part.{i:05d}.parquet",
        )
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    elapsed = time.perf_counter() - started
    print(
        f"dask_batch: {len(files)} files in {len(chunks)} tasks on "
        f"{args.scheduler or f'{args.workers} local workers'}: {elapsed:.2f} s -> {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
