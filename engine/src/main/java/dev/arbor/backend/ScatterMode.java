package dev.arbor.backend;

/** How {@link Backend#scatter} combines a source value with the destination element. */
public enum ScatterMode {
    /** Replace (later writes to the same place win, in index order on the CPU). */
    REPLACE,
    /** Add the source value to the destination ({@code scatter_add}, {@code reduce='sum'}). */
    ADD,
    /** Multiply the destination by the source value ({@code reduce='prod'}). */
    MULTIPLY,
    /** Keep the larger of the two ({@code reduce='amax'}). */
    MAX,
    /** Keep the smaller of the two ({@code reduce='amin'}). */
    MIN
}
