"""extract_files: input order, bad files in a batch, errors as flags, early stops."""

import gc
import os
import time

import pytest

import guihua
from conftest import copy_plans, doc_name, jsonl_records, run_cli


def without_char_span(records):
    return [{k: v for k, v in r.items() if k != "char_span"} for r in records]


@pytest.fixture
def folder(tmp_path):
    """60 plans (12 copies of the corpus), named so sorted order is input order."""
    return copy_plans(tmp_path, 60)


@pytest.mark.parametrize("jobs", [1, 2, 5])
def test_documents_come_in_input_order(folder, jobs):
    # Reversed, so that the order is the caller's, not the file system's.
    paths = list(reversed(folder))
    docs = list(guihua.extract_files(paths, jobs=jobs))
    assert [d.doc for d in docs] == [doc_name(p) for p in paths]
    assert all(d.ok for d in docs)
    for d, p in zip(docs, paths):
        assert d.records() == guihua.read(p, name=doc_name(p)).records()


@pytest.mark.parametrize("relative", [False, True])
def test_the_batch_equals_the_cli_given_the_same_paths(cli, folder, tmp_path, monkeypatch, relative):
    # Names as the CLI gives them: several paths are named as written
    # (without `.`, `..` or a leading `/`), so two folders with the same
    # file names stay apart.
    other = copy_plans(tmp_path / "other", 3)
    paths = [folder[5], other[0], folder[0], other[1], folder[1]]
    if relative:
        monkeypatch.chdir(tmp_path)
        paths = [f"./{p.relative_to(tmp_path)}" for p in paths]
    docs = list(guihua.extract_files(paths, jobs=2))
    assert len({d.doc for d in docs}) == len(paths)
    want = jsonl_records(run_cli(cli, "extract", *paths, "-q", "-j", "2"))
    assert without_char_span(r for d in docs for r in d.records()) == want
    # One path alone is named by its file name.
    (one,) = guihua.extract_files([paths[0]])
    assert one.doc == "plan_005.txt" == guihua.read(paths[0]).doc


def test_a_name_taken_is_an_error_for_the_later_file(cli, folder, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    paths = ["plan_001.txt", "./plan_001.txt", "plan_002.txt"]
    docs = list(guihua.extract_files(paths))
    assert [d.ok for d in docs] == [True, False, True]
    assert "already taken" in docs[1].error
    want = jsonl_records(run_cli(cli, "extract", *paths, "-q", check=False))
    assert without_char_span(r for d in docs for r in d.records()) == want
    docs = list(guihua.extract_files(paths[:2], names=["a", "a"], raise_errors=False))
    assert [d.ok for d in docs] == [True, False]


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
    subdir = tmp_path / "sub.txt"
    subdir.mkdir()
    paths = [folder[0], binary, folder[1], tmp_path / "missing.txt", bad_docx, folder[2]]
    docs = list(guihua.extract_files(paths, jobs=2))
    assert [d.doc for d in docs] == [doc_name(p) for p in paths]
    assert [d.ok for d in docs] == [True, False, True, False, False, True]
    for d in docs:
        if d.ok:
            assert d.indicators and d.error is None
        else:
            assert d.error and d.text == "" and d.indicators == [] and d.metadata == {}
            assert d.records() == [{"type": "error", "doc": d.doc, "message": d.error}]
            with pytest.raises(guihua.ReadError):
                d.raise_error()
    # Every record, the errors included, is the CLI's.
    want = jsonl_records(run_cli(cli, "extract", *paths, "-q", "-j", "2", check=False))
    assert without_char_span(r for d in docs for r in d.records()) == want
    # A directory is not walked (give its files): it is an error document.
    (d,) = guihua.extract_files([subdir])
    assert "directory" in d.error


def test_raise_errors_raises_at_the_bad_file(folder, tmp_path):
    missing = tmp_path / "missing.txt"
    it = guihua.extract_files([folder[0], missing, folder[1]], raise_errors=True)
    assert next(it).ok
    with pytest.raises(guihua.ReadError) as e:
        next(it)
    assert e.value.path == str(missing) and e.value.kind == "io" and e.value.errno == 2
    # The iterator goes on after the error for whoever wants the rest.
    assert next(it).doc == doc_name(folder[1])
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
    assert [d.doc for d in guihua.extract_files(gen)] == [doc_name(p) for p in folder[:3]]


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
    # (Repeated paths are name collisions: error documents, cheap to make;
    # the first of each batch is a plan.)
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


def test_lossy_reads_replace_bad_bytes_as_the_cli_does(cli, tmp_path):
    plan = (tmp_path / "plan.txt")
    good = "（一）妇女与健康\n主要目标：\n1.孕产妇死亡率下降到12/10万以下。\n".encode()
    plan.write_bytes(good[:30] + b"\xff\xfe" + good[30:])
    with pytest.raises(guihua.ReadError) as e:
        guihua.read(plan)
    assert e.value.kind == "decode"
    doc = guihua.read(plan, lossy=True)
    assert "\ufffd" in doc.text
    assert [d["code"] for d in doc.diagnostics] == ["undecodable_bytes"]
    want = jsonl_records(run_cli(cli, "extract", "plan.txt", "--lossy", "-q", cwd=tmp_path))
    assert without_char_span(doc.records()) == want
    import json

    nested = json.loads(run_cli(cli, "extract", "plan.txt", "--lossy", "--format", "json", "-q", cwd=tmp_path))
    assert [doc.to_dict()] == nested
    (batch,) = guihua.extract_files([plan], lossy=True)
    assert batch.records() == doc.records()
