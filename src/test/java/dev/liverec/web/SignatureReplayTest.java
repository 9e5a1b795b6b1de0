package dev.liverec.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.liverec.api.Tc3Signer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10, R2: {@code X-TC-Action} is not among the headers the SDKs sign, so a captured StopRecordTask replayed
 * within the skew window with {@code X-TC-Action: DeleteRecordTask} deleted the task. A signature is now good for
 * one request: an identical retry is accepted, the same signature for another action (or region) is refused.
 */
class SignatureReplayTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    @TempDir Path dir;
    private NodeFixture node;

    @AfterEach
    void stop() {
        if (node != null) node.close();
    }

    private JsonNode send(String authorization, long ts, String action, String region, byte[] body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(node.url() + "/"))
                .header("Content-Type", "application/json").header("Authorization", authorization)
                .header("X-TC-Action", action).header("X-TC-Version", "2018-08-01")
                .header("X-TC-Timestamp", Long.toString(ts)).header("X-TC-Region", region)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return JSON.readTree(http.send(req, HttpResponse.BodyHandlers.ofString()).body()).path("Response");
    }

    /** The same request from another source address (127.0.0.2), over a raw socket bound to it. */
    private JsonNode sendFrom(String localAddress, String authorization, long ts, String action, byte[] body)
            throws Exception {
        try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getByName("127.0.0.1"), node.httpPort,
                java.net.InetAddress.getByName(localAddress), 0)) {
            String head = "POST / HTTP/1.1\r\nHost: 127.0.0.1:" + node.httpPort + "\r\nContent-Type: application/json\r\n"
                    + "Authorization: " + authorization + "\r\nX-TC-Action: " + action + "\r\nX-TC-Version: 2018-08-01\r\n"
                    + "X-TC-Timestamp: " + ts + "\r\nX-TC-Region: ap-guangzhou\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n";
            s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().write(body);
            String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return JSON.readTree(reply.substring(reply.indexOf("\r\n\r\n") + 4)).path("Response");
        }
    }

    private static long cfgGraceMillis() {
        return new dev.liverec.config.ApiConfig().replayGraceMillis;
    }

    @Test
    void aStopRecordTaskSignatureCannotBeReplayedAsDeleteRecordTask() throws Exception {
        node = new NodeFixture(dir, cfg -> cfg.api.regions = java.util.List.of("ap-guangzhou", "ap-shanghai"));
        node.addDomain("push.replay.test");
        long now = System.currentTimeMillis() / 1000;
        String taskId = node.api("CreateRecordTask", Map.of("DomainName", "push.replay.test", "AppName", "live",
                "StreamName", "cam", "StartTime", now + 300, "EndTime", now + 900)).path("TaskId").asText();

        byte[] body = JSON.writeValueAsBytes(Map.of("TaskId", taskId));
        String host = "127.0.0.1:" + node.httpPort;
        String auth = Tc3Signer.sign(node.cred.secretId(), node.cred.secretKey(), "live", "POST", host, "",
                "application/json", body, now).authorization();
        JsonNode stop = send(auth, now, "StopRecordTask", "ap-guangzhou", body);
        assertThat(stop.has("Error")).as(stop.toString()).isFalse();
        JsonNode retry = send(auth, now, "StopRecordTask", "ap-guangzhou", body); // an SDK retry: same request
        assertThat(retry.path("Error").path("Code").asText()).isNotEqualTo("AuthFailure.SignatureFailure");
        // within the grace, but from another address than the original: not an SDK's same-second pair
        JsonNode elsewhere = sendFrom("127.0.0.2", auth, now, "DeleteRecordTask", body);
        assertThat(elsewhere.path("Error").path("Code").asText()).as(elsewhere.toString())
                .isEqualTo("AuthFailure.SignatureFailure");

        Thread.sleep(cfgGraceMillis() + 300); // a captured request replayed later than an SDK's same-second calls
        JsonNode replay = send(auth, now, "DeleteRecordTask", "ap-guangzhou", body);
        assertThat(replay.path("Error").path("Code").asText()).isEqualTo("AuthFailure.SignatureFailure");
        JsonNode otherRegion = send(auth, now, "StopRecordTask", "ap-shanghai", body);
        assertThat(otherRegion.path("Error").path("Code").asText()).isEqualTo("AuthFailure.SignatureFailure");

        JsonNode list = node.api("DescribeRecordTask", Map.of("StartTime", now - 60, "EndTime", now + 3600));
        assertThat(new String(JSON.writeValueAsBytes(list), StandardCharsets.UTF_8)).contains(taskId);
    }
}
