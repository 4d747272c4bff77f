#!/usr/bin/env bash
# Batch throughput and memory: a folder of N copies of the bundled corpus
# (default 5,000), extracted with 1 and 2 jobs. Reports plans per second and
# peak memory (max RSS). Needs GNU time (/usr/bin/time) for the RSS figure.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-5000}
cargo build --release --quiet
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp/in" "$n" <<'PY'
import os, shutil, sys, glob
dst, n = sys.argv[1], int(sys.argv[2])
src = sorted(glob.glob("corpus/*.txt"))
for i in range(n):
    d = os.path.join(dst, f"{i // 500:02d}")
    os.makedirs(d, exist_ok=True)
    shutil.copyfile(src[i % len(src)], os.path.join(d, f"plan_{i:05d}.txt"))
PY
for jobs in 1 2; do
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f "%e %M" -o "$tmp/time" target/release/guihua extract "$tmp/in" -q -j "$jobs" > /dev/null
        read -r secs rss < "$tmp/time"
    else
        start=$(date +%s.%N)
        target/release/guihua extract "$tmp/in" -q -j "$jobs" > /dev/null
        secs=$(python3 -c "import time; print(round(time.time() - $start, 2))")
        rss="n/a"
    fi
    echo "jobs=$jobs files=$n seconds=$secs plans_per_second=$(python3 -c "print(round($n / max($secs, 0.001)))") max_rss_kb=$rss"
done
