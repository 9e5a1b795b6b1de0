package dev.liverec.web;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /} without an API signature: a browser is sent to the console, anything else (curl) gets a few lines
 * saying where things are. Signed GET requests and every POST to {@code /} stay the API's (mounted before this).
 */
public final class LandingPage {
    static final String TEXT = """
            liverec: live-stream recording with a Tencent Cloud Live compatible record-task API (2018-08-01).
              console:  /console/   (open it in a browser; sign in with a SecretId / SecretKey)
              API:      POST /      (TC3-HMAC-SHA256 signed, headers X-TC-Action and X-TC-Version: 2018-08-01;
                                     any Tencent Cloud SDK, or: liverec call ACTION --endpoint URL)
              metrics:  /metrics    health: /healthz, /readyz
            """;

    public void mount(Router router) {
        router.get("/").handler(this::answer);
    }

    private void answer(RoutingContext rc) {
        String accept = rc.request().getHeader("Accept");
        if (accept != null && accept.contains("text/html")) {
            rc.response().setStatusCode(302).putHeader("Location", "/console/").end();
        } else {
            rc.response().putHeader("Content-Type", "text/plain; charset=utf-8").end(TEXT);
        }
    }
}
