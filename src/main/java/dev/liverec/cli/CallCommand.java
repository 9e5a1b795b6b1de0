package dev.liverec.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code liverec call <Action> [--param k=v ...] [--json '{...}']}: one TC3-signed API call; prints the Response
 * object (or one field of it with {@code --field}); exit code 1 when it carries an Error. Endpoint and credential
 * come from the flags or from {@code LIVEREC_ENDPOINT}, {@code LIVEREC_SECRET_ID}, {@code LIVEREC_SECRET_KEY}.
 * {@code --param} values that look like integers are sent as numbers (quote nothing: use {@code --json} for a
 * string of digits), and dotted keys build nested objects
 * ({@code FlvParam.Enable=1}); a numeric segment is a list index ({@code Ids.0=x}).
 */
@Command(name = "call", description = "Call an API action with a TC3-signed request and print the Response JSON.",
        footer = {"%nExamples:",
                "  export LIVEREC_ENDPOINT=http://127.0.0.1:8080 LIVEREC_SECRET_ID=AKID... LIVEREC_SECRET_KEY=...",
                "  liverec call CreateRecordTask --param DomainName=127.0.0.1 --param AppName=live \\",
                "      --param StreamName=s1 --param EndTime=$(( $(date +%%s) + 600 )) --field TaskId",
                "  liverec call CreateLiveRecordTemplate --param TemplateName=flv --param FlvParam.Enable=1",
                "  liverec call DescribeRecordFiles --json '{\"TaskId\": \"...\"}'",
                "Exit status: 0 ok, 1 the API answered an Error (printed) or the call failed, 2 a bad command line."})
public final class CallCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "ACTION", description = "The API action, e.g. CreateRecordTask") String action;
    @Option(names = "--param", paramLabel = "K=V",
            description = "A parameter (repeatable); digits are sent as numbers, A.B=v and A.0=v build objects and lists")
    List<String> params = new ArrayList<>();
    @Option(names = "--json", paramLabel = "JSON", description = "The parameters as a JSON object (--param entries are merged in)") String jsonBody;
    @Option(names = "--endpoint", defaultValue = "${env:LIVEREC_ENDPOINT:-http://127.0.0.1:8080}",
            description = "The server's HTTP address; default: env LIVEREC_ENDPOINT, else http://127.0.0.1:8080") URI endpoint;
    @Option(names = "--secret-id", defaultValue = "${env:LIVEREC_SECRET_ID}", description = "default: env LIVEREC_SECRET_ID") String secretId;
    @Option(names = "--secret-key", defaultValue = "${env:LIVEREC_SECRET_KEY}", description = "default: env LIVEREC_SECRET_KEY") String secretKey;
    @Option(names = "--region") String region;
    @Option(names = "--language", description = "zh-CN or en-US") String language;
    @Option(names = "--field", paramLabel = "PATH",
            description = "Print only this field of the Response (text as is, other values as JSON), e.g. TaskId or "
                    + "RecordFileList.0.PlayUrl; exit 1 when it is absent") String field;

    @Override
    public Integer call() throws Exception {
        if (isBlank(secretId) || isBlank(secretKey)) {
            throw new UserError("no credential: give --secret-id and --secret-key, or set LIVEREC_SECRET_ID and LIVEREC_SECRET_KEY",
                    "the first 'liverec serve' prints one; 'liverec credential create' makes more");
        }
        ObjectMapper m = new ObjectMapper();
        ObjectNode body;
        try {
            body = buildBody(m, jsonBody, params);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage()); // a usage error: exit 2
        }
        ApiClient client = new ApiClient(ApiClient.defaultHttpClient(), endpoint, secretId, secretKey, region, language);
        JsonNode resp;
        try {
            resp = client.call(action, m.writeValueAsBytes(body));
        } catch (java.net.ConnectException e) {
            throw new UserError("cannot connect to " + endpoint + " (connection refused)",
                    "is 'liverec serve' running there? set --endpoint or LIVEREC_ENDPOINT");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UserError(endpoint + " did not answer with API JSON", "is it a liverec server? check --endpoint");
        }
        if (resp.has("Error") || field == null) {
            System.out.println(m.writerWithDefaultPrettyPrinter().writeValueAsString(resp));
        } else {
            JsonNode v = resp.at("/" + field.replace('.', '/'));
            if (v.isMissingNode()) throw new UserError("the Response has no " + field, "it has: " + fieldNames(resp));
            System.out.println(v.isValueNode() ? v.asText() : m.writerWithDefaultPrettyPrinter().writeValueAsString(v));
        }
        return resp.has("Error") ? 1 : 0;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static String fieldNames(JsonNode resp) {
        List<String> names = new ArrayList<>();
        resp.fieldNames().forEachRemaining(names::add);
        return String.join(", ", names);
    }

    static ObjectNode buildBody(ObjectMapper m, String jsonBody, List<String> params) throws Exception {
        ObjectNode body;
        if (jsonBody != null && !jsonBody.isBlank()) {
            JsonNode n;
            try {
                n = m.readTree(jsonBody);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException("--json is not valid JSON: " + e.getOriginalMessage());
            }
            if (!(n instanceof ObjectNode on)) throw new IllegalArgumentException("--json must be a JSON object, got: " + jsonBody);
            body = on;
        } else {
            body = m.createObjectNode();
        }
        for (String p : params) {
            int eq = p.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("--param must be KEY=VALUE (e.g. --param StreamName=s1), got: " + p);
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
