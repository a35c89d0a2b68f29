package dev.arbor.cli;

import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * Prints the command-line reference that README.md holds between {@link #BEGIN} and {@link #END}:
 * the usage help of {@code arbor} and of each command, as {@code --help} prints it. A test checks that
 * the README has it verbatim; after changing a command, regenerate it with {@link #COMMAND}.
 */
public final class UsageReference {
    /** The line before the reference in README.md. */
    public static final String BEGIN =
            "<!-- CLI reference: generated from the usage help by UsageReference; do not edit by hand -->";
    /** The line after it. */
    public static final String END = "<!-- end of the CLI reference -->";
    /** The command that prints it, from the repository root after a build. */
    public static final String COMMAND = "java -cp cli/target/arbor-cli.jar dev.arbor.cli.UsageReference";

    private UsageReference() {}

    /**
     * Prints the reference to stdout.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        CommandLine arbor = Main.commandLine();
        StringBuilder sb = new StringBuilder();
        append(sb, arbor);
        arbor.getSubcommands().values().forEach(c -> append(sb, c));
        System.out.print(sb);
    }

    private static void append(StringBuilder sb, CommandLine c) {
        sb.append("#### `").append(c.getCommandSpec().qualifiedName()).append("`\n\n```\n")
                .append(c.getUsageMessage(Ansi.OFF)).append("```\n\n");
    }
}
