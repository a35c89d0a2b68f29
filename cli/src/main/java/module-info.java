/** Arbor's command line ({@code ./arbor ...}). */
module dev.arbor.cli {
    requires dev.arbor.engine;
}
