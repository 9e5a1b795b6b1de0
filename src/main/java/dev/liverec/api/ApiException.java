package dev.liverec.api;

/**
 * A Tencent-style API error: answered as HTTP 200 with {@code Response.Error.Code/Message}. The message is what the
 * client sees; never put internal details (SQL, stack traces, paths) in it.
 */
public class ApiException extends RuntimeException {
    private final String code;

    public ApiException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ApiException(String code, String message, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
    }

    public String code() { return code; }

    public static ApiException missing(String name) {
        return new ApiException(ErrorCodes.MISSING_PARAMETER, "The parameter `" + name + "` is missing.");
    }

    public static ApiException invalid(String name, String why) {
        return new ApiException(ErrorCodes.INVALID_PARAMETER, "The parameter `" + name + "` is invalid: " + why);
    }

    public static ApiException invalidValue(String name, String why) {
        return new ApiException(ErrorCodes.INVALID_PARAMETER_VALUE, "The value of `" + name + "` is invalid: " + why);
    }
}
