#!/usr/bin/env bash
# Batch throughput and memory: a folder of N copies of the bundled corpus
# (default 5,000), extracted with 1 and 2 jobs, once to stdout (/dev/null)
# and once with --out into an empty directory on the same file system as
# the input (and, with SYNC=1, once more with --out --sync). Reports plans
# per second, CPU time and peak memory (max RSS; needs GNU time,
# /usr/bin/time), and the ratio of the --out time to the stdout time.
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
# Each --out run writes into a directory of its own, removed only at the
# end: deleting thousands of files just before creating thousands more makes
# ext4 skip the recently deleted inodes one by one (`recently_deleted` in a
# profile), a cost of the benchmark, not of a user's first run.
run() {
    local label=$1
    shift
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f "%e %M %U %S" -o "$tmp/time" target/release/guihua extract "$tmp/in" -q "$@" > /dev/null
        read -r secs rss user sys < "$tmp/time"
        cpu=$(python3 -c "print(round($user + $sys, 2))")
    else
        local start
        start=$(date +%s.%N)
        target/release/guihua extract "$tmp/in" -q "$@" > /dev/null
        secs=$(python3 -c "import time; print(round(time.time() - $start, 2))")
        rss="n/a"
        cpu=0
    fi
    echo "$label files=$n seconds=$secs plans_per_second=$(python3 -c "print(round($n / max($secs, 0.001)))") cpu_seconds=$cpu max_rss_kb=$rss"
}

for jobs in 1 2; do
    run "jobs=$jobs stdout" -j "$jobs"
    base=$secs
    base_cpu=$cpu
    run "jobs=$jobs --out  " -j "$jobs" --out "$tmp/out-$jobs"
    # On a shared machine the wall-clock ratio moves with other load; the
    # CPU-time ratio (user + system) moves less.
    echo "jobs=$jobs --out/stdout time ratio $(python3 -c "print(round($secs / max($base, 0.001), 2))") cpu ratio $(python3 -c "print(round($cpu / max($base_cpu, 0.001), 2))")"
    if [ "${SYNC:-0}" = 1 ]; then
        run "jobs=$jobs --out --sync" -j "$jobs" --out "$tmp/out-$jobs-sync" --sync
    fi
done
