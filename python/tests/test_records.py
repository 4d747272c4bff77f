"""Records through Python equal the CLI's, record for record; offsets map."""

import json

import pytest

import guihua
from conftest import (
    CORPUS,
    PHENOMENA,
    REPO,
    corpus_files,
    jsonl_records,
    phenomena_files,
    run_cli,
)


def without_char_span(rec):
    return {k: v for k, v in rec.items() if k != "char_span"}


@pytest.mark.parametrize("root,files", [(CORPUS, corpus_files()), (PHENOMENA, phenomena_files())])
def test_records_equal_the_cli_jsonl(cli, monkeypatch, root, files):
    assert len(files) >= 5
    names = [f.name for f in files]
    # The CLI names a file given on the command line by its file name; so
    # does read() when given that relative path.
    monkeypatch.chdir(root)
    want = jsonl_records(run_cli(cli, "extract", *names, "--format", "jsonl", "-q"))
    got = []
    for name in names:
        doc = guihua.read(name)
        assert doc.ok and doc.doc == name
        got.extend(doc.records())
    assert [without_char_span(r) for r in got] == want
    # Field order too, so a dict written back out is the CLI's line.
    assert [list(without_char_span(r)) for r in got] == [list(r) for r in want]
    assert sum(r["type"] == "indicator" for r in want) > 0


def test_jsonl_and_json_are_the_cli_output_byte_for_byte(cli, monkeypatch):
    monkeypatch.chdir(CORPUS)
    names = [f.name for f in corpus_files()]
    jsonl = run_cli(cli, "extract", *names, "--format", "jsonl", "-q")
    assert "".join(guihua.read(n).to_jsonl() for n in names) == jsonl
    nested = json.loads(run_cli(cli, "extract", *names, "--format", "json", "-q"))
    assert [guihua.read(n).to_dict() for n in names] == nested
    assert [json.loads(guihua.read(n).to_json()) for n in names] == nested


def test_lists_split_the_records_by_type(monkeypatch):
    doc = guihua.read(corpus_files()[2])
    recs = doc.records()
    assert recs[0]["type"] == "document"
    assert doc.metadata == {k: v for k, v in recs[0].items() if k != "type"}
    for attr, kind in [
        ("sections", "section"),
        ("items", "item"),
        ("indicators", "indicator"),
        ("diagnostics", "diagnostic"),
    ]:
        assert getattr(doc, attr) == [r for r in recs if r["type"] == kind]
        assert doc.metadata[attr] == len(getattr(doc, attr))
    assert doc.metadata["bytes"] == len(doc.text.encode("utf-8"))


@pytest.mark.parametrize("path", corpus_files() + phenomena_files(), ids=lambda p: p.name)
def test_char_span_slices_the_value_that_span_and_col_name(path):
    doc = guihua.read(path)
    text = doc.text
    data = text.encode("utf-8")
    lines = text.split("\n")
    for ind in doc.indicators:
        span, col, chars = ind["span"], ind["col"], ind["char_span"]
        value = text[chars["start"] : chars["end"]]
        assert value, ind
        # Code point offsets and byte offsets name the same string …
        assert data[span["start"] : span["end"]].decode("utf-8") == value
        # … because the byte length of the text before it is the byte offset.
        assert len(text[: chars["start"]].encode("utf-8")) == span["start"]
        assert len(text[: chars["end"]].encode("utf-8")) == span["end"]
        # col is the same value within its 1-based line.
        assert lines[ind["line"] - 1][col["start"] : col["end"]] == value
        assert ind["quote"] in lines[ind["line"] - 1]


def test_char_span_counts_code_points_outside_the_bmp():
    # U+20000 is one code point (one Python index), four UTF-8 bytes.
    doc = guihua.extract("（一）妇女与健康\n主要目标：\n1.𠀀𠀀孕产妇死亡率下降到12/10万以下。\n")
    (ind,) = doc.indicators
    s = ind["char_span"]
    assert doc.text[s["start"] : s["end"]] == "12/10万以下"
    assert ind["span"]["start"] - s["start"] > 0
    assert len(doc.text[: s["start"]].encode()) == ind["span"]["start"]


def test_extract_text_matches_read_of_the_same_text():
    path = corpus_files()[0]
    read = guihua.read(path, name="plan")
    given = guihua.extract(path.read_text(encoding="utf-8"), name="plan")
    assert given.records()[1:] == read.records()[1:]
    assert given.path is None and given.format is None and given.encoding is None
    assert guihua.extract("").doc == "-"


def test_a_gbk_file_reads_like_the_cli(cli, tmp_path):
    text = corpus_files()[1].read_text(encoding="utf-8")
    path = tmp_path / "plan.txt"
    path.write_bytes(text.encode("gb18030"))
    doc = guihua.read(path, name="plan.txt")
    assert doc.encoding in ("GBK", "gb18030", "GB18030")
    assert doc.text == text
    want = jsonl_records(run_cli(cli, "extract", "plan.txt", "-q", cwd=tmp_path))
    assert [without_char_span(r) for r in doc.records()] == want
    # A forced encoding is honoured, and a wrong one is an error.
    assert guihua.read(path, encoding="gb18030").text == text
    with pytest.raises(ValueError, match="unknown encoding"):
        guihua.read(path, encoding="no-such-encoding")


def test_an_html_page_reads_like_the_cli(cli, tmp_path):
    page = (
        '<html><head><meta charset="gbk"><title>x</title></head><body>'
        "<h2>（一）妇女与健康</h2><p>主要目标：</p>"
        "<p>1.孕产妇死亡率下降到12/10万以下。</p></body></html>"
    )
    (tmp_path / "plan.html").write_bytes(page.encode("gbk"))
    doc = guihua.read(tmp_path / "plan.html", name="plan.html")
    assert doc.format == "html"
    assert [i["indicator"] for i in doc.indicators] == ["孕产妇死亡率"]
    want = jsonl_records(run_cli(cli, "extract", "plan.html", "-q", cwd=tmp_path))
    assert [without_char_span(r) for r in doc.records()] == want


def test_read_errors_are_read_error_with_the_cli_message(cli, tmp_path):
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(guihua.ReadError) as e:
        guihua.read(binary)
    assert e.value.kind == "not_text"
    assert e.value.path == str(binary)
    assert isinstance(e.value, OSError)
    (rec,) = jsonl_records(run_cli(cli, "extract", "binary.txt", "-q", cwd=tmp_path, check=False))
    assert rec == {"type": "error", "doc": "binary.txt", "message": e.value.message}

    with pytest.raises(guihua.ReadError) as e:
        guihua.read(tmp_path / "missing.txt")
    assert e.value.kind == "io" and e.value.errno == 2

    bad_docx = tmp_path / "broken.docx"
    bad_docx.write_bytes(b"not a zip")
    with pytest.raises(guihua.ReadError) as e:
        guihua.read(bad_docx)
    assert e.value.kind == "docx"


def test_a_document_survives_pickling():
    import pickle

    doc = guihua.read(corpus_files()[3])
    back = pickle.loads(pickle.dumps(doc))
    assert back.records() == doc.records()
    assert (back.doc, back.path, back.format, back.encoding, back.text) == (
        doc.doc,
        doc.path,
        doc.format,
        doc.encoding,
        doc.text,
    )
    assert back.headlines() == doc.headlines() and back.headlines("all") == doc.headlines("all")
    assert back.to_json() == doc.to_json()


def test_a_user_catalogue_names_indicators(tmp_path):
    tsv = tmp_path / "mine.tsv"
    # An entry with an existing id replaces the built-in one.
    tsv.write_text("W.H.04\t我的筛查率\t健康\t%\thigher\t适龄妇女宫颈癌人群筛查率\tmine\n", encoding="utf-8")
    ex = guihua.Extractor(catalogue=tsv)
    assert [e["name"] for e in ex.catalogue() if e["id"] == "W.H.04"] == ["我的筛查率"]
    text = "（一）妇女与健康\n主要目标：\n1.适龄妇女宫颈癌人群筛查率达到70%以上。\n"
    assert ex.extract(text).indicators[0]["canonical_name"] == "我的筛查率"
    assert guihua.extract(text).indicators[0]["canonical_name"] != "我的筛查率"
    bad = tmp_path / "bad.tsv"
    bad.write_text("only-an-id\n", encoding="utf-8")
    with pytest.raises(guihua.CatalogueError):
        guihua.Extractor(catalogue=bad)


def test_the_version_is_the_crates():
    import re

    from conftest import REPO

    cargo = (REPO / "Cargo.toml").read_text(encoding="utf-8")
    assert guihua.__version__ == re.search(r'^version = "([^"]+)"', cargo, re.M).group(1)


def test_formats_and_names_are_the_crates():
    assert guihua.input_format("a/plan.TXT") == "text"
    assert guihua.input_format("plan.docx") == "docx"
    assert guihua.input_format("plan.htm") == "html"
    assert guihua.input_format("notes.xyz") is None
    assert guihua.doc_name("corpus", "corpus/sub/000.txt") == "sub/000.txt"
    assert guihua.doc_name("./a/", "./a/plan.txt", several=True) == "a/plan.txt"
    assert guihua.doc_name("x/plan.txt", "x/plan.txt") == "plan.txt"


def test_the_module_docstring_example_runs():
    import doctest

    failures, tried = doctest.testmod(guihua, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert tried >= 5 and failures == 0


INPUTS = REPO / "fixtures" / "input"


@pytest.mark.parametrize(
    "path",
    sorted(p for p in INPUTS.rglob("*") if p.is_file() and guihua.input_format(p)),
    ids=lambda p: str(p.relative_to(INPUTS)),
)
def test_every_input_format_reads_like_the_cli(cli, path):
    # .txt, .html, .docx, .doc and .pdf (and the broken ones): the same
    # records, or the same error, as `guihua extract PATH`.
    want = jsonl_records(run_cli(cli, "extract", path, "-q", check=False))
    try:
        doc = guihua.read(path)
    except guihua.ReadError as e:
        assert want == [{"type": "error", "doc": path.name, "message": e.message}]
        return
    assert doc.format == guihua.input_format(path) or path.suffix == ".md"
    assert [without_char_span(r) for r in doc.records()] == want
