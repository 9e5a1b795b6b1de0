package dev.liverec.api;

/** The Tencent error codes liverec answers with (spec §1.8 and §7). One place, so a typo cannot hide. */
public final class ErrorCodes {
    private ErrorCodes() {}

    // platform-wide
    public static final String AUTH_INVALID_AUTHORIZATION = "AuthFailure.InvalidAuthorization";
    public static final String AUTH_INVALID_SECRET_ID = "AuthFailure.InvalidSecretId";
    public static final String AUTH_SECRET_ID_NOT_FOUND = "AuthFailure.SecretIdNotFound";
    public static final String AUTH_SIGNATURE_EXPIRE = "AuthFailure.SignatureExpire";
    public static final String AUTH_SIGNATURE_FAILURE = "AuthFailure.SignatureFailure";
    public static final String AUTH_TOKEN_FAILURE = "AuthFailure.TokenFailure";
    public static final String FAILED_OPERATION = "FailedOperation";
    public static final String INTERNAL_ERROR = "InternalError";
    public static final String INVALID_ACTION = "InvalidAction";
    public static final String INVALID_PARAMETER = "InvalidParameter";
    public static final String INVALID_PARAMETER_VALUE = "InvalidParameterValue";
    public static final String LIMIT_EXCEEDED = "LimitExceeded";
    public static final String MISSING_PARAMETER = "MissingParameter";
    public static final String NO_SUCH_VERSION = "NoSuchVersion";
    public static final String REQUEST_LIMIT_EXCEEDED = "RequestLimitExceeded";
    public static final String REQUEST_SIZE_LIMIT_EXCEEDED = "RequestSizeLimitExceeded";
    public static final String RESOURCE_NOT_FOUND = "ResourceNotFound";
    public static final String UNKNOWN_PARAMETER = "UnknownParameter";
    public static final String UNSUPPORTED_OPERATION = "UnsupportedOperation";
    public static final String UNSUPPORTED_PROTOCOL = "UnsupportedProtocol";
    public static final String UNSUPPORTED_REGION = "UnsupportedRegion";

    // live-specific
    public static final String FAILED_ALTER_TASK_STATE = "FailedOperation.AlterTaskState";
    public static final String FAILED_CONF_IN_USED = "FailedOperation.ConfInUsed";
    public static final String FAILED_DOMAIN_ADDED = "FailedOperation.DomainAdded";
    public static final String FAILED_NOT_FOUND = "FailedOperation.NotFound";
    public static final String FAILED_RULE_ALREADY_EXIST = "FailedOperation.RuleAlreadyExist";
    public static final String INTERNAL_GET_CONFIG_ERROR = "InternalError.GetConfigError";
    public static final String INTERNAL_NETWORK_ERROR = "InternalError.NetworkError";
    public static final String INTERNAL_SYSTEM_ERROR = "InternalError.SystemError";
    public static final String INTERNAL_CONF_OUT_LIMIT = "InternalError.ConfOutLimit";
    public static final String INTERNAL_CONF_NOT_FOUND = "InternalError.ConfNotFound";
    public static final String INVALID_PARAM_ARGS_NOT_MATCH = "InvalidParameter.ArgsNotMatch";
    public static final String INVALID_PARAM_CONF_NOT_FOUND = "InvalidParameter.ConfNotFound";
    public static final String INVALID_PARAM_DOMAIN_FORMAT = "InvalidParameter.DomainFormatError";
    public static final String INVALID_PARAM_DOMAIN_ALREADY_EXIST = "InvalidParameter.DomainAlreadyExist";
    public static final String INVALID_PARAM_INVALID_TASK_TIME = "InvalidParameter.InvalidTaskTime";
    public static final String INVALID_PARAM_INVALID_VOD_FILE_NAME = "InvalidParameter.InvalidVodFileName";
    public static final String INVALID_PARAM_COS_CUSTOM_FILE_NAME = "InvalidParameter.COSCustomFileNameError";
    public static final String INVALID_PARAM_TASK_NOT_EXIST = "InvalidParameter.TaskNotExist";
    public static final String INVALID_PARAM_URL_NOT_SAFE = "InvalidParameter.UrlNotSafe";
    public static final String LIMIT_MAX_RUNNING_TASK = "LimitExceeded.MaximumRunningTask";
    public static final String LIMIT_MAX_TASK = "LimitExceeded.MaximumTask";
    public static final String NOT_FOUND_FORBID_SERVICE = "ResourceNotFound.ForbidService";
    public static final String NOT_FOUND_FREEZE_SERVICE = "ResourceNotFound.FreezeService";
    public static final String NOT_FOUND_STOP_SERVICE = "ResourceNotFound.StopService";
    public static final String NOT_FOUND_USER_DISABLE_SERVICE = "ResourceNotFound.UserDisableService";
    public static final String NOT_FOUND_USER_NOT_EXIST = "ResourceNotFound.UserNotExist";
    public static final String NOT_FOUND_TASK_ID = "ResourceNotFound.TaskId";
    public static final String NOT_FOUND_DOMAIN = "ResourceNotFound.DomainNotExist";
    public static final String UNAVAILABLE_INVALID_VOD_STATUS = "ResourceUnavailable.InvalidVodStatus";
    public static final String UNAVAILABLE_STREAM_NOT_EXIST = "ResourceUnavailable.StreamNotExist";
}
