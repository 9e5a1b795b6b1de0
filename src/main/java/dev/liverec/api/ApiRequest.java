package dev.liverec.api;

import java.time.Instant;
import java.util.function.Function;

/**
 * One HTTP request to the API endpoint, as received: nothing decoded or re-encoded, so signatures can be checked
 * over the exact bytes.
 *
 * @param header     case-insensitive header lookup, null when absent
 * @param rawQuery   the query string after '?', as sent (null or empty when none)
 * @param body       the raw body (empty for GET)
 * @param tooLarge   the body or query exceeded its limit (then {@code body} is empty)
 * @param limit      the limit that applied, for the error message
 * @param source     the peer's IP address (a proxy's, behind one), which a reused signature must share
 */
public record ApiRequest(String method, String host, String rawQuery, Function<String, String> header, byte[] body,
                         boolean tooLarge, long limit, String scheme, Instant receivedAt, String source) {}
