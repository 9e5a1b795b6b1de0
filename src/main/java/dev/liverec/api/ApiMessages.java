package dev.liverec.api;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * English and Chinese texts of the gateway's errors (X-TC-Language en-US / zh-CN; default English). Placeholders
 * {0}, {1} are replaced literally. The parameter errors that {@link ApiException}'s factories and {@link Params}
 * produce in English are translated too, keeping the parameter name.
 */
public final class ApiMessages {
    public static final String ZH = "zh-CN";
    public static final String EN = "en-US";

    private record Text(String en, String zh) {}

    private static final Map<String, Text> CATALOG = Map.ofEntries(
            Map.entry(ErrorCodes.AUTH_INVALID_AUTHORIZATION, new Text(
                    "The Authorization header is missing or malformed ({0}).",
                    "Authorization 头缺失或格式错误（{0}）。")),
            Map.entry(ErrorCodes.AUTH_SECRET_ID_NOT_FOUND, new Text(
                    "The SecretId is not found or is disabled; check that it is correct and enabled.",
                    "密钥不存在或已被禁用，请检查 SecretId 是否正确且处于启用状态。")),
            Map.entry(ErrorCodes.AUTH_SIGNATURE_FAILURE, new Text(
                    "The provided credentials could not be validated; check your signature ({0}).",
                    "请求签名验证失败，请检查签名计算是否正确（{0}）。")),
            Map.entry(ErrorCodes.AUTH_SIGNATURE_EXPIRE, new Text(
                    "The request has expired: the timestamp differs from the server time by more than {0} seconds.",
                    "签名已过期：Timestamp 与服务器时间相差超过 {0} 秒。")),
            Map.entry(ErrorCodes.AUTH_TOKEN_FAILURE, new Text(
                    "Temporary credentials (Token) are not accepted by this server.",
                    "本服务不接受临时凭证（Token）。")),
            Map.entry(ErrorCodes.REQUEST_SIZE_LIMIT_EXCEEDED, new Text(
                    "The request exceeds the size limit of {0} bytes.",
                    "请求大小超过上限 {0} 字节。")),
            Map.entry(ErrorCodes.REQUEST_LIMIT_EXCEEDED, new Text(
                    "Too many requests for {0}; retry later.",
                    "{0} 请求频率超过限制，请稍后重试。")),
            Map.entry(ErrorCodes.NO_SUCH_VERSION, new Text(
                    "The API version `{0}` does not exist; this service speaks 2018-08-01.",
                    "接口版本 `{0}` 不存在，本服务使用 2018-08-01。")),
            Map.entry(ErrorCodes.UNSUPPORTED_REGION, new Text(
                    "The region `{0}` is not supported.",
                    "不支持地域 `{0}`。")),
            Map.entry(ErrorCodes.INVALID_ACTION, new Text(
                    "The action `{0}` does not exist.",
                    "接口 `{0}` 不存在。")),
            Map.entry(ErrorCodes.MISSING_PARAMETER, new Text(
                    "The parameter `{0}` is missing.",
                    "缺少参数 `{0}`。")),
            Map.entry(ErrorCodes.UNKNOWN_PARAMETER, new Text(
                    "The parameter `{0}` is not recognized.",
                    "未定义的参数 `{0}`。")),
            Map.entry(ErrorCodes.INVALID_PARAMETER, new Text(
                    "The parameter `{0}` is invalid: {1}",
                    "参数 `{0}` 错误：{1}")),
            Map.entry(ErrorCodes.INVALID_PARAMETER_VALUE, new Text(
                    "The value of `{0}` is invalid: {1}",
                    "参数 `{0}` 的取值错误：{1}")),
            Map.entry(ErrorCodes.UNSUPPORTED_PROTOCOL, new Text(
                    "Only GET and POST requests are supported ({0}).",
                    "仅支持 GET 与 POST 请求（{0}）。")),
            Map.entry(ErrorCodes.INTERNAL_ERROR, new Text(
                    "An internal error occurred; retry later. RequestId: {0}",
                    "内部错误，请稍后重试。RequestId：{0}")),
            Map.entry(ErrorCodes.NOT_FOUND_FREEZE_SERVICE, new Text(
                    "The service of this account is frozen.",
                    "账号服务已被冻结。")),
            Map.entry(ErrorCodes.NOT_FOUND_STOP_SERVICE, new Text(
                    "The service of this account is stopped.",
                    "账号服务已停止。")),
            Map.entry(ErrorCodes.NOT_FOUND_USER_DISABLE_SERVICE, new Text(
                    "The service was disabled by the account owner.",
                    "用户已主动停用服务。")),
            Map.entry(ErrorCodes.NOT_FOUND_FORBID_SERVICE, new Text(
                    "The service of this account is forbidden by an operator.",
                    "账号服务已被管理员禁用。")));

    private static final Pattern PARAM = Pattern.compile("^The (?:parameter|value of) `([^`]*)`(?: is (?:missing|not recognized|invalid: (.*)))?\\.?$",
            Pattern.DOTALL);

    private ApiMessages() {}

    /** "zh-CN" when asked for, otherwise "en-US" (the default, also for unknown values). */
    public static String normalize(String language) {
        return language != null && language.trim().equalsIgnoreCase(ZH) ? ZH : EN;
    }

    public static String text(String code, String language, Object... args) {
        Text t = CATALOG.get(code);
        if (t == null) throw new IllegalArgumentException("no message for " + code);
        String s = ZH.equals(language) ? t.zh() : t.en();
        for (int i = 0; i < args.length; i++) s = s.replace("{" + i + "}", String.valueOf(args[i]));
        return s;
    }

    public static ApiException error(String code, String language, Object... args) {
        return new ApiException(code, text(code, language, args));
    }

    /** The message to send for an exception: translated for zh-CN where it is one of the common parameter errors. */
    public static String localize(ApiException e, String language) {
        if (!ZH.equals(language) || e.getMessage() == null) return e.getMessage();
        String code = e.code();
        if (code.equals(ErrorCodes.MISSING_PARAMETER) || code.equals(ErrorCodes.UNKNOWN_PARAMETER)
                || code.equals(ErrorCodes.INVALID_PARAMETER) || code.equals(ErrorCodes.INVALID_PARAMETER_VALUE)) {
            Matcher m = PARAM.matcher(e.getMessage());
            if (m.matches()) return text(code, ZH, m.group(1), m.group(2) == null ? "" : m.group(2));
        }
        return e.getMessage();
    }
}
