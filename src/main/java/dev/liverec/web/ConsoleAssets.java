package dev.liverec.web;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The console's static files (classpath {@code console/}) at {@code /console/}, and hls.js from its WebJar at
 * {@code /console/vendor/hls/} so no page loads code from a CDN.
 */
public final class ConsoleAssets {
    static final String HLS_WEBJAR = "META-INF/resources/webjars/hls.js/";

    /**
     * The console talks to {@code POST /} on its own origin; media (playlists, segments, files) may come from the
     * configured public URL, which can be another host name for the same node.
     */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "media-src 'self' blob: http: https:; connect-src 'self' http: https:; worker-src 'self' blob:; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    public void mount(Router router) {
        // Vert.x matches "/console" for "/console/" too: redirect only the bare path
        router.getWithRegex("/console").handler(rc -> rc.redirect("/console/"));
        router.route("/console/*").handler(rc -> {
            rc.response().putHeader("Content-Security-Policy", CSP)
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Referrer-Policy", "no-referrer");
            rc.next();
        });
        router.route("/console/vendor/hls/*").handler(StaticHandler.create(HLS_WEBJAR + hlsVersion() + "/dist")
                .setMaxAgeSeconds(86400));
        router.route("/console/*").handler(StaticHandler.create("console").setIndexPage("index.html")
                .setCachingEnabled(false).setDefaultContentEncoding("UTF-8"));
        // a browser opening the node's root lands on the console. Ordered before the API gateway's GET / (legacy v1
        // requests, which always carry a query string); anything that is not a plain page load goes on to it.
        router.get("/").order(-1).handler(rc -> {
            String query = rc.request().query();
            String accept = rc.request().getHeader(HttpHeaders.ACCEPT);
            if ((query == null || query.isEmpty()) && accept != null && accept.contains("text/html")) {
                rc.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, "/console/").end();
            } else {
                rc.next();
            }
        });
    }

    /** The hls.js version packaged on the classpath (from the WebJar's Maven metadata). */
    static String hlsVersion() {
        try (InputStream in = ConsoleAssets.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars.npm/hls.js/pom.properties")) {
            if (in == null) throw new IllegalStateException("hls.js WebJar missing from the classpath");
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new IllegalStateException("reading the hls.js WebJar version", e);
        }
    }
}
