package dev.liverec.api;

import dev.liverec.control.ControlFailure;
import dev.liverec.control.ControlFailure.Reason;
import dev.liverec.control.account.AccountState;

import java.util.EnumMap;
import java.util.Map;

/** The one table from the core's failure reasons (and account states) to Tencent error codes. */
public final class FailureCodes {
    private FailureCodes() {}

    private static final Map<Reason, String> CODES = new EnumMap<>(Map.ofEntries(
            Map.entry(Reason.INVALID_PARAMETER, ErrorCodes.INVALID_PARAMETER),
            Map.entry(Reason.INVALID_PARAMETER_VALUE, ErrorCodes.INVALID_PARAMETER_VALUE),
            Map.entry(Reason.DOMAIN_NAME_FORMAT, ErrorCodes.INVALID_PARAM_DOMAIN_FORMAT),
            Map.entry(Reason.TEMPLATE_NAME_FORMAT, ErrorCodes.INVALID_PARAM_ARGS_NOT_MATCH),
            Map.entry(Reason.VOD_FILE_NAME, ErrorCodes.INVALID_PARAM_INVALID_VOD_FILE_NAME),
            Map.entry(Reason.COS_FILE_NAME, ErrorCodes.INVALID_PARAM_COS_CUSTOM_FILE_NAME),
            Map.entry(Reason.TEMPLATE_NOT_FOUND, ErrorCodes.INVALID_PARAM_CONF_NOT_FOUND),
            Map.entry(Reason.TEMPLATE_LIMIT, ErrorCodes.INTERNAL_CONF_OUT_LIMIT),
            Map.entry(Reason.TEMPLATE_IN_USE, ErrorCodes.FAILED_CONF_IN_USED),
            Map.entry(Reason.RULE_EXISTS, ErrorCodes.FAILED_RULE_ALREADY_EXIST),
            Map.entry(Reason.RULE_NOT_FOUND, ErrorCodes.FAILED_NOT_FOUND),
            Map.entry(Reason.TASK_NOT_FOUND, ErrorCodes.NOT_FOUND_TASK_ID),
            Map.entry(Reason.RUNNING_TASK_LIMIT, ErrorCodes.LIMIT_MAX_RUNNING_TASK),
            Map.entry(Reason.DOMAIN_NOT_FOUND, ErrorCodes.NOT_FOUND_DOMAIN),
            Map.entry(Reason.DOMAIN_ALREADY_ADDED, ErrorCodes.INVALID_PARAM_DOMAIN_ALREADY_EXIST),
            Map.entry(Reason.DOMAIN_OWNED_ELSEWHERE, ErrorCodes.FAILED_DOMAIN_ADDED),
            Map.entry(Reason.DOMAIN_LIMIT, ErrorCodes.LIMIT_EXCEEDED),
            Map.entry(Reason.WRITE_FAILED, ErrorCodes.INTERNAL_SYSTEM_ERROR),
            Map.entry(Reason.READ_FAILED, ErrorCodes.INTERNAL_GET_CONFIG_ERROR)));

    private static final Map<AccountState, String> REFUSED_STATES = new EnumMap<>(Map.of(
            AccountState.FROZEN, ErrorCodes.NOT_FOUND_FREEZE_SERVICE,
            AccountState.STOPPED, ErrorCodes.NOT_FOUND_STOP_SERVICE,
            AccountState.USER_DISABLED, ErrorCodes.NOT_FOUND_USER_DISABLE_SERVICE,
            AccountState.FORBIDDEN, ErrorCodes.NOT_FOUND_FORBID_SERVICE));

    public static String code(Reason reason) {
        return CODES.get(reason);
    }

    /** The failure as the client sees it: its reason's code, its message unchanged. */
    public static ApiException toApi(ControlFailure failure) {
        return new ApiException(code(failure.reason()), failure.getMessage(), failure);
    }

    /** The code a request from an account in this state gets, or null when it may proceed. */
    public static String refused(AccountState state) {
        return REFUSED_STATES.get(state);
    }
}
