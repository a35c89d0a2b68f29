#!/usr/bin/env bash
# The one command of the GPU run, from the repository root on a machine with an NVIDIA GPU, CUDA and
# Python with PyTorch (no Java needed: the bundle of pack.sh brings a JDK):
#
#   bash plugins/cuda/gpu/run-on-gpu.sh [BUNDLE_DIR]     (default: plugins/cuda/target-gpu/bundle)
#   PHASES="precompile tests" bash plugins/cuda/gpu/run-on-gpu.sh     (a subset; the library check always runs)
#   PHASES=profile PROFILE_MODEL=transformer bash ...     (not in the default run: one model's forward at
#                                                         batch 32 for 10 s under a JFR recording, profile.jfr)
#
# 1. what CUDA Arbor finds by itself (and, if its search fails, what Python's wheels would have given);
# 2. every kernel compiled with NVRTC (timed), then the CUDA plugin's tests (JUnit console);
# 3. every conformance model forward and one training step on cuda:0 against the CPU (and PyTorch);
# 4. SGEMM at 4096 and 8192 and the ResNet-style and Transformer models at batch 32, Arbor then
#    PyTorch on the same GPU, with the ratios.
# Everything goes to $OUT (the device tool's output folder; default ./gpu-out): run.log, junit/,
# conformance.txt, arbor-bench.json, torch-bench.json, bench.txt. Each phase has a time limit (all
# together under the device tool's 600 s per command) and a failing phase does not stop the next.
# The JDK and the kernel cache stay in /tmp, so a second call on the same machine starts faster.
# Exit status: 0 when every phase run passed.
set -u -o pipefail

root=$(cd "$(dirname "$0")/../../.." && pwd)
here="$root/plugins/cuda/gpu"
bundle=${1:-$root/plugins/cuda/target-gpu/bundle}
out=${OUT:-$root/gpu-out}
mkdir -p "$out"
exec > >(tee -a "$out/run.log") 2>&1
status=0
phase() { echo; echo "=== $1 ($(date -u +%H:%M:%S))"; }
note_failure() { echo "--- FAILED: $1 (exit $2)"; status=1; }

phase "machine"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv 2>&1 | head -5
python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, torch.cuda.get_device_name(0))' 2>&1
if [ ! -f "$bundle/jdk.tgz" ]; then
    echo "no bundle at $bundle (make it with plugins/cuda/gpu/pack.sh and carry it)"; exit 2
fi
cat "$bundle/MANIFEST.txt" | head -4

phases=${PHASES:-precompile tests conformance bench}
wants() { case " $phases " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
work=/tmp/arbor-gpu-run
if [ ! -f "$work/jdk/unpacked" ] || [ "$bundle/jdk.tgz" -nt "$work/jdk/unpacked" ]; then
    rm -rf "$work/jdk"
    mkdir -p "$work"
    tar -xzf "$bundle/jdk.tgz" -C "$work" && touch "$work/jdk/unpacked"
fi
java="$work/jdk/bin/java"
cp=$(ls "$bundle"/lib/*.jar | tr '\n' ':')"$bundle/tests/arbor-cuda-tests.jar"
jopts=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
       -Xss8m -Xmx16g "-Darbor.cuda.cacheDir=$work/kernel-cache")

phase "1. CUDA as Arbor finds it"
timeout 60 "$java" "${jopts[@]}" -cp "$cp" dev.arbor.cuda.GpuRun info
rc=$?
if [ $rc -ne 0 ]; then
    note_failure "Arbor's own library search" $rc
    # where the Python wheels keep the libraries: the rest of the run uses them so it still measures
    wheel_dirs=$(python3 - <<'EOF'
import glob, os, site, sys
dirs = []
for s in site.getsitepackages() + [site.getusersitepackages()]:
    dirs += glob.glob(os.path.join(s, "nvidia", "*", "lib")) + [os.path.join(s, "torch", "lib")]
print(":".join(d for d in dirs if os.path.isdir(d)))
EOF
)
    echo "Python's site-packages hold: $wheel_dirs"
    export ARBOR_CUDA_LIBRARY_PATH="$wheel_dirs"
    timeout 60 "$java" "${jopts[@]}" -cp "$cp" dev.arbor.cuda.GpuRun info || { echo "still unavailable"; exit 1; }
fi

if wants precompile; then
    phase "2a. every kernel through NVRTC"
    timeout 90 "$java" "${jopts[@]}" -cp "$cp" dev.arbor.cuda.GpuRun precompile || note_failure "precompile" $?
fi

if wants tests; then
    phase "2b. the CUDA plugin's tests"
    timeout 200 "$java" "${jopts[@]}" -jar "$bundle/junit/junit-platform-console-standalone.jar" execute \
        --class-path "$cp" --select-package dev.arbor.cuda --exclude-classname '.*KernelCompileTest' \
        --details=tree --disable-banner --reports-dir "$out/junit" || note_failure "plugin tests" $?
fi

if wants conformance; then
    phase "3. conformance models on cuda:0 against the CPU"
    timeout 80 "$java" "${jopts[@]}" -cp "$cp" dev.arbor.cuda.GpuRun conformance "$out/conformance.txt" \
        "$root/plugins/onnx/src/test/resources/models" "$root/conformance-tests/src/test/resources" \
        || note_failure "conformance" $?
fi

if wants bench; then
    phase "4. benchmarks: Arbor, then PyTorch on the same GPU"
    timeout 80 "$java" "${jopts[@]}" -cp "$cp" dev.arbor.cuda.GpuRun bench "$out/arbor-bench.json" \
        "$root/plugins/onnx/src/test/resources/models" "$root/benchmarks/src/main/resources/onnx-models" \
        || note_failure "Arbor benchmark" $?
    if [ -f "$out/arbor-bench.json" ]; then
        timeout 70 python3 "$here/bench_torch.py" --arbor "$out/arbor-bench.json" \
            --fixtures "$root/plugins/onnx/src/test/python/make_fixtures.py" \
            --models "$root/plugins/onnx/src/test/resources/models" --out "$out/torch-bench.json" \
            | tee "$out/bench.txt" || note_failure "PyTorch benchmark" $?
    fi
fi

if wants profile; then
    model=${PROFILE_MODEL:-transformer}
    phase "profile: $model at batch 32 for 10 s under a flight recording ($out/profile.jfr)"
    timeout 60 "$java" "${jopts[@]}" "-XX:StartFlightRecording=filename=$out/profile.jfr,settings=profile" \
        -cp "$cp" dev.arbor.cuda.GpuRun profile "$model" "$root/plugins/onnx/src/test/resources/models" \
        "$root/benchmarks/src/main/resources/onnx-models" 10 || note_failure "profile" $?
fi

phase "done: $([ $status = 0 ] && echo 'every phase passed' || echo 'some phase FAILED, see above')"
exit $status
