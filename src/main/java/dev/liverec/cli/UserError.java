package dev.liverec.cli;

/**
 * A mistake or a situation the user can fix (a bad argument, a server that is not there): reported as one line on
 * stderr with {@link #hint()}, never as a stack trace.
 */
public final class UserError extends RuntimeException {
    private final String hint;

    public UserError(String message, String hint) {
        super(message);
        this.hint = hint;
    }

    public String hint() { return hint; }
}
