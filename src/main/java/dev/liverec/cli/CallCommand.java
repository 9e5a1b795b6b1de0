package dev.liverec.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code liverec call <Action> [--param k=v ...] [--json '{...}']}: one TC3-signed API call; prints the Response
 * object; exit code 1 when it carries an Error. {@code --param} values that look like integers are sent as numbers
 * (quote nothing: use {@code --json} for a string of digits), and dotted keys build nested objects
 * ({@code FlvParam.Enable=1}); a numeric segment is a list index ({@code Ids.0=x}).
 */
@Command(name = "call", description = "Call an API action with a TC3-signed request and print the Response JSON.")
public final class CallCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ACTION") String action;
    @Option(names = "--param", paramLabel = "K=V", description = "A parameter (repeatable)") List<String> params = new ArrayList<>();
    @Option(names = "--json", paramLabel = "JSON", description = "The parameters as a JSON object (--param entries are merged in)") String jsonBody;
    @Option(names = "--endpoint", defaultValue = "http://127.0.0.1:8080", description = "default ${DEFAULT-VALUE}") URI endpoint;
    @Option(names = "--secret-id", defaultValue = "${env:LIVEREC_SECRET_ID}", description = "default: env LIVEREC_SECRET_ID") String secretId;
    @Option(names = "--secret-key", defaultValue = "${env:LIVEREC_SECRET_KEY}", description = "default: env LIVEREC_SECRET_KEY") String secretKey;
    @Option(names = "--region") String region;
    @Option(names = "--language", description = "zh-CN or en-US") String language;

    @Override
    public Integer call() throws Exception {
        if (secretId == null || secretKey == null) {
            System.err.println("--secret-id and --secret-key are required (or env LIVEREC_SECRET_ID / LIVEREC_SECRET_KEY)");
            return 2;
        }
        ObjectMapper m = new ObjectMapper();
        ObjectNode body = buildBody(m, jsonBody, params);
        ApiClient client = new ApiClient(ApiClient.defaultHttpClient(), endpoint, secretId, secretKey, region, language);
        JsonNode resp = client.call(action, m.writeValueAsBytes(body));
        System.out.println(m.writerWithDefaultPrettyPrinter().writeValueAsString(resp));
        return resp.has("Error") ? 1 : 0;
    }

    static ObjectNode buildBody(ObjectMapper m, String jsonBody, List<String> params) throws Exception {
        ObjectNode body;
        if (jsonBody != null && !jsonBody.isBlank()) {
            JsonNode n = m.readTree(jsonBody);
            if (!(n instanceof ObjectNode on)) throw new IllegalArgumentException("--json must be a JSON object");
            body = on;
        } else {
            body = m.createObjectNode();
        }
        for (String p : params) {
            int eq = p.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("--param must be key=value: " + p);
            set(body, p.substring(0, eq).split("\\."), 0, p.substring(eq + 1));
        }
        return body;
    }

    private static void set(JsonNode container, String[] path, int i, String value) {
        String seg = path[i];
        boolean last = i == path.length - 1;
        boolean nextIsIndex = !last && path[i + 1].matches("\\d{1,4}");
        if (container instanceof ArrayNode arr) {
            int idx = Integer.parseInt(seg);
            while (arr.size() <= idx) arr.addNull();
            if (last) {
                arr.set(idx, scalar(value));
            } else {
                JsonNode child = arr.get(idx);
                if (child == null || child.isNull()) {
                    child = nextIsIndex ? arr.arrayNode() : arr.objectNode();
                    arr.set(idx, child);
                }
                set(child, path, i + 1, value);
            }
        } else {
            ObjectNode obj = (ObjectNode) container;
            if (last) {
                obj.set(seg, scalar(value));
            } else {
                JsonNode child = obj.get(seg);
                if (child == null || !(child.isContainerNode())) child = nextIsIndex ? obj.putArray(seg) : obj.putObject(seg);
                set(child, path, i + 1, value);
            }
        }
    }

    private static JsonNode scalar(String v) {
        var f = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        if (v.matches("-?(0|[1-9]\\d{0,17})")) return f.numberNode(Long.parseLong(v));
        return f.textNode(v);
    }
}
