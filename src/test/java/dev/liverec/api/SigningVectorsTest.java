package dev.liverec.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** Every TC3 and v1 vector of the spec's vectors.json (our copy in src/test/resources/spec), step by step, through the signers and the verifiers. */
class SigningVectorsTest {
    static JsonNode vectors() throws Exception {
        return dev.liverec.SpecVectors.all();
    }

    @TestFactory
    List<DynamicTest> tc3Vectors() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode v : vectors().get("tc3_vectors")) {
            tests.add(DynamicTest.dynamicTest(v.get("id").asText(), () -> checkTc3(v)));
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(7);
        return tests;
    }

    private static void checkTc3(JsonNode v) {
        JsonNode in = v.get("inputs"), ex = v.get("expected");
        byte[] payload = in.get("payload").asText().getBytes(StandardCharsets.UTF_8);
        long ts = in.get("timestamp").asLong();
        String method = in.get("method").asText();
        String query = in.get("query").asText();
        assertThat(Tc3Signer.utcDate(ts)).isEqualTo(ex.get("date").asText());
        assertThat(Tc3Signer.sha256Hex(payload)).isEqualTo(ex.get("hashed_payload").asText());
        Tc3Signer.Signed s = Tc3Signer.sign(in.get("secret_id").asText(), in.get("secret_key").asText(),
                in.get("service").asText(), method, in.get("host").asText(), query, in.get("content_type").asText(),
                payload, ts);
        assertThat(in.get("signed_headers").asText()).isEqualTo("content-type;host");
        assertThat(s.canonicalRequest()).isEqualTo(ex.get("canonical_request").asText());
        assertThat(Tc3Signer.sha256Hex(s.canonicalRequest())).isEqualTo(ex.get("hashed_canonical_request").asText());
        assertThat(s.credentialScope()).isEqualTo(ex.get("credential_scope").asText());
        assertThat(s.stringToSign()).isEqualTo(ex.get("string_to_sign").asText());
        assertThat(s.signature()).isEqualTo(ex.get("signature").asText());
        if (ex.has("authorization")) assertThat(s.authorization()).isEqualTo(ex.get("authorization").asText());

        // the verifier accepts the vector's request as it would arrive (for the port-stripped vector: Host with :8443)
        String sentHost = v.get("id").asText().contains("port-stripped") ? in.get("host").asText() + ":8443" : in.get("host").asText();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", in.get("content_type").asText());
        headers.put("host", sentHost);
        Function<String, String> lookup = name -> headers.get(name.toLowerCase());
        Tc3Authorization auth = Tc3Authorization.parse(s.authorization());
        Tc3Verifier verifier = new Tc3Verifier();
        assertThat(verifier.verify(auth, in.get("secret_key").asText(), method, query, lookup, payload, ts)).isTrue();
        // and refuses it with one byte of the body changed, or another key
        byte[] tampered = payload.clone();
        if (tampered.length > 0) {
            tampered[tampered.length / 2] ^= 1;
            assertThat(verifier.verify(auth, in.get("secret_key").asText(), method, query, lookup, tampered, ts)).isFalse();
        }
        assertThat(verifier.verify(auth, in.get("secret_key").asText() + "x", method, query, lookup, payload, ts)).isFalse();
    }

    @TestFactory
    List<DynamicTest> v1Vectors() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode v : vectors().get("v1_vectors")) {
            tests.add(DynamicTest.dynamicTest(v.get("id").asText(), () -> {
                JsonNode in = v.get("inputs"), ex = v.get("expected");
                Map<String, String> params = new LinkedHashMap<>();
                in.get("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
                String method = in.get("method").asText();
                String sts = V1Signer.stringToSign(method, in.get("host").asText(), in.get("path").asText(), params);
                assertThat(sts).isEqualTo(ex.get("string_to_sign").asText());
                String sig = V1Signer.sign(in.get("secret_key").asText(), params.get("SignatureMethod"), sts);
                assertThat(sig).isEqualTo(ex.get("signature_base64").asText());
                if (ex.has("signature_url_encoded")) {
                    assertThat(java.net.URLEncoder.encode(sig, StandardCharsets.UTF_8)).isEqualTo(ex.get("signature_url_encoded").asText());
                }
                params.put("Signature", sig);
                V1Verifier verifier = new V1Verifier();
                assertThat(verifier.verify(params, in.get("secret_key").asText(), method, in.get("host").asText(), "/")).isTrue();
                params.put("Limit", "21");
                assertThat(verifier.verify(params, in.get("secret_key").asText(), method, in.get("host").asText(), "/")).isFalse();
            }));
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(3);
        return tests;
    }
}
