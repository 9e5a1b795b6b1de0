package dev.liverec.control.account;

import dev.liverec.api.ErrorCodes;

/** Account states of the cloud service; every non-active state maps to its ResourceNotFound code. */
public enum AccountState {
    ACTIVE(null),
    FROZEN(ErrorCodes.NOT_FOUND_FREEZE_SERVICE),
    STOPPED(ErrorCodes.NOT_FOUND_STOP_SERVICE),
    USER_DISABLED(ErrorCodes.NOT_FOUND_USER_DISABLE_SERVICE),
    FORBIDDEN(ErrorCodes.NOT_FOUND_FORBID_SERVICE);

    private final String errorCode;

    AccountState(String errorCode) { this.errorCode = errorCode; }

    /** The error code a request from an account in this state gets, or null when it may proceed. */
    public String errorCode() { return errorCode; }
}
