package dev.liverec.notify;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import javax.net.ssl.SSLException;

/**
 * What a failed delivery attempt shows (DescribeCallbackDeliveries LastError, the console): the JDK's HTTP client
 * often throws a bare {@code ConnectException} with no message, so the text says what happened and to where, plus
 * the first message found along the causes.
 */
final class DeliveryError {
    private DeliveryError() {}

    static String describe(Exception e, String url) {
        String where = where(url);
        String what;
        if (e instanceof HttpConnectTimeoutException) what = "connect timed out to " + where;
        else if (e instanceof HttpTimeoutException) what = "no answer in time from " + where;
        else if (e instanceof ConnectException) what = "could not connect to " + where + " (refused or unreachable)";
        else if (e instanceof UnknownHostException) what = "unknown host " + where;
        else if (e instanceof SSLException) what = "TLS failed with " + where;
        else what = e.getClass().getSimpleName() + " with " + where;
        String detail = firstMessage(e);
        return detail == null ? what : what + ": " + detail;
    }

    private static String where(String url) {
        try {
            URI u = URI.create(url);
            return u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
        } catch (IllegalArgumentException ex) {
            return "the callback URL";
        }
    }

    private static String firstMessage(Throwable t) {
        for (int depth = 0; t != null && depth < 5; t = t.getCause(), depth++) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) return t.getClass().getSimpleName() + " " + t.getMessage();
        }
        return null;
    }
}
