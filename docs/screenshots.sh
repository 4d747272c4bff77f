#!/usr/bin/env bash
# Regenerates the review-page screenshots shown in the README:
#   docs/review-page.png      a corpus plan's page, opened at one of its records
#   docs/review-overview.png  the overview of the corpus
# Needs chromium and a CJK font (Debian: apt-get install chromium fonts-noto-cjk).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cargo run --release --quiet -- review corpus --out "$out/review" -q
shot() { # url size file
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$out/profile" --hide-scrollbars --force-device-scale-factor=1 \
        --window-size="$2" --screenshot="$3" "$1" 2>/dev/null
}
shot "file://$out/review/003_c7f5362d755fe08d.txt.html#r32" 1440,900 docs/review-page.png
shot "file://$out/review/index.html" 1440,1250 docs/review-overview.png
