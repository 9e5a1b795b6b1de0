package dev.liverec.cli;

/**
 * A mistake or a situation the user can fix (a bad argument, a server that is not there): reported as one line on
 * stderr with {@link #hint()}, never as a stack trace.
 */
public final class UserError extends RuntimeException {
    private final String hint;
    private final int exitCode;

    public UserError(String message, String hint) {
        this(message, hint, ErrorLine.FAILED);
    }

    /** @param exitCode {@link ErrorLine#USAGE} when the command as given should not run at all */
    public UserError(String message, String hint, int exitCode) {
        super(message);
        this.hint = hint;
        this.exitCode = exitCode;
    }

    public String hint() { return hint; }

    public int exitCode() { return exitCode; }
}
