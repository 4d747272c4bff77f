#!/usr/bin/env python3
"""Writes the sources that scripts/make-input-fixtures.sh hands to real producers.

From a fixture plan text (fixtures/input/NAME.txt, an excerpt of a corpus plan, one
paragraph per line, table cells behind a tab with a blank line after each row):

- NAME.html: the plan as a web page (headings, first-line-indented paragraphs,
  tables), the source for LibreOffice's .doc/.pdf and Chromium's print-to-PDF;
- NAME.fodt (with --numbered): a flat OpenDocument text in which headings and
  numbered goals are automatic lists (一、 / （一） / 1.), numbers stripped from
  the text, the source for LibreOffice's auto-numbered .docx.

Usage: input_fixtures.py html  NAME.txt OUT.html [--font FAMILY] [--columns N]
       input_fixtures.py fodt  NAME.txt OUT.fodt
"""
import html
import re
import sys

CN = "一二三四五六七八九十"
CHAPTER = re.compile(r"^[" + CN + r"]+、")
SECTION = re.compile(r"^（[" + CN + r"]+）")
ITEM = re.compile(r"^\d+[.．]+(\d+[.．])?")


def blocks(lines):
    """Yields ('p', line) and ('table', rows)."""
    i = 0
    while i < len(lines):
        if lines[i].startswith("\t"):
            rows, row = [], []
            while i < len(lines) and (lines[i].startswith("\t") or lines[i] == ""):
                if lines[i] == "":
                    if row:
                        rows.append(row)
                    row = []
                    if i + 1 < len(lines) and lines[i + 1] == "":
                        i += 1
                        break
                else:
                    row.append(lines[i][1:])
                i += 1
            if row:
                rows.append(row)
            yield ("table", rows)
        else:
            if lines[i].strip():
                yield ("p", lines[i])
            i += 1


def to_html(lines, font, columns):
    cols = f"column-count:{columns};column-gap:2em;" if columns > 1 else ""
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8"><title>plan</title>',
        "<style>",
        f"body{{font-family:'{font}';font-size:12pt;line-height:1.6;{cols}}}",
        "p{margin:0;text-indent:2em}",
        "p.h{text-indent:0;font-weight:bold}",
        "p.t{text-indent:0;text-align:center;font-size:16pt}",
        "table{border-collapse:collapse}td{border:1px solid #000;padding:2px 6px}",
        "</style></head><body>",
    ]
    first = True
    for kind, val in blocks(lines):
        if kind == "table":
            out.append("<table>")
            for row in val:
                out.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>")
            out.append("</table>")
            continue
        cls = ""
        if first:
            cls = ' class="t"'
        elif CHAPTER.match(val) or SECTION.match(val) or val.startswith(("主要目标", "策略措施")):
            cls = ' class="h"'
        first = False
        out.append(f"<p{cls}>{html.escape(val)}</p>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


FODT_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:xml="http://www.w3.org/XML/1998/namespace"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:styles>
 <style:default-style style:family="paragraph"><style:text-properties style:font-name-asian="Noto Serif CJK SC" fo:font-size="12pt" style:font-size-asian="12pt"/></style:default-style>
</office:styles>
<office:automatic-styles>
 {lists}
</office:automatic-styles>
<office:body><office:text>
"""

LEVEL = (
    '<text:list-style style:name="{name}"><text:list-level-style-number text:level="1" '
    'style:num-prefix="{prefix}" style:num-suffix="{suffix}" style:num-format="{fmt}">'
    '<style:list-level-properties text:list-level-position-and-space-mode="label-alignment">'
    '<style:list-level-label-alignment text:label-followed-by="nothing"/>'
    "</style:list-level-properties></text:list-level-style-number></text:list-style>"
)


def to_fodt(lines):
    lists = "\n ".join(
        [
            LEVEL.format(name="LChapter", prefix="", suffix="、", fmt="一, 二, 三, ..."),
            LEVEL.format(name="LSection", prefix="（", suffix="）", fmt="一, 二, 三, ..."),
            LEVEL.format(name="LItem", prefix="", suffix=".", fmt="1"),
        ]
    )
    out = [FODT_HEAD.format(lists=lists)]
    chapters = sections = 0
    in_items = False

    def close_items():
        nonlocal in_items
        if in_items:
            out.append("</text:list>")
            in_items = False

    def item(style, list_id, cont, text, start=None):
        attrs = f'text:style-name="{style}" xml:id="{list_id}"'
        if cont:
            attrs = f'text:style-name="{style}" text:continue-list="{cont}"'
        start_attr = f' text:start-value="{start}"' if start else ""
        return (
            f"<text:list {attrs}><text:list-item{start_attr}><text:p>{html.escape(text)}</text:p>"
            "</text:list-item></text:list>"
        )

    for kind, val in blocks(lines):
        if kind == "table":
            continue
        if CHAPTER.match(val):
            close_items()
            # The excerpt's first chapter keeps its number: start the list there.
            n = CN.index(val[0]) + 1
            chapters += 1
            out.append(
                item("LChapter", f"ch{chapters}", "ch1" if chapters > 1 else None,
                     CHAPTER.sub("", val, 1), start=n if chapters == 1 else None)
            )
        elif SECTION.match(val):
            close_items()
            sections += 1
            out.append(
                item("LSection", f"sec{sections}", "sec1" if sections > 1 else None,
                     SECTION.sub("", val, 1))
            )
        elif ITEM.match(val):
            if not in_items:
                out.append('<text:list text:style-name="LItem">')
                in_items = True
            out.append(f"<text:list-item><text:p>{html.escape(ITEM.sub('', val, 1))}</text:p></text:list-item>")
        else:
            close_items()
            out.append(f"<text:p>{html.escape(val)}</text:p>")
    close_items()
    out.append("</office:text></office:body></office:document>\n")
    return "\n".join(out)


def main():
    cmd, src, dst = sys.argv[1:4]
    args = sys.argv[4:]
    lines = open(src, encoding="utf-8").read().split("\n")
    if cmd == "html":
        font = args[args.index("--font") + 1] if "--font" in args else "Noto Serif CJK SC"
        columns = int(args[args.index("--columns") + 1]) if "--columns" in args else 1
        text = to_html(lines, font, columns)
    elif cmd == "fodt":
        text = to_fodt(lines)
    else:
        sys.exit(__doc__)
    open(dst, "w", encoding="utf-8").write(text)


if __name__ == "__main__":
    main()
