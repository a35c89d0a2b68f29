package dev.arbor.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * Arbor's command line, {@code cli/target/arbor-cli.jar}, started by the {@code arbor} script at the
 * repository root. Exit status: 0 on success, 1 when the operation failed, 2 for a usage error; an error
 * is one line on stderr, with the stack trace only under {@code --verbose}.
 */
@Command(name = "arbor", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Arbor, a deep-learning engine for the JVM: inspect, run, convert and benchmark models, "
                + "or run the demo.",
        subcommands = {InspectCommand.class, RunCommand.class, ConvertCommand.class, BenchCommand.class,
                DemoCommand.class},
        footer = {"", "Exit status: 0 success, 1 the operation failed, 2 usage error."})
public final class Main implements Callable<Integer> {
    /** Exit status of a failed operation (a missing file, a file of the wrong kind, a model that fails). */
    public static final int FAILED = 1;
    /** Exit status of a usage error (an unknown option, a missing argument, a bad value). */
    public static final int USAGE = 2;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "On an error, print the stack trace as well as the message.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    /** The root command, with its options unset until picocli parses a command line into it. */
    public Main() {}

    /**
     * Runs the command line and exits the JVM with its status.
     *
     * @param args the command-line arguments, such as {@code inspect model.onnx --json}
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the command line on {@code args} without exiting the JVM.
     *
     * @param args the command-line arguments, such as {@code inspect model.onnx --json}
     * @return the exit status: 0 on success, {@link #FAILED} or {@link #USAGE}
     */
    public static int run(String... args) {
        // The demo draws its chart with Java2D; no display is needed or wanted.
        System.setProperty("java.awt.headless", "true");
        CommandLine cli = commandLine();
        try {
            return cli.execute(args);
        } catch (Throwable e) { // Errors (out of memory, stack overflow) that picocli lets through
            return ErrorReport.failed(cli, e, verbose(cli));
        }
    }

    /**
     * {@return a new command tree with Arbor's error handling; also what the CLI reference in the README is
     * made from}
     */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setParameterExceptionHandler((e, args) -> ErrorReport.usage(e));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> ErrorReport.failed(cmd, e, verbose(cmd)));
        return cli;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing a command: one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** True when --verbose was given at any level of the command that ran. */
    private static boolean verbose(CommandLine cmd) {
        CommandLine root = cmd;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        for (ParseResult p = root.getParseResult(); p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /** The version from the jar's manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"arbor " + (v == null ? "(development build)" : v)};
        }
    }
}
