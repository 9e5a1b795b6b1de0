package dev.liverec.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.liverec.Main;
import dev.liverec.app.ApiModule;
import dev.liverec.config.LiverecConfig;
import dev.liverec.app.LiverecServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The credential/account CLI in separate JVMs against the data directory of a running server (H2 AUTO_SERVER), and
 * the first-start credential. The API is driven with the CLI's own signing client.
 */
class CliAgainstRunningServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    /** Runs {@code liverec ARGS} in a new JVM (this test's class path). */
    static Run liverec(String... args) throws Exception {
        return liverec(Map.of(), args);
    }

    /** The same with extra environment variables. */
    static Run liverec(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
        pb.environment().putAll(env);
        Process p = pb.start();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread t = new Thread(() -> {
            try {
                p.getErrorStream().transferTo(err);
            } catch (Exception ignored) {
                // process ended
            }
        });
        t.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        t.join();
        return new Run(p.exitValue(), out, err.toString(StandardCharsets.UTF_8));
    }

    private static String errorCode(JsonNode resp) {
        return resp.path("Error").path("Code").asText(null);
    }

    @Test
    void firstStartPrintsACredentialOnceAndTheCliManagesCredentialsWhileTheServerRuns() throws Exception {
        LiverecConfig cfg = new LiverecConfig();
        cfg.dataDir = dir.toString();
        cfg.http.port = 0;
        cfg.http.host = "127.0.0.1";
        cfg.rtmp.port = 0;
        cfg.api.rateLimitPerSecond = 0;

        PrintStream stdout = System.out;
        ByteArrayOutputStream banner = new ByteArrayOutputStream();
        LiverecServer server;
        System.setOut(new PrintStream(banner, true, StandardCharsets.UTF_8));
        try {
            server = LiverecServer.start(cfg, Clock.systemUTC(), ctx -> List.of(new ApiModule(ctx), new EchoModule(ctx)));
        } finally {
            System.setOut(stdout);
        }
        try {
            Matcher m = Pattern.compile("SecretId:\\s+(AKID\\w+)\\s+SecretKey:\\s+(\\w+)").matcher(banner.toString(StandardCharsets.UTF_8));
            assertThat(m.find()).as(banner.toString()).isTrue();
            URI endpoint = URI.create("http://127.0.0.1:" + server.httpPort());
            ApiClient first = new ApiClient(ApiClient.defaultHttpClient(), endpoint, m.group(1), m.group(2), null, null);
            assertThat(errorCode(first.call("TestEcho", "{}".getBytes()))).isNull();

            // another process creates a credential on the same data directory; it works at once
            Run created = liverec("credential", "create", "--data-dir", dir.toString(), "--account", "cli", "--json");
            assertThat(created.exit()).as(created.err()).isZero();
            assertThat(created.out()).matches("\\{\"SecretId\": \"AKID[0-9A-Za-z]{32}\", \"SecretKey\": \"[0-9A-Za-z]{40}\"\\}\\R");
            JsonNode cred = JSON.readTree(created.out());
            ApiClient cli = new ApiClient(ApiClient.defaultHttpClient(), endpoint, cred.get("SecretId").asText(),
                    cred.get("SecretKey").asText(), null, null);
            JsonNode echo = cli.call("TestEcho", "{}".getBytes());
            assertThat(errorCode(echo)).isNull();
            assertThat(echo.path("Account").asText()).isEqualTo("cli");

            Run listed = liverec("credential", "list", "--data-dir", dir.toString(), "--json");
            assertThat(listed.out()).contains(cred.get("SecretId").asText()).doesNotContain(cred.get("SecretKey").asText())
                    .doesNotContain(m.group(2));

            // an operator freezes the account from another process: ResourceNotFound.FreezeService within the cache TTL
            assertThat(liverec("account", "set-state", "cli", "frozen", "--data-dir", dir.toString()).exit()).isZero();
            await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100))
                    .until(() -> "ResourceNotFound.FreezeService".equals(errorCode(cli.call("TestEcho", "{}".getBytes()))));
            assertThat(errorCode(first.call("TestEcho", "{}".getBytes()))).isNull(); // other accounts unaffected

            Run disabled = liverec("credential", "disable", m.group(1), "--data-dir", dir.toString());
            assertThat(disabled.exit()).as(disabled.err()).isZero();
            await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100))
                    .until(() -> "AuthFailure.SecretIdNotFound".equals(errorCode(first.call("TestEcho", "{}".getBytes()))));
        } finally {
            server.close();
        }

        // a second start on the same database creates and prints nothing
        banner.reset();
        System.setOut(new PrintStream(banner, true, StandardCharsets.UTF_8));
        try {
            LiverecServer.start(cfg, Clock.systemUTC(), ctx -> List.of(new ApiModule(ctx))).close();
        } finally {
            System.setOut(stdout);
        }
        assertThat(banner.toString(StandardCharsets.UTF_8)).doesNotContain("SecretKey");
    }

    @Test
    void credentialCreatedWithoutAServerWorksOnceOneStarts() throws Exception {
        Run created = liverec("credential", "create", "--data-dir", dir.toString(), "--json");
        assertThat(created.exit()).as(created.err()).isZero();
        JsonNode cred = JSON.readTree(created.out());

        LiverecConfig cfg = new LiverecConfig();
        cfg.dataDir = dir.toString();
        cfg.http.port = 0;
        cfg.http.host = "127.0.0.1";
        cfg.rtmp.port = 0;
        PrintStream stdout = System.out;
        ByteArrayOutputStream banner = new ByteArrayOutputStream();
        System.setOut(new PrintStream(banner, true, StandardCharsets.UTF_8));
        LiverecServer server;
        try {
            server = LiverecServer.start(cfg, Clock.systemUTC(), ctx -> List.of(new ApiModule(ctx), new EchoModule(ctx)));
        } finally {
            System.setOut(stdout);
        }
        try (server) {
            assertThat(banner.toString(StandardCharsets.UTF_8)).doesNotContain("SecretKey"); // the database had an account
            ApiClient c = new ApiClient(ApiClient.defaultHttpClient(), URI.create("http://127.0.0.1:" + server.httpPort()),
                    cred.get("SecretId").asText(), cred.get("SecretKey").asText(), null, null);
            assertThat(errorCode(c.call("TestEcho", "{}".getBytes()))).isNull();
        }
    }

    @Test
    void callCommandSignsBuildsNestedParamsAndExitsNonZeroOnErrors() throws Exception {
        LiverecConfig cfg = new LiverecConfig();
        cfg.dataDir = dir.toString();
        cfg.http.port = 0;
        cfg.http.host = "127.0.0.1";
        cfg.rtmp.port = 0;
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try (LiverecServer server = LiverecServer.start(cfg, Clock.systemUTC(), ctx -> List.of(new ApiModule(ctx), new EchoModule(ctx)))) {
            Matcher m = Pattern.compile("SecretId:\\s+(AKID\\w+)\\s+SecretKey:\\s+(\\w+)").matcher(out.toString(StandardCharsets.UTF_8));
            assertThat(m.find()).isTrue();
            String endpoint = "http://127.0.0.1:" + server.httpPort();
            out.reset();
            int rc = new CommandLine(new Main()).execute("call", "TestEcho", "--endpoint", endpoint, "--secret-id", m.group(1),
                    "--secret-key", m.group(2), "--region", "ap-guangzhou", "--param", "EndTime=1700000000",
                    "--param", "FlvParam.Enable=1", "--param", "Ids.0=a", "--param", "Name=x1", "--json", "{\"Keep\":\"007\"}");
            assertThat(rc).isZero();
            JsonNode resp = JSON.readTree(out.toString(StandardCharsets.UTF_8));
            assertThat(resp.path("Params").toString()).isEqualTo(
                    "{\"Keep\":\"007\",\"EndTime\":1700000000,\"FlvParam\":{\"Enable\":1},\"Ids\":[\"a\"],\"Name\":\"x1\"}");
            assertThat(resp.path("Region").asText()).isEqualTo("ap-guangzhou");

            out.reset();
            rc = new CommandLine(new Main()).execute("call", "NoSuchAction", "--endpoint", endpoint, "--secret-id", m.group(1),
                    "--secret-key", m.group(2));
            assertThat(rc).isEqualTo(1);
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("InvalidAction");
        } finally {
            System.setOut(stdout);
        }
    }
}
