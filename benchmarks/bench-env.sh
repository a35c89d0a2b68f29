# Sourced by the compare-*.sh scripts that run benchmarks.jar: sets `jdk` to a JDK 25 (JAVA_HOME when it
# is one, else the first under /usr/lib/jvm) and builds `jar` when it is missing. Expects `root` (the
# repository) and `jar`; the caller's name in messages is taken from $0.

is_jdk25() {
    [ -x "$1/bin/java" ] && "$1/bin/java" -version 2>&1 | head -1 | grep -q '"25'
}

jdk=
if [ -n "${JAVA_HOME:-}" ] && is_jdk25 "$JAVA_HOME"; then
    jdk=$JAVA_HOME
else
    for candidate in /usr/lib/jvm/*25*; do
        if is_jdk25 "$candidate"; then
            jdk=$candidate
            break
        fi
    done
fi
if [ -z "$jdk" ]; then
    echo "$(basename "$0" .sh): no JDK 25 found (set JAVA_HOME)" >&2
    exit 1
fi
if [ ! -f "$jar" ]; then
    echo "Building $jar ..." >&2
    (cd "$root" && JAVA_HOME=$jdk ./mvnw -q -pl benchmarks -am package -Dmaven.test.skip=true)
fi
