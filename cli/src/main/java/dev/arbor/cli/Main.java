package dev.arbor.cli;

import java.io.PrintStream;

/**
 * Placeholder entry point of the fat jar {@code cli/target/arbor-cli.jar}, started by the
 * {@code arbor} script at the repository root. The real command line (demo, inspect, run, convert,
 * bench; written with picocli) comes in a later version; until then this only prints its usage.
 */
public final class Main {

    static final String USAGE = """
            usage: arbor <command> [args...]
              commands planned for a later version: demo, inspect, run, convert, bench
              (this build of Arbor's command line implements none of them yet)
            """;

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line; returns the process exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help"))) {
            out.print(USAGE);
            return 0;
        }
        if (args.length == 0) {
            err.print(USAGE);
            return 2;
        }
        err.println("arbor: '" + args[0] + "' is not available in this version");
        err.print(USAGE);
        return 2;
    }
}
