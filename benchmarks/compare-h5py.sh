#!/usr/bin/env bash
# Compares Arbor's HDF5 state-dict save and load (StateDictBenchmark, format h5, through JMH) with h5py
# (Debian's python3-h5py) on the same arrays: TENSORS float32 tensors of ROWS x 1024 (200 MiB by
# default) at /layers/N/weight, contiguous, uncompressed. Three operations: save (Arbor writes to a
# temporary file and moves it into place; h5py writes in place), load (every dataset into memory) and
# load + sum (every value touched). The machine has slow spells, so ROUNDS rounds interleave the two
# (alternating who goes first) and the table gives the median milliseconds of each over every timed
# operation of every round. Files go to a temporary folder, deleted at the end.
#
# Usage: benchmarks/compare-h5py.sh                  (defaults: 3 rounds, 50 tensors of 1024 rows)
#        ROUNDS=5 TENSORS=10 benchmarks/compare-h5py.sh
set -euo pipefail

ROUNDS=${ROUNDS:-3}
TENSORS=${TENSORS:-50}
ROWS=${ROWS:-1024}
ITERATIONS=${ITERATIONS:-3}
PYTHON=/usr/bin/python3

root=$(cd "$(dirname "$0")/.." && pwd)
jar=${JAR:-$root/benchmarks/target/benchmarks.jar}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

. "$root/benchmarks/bench-env.sh"
if ! $PYTHON -c 'import h5py' 2>/dev/null; then
    echo "compare-h5py: $PYTHON cannot import h5py (apt-get install python3-h5py)" >&2
    exit 1
fi

# Prints "op ms" for each timed operation, after one untimed warm-up of each.
cat > "$work/peer.py" <<'PY'
import os, sys, time
import h5py
import numpy as np

tensors, rows, iterations, folder = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
path = os.path.join(folder, "h5py.h5")
j = np.arange(rows * 1024, dtype=np.int64)
arrays = {f"layers/{i}/weight": (((i * 31 + j) % 1999).astype(np.float32) * np.float32(1e-3)
                                 - np.float32(1)).reshape(rows, 1024) for i in range(tensors)}

def save():
    with h5py.File(path, "w") as f:
        for k, a in arrays.items():
            f.create_dataset(k, data=a)

def datasets(f):
    out = []
    f.visititems(lambda name, obj: out.append(obj) if isinstance(obj, h5py.Dataset) else None)
    return out

def load():
    with h5py.File(path, "r") as f:
        return [d[...] for d in datasets(f)]

def load_and_sum():
    return sum(float(a.sum()) for a in load())

for name, op in (("save", save), ("load", load), ("loadAndSum", load_and_sum)):
    op()
    for _ in range(iterations):
        start = time.perf_counter()
        op()
        print(name, (time.perf_counter() - start) * 1e3)
os.remove(path)
PY

ours() {
    "$jdk/bin/java" -Djmh.ignoreLock=true -Djava.io.tmpdir="$work" -jar "$jar" \
        'StateDictBenchmark\.(save|load|loadAndSum)$' -p format=h5 -p tensors="$TENSORS" -p rows="$ROWS" \
        -f 1 -wi 1 -i "$ITERATIONS" -rf json -rff "$work/jmh.json" > "$work/jmh.log" 2>&1 \
        || { cat "$work/jmh.log" >&2; exit 1; }
    $PYTHON -c 'import json, sys
for b in json.load(open(sys.argv[1])):
    for ms in b["primaryMetric"]["rawData"][0]:
        print(b["benchmark"].rsplit(".", 1)[1], ms)' "$work/jmh.json"
}

for ((round = 1; round <= ROUNDS; round++)); do
    if ((round % 2)); then order=(arbor h5py); else order=(h5py arbor); fi
    for who in "${order[@]}"; do
        if [ "$who" = arbor ]; then ours; else $PYTHON "$work/peer.py" "$TENSORS" "$ROWS" "$ITERATIONS" "$work"; fi \
            | sed "s/^/$who /" >> "$work/results"
    done
    echo "round $round done" >&2
done

mib=$((TENSORS * ROWS * 1024 * 4 / 1048576))
echo "HDF5 state dict, $TENSORS float32 tensors of ${ROWS}x1024 ($mib MiB), median ms of $ROUNDS interleaved" \
    "rounds of $ITERATIONS operations ($(date -u +%F))"
echo "Machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
echo "Arbor: $("$jdk/bin/java" -version 2>&1 | head -1), jhdf; h5py $($PYTHON -c 'import h5py; print(h5py.__version__)')" \
    "(HDF5 $($PYTHON -c 'import h5py; print(h5py.version.hdf5_version)'))"
echo
$PYTHON - "$work/results" <<'PY'
import statistics, sys
from collections import defaultdict

ms = defaultdict(list)
for line in open(sys.argv[1]):
    who, op, value = line.split()
    ms[who, op].append(float(value))
print("| operation  | Arbor ms | h5py ms | Arbor / h5py |")
print("|------------|---------:|--------:|-------------:|")
for op in ("save", "load", "loadAndSum"):
    ours, theirs = statistics.median(ms["arbor", op]), statistics.median(ms["h5py", op])
    print(f"| {op:<10} | {ours:8.0f} | {theirs:7.0f} | {ours / theirs:12.2f} |")
PY
