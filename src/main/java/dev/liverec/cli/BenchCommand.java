package dev.liverec.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** {@code liverec bench ...}: load generators against a running node. */
@Command(name = "bench", description = "Benchmarks against a running node.", subcommands = {BenchCommand.Api.class, BenchPublishCommand.class})
public final class BenchCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /**
     * Signed API requests from C threads (Java HttpClient, keep-alive) until N are done; prints one JSON line with
     * throughput and latency percentiles. The body template's {@code {i}} is replaced by the request number and
     * {@code {now}} / {@code {now+N}} by Unix seconds.
     */
    @Command(name = "api", description = "Signed API request throughput and latency (one JSON line).")
    static final class Api implements Callable<Integer> {
        @Option(names = "--endpoint", defaultValue = "http://127.0.0.1:8080") URI endpoint;
        @Option(names = "--secret-id", required = true) String secretId;
        @Option(names = "--secret-key", required = true) String secretKey;
        @Option(names = "--region") String region;
        @Option(names = "--action", defaultValue = "CreateRecordTask") String action;
        @Option(names = "--requests", defaultValue = "10000") int requests;
        @Option(names = "--concurrency", defaultValue = "16") int concurrency;
        @Option(names = "--warmup", defaultValue = "500", description = "Requests sent first and not measured") int warmup;
        @Option(names = "--body", description = "JSON body template; default: a CreateRecordTask for stream bench-{i}, one hour")
        String body;

        static final String DEFAULT_BODY = "{\"DomainName\":\"bench.push.example.com\",\"AppName\":\"live\","
                + "\"StreamName\":\"bench-{i}\",\"EndTime\":{now+3600}}";

        @Override
        public Integer call() throws Exception {
            String template = body != null ? body : action.equals("CreateRecordTask") ? DEFAULT_BODY : "{}";
            HttpClient http = ApiClient.defaultHttpClient();
            ApiClient client = new ApiClient(http, endpoint, secretId, secretKey, region, null);
            Map<String, AtomicInteger> codes = new ConcurrentHashMap<>();
            AtomicInteger next = new AtomicInteger();
            run(client, template, warmup, concurrency, next, null, new ConcurrentHashMap<>());
            long[] latencies = new long[requests];
            long t0 = System.nanoTime();
            run(client, template, requests, concurrency, next, (i, nanos) -> latencies[i] = nanos, codes);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Arrays.sort(latencies);
            ObjectMapper m = new ObjectMapper();
            ObjectNode out = m.createObjectNode();
            out.put("action", action);
            out.put("endpoint", endpoint.toString());
            out.put("requests", requests);
            out.put("concurrency", concurrency);
            out.put("seconds", round(seconds));
            out.put("throughput_per_s", round(requests / seconds));
            out.put("p50_ms", round(percentile(latencies, 0.50) / 1e6));
            out.put("p99_ms", round(percentile(latencies, 0.99) / 1e6));
            out.put("max_ms", round(latencies[latencies.length - 1] / 1e6));
            ObjectNode c = out.putObject("codes");
            new TreeMap<>(codes).forEach((k, v) -> c.put(k, v.get()));
            System.out.println(m.writeValueAsString(out));
            return codes.keySet().stream().allMatch("OK"::equals) ? 0 : 1;
        }

        interface Sink {
            void record(int index, long nanos);
        }

        private void run(ApiClient client, String template, int n, int threads, AtomicInteger seq, Sink sink,
                         Map<String, AtomicInteger> codes) throws InterruptedException {
            AtomicInteger taken = new AtomicInteger();
            Thread[] ts = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                ts[t] = new Thread(() -> {
                    int i;
                    while ((i = taken.getAndIncrement()) < n) {
                        long now = System.currentTimeMillis() / 1000;
                        String b = template.replace("{i}", Integer.toString(seq.incrementAndGet()))
                                .replace("{now+3600}", Long.toString(now + 3600)).replace("{now}", Long.toString(now));
                        long s = System.nanoTime();
                        String code;
                        try {
                            HttpResponse<byte[]> r = http(client, b);
                            JsonNode resp = ApiClient.parse(r);
                            JsonNode err = resp.path("Error").path("Code");
                            code = err.isMissingNode() ? "OK" : err.asText();
                        } catch (Exception e) {
                            code = "client:" + e.getClass().getSimpleName();
                        }
                        if (sink != null) sink.record(i, System.nanoTime() - s);
                        codes.computeIfAbsent(code, k -> new AtomicInteger()).incrementAndGet();
                    }
                }, "bench-" + t);
                ts[t].start();
            }
            for (Thread t : ts) t.join();
        }

        private HttpResponse<byte[]> http(ApiClient client, String body) throws Exception {
            return client.callAsync(action, body.getBytes(StandardCharsets.UTF_8)).get();
        }

        private static double percentile(long[] sorted, double p) {
            if (sorted.length == 0) return 0;
            int idx = (int) Math.ceil(p * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
        }

        private static double round(double v) {
            return Math.round(v * 100) / 100.0;
        }
    }
}
