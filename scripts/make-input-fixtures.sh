#!/usr/bin/env bash
# Makes the committed fixtures under fixtures/input/ from the fixture plan
# texts there (excerpts of corpus plans), with real producers:
#   LibreOffice (headless)   .docx (auto-numbered), .doc, .pdf
#   Chromium --print-to-pdf  .pdf with Noto CJK (Type3 fonts) and WenQuanYi Zen Hei
#   qpdf, pdftoppm + img2pdf broken and scanned copies
# Not run in CI: the outputs are committed. Needs (Debian):
#   apt-get install libreoffice-writer-nogui chromium fonts-noto-cjk \
#     fonts-wqy-zenhei poppler-utils qpdf img2pdf
set -euo pipefail
cd "$(dirname "$0")/.."
out=fixtures/input
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
py=scripts/input_fixtures.py

lo() { # lo FORMAT[:FILTER] SRC  → $work/<name>.<ext>
    soffice --headless --norestore -env:UserInstallation=file://$work/profile \
        --convert-to "$1" --outdir "$work" "$2" >/dev/null 2>&1
}
chrome() { # chrome SRC.html OUT.pdf
    chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
        --user-data-dir="$work/chrome" --print-to-pdf="$2" "file://$1" >/dev/null 2>&1
}

for plan in plan-a plan-b; do
    python3 $py html $out/$plan.txt $work/$plan.html
    cp $work/$plan.html $out/$plan.html
    # LibreOffice reads the page as a Writer document (not Writer/Web).
    soffice --headless --norestore -env:UserInstallation=file://$work/profile \
        --infilter="HTML (StarWriter)" --convert-to doc --outdir "$work" "$work/$plan.html" >/dev/null 2>&1
    cp $work/$plan.doc $out/$plan.doc
    soffice --headless --norestore -env:UserInstallation=file://$work/profile \
        --infilter="HTML (StarWriter)" --convert-to pdf --outdir "$work" "$work/$plan.html" >/dev/null 2>&1
    cp $work/$plan.pdf $out/$plan.libreoffice.pdf
done

# A table with cells of several paragraphs and an empty cell, and a hyperlink
# field, as .doc (the page is written by hand: fixtures/input/cells.html).
soffice --headless --norestore -env:UserInstallation=file://$work/profile \
    --infilter="HTML (StarWriter)" --convert-to doc --outdir "$work" $out/cells.html >/dev/null 2>&1
cp $work/cells.doc $out/cells.doc

# Auto-numbered .docx: headings and goals as LibreOffice lists, numbers not in the text.
python3 $py fodt $out/plan-a.txt $work/plan-a-numbered.fodt
lo docx $work/plan-a-numbered.fodt
cp $work/plan-a-numbered.docx $out/plan-a.numbered.docx

# Chromium: Noto Serif CJK (an OpenType/CFF font, which Skia embeds as Type3)
# and, in two columns, WenQuanYi Zen Hei (TrueType, embedded as a CID font).
# Chromium writes one Type3 font per two glyphs, uncompressed: qpdf only
# recompresses the streams, to keep the fixture small.
python3 $py html $out/plan-c.txt $work/plan-c.html --font "Noto Sans CJK SC"
chrome $work/plan-c.html $work/plan-c.pdf
qpdf --compress-streams=y --recompress-flate --compression-level=9 --object-streams=generate \
    $work/plan-c.pdf $out/plan-c.chromium-noto.pdf
python3 $py html $out/plan-b.txt $work/plan-b-2col.html --font "WenQuanYi Zen Hei" --columns 2
chrome $work/plan-b-2col.html $out/plan-b.two-columns.pdf
rm -f $out/plan-b.libreoffice.pdf  # kept small: plan-b is in PDF from Chromium only

# Broken and special copies, of a one-page PDF of the first lines of plan-b.
b=$out/broken
mkdir -p $b
head -n 3 $out/plan-b.txt > $work/mini.txt
python3 $py html $work/mini.txt $work/mini.html --font "WenQuanYi Zen Hei"
chrome $work/mini.html $work/mini.pdf
src=$work/mini.pdf
size=$(stat -c %s $src)
head -c $((size * 6 / 10)) $src > $b/truncated.pdf
qpdf --encrypt user owner 256 -- $src $b/encrypted.pdf
pdftoppm -r 40 -gray -png -f 1 -l 1 $src $work/scan
img2pdf $work/scan-1.png -o $b/scanned.pdf
python3 - "$src" "$b/garbled.pdf" <<'PY'
import sys, random
data = bytearray(open(sys.argv[1], 'rb').read())
rng = random.Random(10)
# Overwrite bytes inside every compressed stream but the first: the streams
# no longer inflate, the structure around them is intact.
start = 0
n = 0
while True:
    i = data.find(b'stream\n', start)
    if i < 0:
        break
    j = data.find(b'endstream', i)
    if j < 0:
        break
    if n > 0 and j - i > 64:
        for k in range(i + 20, min(j - 4, i + 60)):
            data[k] = rng.randrange(256)
    n += 1
    start = j + 1
open(sys.argv[2], 'wb').write(bytes(data))
PY
head -c 3000 $out/plan-a.doc > $b/truncated.doc
printf 'WPS 2000 document\r\n\x00\x01\x02' > $b/not-ole.wps
ls -la $out $b
