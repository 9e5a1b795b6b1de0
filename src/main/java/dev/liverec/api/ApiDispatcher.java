package dev.liverec.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.liverec.db.SqlErrors;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liverec.control.account.Account;
import dev.liverec.control.account.AccountDirectory;
import dev.liverec.control.account.ResolvedCredential;
import dev.liverec.config.LiverecConfig;
import dev.liverec.control.ControlFailure;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The API pipeline for one request, independent of HTTP plumbing: size → parameters → authentication (TC3 or v1)
 * → token → account state → version → region → action → rate limit → action call → envelope. Runs on a worker
 * thread (credential lookups and actions may block on JDBC). Always yields a {@code {"Response":{...}}} body.
 * Authentication is {@link ApiAuthenticator}'s, the request metrics {@link ApiMeters}'.
 */
public final class ApiDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(ApiDispatcher.class);
    public static final String VERSION = "2018-08-01";
    /** Common parameters (v1 and form/query style) that never reach an action. */
    static final Set<String> COMMON_PARAMS = Set.of("Action", "Version", "Region", "Timestamp", "Nonce", "SecretId",
            "Signature", "SignatureMethod", "Token", "Language", "RequestClient");

    private final ObjectMapper json;
    private final LiverecConfig config;
    private final ActionRegistry actions;
    private final TokenBuckets buckets;
    private final ApiAuthenticator auth;
    private final ApiMeters meters;
    private final SignatureReplayGuard replays;

    public ApiDispatcher(ObjectMapper json, LiverecConfig config, Clock clock, AccountDirectory accounts,
                         ActionRegistry actions, TokenBuckets buckets, MeterRegistry metrics) {
        this.json = json;
        this.config = config;
        this.actions = actions;
        this.buckets = buckets;
        this.auth = new ApiAuthenticator(config.api, clock, accounts);
        this.meters = new ApiMeters(metrics);
        this.replays = new SignatureReplayGuard(clock, java.time.Duration.ofSeconds(config.api.maxSkewSeconds),
                config.api.replayCacheEntries, java.time.Duration.ofMillis(config.api.replayGraceMillis));
    }

    static final String DATABASE_DOWN = "The database is unreachable; retry in a few seconds.";

    /** The serialized reply body; never throws. */
    public byte[] dispatch(ApiRequest req) {
        long started = System.nanoTime();
        String requestId = requestId();
        MDC.put("requestId", requestId);
        Outcome o = new Outcome();
        ObjectNode response;
        try {
            response = run(req, requestId, o);
            o.code = "OK";
        } catch (ApiException | ControlFailure failure) {
            ApiException e = failure instanceof ControlFailure f ? FailureCodes.toApi(f) : (ApiException) failure;
            response = error(e.code(), ApiMessages.localize(e, o.language));
            o.code = e.code();
        } catch (Exception | StackOverflowError e) {
            if (SqlErrors.unavailable(e)) { // answered within db.connectionTimeoutMillis, no stack trace per call
                LOG.warn("action {}: database unreachable: {}", o.metricAction, e.toString());
                response = error(ErrorCodes.INTERNAL_ERROR, DATABASE_DOWN);
            } else {
                LOG.error("unexpected failure in action {}", o.metricAction, e);
                response = error(ErrorCodes.INTERNAL_ERROR, ApiMessages.text(ErrorCodes.INTERNAL_ERROR, o.language, requestId));
            }
            o.code = ErrorCodes.INTERNAL_ERROR;
        } finally {
            MDC.remove("requestId");
        }
        response.put("RequestId", requestId);
        ObjectNode root = json.createObjectNode();
        root.set("Response", response);
        meters.record(o.metricAction, o.code, System.nanoTime() - started);
        try {
            return json.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            LOG.error("cannot serialize the reply of {}", o.metricAction, e);
            return ("{\"Response\":{\"Error\":{\"Code\":\"InternalError\",\"Message\":\"internal error\"},\"RequestId\":\""
                    + requestId + "\"}}").getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The reply when the worker pool is saturated: RequestLimitExceeded, without authentication or database access. */
    public byte[] overloaded(ApiRequest req) {
        String lang = ApiMessages.normalize(req.header().apply("X-TC-Language"));
        ObjectNode response = error(ErrorCodes.REQUEST_LIMIT_EXCEEDED,
                ApiMessages.text(ErrorCodes.REQUEST_LIMIT_EXCEEDED, lang, "this server"));
        response.put("RequestId", requestId());
        meters.record("unknown", ErrorCodes.REQUEST_LIMIT_EXCEEDED, -1);
        ObjectNode root = json.createObjectNode();
        root.set("Response", response);
        try {
            return json.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What is known about a request as it goes through the pipeline (for the error text and the metrics). */
    private static final class Outcome {
        String language = ApiMessages.EN;
        String metricAction = "unknown";
        String code;
    }

    private ObjectNode run(ApiRequest req, String requestId, Outcome o) throws Exception {
        o.language = ApiMessages.normalize(req.header().apply("X-TC-Language"));
        if (req.tooLarge()) throw ApiMessages.error(ErrorCodes.REQUEST_SIZE_LIMIT_EXCEEDED, o.language, req.limit());
        if (!req.method().equals("GET") && !req.method().equals("POST")) {
            throw ApiMessages.error(ErrorCodes.UNSUPPORTED_PROTOCOL, o.language, req.method());
        }

        // parameters: query (GET), form body, or JSON body (parsed after authentication)
        String contentType = req.header().apply("Content-Type");
        boolean form = req.method().equals("POST") && contentType != null
                && contentType.trim().toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded");
        Map<String, String> flat;
        if (req.method().equals("GET")) flat = FormDecoder.decode(req.rawQuery());
        else if (form) flat = FormDecoder.decode(new String(req.body(), StandardCharsets.UTF_8));
        else flat = Map.of();
        if (req.header().apply("X-TC-Language") == null && flat.containsKey("Language")) {
            o.language = ApiMessages.normalize(flat.get("Language"));
        }
        String lang = o.language;

        // authentication
        String authorization = req.header().apply("Authorization");
        ResolvedCredential cred;
        if (authorization != null && !authorization.isBlank()) {
            cred = auth.tc3(req, authorization, lang);
        } else if (flat.containsKey("Signature") || flat.containsKey("SecretId")) {
            cred = auth.v1(req, flat, lang);
        } else {
            throw ApiMessages.error(ErrorCodes.AUTH_INVALID_AUTHORIZATION, lang,
                    "no TC3 Authorization header and no v1 Signature parameter");
        }
        Account account = cred.account();
        String stateCode = FailureCodes.refused(account.state());
        if (stateCode != null) throw ApiMessages.error(stateCode, lang);

        String version = first(req.header().apply("X-TC-Version"), flat.get("Version"));
        if (version == null || version.isEmpty()) throw ApiMessages.error(ErrorCodes.MISSING_PARAMETER, lang, "X-TC-Version");
        if (!version.equals(VERSION)) throw ApiMessages.error(ErrorCodes.NO_SUCH_VERSION, lang, version);

        String region = first(req.header().apply("X-TC-Region"), flat.get("Region"));
        if (region != null && region.isEmpty()) region = null;
        if (region != null && !config.api.regions.isEmpty() && !config.api.regions.contains(region)) {
            throw ApiMessages.error(ErrorCodes.UNSUPPORTED_REGION, lang, region);
        }

        String actionName = first(req.header().apply("X-TC-Action"), flat.get("Action"));
        if (actionName == null || actionName.isEmpty()) throw ApiMessages.error(ErrorCodes.MISSING_PARAMETER, lang, "X-TC-Action");
        ApiAction action = actions.find(actionName)
                .orElseThrow(() -> ApiMessages.error(ErrorCodes.INVALID_ACTION, lang, actionName));
        o.metricAction = actionName;
        String signed = authorization == null || authorization.isBlank() ? null : authorization.trim();
        String bound = signed == null ? null
                : SignatureReplayGuard.boundRequest(Tc3Authorization.parse(signed), actionName, version, region);
        if (signed != null && !replays.admit(signed, bound, req.source())) {
            throw ApiMessages.error(ErrorCodes.AUTH_SIGNATURE_FAILURE, lang,
                    "this signature was already used for another action, version or region");
        }

        if (!buckets.tryAcquire(cred.secretId() + ' ' + actionName)) {
            throw ApiMessages.error(ErrorCodes.REQUEST_LIMIT_EXCEEDED, lang, actionName);
        }

        ObjectNode params;
        if (req.method().equals("GET") || form) {
            Map<String, String> own = new LinkedHashMap<>(flat);
            own.keySet().removeAll(COMMON_PARAMS);
            params = ParamUnflattener.unflatten(own);
        } else {
            params = parseJsonBody(req.body(), lang);
        }

        ApiCall call = new ApiCall(actionName, account, params, region, lang, requestId, req.receivedAt(), baseUrl(req));
        Object result = action.handle(call);
        if (signed != null) replays.remember(signed, bound, req.source());
        JsonNode out = result == null ? json.createObjectNode() : json.valueToTree(result);
        if (!(out instanceof ObjectNode on)) throw new IllegalStateException(actionName + " returned " + out.getNodeType());
        return on;
    }

    private ObjectNode parseJsonBody(byte[] body, String lang) {
        if (body.length == 0) return json.createObjectNode();
        JsonNode n;
        try {
            n = json.readTree(body);
        } catch (Exception e) {
            throw ApiMessages.error(ErrorCodes.INVALID_PARAMETER, lang, "body", "not valid JSON");
        }
        if (n == null || n.isMissingNode()) return json.createObjectNode();
        if (!(n instanceof ObjectNode on)) throw ApiMessages.error(ErrorCodes.INVALID_PARAMETER, lang, "body", "expected a JSON object");
        return on;
    }

    private String baseUrl(ApiRequest req) {
        String configured = config.http.publicUrl;
        if (configured != null && !configured.isBlank()) return config.publicUrl();
        return req.host() == null || req.host().isEmpty() ? config.publicUrl() : req.scheme() + "://" + req.host();
    }

    private ObjectNode error(String code, String message) {
        ObjectNode r = json.createObjectNode();
        ObjectNode e = r.putObject("Error");
        e.put("Code", code);
        e.put("Message", message);
        return r;
    }

    /**
     * A random (version 4 layout) UUID. RequestIds only need to be unique, not unpredictable, so this avoids the
     * shared SecureRandom of {@link UUID#randomUUID()} on the request path.
     */
    static String requestId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long hi = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(hi, lo).toString();
    }

    private static String first(String a, String b) {
        return a != null ? a.trim() : b;
    }

}
