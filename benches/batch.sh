#!/usr/bin/env bash
# Batch throughput and memory: a folder of N copies of the bundled corpus
# (default 5,000), extracted with 1 and 2 jobs, once to stdout (/dev/null)
# and once with --out into an empty directory on the same file system as
# the input (and, with SYNC=1, once more with --out --sync). Reports plans
# per second, peak memory (max RSS; needs GNU time, /usr/bin/time) and the
# ratio of the --out time to the stdout time.
#
#   benches/batch.sh [N]          # TMPDIR chooses the file system
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

# run LABEL ARGS...: times one run, prints a line, leaves the seconds in $secs.
run() {
    local label=$1
    shift
    rm -rf "$tmp/out"
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f "%e %M" -o "$tmp/time" target/release/guihua extract "$tmp/in" -q "$@" > /dev/null
        read -r secs rss < "$tmp/time"
    else
        local start
        start=$(date +%s.%N)
        target/release/guihua extract "$tmp/in" -q "$@" > /dev/null
        secs=$(python3 -c "import time; print(round(time.time() - $start, 2))")
        rss="n/a"
    fi
    echo "$label files=$n seconds=$secs plans_per_second=$(python3 -c "print(round($n / max($secs, 0.001)))") max_rss_kb=$rss"
}

for jobs in 1 2; do
    run "jobs=$jobs stdout" -j "$jobs"
    base=$secs
    run "jobs=$jobs --out  " -j "$jobs" --out "$tmp/out"
    echo "jobs=$jobs --out/stdout time ratio $(python3 -c "print(round($secs / max($base, 0.001), 2))")"
    if [ "${SYNC:-0}" = 1 ]; then
        run "jobs=$jobs --out --sync" -j "$jobs" --out "$tmp/out" --sync
    fi
done
