package dev.arbor.backend;

/** How {@link Backend#scatter} combines a source value with the destination element. */
public enum ScatterMode {
    /** Replace (later writes to the same place win, in index order on the CPU). */
    REPLACE,
    ADD,
    MULTIPLY,
    MAX,
    MIN
}
