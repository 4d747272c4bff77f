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
