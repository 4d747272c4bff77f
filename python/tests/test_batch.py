"""extract_files: input order, bad files in a batch, errors as flags, early stops."""

import gc
import os
import shutil
import time

import pytest

import guihua
from conftest import corpus_files, jsonl_records, run_cli


@pytest.fixture
def folder(tmp_path):
    """60 plans (12 copies of the corpus), named so sorted order is input order."""
    files = corpus_files()
    paths = []
    for i in range(60):
        p = tmp_path / f"plan_{i:03d}.txt"
        shutil.copyfile(files[i % len(files)], p)
        paths.append(p)
    return paths


@pytest.mark.parametrize("jobs", [1, 2, 5])
def test_documents_come_in_input_order(folder, jobs):
    # Reversed, so that the order is the caller's, not the file system's.
    paths = list(reversed(folder))
    docs = list(guihua.extract_files(paths, jobs=jobs))
    assert [d.doc for d in docs] == [str(p) for p in paths]
    assert all(d.ok for d in docs)
    for d, p in zip(docs, paths):
        assert d.records() == guihua.read(p).records()


def test_the_batch_equals_the_cli_on_a_folder(cli, folder, tmp_path):
    names = [p.name for p in folder]
    docs = guihua.extract_files(folder, jobs=2, names=names)
    got = [r for d in docs for r in d.records()]
    want = jsonl_records(run_cli(cli, "extract", tmp_path, "-q", "-j", "2"))
    assert [{k: v for k, v in r.items() if k != "char_span"} for r in got] == want


def test_a_bad_file_costs_only_itself(cli, folder, tmp_path):
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\xff" * 1000)
    bad_docx = tmp_path / "broken.docx"
    bad_docx.write_bytes(b"PK not really")
    paths = [folder[0], binary, folder[1], tmp_path / "missing.txt", bad_docx, tmp_path, folder[2]]
    docs = list(guihua.extract_files(paths, jobs=2))
    assert [d.doc for d in docs] == [str(p) for p in paths]
    assert [d.ok for d in docs] == [True, False, True, False, False, False, True]
    for d in docs:
        if d.ok:
            assert d.indicators and d.error is None
        else:
            assert d.error and d.text == "" and d.indicators == [] and d.metadata == {}
            assert d.records() == [{"type": "error", "doc": d.doc, "message": d.error}]
            with pytest.raises(guihua.ReadError):
                d.raise_error()
    # The messages are the CLI's.
    want = jsonl_records(
        run_cli(cli, "extract", "binary.txt", "broken.docx", "-q", cwd=tmp_path, check=False)
    )
    assert [docs[1].error, docs[4].error] == [r["message"] for r in want]
    assert "directory" in docs[5].error


def test_raise_errors_raises_at_the_bad_file(folder, tmp_path):
    missing = tmp_path / "missing.txt"
    it = guihua.extract_files([folder[0], missing, folder[1]], raise_errors=True)
    assert next(it).ok
    with pytest.raises(guihua.ReadError) as e:
        next(it)
    assert e.value.path == str(missing) and e.value.kind == "io"
    # The iterator goes on after the error for whoever wants the rest.
    assert next(it).doc == str(folder[1])
    with pytest.raises(StopIteration):
        next(it)


def test_arguments_are_checked(folder):
    with pytest.raises(TypeError, match="iterable of paths"):
        guihua.extract_files(str(folder[0]))
    with pytest.raises(TypeError, match="iterable of paths"):
        guihua.extract_files(folder[0])
    with pytest.raises(ValueError, match="jobs"):
        guihua.extract_files(folder, jobs=0)
    with pytest.raises(ValueError, match="names"):
        guihua.extract_files(folder, names=["a"])
    with pytest.raises(ValueError, match="unknown encoding"):
        guihua.extract_files(folder, encoding="klingon")
    assert list(guihua.extract_files([])) == []
    # Any iterable of str or os.PathLike.
    gen = (str(p) for p in folder[:3])
    assert [d.doc for d in guihua.extract_files(gen)] == [str(p) for p in folder[:3]]


def test_length_hint_counts_down(folder):
    import operator

    it = guihua.extract_files(folder[:10])
    assert operator.length_hint(it) == 10
    next(it)
    assert operator.length_hint(it) == 9


def os_threads():
    """The threads of this process (the Rust workers are not Python threads)."""
    return len(os.listdir("/proc/self/task"))


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="needs Linux /proc")
def test_dropping_the_iterator_stops_the_batch(folder):
    list(guihua.extract_files(folder[:2], jobs=2))
    before = os_threads()
    its = [guihua.extract_files(folder * 10, jobs=2) for _ in range(3)]
    assert all(next(it).ok for it in its)
    # Three batches, each with a feeding thread and workers, waiting for
    # the consumer.
    assert os_threads() > before
    del its
    gc.collect()
    # The feeders see the closed channel; the workers are released.
    for _ in range(100):
        if os_threads() <= before:
            break
        time.sleep(0.05)
    assert os_threads() <= before
    docs = list(guihua.extract_files(folder[:4], jobs=2))
    assert [d.ok for d in docs] == [True] * 4
