#!/usr/bin/env bash
# Packs everything the GPU run needs into one folder, for a machine with CUDA and Python but no Java
# and no package registry: the jars (engine, ONNX and CUDA plugins and their dependencies), the CUDA
# plugin's test classes, the JUnit console launcher, and a jlink'd JDK 25 runtime as jdk.tgz.
#
#   plugins/cuda/gpu/pack.sh [BUNDLE_DIR]      (default: plugins/cuda/target-gpu/bundle)
#
# Run it from anywhere on a machine with JDK 25 and Maven Central access. The bundle must stay under
# the device tool's 64 MiB limit; the script fails if it does not. See plugins/cuda/gpu/README.md.
set -euo pipefail

root=$(cd "$(dirname "$0")/../../.." && pwd)
bundle=${1:-$root/plugins/cuda/target-gpu/bundle}
limit_mib=60
target=target-gpu

find_jdk() {
    for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*25*; do
        if [ -n "$candidate" ] && [ -x "$candidate/bin/jlink" ] \
            && "$candidate/bin/java" -version 2>&1 | grep -q 'version "25'; then
            echo "$candidate"
            return
        fi
    done
    echo "pack.sh: no JDK 25 with jlink found (JAVA_HOME, /usr/lib/jvm/*25*)" >&2
    exit 1
}
export JAVA_HOME=$(find_jdk)
cd "$root"

echo "== building the jars and test classes ($target)"
./mvnw -q -B -Darbor.target=$target -pl plugins/cuda,plugins/onnx -am package -DskipTests

rm -rf "$bundle"
mkdir -p "$bundle/lib" "$bundle/tests" "$bundle/junit"
for module in engine plugins/onnx plugins/cuda; do
    find "$module/$target" -maxdepth 1 -name 'arbor-*.jar' ! -name '*-sources.jar' ! -name '*-tests.jar' \
        -exec cp {} "$bundle/lib/" \;
done
./mvnw -q -B -Darbor.target=$target -pl plugins/onnx,plugins/cuda dependency:copy-dependencies \
    -DincludeScope=runtime -DexcludeGroupIds=dev.arbor -DoutputDirectory="$bundle/lib"
"$JAVA_HOME/bin/jar" --create --file "$bundle/tests/arbor-cuda-tests.jar" -C "plugins/cuda/$target/test-classes" .

junit=$(sed -n 's:.*<junit.version>5\.\([0-9.]*\)</junit.version>.*:1.\1:p' pom.xml)
./mvnw -q -B dependency:copy -Dartifact="org.junit.platform:junit-platform-console-standalone:$junit" \
    -DoutputDirectory="$bundle/junit"
mv "$bundle"/junit/junit-platform-console-standalone-*.jar "$bundle/junit/junit-platform-console-standalone.jar"

echo "== jlink"
modules=$("$JAVA_HOME/bin/jdeps" --module-path "$bundle/lib" --ignore-missing-deps --print-module-deps \
    --multi-release 25 "$bundle"/lib/*.jar "$bundle/tests/arbor-cuda-tests.jar" \
    "$bundle/junit/junit-platform-console-standalone.jar" 2>/dev/null | tail -n 1)
# the Vector API is added on the command line, unsafe memory access by protobuf, XML by JUnit's
# reports, the zip file system by JUnit's class path scanning of jars, the flight recorder by the
# profile phase of run-on-gpu.sh
modules=$(echo "$modules,jdk.incubator.vector,jdk.unsupported,java.xml,java.logging,java.management,jdk.zipfs,jdk.jfr" \
    | tr , '\n' | sort -u | paste -sd, -)
echo "modules: $modules"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=zip-9 \
    --output "$work/jdk"
"$work/jdk/bin/java" --add-modules jdk.incubator.vector -version 2>&1 | head -1
tar -czf "$bundle/jdk.tgz" -C "$work" jdk

{
    echo "Arbor GPU bundle"
    echo "commit: $(git rev-parse HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
    echo "made:   $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(uname -m)"
    echo "jdk:    $("$work/jdk/bin/java" -version 2>&1 | head -1) with $modules"
    echo "files:"
    (cd "$bundle" && find . -type f ! -name MANIFEST.txt -printf '  %p %s\n' | sort)
} > "$bundle/MANIFEST.txt"

bytes=$(du -sb "$bundle" | cut -f1)
mib=$(( (bytes + 1048575) / 1048576 ))
echo "== bundle: $bundle, $mib MiB ($bytes bytes); jdk.tgz $(du -h "$bundle/jdk.tgz" | cut -f1)"
if [ "$mib" -gt "$limit_mib" ]; then
    echo "pack.sh: the bundle is $mib MiB, over the $limit_mib MiB this script allows (the device tool carries 64 MiB)" >&2
    exit 1
fi
