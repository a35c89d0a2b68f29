package dev.arbor.backend;

/** Reductions along one or more dimensions that every backend implements. */
public enum ReduceOp {
    /** Sum; integer and bool inputs sum to int64 (the engine chooses the output dtype). */
    SUM,
    /** Product; integer and bool inputs multiply to int64 (the engine chooses the output dtype). */
    PROD,
    /** The largest element, NaN if any is NaN. */
    MAX,
    /** The smallest element, NaN if any is NaN. */
    MIN,
    /** True when any element is non-zero; writes bool. */
    ANY,
    /** True when every element is non-zero; writes bool. */
    ALL
}
