package dev.arbor.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Reports an error as one line on stderr ({@code arbor run: <what went wrong>}) and gives the exit status. */
final class ErrorReport {
    private ErrorReport() {}

    /** A usage error: the message and where to find the usage; status {@link Main#USAGE}. */
    static int usage(ParameterException e) {
        CommandLine cmd = e.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        PrintWriter err = cmd.getErr();
        err.println(name + ": " + oneLine(e.getMessage()) + " (see '" + name + " --help')");
        err.flush();
        return Main.USAGE;
    }

    /** A failed operation: the message, and the stack trace when {@code verbose}; status {@link Main#FAILED}. */
    static int failed(CommandLine cmd, Throwable e, boolean verbose) {
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + describe(e, verbose));
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return Main.FAILED;
    }

    /** What a user reads: the message of an error about their input, or the kind of an internal error. */
    static String describe(Throwable e, boolean verbose) {
        Throwable t = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
        String message = t instanceof FileSystemException f ? fileMessage(f) : t.getMessage();
        message = message == null || message.isBlank() ? t.getClass().getSimpleName() : oneLine(message);
        if (isAboutInput(t)) {
            return message;
        }
        if (t instanceof OutOfMemoryError) {
            return "out of memory (" + message + "); give Java more, for example JAVA_TOOL_OPTIONS=-Xmx8g";
        }
        return "internal error: " + t.getClass().getName() + ": " + message
                + (verbose ? "" : " (run with --verbose for the stack trace)");
    }

    /** Exceptions whose message is written for the user: bad files, arguments, models, devices. */
    private static boolean isAboutInput(Throwable t) {
        return t instanceof java.io.IOException || t instanceof IllegalArgumentException
                || t instanceof IllegalStateException || t instanceof UnsupportedOperationException
                || t instanceof IndexOutOfBoundsException || t instanceof ArithmeticException
                || t.getClass().getName().startsWith("dev.arbor.");
    }

    /** java.nio's file exceptions carry the path, and for the common ones no reason: say it. */
    private static String fileMessage(FileSystemException f) {
        if (f.getReason() != null) {
            return f.getMessage();
        }
        String what = switch (f) {
            case NoSuchFileException x -> "no such file or folder";
            case AccessDeniedException x -> "permission denied";
            case NotDirectoryException x -> "not a folder";
            case FileAlreadyExistsException x -> "already exists";
            case DirectoryNotEmptyException x -> "folder not empty";
            default -> f.getClass().getSimpleName();
        };
        return f.getFile() + ": " + what;
    }

    /** The message on one line: line breaks and the indentation after them become single spaces. */
    static String oneLine(String message) {
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
