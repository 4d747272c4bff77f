"""Python threads extracting at once get the same results as one thread."""

import threading

import guihua
from conftest import corpus_files, phenomena_files


def test_two_threads_extracting_at_once():
    texts = [p.read_text(encoding="utf-8") for p in corpus_files() + phenomena_files()]
    want = [guihua.extract(t, name=str(i)).records() for i, t in enumerate(texts)]
    results = {}
    errors = []
    start = threading.Barrier(2)

    def work(k):
        try:
            start.wait()
            out = []
            for _ in range(3):
                out.append([guihua.extract(t, name=str(i)).records() for i, t in enumerate(texts)])
            results[k] = out
        except BaseException as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    for k in range(2):
        assert all(run == want for run in results[k])


def test_two_threads_each_running_a_batch(plans):
    paths = plans
    want = [d.records() for d in guihua.extract_files(paths, jobs=1)]
    results = {}
    start = threading.Barrier(2)

    def work(k):
        start.wait()
        results[k] = [d.records() for d in guihua.extract_files(paths, jobs=2)]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == {0: want, 1: want}


def test_one_iterator_shared_by_two_threads_hands_each_document_once(plans):
    paths = plans * 3
    it = guihua.extract_files(paths, jobs=2, names=[f"{i}" for i in range(len(paths))])
    seen = [[], []]

    def work(k):
        for d in it:
            seen[k].append(d.doc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(seen[0] + seen[1], key=int) == [f"{i}" for i in range(len(paths))]
