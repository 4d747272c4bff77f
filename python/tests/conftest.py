"""Shared fixtures: the repository's corpus and fixtures, and the CLI to compare with.

The CLI is ``$GUIHUA_BIN`` if set, else the release build in the
repository's target directory (built with cargo if it is missing).
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "corpus"
PHENOMENA = REPO / "fixtures" / "phenomena"


def corpus_files():
    return sorted(CORPUS.glob("*.txt"))


def phenomena_files():
    return sorted(PHENOMENA.glob("*.txt"))


@pytest.fixture(scope="session")
def cli() -> Path:
    env = os.environ.get("GUIHUA_BIN")
    if env:
        return Path(env)
    exe = REPO / "target" / "release" / "guihua"
    if not exe.exists():
        cargo = shutil.which("cargo")
        assert cargo, "the tests compare with the guihua CLI: set GUIHUA_BIN or install cargo"
        subprocess.run(
            [cargo, "build", "--release", "--locked", "--bin", "guihua"], cwd=REPO, check=True
        )
    return exe


def run_cli(cli, *args, cwd=None, check=True):
    """Runs the CLI; returns its stdout as text."""
    out = subprocess.run(
        [str(cli), *map(str, args)], cwd=cwd, capture_output=True, check=False
    )
    if check and out.returncode != 0:
        raise AssertionError(f"guihua {args}: exit {out.returncode}: {out.stderr.decode()}")
    return out.stdout.decode("utf-8")


def jsonl_records(text):
    return [json.loads(line) for line in text.splitlines() if line]


def copy_plans(folder, n):
    """``n`` copies of the corpus in ``folder``, named so that sorted order is
    input order; returns their paths."""
    files = corpus_files()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        p = folder / f"plan_{i:03d}.txt"
        shutil.copyfile(files[i % len(files)], p)
        paths.append(p)
    return paths


def doc_name(path):
    """The CLI's name for a path given among several: its normal components."""
    return "/".join(part for part in Path(path).parts if part not in ("/", ".", ".."))


@pytest.fixture(scope="session")
def plans(tmp_path_factory):
    """40 distinct plan files (8 copies of the corpus)."""
    return copy_plans(tmp_path_factory.mktemp("plans"), 40)
