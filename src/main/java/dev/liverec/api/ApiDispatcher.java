package dev.liverec.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liverec.account.Account;
import dev.liverec.account.AccountDirectory;
import dev.liverec.account.ResolvedCredential;
import dev.liverec.config.LiverecConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The API pipeline for one request, independent of HTTP plumbing: size → parameters → authentication (TC3 or v1)
 * → token → account state → version → region → action → rate limit → action call → envelope. Runs on a worker
 * thread (credential lookups and actions may block on JDBC). Always yields a {@code {"Response":{...}}} body.
 */
public final class ApiDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(ApiDispatcher.class);
    public static final String VERSION = "2018-08-01";
    /** Common parameters (v1 and form/query style) that never reach an action. */
    static final Set<String> COMMON_PARAMS = Set.of("Action", "Version", "Region", "Timestamp", "Nonce", "SecretId",
            "Signature", "SignatureMethod", "Token", "Language", "RequestClient");

    private final ObjectMapper json;
    private final LiverecConfig config;
    private final Clock clock;
    private final AccountDirectory accounts;
    private final ActionRegistry actions;
    private final TokenBuckets buckets;
    private final MeterRegistry metrics;
    private final Tc3Verifier tc3 = new Tc3Verifier();
    private final V1Verifier v1 = new V1Verifier();
    private final SignatureReplayGuard replays;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public ApiDispatcher(ObjectMapper json, LiverecConfig config, Clock clock, AccountDirectory accounts,
                         ActionRegistry actions, TokenBuckets buckets, MeterRegistry metrics) {
        this.json = json;
        this.config = config;
        this.clock = clock;
        this.accounts = accounts;
        this.actions = actions;
        this.buckets = buckets;
        this.metrics = metrics;
        this.replays = new SignatureReplayGuard(clock, java.time.Duration.ofSeconds(config.api.maxSkewSeconds),
                config.api.replayCacheEntries);
    }

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
        } catch (ApiException e) {
            response = error(e.code(), ApiMessages.localize(e, o.language));
            o.code = e.code();
        } catch (Exception | StackOverflowError e) {
            LOG.error("unexpected failure in action {}", o.metricAction, e);
            response = error(ErrorCodes.INTERNAL_ERROR, ApiMessages.text(ErrorCodes.INTERNAL_ERROR, o.language, requestId));
            o.code = ErrorCodes.INTERNAL_ERROR;
        } finally {
            MDC.remove("requestId");
        }
        response.put("RequestId", requestId);
        ObjectNode root = json.createObjectNode();
        root.set("Response", response);
        counter(o.metricAction, o.code).increment();
        timer(o.metricAction).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
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
        counter("unknown", ErrorCodes.REQUEST_LIMIT_EXCEEDED).increment();
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
            cred = authenticateTc3(req, authorization, lang);
        } else if (flat.containsKey("Signature") || flat.containsKey("SecretId")) {
            cred = authenticateV1(req, flat, lang);
        } else {
            throw ApiMessages.error(ErrorCodes.AUTH_INVALID_AUTHORIZATION, lang,
                    "no TC3 Authorization header and no v1 Signature parameter");
        }
        Account account = cred.account();
        String stateCode = account.state().errorCode();
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
        if (signed != null && !replays.admit(signed, bound)) {
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
        if (signed != null) replays.remember(signed, bound);
        JsonNode out = result == null ? json.createObjectNode() : json.valueToTree(result);
        if (!(out instanceof ObjectNode on)) throw new IllegalStateException(actionName + " returned " + out.getNodeType());
        return on;
    }

    private ResolvedCredential authenticateTc3(ApiRequest req, String authorization, String lang) {
        Tc3Authorization auth;
        try {
            auth = Tc3Authorization.parse(authorization);
        } catch (ApiException e) {
            throw ApiMessages.error(ErrorCodes.AUTH_INVALID_AUTHORIZATION, lang, e.getMessage());
        }
        rejectToken(req.header().apply("X-TC-Token"), lang);
        String tsText = req.header().apply("X-TC-Timestamp");
        if (tsText == null || tsText.isBlank()) throw ApiMessages.error(ErrorCodes.MISSING_PARAMETER, lang, "X-TC-Timestamp");
        long ts = parseTimestamp(tsText, "X-TC-Timestamp", lang);
        ResolvedCredential cred = lookup(auth.secretId(), lang);
        if (!auth.date().equals(Tc3Signer.utcDate(ts))) {
            throw ApiMessages.error(ErrorCodes.AUTH_SIGNATURE_FAILURE, lang,
                    "the credential date must be the UTC date of X-TC-Timestamp, " + Tc3Signer.utcDate(ts));
        }
        String query = req.method().equals("GET") ? nullToEmpty(req.rawQuery()) : "";
        if (!tc3.verify(auth, cred.secretKey(), req.method(), query, req.header(), req.body(), ts)) {
            throw ApiMessages.error(ErrorCodes.AUTH_SIGNATURE_FAILURE, lang, "signature mismatch");
        }
        checkSkew(ts, lang);
        return cred;
    }

    private ResolvedCredential authenticateV1(ApiRequest req, Map<String, String> flat, String lang) {
        for (String required : new String[] {"SecretId", "Signature", "Timestamp", "Nonce"}) {
            String v = flat.get(required);
            if (v == null || v.isEmpty()) throw ApiMessages.error(ErrorCodes.MISSING_PARAMETER, lang, required);
        }
        rejectToken(flat.get("Token"), lang);
        long ts = parseTimestamp(flat.get("Timestamp"), "Timestamp", lang);
        ResolvedCredential cred = lookup(flat.get("SecretId"), lang);
        if (!v1.verify(flat, cred.secretKey(), req.method(), req.host(), "/")) {
            throw ApiMessages.error(ErrorCodes.AUTH_SIGNATURE_FAILURE, lang, "signature mismatch");
        }
        checkSkew(ts, lang);
        return cred;
    }

    private ResolvedCredential lookup(String secretId, String lang) {
        ResolvedCredential cred = accounts.resolve(secretId).orElse(null);
        if (cred == null || !cred.enabled()) throw ApiMessages.error(ErrorCodes.AUTH_SECRET_ID_NOT_FOUND, lang);
        return cred;
    }

    private void rejectToken(String token, String lang) {
        if (token != null && !token.isEmpty() && !config.api.allowToken) {
            throw ApiMessages.error(ErrorCodes.AUTH_TOKEN_FAILURE, lang);
        }
    }

    private static long parseTimestamp(String text, String name, String lang) {
        String t = text.trim();
        if (!t.matches("\\d{1,12}")) {
            throw ApiMessages.error(ErrorCodes.INVALID_PARAMETER, lang, name, "expected Unix seconds");
        }
        return Long.parseLong(t);
    }

    private void checkSkew(long ts, String lang) {
        long now = clock.millis() / 1000;
        if (Math.abs(now - ts) > config.api.maxSkewSeconds) {
            throw ApiMessages.error(ErrorCodes.AUTH_SIGNATURE_EXPIRE, lang, config.api.maxSkewSeconds);
        }
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

    private Counter counter(String action, String code) {
        return counters.computeIfAbsent(action + ' ' + code, k -> Counter.builder("liverec.api.requests")
                .description("API requests by action and result code").tag("action", action).tag("code", code)
                .register(metrics));
    }

    private Timer timer(String action) {
        return timers.computeIfAbsent(action, k -> Timer.builder("liverec.api.request")
                .description("API request latency (authentication to reply)").tag("action", action)
                .publishPercentileHistogram(false).register(metrics));
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

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
