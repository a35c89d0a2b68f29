#!/usr/bin/env bash
# Compares Arbor's SGEMM (SgemmBenchmark, through JMH) with OpenBLAS (numpy's matmul, Debian's
# python3-numpy on libopenblas0-pthread) and, where `import torch` works, torch.mm, on square float32
# matrices at the same sizes and thread counts. The machine has slow spells lasting seconds, so every
# (size, threads) point is measured in ROUNDS rounds that interleave the contenders, and the table gives
# the median GFLOP/s (2 * size^3 / seconds) of each over the rounds.
#
# Usage: benchmarks/compare-blas.sh            (defaults: sizes 256 512 1024 2048, threads 1 2, 3 rounds)
#        SIZES="1024" THREADS="2" ROUNDS=5 benchmarks/compare-blas.sh
set -euo pipefail

SIZES=${SIZES:-256 512 1024 2048}
THREADS=${THREADS:-1 2}
ROUNDS=${ROUNDS:-3}
PEER_SECONDS=${PEER_SECONDS:-2}
PYTHON=/usr/bin/python3

root=$(cd "$(dirname "$0")/.." && pwd)
jar=$root/benchmarks/target/benchmarks.jar
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

. "$root/benchmarks/bench-env.sh"

peers=(openblas)
if $PYTHON -c 'import torch' 2>/dev/null; then
    peers+=(torch)
else
    echo "compare-blas: torch is not importable, comparing with OpenBLAS only" >&2
fi

# Prints the median GFLOP/s of batches of at least 0.1 s over PEER_SECONDS, after a warm-up.
cat > "$work/peer.py" <<'EOF'
import sys, time

n, threads, lib, seconds = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
if lib == "openblas":
    import numpy as np
    try:
        from threadpoolctl import threadpool_limits
        threadpool_limits(threads)
    except ImportError:
        pass  # OPENBLAS_NUM_THREADS, set by the caller, applies
    rng = np.random.default_rng(42)
    a = rng.random((n, n), dtype=np.float32) - 0.5
    b = rng.random((n, n), dtype=np.float32) - 0.5
    c = np.empty((n, n), dtype=np.float32)
    mm = lambda: np.matmul(a, b, out=c)
else:
    import torch
    torch.set_num_threads(threads)
    a = torch.rand(n, n) - 0.5
    b = torch.rand(n, n) - 0.5
    c = torch.empty(n, n)
    mm = lambda: torch.mm(a, b, out=c)

def batch(min_seconds):
    reps, start = 0, time.perf_counter()
    while True:
        mm()
        reps += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            return 2.0 * n ** 3 * reps / elapsed / 1e9

batch(seconds / 2)
end = time.perf_counter() + seconds
rates = []
while time.perf_counter() < end or len(rates) < 3:
    rates.append(batch(0.1))
rates.sort()
print(f"{rates[len(rates) // 2]:.1f}")
EOF

ours() {
    local n=$1 t=$2 tries=0
    # JMH runs one benchmark at a time per machine (/tmp/jmh.lock): wait for anyone else's to finish.
    until "$jdk/bin/java" -jar "$jar" SgemmBenchmark -p size="$n" -p threads="$t" -f 1 -wi 5 -w 1s -i 3 -r 1s \
        -rf json -rff "$work/jmh.json" > "$work/jmh.log" 2>&1; do
        if ! grep -q 'Unable to acquire the JMH lock' "$work/jmh.log" || ((++tries > 120)); then
            cat "$work/jmh.log" >&2
            exit 1
        fi
        sleep 5
    done
    $PYTHON -c 'import json, sys
ms = json.load(open(sys.argv[1]))[0]["primaryMetric"]["score"]
print(f"{2.0 * int(sys.argv[2]) ** 3 / (ms * 1e6):.1f}")' "$work/jmh.json" "$n"
}

peer() {
    local lib=$1 n=$2 t=$3
    # OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE may be set to pin a slower kernel; the peer runs with its defaults.
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS="$t" OMP_NUM_THREADS="$t" \
        $PYTHON "$work/peer.py" "$n" "$t" "$lib" "$PEER_SECONDS"
}

openblas_version=$(dpkg-query -W -f='${Version}' libopenblas0-pthread 2>/dev/null || echo unknown)
torch_version=$($PYTHON -c 'import torch; print(torch.__version__)' 2>/dev/null || echo none)
for ((round = 1; round <= ROUNDS; round++)); do
    for t in $THREADS; do
        for n in $SIZES; do
            # Alternate who goes first so neither always follows the other's warm-up.
            if ((round % 2)); then order=(arbor "${peers[@]}"); else order=("${peers[@]}" arbor); fi
            line="round $round size $n threads $t:"
            for who in "${order[@]}"; do
                if [ "$who" = arbor ]; then rate=$(ours "$n" "$t"); else rate=$(peer "$who" "$n" "$t"); fi
                echo "$who $n $t $rate" >> "$work/results"
                line+=" $who $rate"
            done
            echo "$line" >&2
        done
    done
done

echo "SGEMM C = A @ B, square float32 matrices, median GFLOP/s of $ROUNDS interleaved rounds ($(date -u +%F))"
echo "Machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
    "$(grep -o -m1 'avx512f' /proc/cpuinfo | tr a-z A-Z || echo 'no AVX-512')"
echo "Arbor: $("$jdk/bin/java" -version 2>&1 | head -1); OpenBLAS: libopenblas0-pthread $openblas_version" \
    "(numpy $($PYTHON -c 'import numpy; print(numpy.__version__)')); torch: $torch_version"
echo
$PYTHON - "$work/results" "${peers[@]}" <<'EOF'
import statistics, sys
from collections import defaultdict

peers = sys.argv[2:]
names = {"openblas": "OpenBLAS", "torch": "torch.mm"}
rates = defaultdict(list)
for line in open(sys.argv[1]):
    who, n, t, rate = line.split()
    rates[who, int(n), int(t)].append(float(rate))
cells = ["size", "threads", "Arbor"] + [c for p in peers for c in (names[p], "ratio")]
print("| " + " | ".join(f"{c:>8}" for c in cells) + " |")
print("|" + "|".join("-" * 10 for _ in cells) + "|")
for n, t in sorted({(n, t) for _, n, t in rates}, key=lambda key: (key[1], key[0])):
    ours = statistics.median(rates["arbor", n, t])
    row = [f"{n}", f"{t}", f"{ours:.1f}"]
    for p in peers:
        theirs = statistics.median(rates[p, n, t])
        row += [f"{theirs:.1f}", f"{ours / theirs:.2f}"]
    print("| " + " | ".join(f"{c:>8}" for c in row) + " |")
EOF
