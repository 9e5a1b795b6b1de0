package dev.liverec.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * Every failure of a command as one line on stderr — {@code liverec CMD: what went wrong (what to do)} — and a
 * non-zero exit code: 2 for a command line picocli refused, 1 for a failure while running. The stack trace is
 * printed only with {@code LIVEREC_DEBUG=1}.
 */
final class ErrorLine implements IParameterExceptionHandler, IExecutionExceptionHandler {
    static final int USAGE = 2;
    static final int FAILED = 1;
    private final boolean debug = System.getenv("LIVEREC_DEBUG") != null;

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        print(cmd, e, oneLine(e.getMessage()), "see: " + name(cmd) + " --help");
        return USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        Throwable t = e;
        if (t instanceof UserError u) {
            print(cmd, e, u.getMessage(), u.hint());
            return u.exitCode();
        } else if (t instanceof IllegalArgumentException) {
            print(cmd, e, oneLine(t.getMessage()), "see: " + name(cmd) + " --help");
        } else if (t instanceof NoSuchFileException f) {
            print(cmd, e, "no such file: " + f.getFile(), "check the path");
        } else if (t instanceof AccessDeniedException f) {
            print(cmd, e, "cannot read " + f.getFile() + ": permission denied", "check the file's permissions");
        } else if (t instanceof BindException) {
            print(cmd, e, "a port is in use: " + oneLine(t.getMessage()),
                    "is another liverec running? choose other ports with --http-port / --rtmp-port");
        } else if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException) {
            print(cmd, e, "cannot connect: " + describe(t), "is the server running? check --endpoint / LIVEREC_ENDPOINT");
        } else if (t instanceof HttpTimeoutException) {
            print(cmd, e, "no answer in time: " + describe(t), "is the endpoint a liverec server?");
        } else if (t instanceof JsonProcessingException j) {
            print(cmd, e, "not valid JSON: " + oneLine(j.getOriginalMessage()), "see: " + name(cmd) + " --help");
        } else if (t instanceof IOException) {
            print(cmd, e, describe(t), "check the file or address named above");
        } else {
            print(cmd, e, "unexpected error: " + describe(t), "run again with LIVEREC_DEBUG=1 for the stack trace");
        }
        return FAILED;
    }

    private void print(CommandLine cmd, Throwable e, String message, String hint) {
        PrintWriter err = cmd.getErr();
        err.println(name(cmd) + ": " + message + (hint == null ? "" : " (" + hint + ")"));
        if (debug) e.printStackTrace(err);
        err.flush();
    }

    private static String name(CommandLine cmd) {
        return cmd.getCommandSpec().qualifiedName();
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) m = t.getCause() != null && t.getCause().getMessage() != null
                ? t.getCause().getMessage() : t.getClass().getSimpleName();
        return oneLine(m);
    }

    static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
