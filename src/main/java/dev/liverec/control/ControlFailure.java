package dev.liverec.control;

/**
 * A refusal or failure of the control plane: why ({@link Reason}) and a message a client may read (never SQL,
 * paths or stack traces). The API layer alone turns the reason into a Tencent error code.
 */
public final class ControlFailure extends RuntimeException {
    public enum Reason {
        /** A parameter has the wrong form. */
        INVALID_PARAMETER,
        /** A parameter's value is out of range or not allowed. */
        INVALID_PARAMETER_VALUE,
        DOMAIN_NAME_FORMAT,
        TEMPLATE_NAME_FORMAT,
        VOD_FILE_NAME,
        COS_FILE_NAME,
        TEMPLATE_NOT_FOUND,
        TEMPLATE_LIMIT,
        TEMPLATE_IN_USE,
        RULE_EXISTS,
        RULE_NOT_FOUND,
        TASK_NOT_FOUND,
        RUNNING_TASK_LIMIT,
        DOMAIN_NOT_FOUND,
        DOMAIN_ALREADY_ADDED,
        DOMAIN_OWNED_ELSEWHERE,
        DOMAIN_LIMIT,
        /** The database failed during a change. */
        WRITE_FAILED,
        /** The database failed while reading configuration. */
        READ_FAILED
    }

    private final Reason reason;

    public ControlFailure(Reason reason, String message) {
        this(reason, message, null);
    }

    public ControlFailure(Reason reason, String message, Throwable cause) {
        super(message, cause, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** A parameter of the wrong form; the message names it the way the API's own validation does. */
    public static ControlFailure invalid(String name, String why) {
        return new ControlFailure(Reason.INVALID_PARAMETER, "The parameter `" + name + "` is invalid: " + why);
    }

    /** A parameter value that is not allowed; the message names it the way the API's own validation does. */
    public static ControlFailure invalidValue(String name, String why) {
        return new ControlFailure(Reason.INVALID_PARAMETER_VALUE, "The value of `" + name + "` is invalid: " + why);
    }
}
