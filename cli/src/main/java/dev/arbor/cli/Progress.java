package dev.arbor.cli;

import java.io.Console;
import java.io.PrintWriter;

/**
 * A progress bar for long work, redrawn in place on stderr when a person watches a terminal, and
 * silent when the output goes to a pipe or a file (scripts and logs get the summary lines only).
 */
public final class Progress implements AutoCloseable {
    private static final int BAR_WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final String label;
    private final long total;
    private long lastDraw;
    private int lastLength;

    private Progress(PrintWriter err, String label, long total) {
        this.err = err;
        this.label = label;
        this.total = total;
    }

    /** {@return true when stdin and stdout are a terminal, where a bar is drawn} */
    public static boolean interactive() {
        Console c = System.console();
        return c != null && c.isTerminal();
    }

    /**
     * Starts a bar for {@code total} steps, drawn on {@code err} only when {@link #interactive()}.
     *
     * @param label the text before the bar, such as {@code convert}
     * @param total the number of steps that fill the bar
     * @param err where the bar is drawn, normally the command's stderr
     * @return the bar, to {@link #update} and close
     */
    public static Progress start(String label, long total, PrintWriter err) {
        return new Progress(interactive() ? err : null, label, total);
    }

    /**
     * Shows {@code done} of the steps and a status after the bar (such as the loss); redraws at most 10
     * times a second.
     *
     * @param done the steps finished so far, clamped to {@code [0, total]}
     * @param status the text after the bar, or null or empty for none
     */
    public void update(long done, String status) {
        if (err == null) {
            return;
        }
        long now = System.nanoTime();
        if (done < total && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        String line = render(label, done, total, status);
        // pad with spaces over a longer previous line
        err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        err.flush();
        lastLength = line.length();
    }

    /** Ends the bar's line, so that what follows starts on a line of its own. */
    @Override
    public void close() {
        if (err != null && lastLength > 0) {
            err.println();
            err.flush();
        }
    }

    /** One line: {@code label [#######-------] done/total status}. */
    static String render(String label, long done, long total, String status) {
        long clamped = Math.max(0, Math.min(done, total));
        int filled = total <= 0 ? BAR_WIDTH : (int) (clamped * BAR_WIDTH / total);
        return label + " [" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "] " + clamped + "/" + total
                + (status == null || status.isEmpty() ? "" : "  " + status);
    }
}
